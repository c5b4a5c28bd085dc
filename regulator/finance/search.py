"""Name search that tolerates case, punctuation, word order and small misspellings.

SQLite: an FTS5 table per kind (rowid = the record's id) kept in step by the services
that write records (``index_records``), queried with a prefix term per word plus the
close spellings that exist in the index's vocabulary (found with rapidfuzz), so
"harborn" finds "Harborne" and "harbone" does too.
PostgreSQL: the same question as a full-text query (``simple`` configuration) over
``search_vector``, a stored generated column with a GIN index (migration 0001); the
vocabulary is ``{table}_vocab`` and a name, alone or with spans of values or dates or
statuses, is counted (and its few matches' sort keys read) from ``{table}_word``,
whose entries carry each record's value, date, status and entity, all kept in step by
triggers
(migrations 0010 and 0011). Before, PostgreSQL matched every word
trigram-similar (``pg_trgm``'s ``<%``) too; that recheck cost ~13 µs a candidate row, and
gave the two databases different answers to the same search.

The text is normalised before either (``search_terms``), because every word costs an index
search and a prefix of one letter matches half the vocabulary: words are folded, repeats
dropped, words shorter than ``MIN_TERM_LENGTH`` dropped, at most ``MAX_TERMS`` kept, and a
word is a prefix only from ``MIN_PREFIX_LENGTH`` letters (shorter ones match whole words).
What was left out is returned with the terms, so a page can say so.
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import connection
from django.db.models import ExpressionWrapper, F, IntegerField, QuerySet, Value
from django.db.models.expressions import RawSQL
from rapidfuzz import fuzz, process

from regulator.finance.types import NameCountWithin

FTS_TABLES = {
    "finance_donation": "finance_donation_fts",
    "finance_loan": "finance_loan_fts",
    "finance_spendingitem": "finance_spendingitem_fts",
}
_WORD = re.compile(r"[^\w]+", re.UNICODE)
_VOCABULARY: dict[str, tuple[float, list[str]]] = {}
VOCABULARY_TTL_SECONDS = 60.0
# A name that this many rows match is common: in a selection narrowed by an indexed
# filter, the filter's index finds the rows and each is tested against the matches.
COMMON_NAME_ROWS = 20_000
# Testing a row from another filter's index against the matches costs about a fifth of
# reading a match's row to test the filter (SQLite, a million donations): so the index is
# walked when the filter chooses fewer rows than this many times the matches.
WALK_PER_MATCH = 5
# The matches are counted up to this many to weigh that (at most ~15 ms), and the other
# filters' rows up to this many (~12 ms): past it, reading the matches is kept.
MATCHES_WEIGHED = 100_000
WALKED_AT_MOST = 100_000
# Kept as long as the vocabulary they come from (``_kept``), since a request builds its
# rows two or three times (its page, its count, a walk) and each asks them: the
# full-text query of a search's words, and how many rows a query finds up to a bound
# (which only steers the plan, never the rows).
_QUERIES: dict[tuple[str, tuple[str, ...]], tuple[float, tuple[_Wanted, ...]]] = {}
_MATCHES_FOUND: dict[tuple[str, str, int], tuple[float, int]] = {}
_KEPT_AT_MOST = 4096
# The rows the public cannot see, as the partial indexes ``fin_*_hidden`` are defined.
_HIDDEN = 'NOT ("published_at" IS NOT NULL AND "withdrawn_at" IS NULL)'
# A name rarely needs more words than this; each is an index search (and, on SQLite, a
# comparison with the index's vocabulary for near spellings).
MAX_TERMS = 6
# Single letters (initials) match almost every record: they are left out.
MIN_TERM_LENGTH = 2
# A word is looked up as a prefix ("harb" finds Harborne) from this length; shorter words
# ("ltd", "mp" are long enough; "j", "de" are not) match whole words only.
MIN_PREFIX_LENGTH = 3


def fold(*parts: str) -> str:
    """Lower case, accents and punctuation removed, words separated by one space."""
    text = " ".join(part for part in parts if part)
    if not text.isascii():
        # Plain ASCII is its own decomposition and has no combining marks.
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(_WORD.sub(" ", text.lower().replace("_", " ")).split())


@dataclass(frozen=True)
class SearchTerms:
    """The words a search looks for, and what was left out of the text it was given."""

    terms: tuple[str, ...]
    too_short: tuple[str, ...] = ()
    repeated: tuple[str, ...] = ()
    over_limit: tuple[str, ...] = ()

    @property
    def dropped(self) -> bool:
        return bool(self.too_short or self.repeated or self.over_limit)

    @property
    def text(self) -> str:
        """The normalised search: the same question whatever its spelling."""
        return " ".join(self.terms)


def search_terms(text: str) -> SearchTerms:
    """Folded words of ``text``: repeats, single letters and words past ``MAX_TERMS`` left
    out (and named, so the person searching can be told)."""
    kept: list[str] = []
    too_short: list[str] = []
    repeated: list[str] = []
    over_limit: list[str] = []
    for word in fold(text[:1000]).split():
        if len(word) < MIN_TERM_LENGTH:
            if word not in too_short:
                too_short.append(word)
        elif word in kept:
            if word not in repeated:
                repeated.append(word)
        elif len(kept) >= MAX_TERMS:
            if word not in over_limit:
                over_limit.append(word)
        else:
            kept.append(word)
    return SearchTerms(tuple(kept), tuple(too_short), tuple(repeated), tuple(over_limit))


def is_sqlite() -> bool:
    return connection.vendor == "sqlite"


def index_records(table: str, rows: Iterable[tuple[int, str]]) -> None:
    """Put (id, search_text) rows into the SQLite full-text index (replacing any old
    entry). PostgreSQL indexes the column itself and triggers keep its words table in
    step (migration ``finance/0010``): there only the near spellings are read again."""
    if not is_sqlite():
        _forget(table)
        return
    rows = list(rows)
    if not rows:
        return
    fts = FTS_TABLES[table]
    with connection.cursor() as cursor:
        cursor.executemany(f"DELETE FROM {fts} WHERE rowid = %s", [(pk,) for pk, _ in rows])  # noqa: S608
        cursor.executemany(
            f"INSERT INTO {fts}(rowid, search_text) VALUES (%s, %s)",  # noqa: S608
            rows,
        )
    _forget(table)


def words_bulk_load_begin(table: str) -> list[str]:
    """PostgreSQL, a large file into an empty table: the words trigger is paused (each
    statement's words put into the index as they come cost ~40 µs a row) and the
    statements returned fill the words table once, after the rows are in."""
    if is_sqlite():
        return []
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {table}_words_added")
    return [
        # The table was empty: every word is read back from its rows (migration 0010).
        f"SELECT {table}_words_refill()",
        f"ALTER TABLE {table} ENABLE TRIGGER {table}_words_added",
        f"ANALYZE {table}_word",
    ]


def vocabulary_forget(table: str) -> None:
    """The index changed: the near-spelling vocabulary is read again on next use."""
    _forget(table)


def unindex_records(table: str, ids: Iterable[int]) -> None:
    if not is_sqlite():
        _forget(table)
        return
    with connection.cursor() as cursor:
        cursor.executemany(
            f"DELETE FROM {FTS_TABLES[table]} WHERE rowid = %s",  # noqa: S608
            [(pk,) for pk in ids],
        )
    _forget(table)


def _forget(table: str) -> None:
    _VOCABULARY.pop(table, None)
    for store in (_QUERIES, _MATCHES_FOUND):
        _drop_table(store, table)


def _drop_table(store: dict[Any, Any], table: str) -> None:
    for key in [key for key in store if key[0] == table]:
        del store[key]


_K = TypeVar("_K", bound=tuple[Any, ...])
_V = TypeVar("_V")


def _kept(store: dict[_K, tuple[float, _V]], key: _K, make: Callable[[], _V]) -> _V:
    """``make()``, kept in ``store`` under ``key`` for the vocabulary's lifetime."""
    kept = store.get(key)
    if kept and time.monotonic() - kept[0] < VOCABULARY_TTL_SECONDS:
        return kept[1]
    value = make()
    if len(store) >= _KEPT_AT_MOST:
        store.clear()
    store[key] = (time.monotonic(), value)
    return value


def _vocabulary(table: str) -> list[str]:
    cached = _VOCABULARY.get(table)
    if cached and time.monotonic() - cached[0] < VOCABULARY_TTL_SECONDS:
        return cached[1]
    if is_sqlite():
        source = f"SELECT term FROM {FTS_TABLES[table]}_vocab"  # noqa: S608
    else:
        source = f"SELECT word FROM {table}_vocab"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(source)
        terms = [row[0] for row in cursor.fetchall()]
    _VOCABULARY[table] = (time.monotonic(), terms)
    return terms


def _matches_up_to(table: str, match: str, most: int) -> int:
    """How many rows the full-text ``match`` finds, counting at most ``most`` (a few
    milliseconds), remembered for the vocabulary's lifetime."""

    def count() -> int:
        fts = FTS_TABLES[table]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*) FROM (SELECT rowid FROM {fts} WHERE {fts} MATCH %s LIMIT %s)",  # noqa: S608
                [match, most],
            )
            return int(cursor.fetchone()[0])

    return _kept(_MATCHES_FOUND, (table, match, most), count)


