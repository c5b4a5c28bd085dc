"""Both CSV exports on PostgreSQL, written by the database: one ``SELECT`` whose columns are
the cells' final text, streamed by ``COPY (…) TO STDOUT WITH (FORMAT csv)``.

The Python writer in ``exports`` stays the definition of every cell; each SQL expression
here is its twin, and ``disclosure/tests/test_export_copy.py`` compares the two byte for
byte. The twins that are not obvious:

- Python's ``str.split()`` splits on Unicode whitespace, so names are collapsed with a
  bracket expression of exactly those characters (PostgreSQL's ``\\s`` is narrower).
- Python's ``re`` ``\\d`` is any Unicode decimal digit: the Commission layout's "negative
  amount" test lists them all, so PostgreSQL's own Unicode tables never decide.
- ``finance.types.is_individual`` lowers with ``str.lower()``; only A to Z lower to
  the letters of "individual(s)", so SQL lowers A to Z alone (``lower()`` would also fold İ).
- COPY writes an empty string as ``""`` (to tell it from NULL) and ends rows with LF; the
  csv module writes both blank and NULL as nothing and ends rows with CRLF. Every empty
  text becomes NULL in SQL, and each row's LF (the server sends one message per row,
  which ends with it) becomes CRLF here; an LF inside a quoted cell is left alone, as the
  csv module leaves it.
"""

from __future__ import annotations

import csv
import io
import re
import sys
import threading
from collections.abc import Iterator, Sequence
from functools import cache
from typing import Any

import pyarrow as pa
from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections, transaction
from django.db.models import Expression, F, QuerySet, TextField
from django.db.models.sql.compiler import SQLCompiler

from regulator.core import cells
from regulator.core.api.budget import Budget
from regulator.finance import types as finance_types

ROWS_PER_CHUNK = 1000


def applies(queryset: QuerySet[Any]) -> bool:
    """COPY is PostgreSQL's; ``EXPORT_COPY = False`` keeps the Python writer there too (the
    benchmark's before-and-after in one run)."""
    vendor = connections[queryset.db].vendor
    return vendor == "postgresql" and bool(getattr(settings, "EXPORT_COPY", True))


# --- The SQL twins of the Python converters -----------------------------------------------


def _ranges(chars: Sequence[str]) -> str:
    """A bracket expression's body for ``chars`` (sorted code points), runs as ranges."""
    points = sorted(ord(c) for c in chars)
    parts: list[str] = []
    start = previous = points[0]
    for point in [*points[1:], -1]:
        if point == previous + 1:
            previous = point
            continue
        parts.append(chr(start) if start == previous else f"{chr(start)}-{chr(previous)}")
        start = previous = point
    return "".join(parts)


@cache
def _classes() -> tuple[str, str]:
    """What ``str.split()`` splits on, as a run (``re``'s ``\\s`` is the same test as
    ``str.isspace``, and scans every character at C speed), and a negative amount as the
    Python layout's ``_NEGATIVE_AMOUNT`` matches it. A few tenths of a second, once."""
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    digits = _ranges(re.findall(r"\d", every))
    return (
        "[" + _ranges(re.findall(r"\s", every)) + "]+",
        f"^-£?[{digits},]+(\\.[{digits}]+)?$",
    )


def _whitespace() -> str:
    return _classes()[0]


def _negative_amount() -> str:
    return _classes()[1]


@cache
def _formula_start() -> str:
    """The empty match before a formula's first character (where the quote goes)."""
    triggers = sorted(cells.FORMULA_TRIGGERS, key=lambda t: t == "-")  # "-" last: literal
    assert not {"]", "\\", "^"} & set(triggers)
    return "^(?=[" + "".join(triggers) + "])"


# Constants, not input: written into the SQL as numbers.
_TRIGGERS = ", ".join(str(ord(t)) for t in cells.FORMULA_TRIGGERS)


def _neutralised(value: str) -> str:
    """SQL: ``value`` (an expression) with a quote before a formula, NULL when blank."""
    return f"CASE WHEN ascii({value}) IN ({_TRIGGERS}) THEN '''' || {value} ELSE NULLIF({value}, '') END"  # fmt: skip


def _collapsed(value: str) -> str:
    return f"btrim(regexp_replace({value}, %s, ' ', 'g'), ' ')"


