"""The fast paths of a bulk upload (reading straight into the template's columns,
serialising rows for storage, the engine's per-row plans and its once-per-date work)
give exactly what straightforward references give, on generated files with a problem of
every kind (tests/mixed_files.py)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import pytest

from regulator.core.cells import UnreadableFileError
from regulator.core.testing import clock_frozen_at
from regulator.filings import services
from regulator.filings.figures import FigureCode, FigureNotInForceError
from regulator.filings.models import DraftTransaction, ReturnKind, UploadStatus
from regulator.filings.parsing import TEMPLATES, read_transactions, row_encoder, template_rows
from regulator.filings.rules.base import REGISTRY, Finding, RuleCode, Scope
from regulator.filings.rules.engine import _KIND_OF, WEEKLY, gift_facts, source_key, validate
from regulator.filings.rules.inputs import (
    GiftFacts,
    GiftInput,
    Layout,
    ReturnContext,
    SpendingFacts,
    TransactionKind,
)
from regulator.filings.rules.periods import parse_period
from regulator.filings.rules.thresholds import reportability, thresholds_for
from regulator.filings.tests.factories import filing_world
from regulator.filings.tests.mixed_files import mixed_csv
from regulator.filings.validation import context_for

pytestmark = pytest.mark.django_db

LAYOUTS = (Layout.TEMPLATE, Layout.COMMISSION)
CONTEXTS: list[dict[str, Any]] = [
    {"entity_type": "Political Party"},
    {"entity_type": "Political Party", "accounting_unit": "Cardiff West"},
    {"entity_type": "Third Party", "period_name": "Q1 2025"},
    {"entity_type": "Regulated Donee", "register": "Northern Ireland"},
    {
        "entity_type": "Political Party",
        "period_name": "Pre-Poll 1 - Party(30/05/24 - 05/06/24) UKPGE 2024",
    },
]


def _reference_template_rows(data: bytes, kind: TransactionKind) -> list[dict[str, str]]:
    """The file as csv.DictReader reads it, blank rows left out, as template columns."""
    rows = []
    for row in csv.DictReader(io.StringIO(data.decode("utf-8"))):
        if not any((cell or "").strip() for cell in row.values() if isinstance(cell, str)):
            continue
        rows.append({column: (row.get(column) or "").strip() for column in TEMPLATES[kind]})
    return rows


@pytest.mark.parametrize("kind", list(TransactionKind))
@pytest.mark.parametrize("layout", LAYOUTS)
def test_template_rows_match_a_plain_reading(kind: TransactionKind, layout: Layout) -> None:
    data = mixed_csv(kind, layout, 400, seed=3)
    found_layout, rows = template_rows(data, kind)
    assert found_layout == layout
    numbered = list(rows)
    assert [number for number, _row in numbered] == list(range(1, len(numbered) + 1))
    assert [row for _number, row in numbered] == _reference_template_rows(data, kind)


def test_template_rows_read_a_repeated_column_as_its_last_cell() -> None:
    columns = TEMPLATES[TransactionKind.DONATION]
    data = ",".join([*columns, "DonorName"]) + "\r\n" + ",".join(["a"] * 14 + ["b"]) + "\r\n"
    _layout, rows = template_rows(data.encode(), TransactionKind.DONATION)
    assert next(rows)[1]["DonorName"] == "b"


def test_template_rows_refuse_what_the_plain_reader_refuses() -> None:
    header = ",".join(TEMPLATES[TransactionKind.DONATION])
    with pytest.raises(UnreadableFileError):
        template_rows(b"", TransactionKind.DONATION)
    with pytest.raises(UnreadableFileError):
        template_rows(b"Name,Amount\r\nA,1\r\n", TransactionKind.DONATION)
    _layout, rows = template_rows(
        (header + "\r\n" + ",".join(["x"] * 15) + "\r\n").encode(), TransactionKind.DONATION
    )
    with pytest.raises(UnreadableFileError):
        list(rows)


def test_row_encoder_writes_what_json_dumps_writes() -> None:
    columns = TEMPLATES[TransactionKind.DONATION]
    encode = row_encoder(columns)
    rows = _reference_template_rows(
        mixed_csv(TransactionKind.DONATION, Layout.TEMPLATE, 300, seed=4), TransactionKind.DONATION
    )
    odd = dict.fromkeys(columns, "")
    odd.update(DonorName='Ünïcode "quoted" \\ back\nline\u2028 %s %(x)s', Value="£2,500")
    others: list[dict[str, Any]] = [
        odd,
        dict(reversed(odd.items())),  # another order
        {**odd, "Value": Decimal("1.5").__str__(), "Extra": "x"},  # another column
        {**odd, "Value": 12},  # a cell that is not text
    ]
    for row in rows + others:
        assert encode(row) == json.dumps(row)


def _reference_facts(items: Sequence[Any], ctx: ReturnContext) -> list[Any]:
    """Each gift's totals worked out on its own: the sum of the same source's counted
    gifts (over the minimum in force) that sort before it, and of all of them."""

    def counted_key(item: Any) -> tuple[str, int, str, str] | None:
        if not isinstance(item, GiftInput):
            return None
        day = item.date_of_receipt
        if day is None or item.value is None:
            return None
        try:
            if item.value <= ctx.figures.at(FigureCode.DONATION_MINIMUM, day):
                return None
        except FigureNotInForceError:
            return None
        return (
            source_key(item),
            day.year,
            item.recipient_entity_type or "",
            item.recipient_accounting_unit or "",
        )

    keys = [counted_key(item) for item in items]
    facts: list[Any] = []
    for index, item in enumerate(items):
        period = ctx.period or (parse_period(item.period_name) if item.period_name else None)
        if not isinstance(item, GiftInput):
            facts.append(SpendingFacts(period=period))
            continue
        day = item.date_of_receipt
        key = keys[index]
        if key is None:
            name_key = source_key(item)
            prior = ctx.prior_totals.get((name_key, day.year), Decimal(0)) if day else Decimal(0)
            before = prior
            total = prior + (item.value if item.value and item.value > 0 else Decimal(0))
        else:
            name_key = key[0]
            prior = ctx.prior_totals.get((key[0], key[1]), Decimal(0))
            order = (day, item.row, index)
            same = [
                (other.date_of_receipt, other.row, position)
                for position, other in enumerate(items)
                if keys[position] == key
            ]
            before = prior + sum(
                (items[p].value for (d, r, p) in same if (d, r, p) < order), Decimal(0)
            )
            total = prior + sum((items[p].value for (_d, _r, p) in same), Decimal(0))
        try:
            limits = thresholds_for(item, ctx)
        except FigureNotInForceError:
            limits = None
        if period is not None and period.kind in WEEKLY:
            value = item.value if item.value is not None else Decimal(0)
            verdict = reportability(item, limits, Decimal(0), value)
        else:
            verdict = reportability(item, limits, before, total)
        facts.append(GiftFacts(name_key, before, total, period, *verdict))
    return facts


def _reference_validate(items: Sequence[Any], ctx: ReturnContext) -> list[Finding]:
    """Each row asked every row rule that concerns it (its kind, the kind of source, the
    fields the rule needs filled in, the recipient), in the registry's order."""
    facts = _reference_facts(items, ctx)
    findings: list[Finding] = []
    for item, fact in zip(items, facts, strict=True):
        blocked = False
        for entry in REGISTRY.values():
            if entry.scope != Scope.ROW or entry.func is None:
                continue
            if _KIND_OF[type(item)] not in entry.applies_to:
                continue
            if entry.sources is not None and getattr(item, "status_key", "") not in entry.sources:
                continue
            if not all(getattr(item, name, None) for name in entry.needs):
                continue
            if entry.entity_types is not None and ctx.entity_type not in entry.entity_types:
                continue
            if blocked and entry.needs_figures:
                continue
            try:
                result = entry.func(item, ctx, fact)
            except FigureNotInForceError:
                result = None
            if not result:
                continue
            blocked = blocked or entry.code == RuleCode.FIGURES_NOT_IN_FORCE
            params = result if isinstance(result, dict) else {}
            findings.append(Finding(item.row, entry.code, entry.severity, entry.field, params))
    kinds = {_KIND_OF[type(item)] for item in items}
    for entry in REGISTRY.values():
        if entry.scope == Scope.RETURN and entry.func and kinds & entry.applies_to:
            for row, params in entry.func(items, ctx, facts):
                findings.append(Finding(row, entry.code, entry.severity, entry.field, params))
    findings.sort(key=lambda f: f.row or 0)
    return findings