def _is_common(table: str, match: str) -> bool:
    """Whether the full-text ``match`` finds at least ``COMMON_NAME_ROWS`` rows."""
    return _matches_up_to(table, match, COMMON_NAME_ROWS) >= COMMON_NAME_ROWS


def _few_besides(table: str, match: str, among: Callable[[int], bool] | None) -> bool:
    """Whether the other filters choose fewer rows than ``WALK_PER_MATCH`` times the
    name's matches (counted up to ``MATCHES_WEIGHED``; and than ``WALKED_AT_MOST``): then
    their index is walked."""
    if among is None:
        return False
    found = _matches_up_to(table, match, MATCHES_WEIGHED)
    return found > 0 and among(min(found * WALK_PER_MATCH, WALKED_AT_MOST))


@dataclass(frozen=True)
class _Wanted:
    """One searched word: looked up as a prefix or whole, or as one of its near spellings
    in the index's vocabulary."""

    word: str
    prefix: bool
    near: tuple[str, ...]


def _wanted(table: str, words: list[str]) -> tuple[_Wanted, ...]:
    """What ``words`` look for: each as a prefix or whole word, or a near spelling from the
    index's vocabulary (rapidfuzz over every term), kept."""
    return _kept(_QUERIES, (table, tuple(words)), lambda: _wanted_made(table, words))