class _Cell(Expression):
    """One exported cell: ``template`` with ``{0}`` (and ``{1}``) for the columns' SQL and
    ``%s`` for ``params``, in the order they appear."""

    def __init__(self, template: str, sources: Sequence[str], params: Sequence[Any]) -> None:
        super().__init__(output_field=TextField())
        self.template, self.params = template, list(params)
        self.sources: list[Any] = [F(source) for source in sources]

    def get_source_expressions(self) -> list[Any]:
        return self.sources

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        self.sources = list(exprs)

    def as_sql(self, compiler: SQLCompiler, connection: Any) -> tuple[str, list[Any]]:
        columns = []
        for source in self.sources:
            sql, params = compiler.compile(source)
            # A column (or a joined one) has no parameters, so the template's are all.
            assert not params, params
            columns.append(sql)
        return self.template.format(*columns), self.params


def _text(source: str) -> _Cell:
    return _Cell(_neutralised("{0}"), [source], [])


def _name(source: str) -> _Cell:
    """A name with its whitespace collapsed, then neutralised: by a second regular
    expression, which costs half what naming the collapsed text three times would."""
    template = f"NULLIF(regexp_replace({_collapsed('{0}')}, %s, ''''), '')"
    return _Cell(template, [source], [_whitespace(), _formula_start()])


def _blanked(cell: _Cell, status: str) -> _Cell:
    """``cell`` blank when the ``status`` column names an individual. The published
    statuses are decided here, by ``is_individual`` itself; only other spellings are
    tested in SQL (a regular expression a row was most of an export's time)."""
    labels = sorted({*finance_types.DONOR_STATUSES, *finance_types.LENDER_TYPES})
    people = [label for label in labels if finance_types.is_individual(label)]
    others = [label for label in labels if not finance_types.is_individual(label)]
    lowered = f"translate({_collapsed('{1}')}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"  # fmt: skip
    person = (
        f"CASE WHEN {{1}} IN ({', '.join(['%s'] * len(people))}) THEN true "
        f"WHEN {{1}} IN ({', '.join(['%s'] * len(others))}) THEN false "
        f"ELSE {lowered} IN ('individual', 'individuals') END"
    )
    template = f"CASE WHEN {person} THEN NULL ELSE {cell.template} END"
    params = [*people, *others, _whitespace(), *cell.params]
    return _Cell(template, [cell.sources[0].name, status], params)


_MONEY_EC = "FM999,999,999,999,990.00"

# Each layout's forms of cell as SQL over the column ``{0}`` (text and names: above).
_OURS = {
    "money": "{0}::text",  # numeric(14, 2): always two places, as f"{v:.2f}" writes
    "bool": "CASE {0} WHEN true THEN 'true' WHEN false THEN 'false' END",
    "date": "to_char({0}, 'YYYY-MM-DD')",  # ISO whatever the session's DateStyle
    "id": "{0}::text",
}
_EC = {
    "amount": (
        f"CASE WHEN {{0}} < 0 THEN '-£' || to_char(-{{0}}, '{_MONEY_EC}') "
        f"ELSE '£' || to_char({{0}}, '{_MONEY_EC}') END"
    ),
    "plain": "trim_scale({0})::text",  # 200.40 as 200.4, 1000.00 as 1000
    "date": "to_char({0}, 'DD/MM/YYYY')",
    "bool": "CASE {0} WHEN true THEN 'True' WHEN false THEN 'False' END",
    "id": "{0}::text",
}


def _cell(layout: str, form: str, source: str) -> _Cell:
    if form == "name":
        return _name(source)
    if form == "text" and layout == "ec":
        # Amounts such as -£5.00 are numbers, not formulas: the Commission's layout keeps them.
        template = f"CASE WHEN ascii({{0}}) IN ({_TRIGGERS}) AND {{0}} !~ %s THEN '''' || {{0}} ELSE NULLIF({{0}}, '') END"  # fmt: skip
        return _Cell(template, [source], [_negative_amount()])
    if form == "text":
        return _text(source)
    return _Cell((_EC if layout == "ec" else _OURS)[form], [source], [])


# A column to write: its header, the field it reads, the field naming who (a postcode's
# blanking; "" for none) and its form ("name", "text", "money", "amount", "plain",
# "date", "bool" or "id").
Column = tuple[str, str, str, str]


def columns(layout: str, described: Sequence[tuple[str, Any, Any]]) -> list[Column]:
    """``exports.EC_COLUMNS[kind]`` (whose forms are already these names) or
    ``exports.OUR_COLUMNS[kind]`` (whose forms follow from the Arrow type) as this path
    names them."""
    made = []
    for name, get, kind in described:
        if layout == "ec":
            form = kind
        elif get.clean:
            form = "name"
        elif pa.types.is_string(kind):
            form = "text"
        elif pa.types.is_decimal(kind):
            form = "money"
        elif pa.types.is_boolean(kind):
            form = "bool"
        else:
            form = "date" if pa.types.is_date(kind) else "id"
        made.append((name, get.source, get.status, form))
    return made


