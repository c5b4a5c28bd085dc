"""The engine: run every registered rule over a return's transactions.

The pages, the bulk upload, the filing API and ``manage.py filings_validate`` all call
``validate``, so they give identical results.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import suppress
from decimal import Decimal
from operator import attrgetter
from typing import Any

from regulator.filings.figures import FigureCode, FigureNotInForceError
from regulator.filings.rules.base import REGISTRY, Finding, RuleCode, Scope
from regulator.filings.rules.inputs import (
    DonationInput,
    GiftFacts,
    GiftInput,
    LoanInput,
    PriorGift,
    ReportKind,
    ReportPeriod,
    ReturnContext,
    SpendingFacts,
    SpendingInput,
    TransactionKind,
)
from regulator.filings.rules.periods import parse_period
from regulator.filings.rules.thresholds import is_flagged_impermissible, recipient_limits

Item = GiftInput | SpendingInput

_KIND_OF = {
    DonationInput: TransactionKind.DONATION,
    LoanInput: TransactionKind.LOAN,
    SpendingInput: TransactionKind.SPENDING,
}
ZERO = Decimal(0)
WEEKLY = frozenset({ReportKind.PRE_POLL, ReportKind.THIRD_PARTY_PRE_POLL})


def source_key(item: GiftInput) -> str:
    """Gifts from one source, for aggregation: the company number where there is one,
    else the kind of source and the name, folded (a trust and an unincorporated
    association of the same name are two sources)."""
    if item.company_number:
        return "company:" + item.company_number
    name = " ".join(item.source_name.lower().split())
    return f"{item.source_status.strip().lower()}:{name}"


def prior_gift(item: GiftInput, figures: Any) -> PriorGift | None:
    """A gift of another return as it counts in its source's totals; None when it does
    not count (no date or value, not over the minimum, impermissible, returned,
    forfeited)."""
    day = item.date_of_acceptance
    value = item.value
    if day is None or value is None or is_flagged_impermissible(item):
        return None
    try:
        if value <= figures.at(FigureCode.DONATION_MINIMUM, day):
            return None
    except FigureNotInForceError:
        return None
    return PriorGift(source_key(item), day, value)


def recipient_key(item: GiftInput) -> tuple[str, str, str]:
    """The recipient a row names (a published file may hold many; a return holds one):
    the entity, its kind, and its accounting unit or the central party (a unit's gift
    treated as the central party's, AccountingUnitsAsCentralParty, is the central
    party's)."""
    unit = (item.recipient_accounting_unit or "").strip().lower()
    if item.recipient_as_central or unit in {"", "central party"}:
        unit = ""
    return item.recipient_entity_id or "", item.recipient_entity_type or "", unit


Step = tuple[Any, RuleCode, Any, str, bool]
# Every field some rule ``needs``: a row's plan depends on which of them are filled in.
NEEDED_FIELDS = (
    "outcome",
    "outcome_date",
    "is_irish_source",
    "company_number",
    "end_date",
    "date_repaid",
    "incurred",
    "claimed",
    "paid",
)


def _row_rules(
    kind: TransactionKind, status: str, filled: frozenset[str], entity_type: str
) -> list[Step]:
    """The row rules that can have something to say about a row of this shape, as plain
    tuples (skipping the others is only a saving: each rule would answer None)."""
    return [
        (entry.func, entry.code, entry.severity, entry.field, entry.needs_figures)
        for entry in REGISTRY.values()
        if entry.scope == Scope.ROW
        and kind in entry.applies_to
        and entry.func is not None
        and (entry.sources is None or status in entry.sources)
        and all(name in filled for name in entry.needs)
        and (entry.entity_types is None or entity_type in entry.entity_types)
    ]


def _period(item: Item, ctx: ReturnContext) -> ReportPeriod | None:
    if ctx.period is not None:
        return ctx.period
    return parse_period(item.period_name) if item.period_name else None


# A member of a source's run of gifts in a year: (date, order, value, index of the item or
# None for a prior gift, thresholds at its date of receipt).
_Member = tuple[Any, tuple[int, int], Decimal, int | None, Any]


def gift_facts(items: Sequence[Item], ctx: ReturnContext) -> list[Any]:
    """Per item: its period and, for gifts, whether the thresholds make it reportable.

    Gifts from one source to one recipient in one calendar year (donations and loans
    together, over the minimum, neither impermissible nor returned or forfeited), with
    the recipient's gifts from its earlier returns (``ctx.prior_gifts``), are taken in the
    order they were accepted and grouped as the Commission's guidance ("Grouping benefits")
    reads PPERA 2000 s.62(4) to (8) and Sch. 7 para 10(1A): a group is reportable, every
    gift in it, once its total is over the threshold; the next gift starts a new group,
    judged against the further-gift threshold once the source has been reportable in the
    year. A gift over the threshold on its own is reportable, not aggregated. Weekly
    pre-poll reports list single gifts over the threshold: nothing is added up there."""
    facts: list[Any] = [None] * len(items)
    figures = ctx.figures
    # What depends only on a date, a period's name or the recipient's shape is worked out
    # once per distinct value: a file repeats a few hundred dates and periods.
    minimum_at: dict[Any, Decimal | None] = {}
    limits_at: dict[tuple[Any, Any, Any], Any] = {}

    def limits(day: Any, as_central: Any = None, donee_type: Any = None) -> Any:
        shape = (day, as_central, donee_type)
        try:
            return limits_at[shape]
        except KeyError:
            try:
                found = recipient_limits(ctx, day, as_central=as_central, donee_type=donee_type)
            except FigureNotInForceError:
                found = None
            limits_at[shape] = found
            return found

    groups: dict[tuple[str, int, tuple[str, str, str]], list[_Member]] = {}
    keys: list[tuple[str, int, tuple[str, str, str]] | None] = [None] * len(items)
    for index, item in enumerate(items):
        if not isinstance(item, GiftInput):
            continue
        day = item.date_of_acceptance
        value = item.value
        if day is None or value is None or is_flagged_impermissible(item):
            continue
        try:
            minimum = minimum_at[day]
        except KeyError:
            try:
                minimum = figures.at(FigureCode.DONATION_MINIMUM, day)
            except FigureNotInForceError:
                minimum = None
            minimum_at[day] = minimum
        if minimum is None or value <= minimum:
            continue
        key = (source_key(item), day.year, recipient_key(item))
        keys[index] = key
        received = item.date_of_receipt
        member: _Member = (
            day,
            (1, item.row),
            value,
            index,
            limits(received, item.recipient_as_central, item.recipient_donee_type),
        )
        members = groups.get(key)
        if members is None:
            groups[key] = [member]
        else:
            members.append(member)
    if ctx.prior_gifts and groups:
        # Earlier returns are the same recipient's: they join every recipient key of the
        # return whose source they share (a return names one recipient).
        by_source: dict[tuple[str, int], list[tuple[str, int, tuple[str, str, str]]]] = {}
        for key in groups:
            by_source.setdefault((key[0], key[1]), []).append(key)
        for order, gift in enumerate(ctx.prior_gifts):
            for key in by_source.get((gift.source_key, gift.day.year), ()):
                groups[key].append((gift.day, (0, order), gift.value, None, limits(gift.day)))
    decided: dict[int, tuple[bool, bool, Decimal | None, Decimal]] = {}
    year_totals: dict[tuple[str, int, tuple[str, str, str]], Decimal] = {}
    for key, members in groups.items():
        if len(members) > 1:
            members.sort(key=_member_order)
        reported = False  # the source has been reportable this year
        pending: list[tuple[int | None, Decimal, Decimal | None]] = []
        running = ZERO
        total = ZERO
        for _day, _order, value, position, found in members:
            total += value
            if found is None:  # no threshold applies: every gift is reportable
                if position is not None:
                    decided[position] = (True, False, None, value)
                continue
            threshold = found[1] if reported else found[0]
            pending.append((position, value, threshold))
            running += value
            if running > threshold:
                for member_index, member_value, _threshold in pending:
                    if member_index is not None:
                        decided[member_index] = (
                            True,
                            member_value <= threshold,
                            threshold,
                            running,
                        )
                reported = True
                pending = []
                running = ZERO
        for member_index, _value, threshold in pending:
            if member_index is not None:
                decided[member_index] = (False, False, threshold, running)
        year_totals[key] = total
    periods: dict[str, ReportPeriod | None] = {}
    fixed_period = ctx.period
    for index, item in enumerate(items):
        period: ReportPeriod | None
        if fixed_period is not None:
            period = fixed_period
        else:
            name = item.period_name
            if name in periods:
                period = periods[name]
            else:
                period = periods[name] = _period(item, ctx)
        if not isinstance(item, GiftInput):
            facts[index] = SpendingFacts(period)
            continue
        gift_key = keys[index]
        value = item.value if item.value is not None and item.value > 0 else ZERO
        verdict: tuple[bool, bool, Decimal | None, Decimal]
        if period is not None and period.kind in WEEKLY:
            # Weekly pre-poll reports list single gifts over the threshold: no
            # aggregation (PPERA 2000 s.63(3); s.95B(5) for non-party campaigners).
            received = item.date_of_receipt
            found = (
                limits(received, item.recipient_as_central, item.recipient_donee_type)
                if received is not None
                else None
            )
            if found is None or item.value is None:
                verdict = (True, False, None, value)
            else:
                verdict = (item.value > found[0], False, found[0], value)
            name_key = gift_key[0] if gift_key else source_key(item)
            year_total = year_totals[gift_key] if gift_key else value
        elif gift_key is None:
            name_key = source_key(item)
            verdict = (True, False, None, value)
            year_total = value
        else:
            name_key = gift_key[0]
            verdict = decided[index]
            year_total = year_totals[gift_key]
        reportable, aggregated, threshold, group_total = verdict
        facts[index] = GiftFacts(
            name_key, group_total, year_total, period, reportable, aggregated, threshold
        )
    return facts


def _member_order(member: _Member) -> tuple[Any, tuple[int, int]]:
    """Gifts in the order they were accepted; on one day a prior return's before this
    return's, and this return's by row."""
    return member[0], member[1]


def _row_findings(item: Item, ctx: ReturnContext, fact: Any, plan: list[Step], append: Any) -> None:
    """Run a row's rules in order, each finding appended; once the thresholds are found
    missing for the date, the rules that need them are skipped."""
    row = item.row
    blocked = False
    for func, code, severity, field, needs_figures in plan:
        if blocked and needs_figures:
            continue
        try:
            result = func(item, ctx, fact)
        except FigureNotInForceError:
            result = None
        if not result:
            continue
        if code == RuleCode.FIGURES_NOT_IN_FORCE:
            blocked = True
        append(
            Finding(
                row=row,
                code=code,
                severity=severity,
                field=field,
                params=result if isinstance(result, dict) else {},
            )
        )


def validate(items: Sequence[Item], ctx: ReturnContext) -> list[Finding]:
    """Every finding of every rule, ordered by row (the return's own findings first)."""
    facts = gift_facts(items, ctx)
    plans: dict[tuple[Any, ...], tuple[tuple[Any, ...], list[Step]]] = {}
    findings: list[Finding] = []
    append = findings.append
    getters: dict[type, Any] = {}
    for item, fact in zip(items, facts, strict=True):
        kind_of_item = type(item)
        getter = getters.get(kind_of_item)
        if getter is None:
            present = [n for n in NEEDED_FIELDS if hasattr(item, n)] + ["row"]
            getter = getters[kind_of_item] = attrgetter(*present)
        status: str = getattr(item, "status_key", "")
        shape = (kind_of_item, status, *map(bool, getter(item)))
        found = plans.get(shape)
        if found is None:
            filled = frozenset(n for n in NEEDED_FIELDS if getattr(item, n, None))
            plan = _row_rules(_KIND_OF[type(item)], status, filled, ctx.entity_type)
            found = plans[shape] = (tuple(step[0] for step in plan), plan)
        funcs, plan = found
        # Most rows pass every rule: call the rules bare until one answers (or raises),
        # then go through the rest with the bookkeeping. Rules are pure, so the one that
        # answered is simply asked again.
        passed = 0
        with suppress(FigureNotInForceError):  # the careful pass below reports it
            for func in funcs:
                if func(item, ctx, fact):
                    break
                passed += 1
        if passed == len(funcs):
            continue
        _row_findings(item, ctx, fact, plan[passed:], append)
    kinds_present = {_KIND_OF[type(item)] for item in items}
    for entry in REGISTRY.values():
        if entry.scope != Scope.RETURN or entry.func is None:
            continue
        if not kinds_present & entry.applies_to:
            continue
        for row, params in entry.func(items, ctx, facts):
            append(
                Finding(
                    row=row,
                    code=entry.code,
                    severity=entry.severity,
                    field=entry.field,
                    params=params,
                )
            )
    findings.sort(key=lambda f: f.row or 0)
    return findings


def has_errors(findings: Sequence[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)