def _wanted_made(table: str, words: list[str]) -> tuple[_Wanted, ...]:
    vocabulary = _vocabulary(table)
    wanted = []
    for word in words:
        near: set[str] = set()
        if len(word) >= 4:
            for term, _score, _index in process.extract(
                word, vocabulary, scorer=fuzz.ratio, score_cutoff=80, limit=10
            ):
                near.add(term)
        wanted.append(_Wanted(word, len(word) >= MIN_PREFIX_LENGTH, tuple(sorted(near))))
    return tuple(wanted)


def _fts_query(table: str, words: list[str]) -> str:
    """SQLite: the FTS5 query of ``words``."""
    clauses = []
    for wanted in _wanted(table, words):
        alternatives = {f'"{wanted.word}"*' if wanted.prefix else f'"{wanted.word}"'}
        alternatives.update(f'"{term}"' for term in wanted.near)
        clauses.append("(" + " OR ".join(sorted(alternatives)) + ")")
    return " AND ".join(clauses)


def _lexeme(word: str) -> str:
    return "'" + word.replace("'", "''") + "'"


def _tsquery(table: str, words: list[str]) -> str:
    """PostgreSQL: the same question as ``_fts_query``, as a ``to_tsquery('simple', …)``."""
    clauses = []
    for wanted in _wanted(table, words):
        alternatives = [_lexeme(wanted.word) + (":*" if wanted.prefix else "")]
        alternatives += [_lexeme(term) for term in _beyond_prefix(wanted)]
        clauses.append("(" + " | ".join(alternatives) + ")")
    return " & ".join(clauses)


def _beyond_prefix(wanted: _Wanted) -> list[str]:
    """The near spellings that the word as a prefix does not already find."""
    if not wanted.prefix:
        return list(wanted.near)
    return [term for term in wanted.near if not term.startswith(wanted.word)]


