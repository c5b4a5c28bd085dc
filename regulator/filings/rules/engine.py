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
    ReportKind,
    ReportPeriod,
    ReturnContext,
    SpendingFacts,
    SpendingInput,
    TransactionKind,
)
from regulator.filings.rules.periods import parse_period
from regulator.filings.rules.thresholds import reportability, thresholds_for

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
    else the kind of source and its name folded."""
    if item.company_number:
        return "company:" + item.company_number
    name = " ".join(item.source_name.lower().split())
    return f"{item.source_status.strip().lower()}:{name}"


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


def gift_facts(items: Sequence[Item], ctx: ReturnContext) -> list[Any]:
    """Per item: its period and, for gifts, the source's totals in the calendar year
    (gifts over the minimum only, donations and loans together, plus ctx.prior_totals)."""
    facts: list[Any] = [None] * len(items)
    figures = ctx.figures
    prior_totals = ctx.prior_totals
    # What depends only on a date, a period's name or the recipient's shape is worked out
    # once per distinct value: a file repeats a few hundred dates and periods.
    minimum_at: dict[Any, Decimal | None] = {}
    # Gifts are added up per source, calendar year and recipient (a published file may
    # hold several recipients; a return holds one).
    groups: dict[tuple[str, int, str, str], list[tuple[Any, int, int]]] = {}
    keys: list[tuple[str, int, str, str] | None] = [None] * len(items)
    for index, item in enumerate(items):
        if not isinstance(item, GiftInput):
            continue
        day = item.received or item.accepted
        value = item.value
        if day is None or value is None:
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
        key = (
            source_key(item),
            day.year,
            item.recipient_entity_type or "",
            item.recipient_accounting_unit or "",
        )
        keys[index] = key
        members = groups.get(key)
        if members is None:
            groups[key] = [(day, item.row, index)]
        else:
            members.append((day, item.row, index))
    before: dict[int, Decimal] = {}
    totals: dict[tuple[str, int, str, str], Decimal] = {}
    for key, members in groups.items():
        running = prior_totals.get((key[0], key[1]), ZERO) if prior_totals else ZERO
        if len(members) > 1:
            members.sort()
        for _day, _row, index in members:
            before[index] = running
            running += items[index].value  # type: ignore[union-attr,operator]  # gifts in a source's run all have a value
        totals[key] = running
    periods: dict[str, ReportPeriod | None] = {}
    limits_at: dict[tuple[Any, Any], Any] = {}
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
        if isinstance(item, GiftInput):
            gift_key = keys[index]
            day = item.received or item.accepted
            if gift_key is None:
                name_key = source_key(item)
                prior = ZERO
                if day is not None and prior_totals:
                    prior = prior_totals.get((name_key, day.year), ZERO)
                total_before = prior
                year_total = prior + (item.value if item.value and item.value > 0 else ZERO)
            else:
                name_key = gift_key[0]
                total_before = before[index]
                year_total = totals[gift_key]
            shape = (day, item.recipient_as_central)
            try:
                limits = limits_at[shape]
            except KeyError:
                try:
                    limits = limits_at[shape] = thresholds_for(item, ctx)
                except FigureNotInForceError:
                    limits = limits_at[shape] = None
            if period is not None and period.kind in WEEKLY:
                # Weekly pre-poll reports list single gifts over the threshold: no
                # aggregation (PPERA 2000 s.63).
                value = item.value if item.value is not None else ZERO
                reportable, aggregated, threshold = reportability(item, limits, ZERO, value)
            else:
                reportable, aggregated, threshold = reportability(
                    item, limits, total_before, year_total
                )
            facts[index] = GiftFacts(
                name_key, total_before, year_total, period, reportable, aggregated, threshold
            )
        else:
            facts[index] = SpendingFacts(period)
    return facts


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