@pytest.mark.parametrize("kind", list(TransactionKind))
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("context", CONTEXTS)
def test_engine_matches_a_per_row_reference(
    kind: TransactionKind, layout: Layout, context: dict[str, Any]
) -> None:
    parsed = read_transactions(mixed_csv(kind, layout, 300, seed=5), kind)
    ctx = context_for(kind=kind, today=dt.date(2025, 4, 20), **context)
    ctx.layout = layout
    items = parsed.items
    gifts = [item for item in items if isinstance(item, GiftInput)]
    if gifts:  # totals reported earlier in the year join the file's own
        ctx.prior_totals = {(source_key(gifts[0]), 2025): Decimal("11000.00")}
    assert gift_facts(items, ctx) == _reference_facts(items, ctx)
    found = validate(items, ctx)
    assert found == _reference_validate(items, ctx)
    # The files do exercise the rules: errors and warnings of many kinds.
    assert len({f.code for f in found}) >= (3 if kind == TransactionKind.SPENDING else 8)


_frozen = clock_frozen_at(dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC), autouse=False)


@pytest.mark.usefixtures("_frozen")
def test_upload_stores_the_rows_without_errors_as_the_file_has_them() -> None:
    world = filing_world()
    version = services.return_create(
        entity=world["entity"],
        kind=ReturnKind.QUARTERLY_CENTRAL,
        period_name="Q4 2026",
        actor=world["treasurer"],
    ).current
    kind = TransactionKind.DONATION
    data = mixed_csv(kind, Layout.COMMISSION, 300, seed=6)
    upload = services.upload_receive(
        version=version, kind=kind, source=data, file_name="mixed.csv", actor=world["treasurer"]
    )
    assert upload.status == UploadStatus.PENDING
    expected = {
        number: row
        for number, row in enumerate(_reference_template_rows(data, kind), start=1)
        if number not in set(upload.error_rows)
    }
    held = DraftTransaction.objects.filter(upload=upload)
    assert {t.row: t.data for t in held} == expected
    assert services.upload_keep_valid(upload=upload, actor=world["treasurer"]) == len(expected)
    assert [t.data for t in version.transactions.order_by("row")] == list(expected.values())