def _prefix_end(prefix: str) -> str:
    """The first text after every word that starts with ``prefix`` (in code point order,
    the words table's collation)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _word_entries_sql(
    table: str, word: str, within: NameCountWithin, columns: str = "record_id"
) -> tuple[str, list[Any]]:
    """PostgreSQL: the words table's entries of the records whose words match ``word`` (a
    record once for each of its words that matches), and its parameters: the word's
    prefix range, and the exact words that range does not hold. Each is its own range of
    the table's index, read from the index alone (an OR of them would be a bitmap, which
    visits the table's rows). A word too short to be a prefix has an empty range.
    ``within``: tested on each entry's carried value, date, status and entity, in each
    range;
    ``columns``: what is read of each entry."""
    (wanted,) = _wanted(table, [word])
    if wanted.prefix:
        bounds, exact = [wanted.word, _prefix_end(wanted.word)], _beyond_prefix(wanted)
    else:
        bounds, exact = [wanted.word, wanted.word], [wanted.word, *wanted.near]
    where, carried = _carried_condition(within)
    also = f" AND {where}" if where else ""
    entries = (
        f"SELECT {columns} FROM {table}_word WHERE word >= %s AND word < %s{also} UNION ALL"  # noqa: S608
        f" SELECT {columns} FROM {table}_word WHERE word = ANY(%s){also}"
    )
    return entries, [*bounds, *carried, exact, *carried]


def _name_entries_sql(
    table: str, words: list[str], within: NameCountWithin, columns: str = "record_id"
) -> tuple[str, list[Any]]:
    """PostgreSQL: the words table's entries of the records that match every one of
    ``words`` (``_word_entries_sql``), and their parameters. Several words are the
    intersection of each one's entries (as sets: a record once), which the index gives
    without visiting a row: where the GIN index intersects its lists it must still visit
    each record that holds them all, to test and count it."""
    parts = [_word_entries_sql(table, word, within, columns) for word in words]
    if len(parts) == 1:
        return parts[0]
    sql = " INTERSECT ".join(f"({part})" for part, _params in parts)
    return sql, [param for _part, params in parts for param in params]


def _carried_condition(within: NameCountWithin) -> tuple[str, list[Any]]:
    """The words table's condition for ``within``, and its parameters."""
    asked = [
        ("value >= %s", within.value_min),
        ("value <= %s", within.value_max),
        ("date >= %s", within.date_from),
        ("date <= %s", within.date_to),
        ("status = ANY(%s)", list(within.statuses) or None),
        ("entity_id = ANY(%s)", list(within.entities) or None),
    ]
    chosen = [(sql, value) for sql, value in asked if value is not None]
    return " AND ".join(sql for sql, _value in chosen), [value for _sql, value in chosen]


def published_name_count(
    table: str, text: str, within: NameCountWithin | None = None
) -> int | None:
    """How many published, not withdrawn records of ``table`` match ``text``, when a name
    is all that is asked (and on PostgreSQL a span of values or dates, or statuses:
    ``within``) and this is quicker than counting the rows; otherwise None.

    SQLite, a name asked alone: counted row by row, a common name reads each match's row
    to test that it is public (a million donations, "union", 72,000 matches: 80 ms). The
    full-text index counts its matches alone (3 to 6 ms), and the few hidden rows are
    counted from their own index (``{prefix}_hidden``). Every entry in the index is a
    record: services index what they write and a trigger removes a deleted record's
    entry (migration ``finance/0008``).

    PostgreSQL, any name: counted row by row, every match's row is visited ("club",
    56,741 matches: 272 ms); its words table (migration ``finance/0010``) counts them
    from its index alone (8-11 ms), less the hidden ones. The entries carry their
    record's value, date, status and entity (migration ``finance/0011``), so a span, a
    status or an entity asked with the name is tested there too ("dunmore" between £100 and £100,000: 263 →
    25 ms), and a name of several words is the intersection of its words' entries ("ltd
    meridian" in 2020: 47 → 15 ms; "ltd the", for no match, 39 → 35 ms)."""
    words = list(search_terms(text).terms)
    if not words:
        return None
    within = within or NameCountWithin()
    if not is_sqlite():
        entries, params = _name_entries_sql(table, words, within)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(DISTINCT record_id) FROM ({entries}) AS entries"  # noqa: S608
                f" WHERE record_id NOT IN (SELECT id FROM {table} WHERE {_HIDDEN})",
                params,
            )
            return int(cursor.fetchone()[0])
    if within != NameCountWithin():
        return None
    match = _fts_query(table, words)
    if not _is_common(table, match):
        return None
    fts = FTS_TABLES[table]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {fts} WHERE {fts} MATCH %s", [match])  # noqa: S608
        matches = int(cursor.fetchone()[0])
        # ``id + 0``: the hidden rows' index is walked and each tested against the
        # matches, not each match looked up in the table.
        cursor.execute(
            f"SELECT count(*) FROM {table} WHERE {_HIDDEN} AND id + 0 IN"  # noqa: S608
            f" (SELECT rowid FROM {fts} WHERE {fts} MATCH %s)",
            [match],
        )
        hidden = int(cursor.fetchone()[0])
    return matches - hidden