def copy_sql(queryset: QuerySet[Any], written: list[Column], layout: str) -> tuple[str, list[Any]]:
    """The ``COPY`` statement writing the ``written`` columns of ``queryset``'s rows (its
    filters and order kept), and its parameters: the query's own and the cells', in their
    places."""
    made: dict[str, _Cell] = {}
    for index, (_header, source, status, form) in enumerate(written):
        cell = _cell(layout, form, source)
        made[f"cell_{index}"] = _blanked(cell, status) if status else cell
    query = queryset.annotate(**made).values_list(*made).query
    select, params = query.get_compiler(using=queryset.db).as_sql()
    return f"COPY ({select}) TO STDOUT WITH (FORMAT csv)", list(params)


# --- Streaming -----------------------------------------------------------------------------


class _Watchdog:
    """A time limit for each chunk of one long statement: the database's
    ``statement_timeout`` would count the whole COPY, the time a slow client takes to read
    included, so COPY runs without it and this cancels the statement when one chunk of
    rows takes longer than the limit to arrive (as each fetch of a cursor was limited)."""

    def __init__(self, milliseconds: int, connection: Any) -> None:
        self.seconds = milliseconds / 1000 if milliseconds > 0 else None
        self.connection = connection
        self.timer: threading.Timer | None = None

    def arm(self) -> None:
        if self.seconds is not None:
            self.timer = threading.Timer(self.seconds, self.connection.cancel_safe)
            self.timer.daemon = True
            self.timer.start()

    def disarm(self) -> None:
        # A timer already firing as its chunk arrives still cancels the statement: an
        # export stopped at the very edge of its budget, never one let run past it.
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None


def _header(names: list[str], layout: str, labels: dict[str, str] | None) -> bytes:
    buffer = io.StringIO()
    if layout == "ec":
        buffer.write("\ufeff")  # for Excel, as the Python writer does
    elif labels:
        names = [labels[name] for name in names]
    csv.writer(buffer).writerow(names)
    return buffer.getvalue().encode()


def stream_csv(
    queryset: QuerySet[Any],
    layout: str,
    described: Sequence[tuple[str, Any, Any]],
    labels: dict[str, str] | None = None,
    budget: Budget | None = None,
) -> Iterator[bytes]:
    """``exports.stream_csv``'s bytes, written by PostgreSQL. With a ``budget`` (an API
    export, inside ``query_budget``'s transaction) each chunk of rows must arrive within
    it, however long the client takes between chunks."""
    written = columns(layout, described)
    pending = [_header([name for name, *_rest in written], layout, labels)]
    try:
        statement, params = copy_sql(queryset, written, layout)
    except EmptyResultSet:  # a filter that can match nothing (``pk__in=[]``): no query
        yield pending[0]
        return
    wrapper = connections[queryset.db]
    # In a transaction of its own (a savepoint within query_budget's) so that SET LOCAL
    # ends with the export.
    with transaction.atomic(using=queryset.db), wrapper.cursor() as cursor:
        # The planner prices a whole table's cells above jit_above_cost, and compiling
        # them took longer (0.4 s) than it saved.
        cursor.execute("SET LOCAL jit = off")
        if budget is not None:
            limit = budget.milliseconds
        else:  # a bulk file: the connection's own limit, as each fetch had it
            cursor.execute("SELECT setting::int FROM pg_settings WHERE name = 'statement_timeout'")  # fmt: skip
            limit = cursor.fetchone()[0]
        if limit:
            cursor.execute("SET LOCAL statement_timeout = 0")  # the watchdog's instead
        watchdog = _Watchdog(limit, wrapper.connection)
        # The driver's cursor, as Django's has no copy(); its errors (a cancel among them)
        # are given Django's classes, which query_budget knows. The watchdog is armed
        # before the statement starts: the server may finish a sort before saying "COPY".
        watchdog.arm()
        try:
            with wrapper.wrap_database_errors, cursor.cursor.copy(statement, params) as copy:
                rows: list[Any] = []
                for row in copy:
                    rows.append(row)
                    if len(rows) == ROWS_PER_CHUNK:
                        watchdog.disarm()
                        pending.append(_crlf(rows))
                        yield b"".join(pending)
                        pending, rows = [], []
                        watchdog.arm()
                watchdog.disarm()
        finally:
            watchdog.disarm()
        if rows or pending:
            pending.append(_crlf(rows))
            yield b"".join(pending)


def _crlf(rows: list[Any]) -> bytes:
    """The rows, each one message ending in LF, with CRLF at each end instead."""
    if not rows:
        return b""
    return b"\r\n".join(row[:-1] for row in rows) + b"\r\n"
