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
from regulator.filings.rules.engine import (
    _KIND_OF,
    WEEKLY,
    gift_facts,
    recipient_key,
    source_key,
    validate,
)
from regulator.filings.rules.inputs import (
    GiftFacts,
    GiftInput,
    Layout,
    PriorGift,
    ReturnContext,
    SpendingFacts,
    TransactionKind,
)
from regulator.filings.rules.periods import parse_period
from regulator.filings.rules.thresholds import is_flagged_impermissible, recipient_limits
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
    """Each gift's verdict worked out on its own: the same source's counted gifts to the
    same recipient in the year (the prior ones too), taken in the order accepted and cut
    into groups, each closed by the gift that takes it over the threshold then in force
    (the further-gift threshold once one group has closed); the gift's group decides."""

    def counted(item: Any) -> bool:
        if not isinstance(item, GiftInput) or is_flagged_impermissible(item):
            return False
        day = item.date_of_acceptance
        if day is None or item.value is None:
            return False
        try:
            return item.value > ctx.figures.at(FigureCode.DONATION_MINIMUM, day)
        except FigureNotInForceError:
            return False

    def key(item: Any) -> tuple[str, int, tuple[str, str, str]]:
        return (source_key(item), item.date_of_acceptance.year, recipient_key(item))

    def limits_of(day: Any, as_central: Any = None, donee_type: Any = None) -> Any:
        try:
            return recipient_limits(ctx, day, as_central=as_central, donee_type=donee_type)
        except FigureNotInForceError:
            return None

    facts: list[Any] = []
    for index, item in enumerate(items):
        period = ctx.period or (parse_period(item.period_name) if item.period_name else None)
        if not isinstance(item, GiftInput):
            facts.append(SpendingFacts(period=period))
            continue
        value = item.value if item.value is not None and item.value > 0 else Decimal(0)
        if period is not None and period.kind in WEEKLY:
            received = item.date_of_receipt
            found = (
                limits_of(received, item.recipient_as_central, item.recipient_donee_type)
                if received
                else None
            )
            year_total = value
            if counted(item):
                year_total = sum(
                    (o.value for o in items if counted(o) and key(o) == key(item)), Decimal(0)
                ) + sum(
                    (
                        g.value
                        for g in ctx.prior_gifts
                        if (g.source_key, g.day.year) == key(item)[:2]
                    ),
                    Decimal(0),
                )
            if found is None or item.value is None:
                verdict: tuple[Any, ...] = (True, False, None, value)
            else:
                verdict = (item.value > found[0], False, found[0], value)
            facts.append(GiftFacts(source_key(item), verdict[3], year_total, period, *verdict[:3]))
            continue
        if not counted(item):
            facts.append(GiftFacts(source_key(item), value, value, period, True, False, None))
            continue
        mine = key(item)
        run = [
            (o.date_of_acceptance, (1, o.row), o.value, position, o)
            for position, o in enumerate(items)
            if counted(o) and key(o) == mine
        ] + [
            (g.day, (0, order), g.value, None, None)
            for order, g in enumerate(ctx.prior_gifts)
            if (g.source_key, g.day.year) == mine[:2]
        ]
        run.sort(key=lambda member: (member[0], member[1]))
        groups: list[tuple[list[int | None], Decimal, Any, bool]] = []
        reported, members, running = False, [], Decimal(0)
        verdicts: dict[int | None, tuple[Any, ...]] = {}
        for day, _order, amount, position, row in run:
            if row is not None:
                found = limits_of(
                    row.date_of_receipt, row.recipient_as_central, row.recipient_donee_type
                )
            else:
                found = limits_of(day)
            if found is None:
                verdicts[position] = (True, False, None, amount)
                continue
            threshold = found[1] if reported else found[0]
            members.append((position, amount, threshold))
            running += amount
            if running > threshold:
                for member, member_amount, _t in members:
                    verdicts[member] = (True, member_amount <= threshold, threshold, running)
                groups.append(([m for m, _a, _t in members], running, threshold, True))
                reported, members, running = True, [], Decimal(0)
        for member, _amount, threshold in members:
            verdicts[member] = (False, False, threshold, running)
        year_total = sum((amount for _d, _o, amount, _p, _r in run), Decimal(0))
        verdict = verdicts[index]
        facts.append(GiftFacts(mine[0], verdict[3], year_total, period, *verdict[:3]))
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
    if gifts:  # gifts reported earlier in the year join the file's own
        ctx.prior_gifts = [
            PriorGift(source_key(gifts[0]), dt.date(2025, 1, 2), Decimal("11000.00")),
            PriorGift(source_key(gifts[-1]), dt.date(2025, 1, 3), Decimal("1500.00")),
        ]
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