def published_name_keys(
    table: str, text: str, within: NameCountWithin, field: str
) -> list[tuple[Any, int]] | None:
    """PostgreSQL: the (``field``, id) of the published, not withdrawn records of
    ``table`` that match a name within ``within``, read from the words
    table's index alone (``field``: "date" or "value", which its entries carry); None
    elsewhere. A page of a few thousand matches is sorted from these: read from the
    table, each match's row was visited ("dovetail" between £10,000 and £100,000 by
    date: 170 ms)."""
    words = list(search_terms(text).terms)
    if is_sqlite() or not words or field not in {"date", "value"}:
        return None
    entries, params = _name_entries_sql(table, words, within, f"{field}, record_id")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT {field}, record_id FROM ({entries}) AS entries"  # noqa: S608
            f" WHERE record_id NOT IN (SELECT id FROM {table} WHERE {_HIDDEN})",
            params,
        )
        return [(key, int(pk)) for key, pk in cursor.fetchall()]


def text_filter(
    queryset: QuerySet[Any],
    text: str,
    *,
    narrowed: bool = False,
    among: Callable[[int], bool] | None = None,
    walk: bool = False,
) -> QuerySet[Any]:
    """Restrict a transaction queryset to records whose names match ``text`` (its
    normalised words, ``search_terms``). ``narrowed``: the queryset is also filtered by a
    span of dates, whose index can find its rows. ``among(n)``: whether the queryset's
    other filters (an entity, a status ...) choose fewer than ``n`` rows, asked only on
    SQLite, of a name with matches (each answer costs a short read). ``walk``: the rows
    are a page of a selection with many matches, read in order from the sort's index.

    SQLite's planner cannot know how many rows a full-text match returns, and always
    reads the matches' rows one by one and tests the other filters on each (~2.4 µs a
    match, a million donations). When the other filters choose fewer rows than about
    five times the matches, that is the wrong way round: their index can be walked and
    each row tested against the matches (~0.5 µs a row). "ltd" (110,000 matches) in one
    entity's year took 300 ms, against 30 ms walking the entity's 500 rows; a name with
    19,000 matches among one entity's 5,000 rows, 46 ms against 3 ms. So it is for a
    page of many matches in order ("union", 72,000 matches, newest first: 99 ms to read
    and sort them all, against 18 ms walking the date index until a page is found), and
    for a common name in a span of dates. There the match is compared as ``id + 0``,
    which SQLite cannot look up by."""
    words = list(search_terms(text).terms)
    if not words:
        return queryset
    table = queryset.model._meta.db_table
    if is_sqlite():
        match = _fts_query(table, words)
        matches = RawSQL(  # noqa: S611 - fixed table names; the query text is a parameter
            f"SELECT rowid FROM {FTS_TABLES[table]} WHERE {FTS_TABLES[table]} MATCH %s",  # noqa: S608
            [match],
        )
        if walk or (narrowed and _is_common(table, match)) or _few_besides(table, match, among):
            tested = queryset.alias(
                id_unindexed=ExpressionWrapper(F("id") + Value(0), output_field=IntegerField())
            )
            return tested.filter(id_unindexed__in=matches)
        return queryset.filter(id__in=matches)
    return queryset.extra(  # noqa: S610
        where=[f"{table}.search_vector @@ to_tsquery('simple', %s)"],
        params=[_tsquery(table, words)],
    )
