"""Reads of the filings area."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from regulator.filings import parsing
from regulator.filings.figures import Figure, FigureTable
from regulator.filings.models import (
    Company,
    DraftTransaction,
    FiledReturn,
    ReturnVersion,
    Status,
    StatutoryFigure,
)
from regulator.filings.rules.engine import WEEKLY, prior_gift
from regulator.filings.rules.inputs import (
    CompanyFacts,
    GiftInput,
    Layout,
    PriorGift,
    ReportPeriod,
    TransactionKind,
)
from regulator.filings.rules.periods import parse_period
from regulator.finance import selectors as finance_selectors
from regulator.finance.types import GiftRecord


def figure_table() -> FigureTable:
    """Every statutory figure, in memory (a few dozen rows)."""
    return FigureTable(
        Figure(
            code=row.code,
            value=row.value,
            effective_from=row.effective_from,
            effective_to=row.effective_to,
            source=row.source,
            verified=row.verified,
        )
        for row in StatutoryFigure.objects.all()
    )


def figure_at(code: str, on: dt.date) -> Decimal:
    """The value of a statutory figure in force on a date; FigureNotInForceError if none."""
    return figure_table().at(code, on)


def figure_history(code: str) -> list[Figure]:
    """Every dated value of a statutory figure, oldest first (guidance shows the table)."""
    return [
        Figure(
            code=row.code,
            value=row.value,
            effective_from=row.effective_from,
            effective_to=row.effective_to,
            source=row.source,
            verified=row.verified,
        )
        for row in StatutoryFigure.objects.filter(code=code).order_by("effective_from")
    ]


def company_facts(numbers: Iterable[str]) -> dict[str, CompanyFacts]:
    """The snapshot's facts for these (normalised) company numbers; unknown ones absent."""
    wanted = sorted({n for n in numbers if n})
    found: dict[str, CompanyFacts] = {}
    for start in range(0, len(wanted), 500):
        for row in Company.objects.filter(company_number__in=wanted[start : start + 500]):
            found[row.company_number] = CompanyFacts(
                number=row.company_number,
                name=row.name,
                status=row.status,
                category=row.category,
                country_of_origin=row.country_of_origin,
                accounts_category=row.accounts_category,
                incorporated_on=row.incorporated_on,
                dissolved_on=row.dissolved_on,
            )
    return found


# --- What the recipient reported earlier in the year ------------------------------------

# Versions that speak for their return once submitted: the filer's latest word stands
# until it is amended (an amended one is replaced by the next).
_SUBMITTED = frozenset(
    {
        Status.SUBMITTED,
        Status.UNDER_REVIEW,
        Status.QUERIED,
        Status.ACCEPTED,
        Status.PUBLISHED,
    }
)


def prior_gifts(
    *,
    entity_id: int,
    accounting_unit_id: int | None,
    period: ReportPeriod | None,
    figures: FigureTable,
    exclude_return_id: int | None = None,
) -> list[PriorGift]:
    """The gifts that a recipient (the entity's central party, or one accounting unit)
    accepted earlier in the calendar year of ``period`` and reported in its returns
    (other than ``exclude_return_id``, the one being checked), up to the end of ``period``: the accepted records of the imported
    history (``finance.selectors.gift_records``), and for each of its other filed returns
    the latest version it submitted, its accepted records when it was accepted (as the
    Commission holds them, corrections and withdrawals included), else its rows as
    submitted. An accepted amendment counts by its rows (its unchanged rows keep an
    earlier version's records). Returned, forfeited and impermissible gifts never count
    (``rules.engine.prior_gift``)."""
    if period is None:
        return []
    since = dt.date(period.end.year, 1, 1)
    until = period.end
    unit_id = accounting_unit_id
    gifts: list[GiftInput] = []
    for record in finance_selectors.gift_records(
        entity_id=entity_id,
        accounting_unit_id=unit_id,
        since=since,
        until=until,
        imported_only=True,
    ):
        gifts.append(_record_gift(record))
    others = FiledReturn.objects.filter(entity_id=entity_id, accounting_unit_id=unit_id)
    if exclude_return_id is not None:
        others = others.exclude(pk=exclude_return_id)
    record_returns: list[int] = []
    row_versions: list[int] = []
    for other in others.only("pk", "period_name"):
        other_period = parse_period(other.period_name)
        if other_period is None or other_period.end < since or other_period.start > until:
            continue
        if other_period.kind in WEEKLY:  # it repeats gifts the quarterly reports hold
            continue
        latest = (
            ReturnVersion.objects.filter(filed_return=other, status__in=_SUBMITTED)
            .order_by("-number")
            .only("pk", "finance_return_id", "amends_id")
            .first()
        )
        if latest is None:
            continue
        if latest.finance_return_id and latest.amends_id is None:
            record_returns.append(latest.finance_return_id)
        else:
            row_versions.append(latest.pk)
    if record_returns:
        for record in finance_selectors.gift_records(
            entity_id=entity_id,
            accounting_unit_id=unit_id,
            since=since,
            until=until,
            return_ids=record_returns,
        ):
            gifts.append(_record_gift(record))
    if row_versions:
        findings: list[Any] = []
        cells = parsing.Cells(findings)
        rows = DraftTransaction.objects.filter(
            version_id__in=row_versions,
            kind__in=[TransactionKind.DONATION, TransactionKind.LOAN],
        ).values_list("kind", "row", "data")
        for kind, row, data in rows.iterator(chunk_size=2000):
            reader = parsing.READERS[TransactionKind(kind), Layout.TEMPLATE]
            gifts.append(reader(data, row, cells))
    found = []
    for gift in gifts:
        prior = prior_gift(gift, figures)
        if prior is not None and since <= prior.day <= until:
            found.append(prior)
    found.sort(key=lambda gift: gift.day)
    return found


def _record_gift(record: GiftRecord) -> GiftInput:
    return GiftInput(
        row=0,
        value=record.value,
        source_name=" ".join(record.source_name.split()),
        source_status=record.source_status.strip(),
        company_number=record.company_number,
        received=record.received,
        accepted=record.accepted,
        outcome=record.action.strip(),
    )


# --- Performance measures, read by regulator.reporting by dotted name -------------------
# Each takes the period's first and last day (London dates) and the instant the figures
# are taken at (``as_of``): what happened after it does not count, so a period can be
# recomputed as it stood. Each answers a queryset of returns (the records behind the
# number) or, for the median, a number.

# The filing API stores the rows it is sent as an upload of this name (api.py).
API_UPLOAD_NAME = "api.csv"


def _day_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    from regulator.core import clock

    zone = clock.local_zone()
    return (
        dt.datetime.combine(start, dt.time(0), tzinfo=zone),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time(0), tzinfo=zone),
    )


def _return_facts(returns: Any, as_of: dt.datetime) -> list[tuple[Any, Any, Any]]:
    """(return, first submitted at, first published at) as known at ``as_of``."""
    from django.db.models import Min, Q

    rows = returns.filter(created_at__lte=as_of).annotate(
        first_submitted=Min("versions__submitted_at", filter=Q(versions__submitted_at__lte=as_of)),
        first_published=Min(
            "versions__history__at",
            filter=Q(versions__history__to_status="published", versions__history__at__lte=as_of),
        ),
    )
    return [(row, row.first_submitted, row.first_published) for row in rows]


def _returns(ids: Iterable[int]) -> Any:
    from regulator.filings.models import FiledReturn

    return FiledReturn.objects.filter(pk__in=list(ids)).order_by("due_date", "pk")


def _due_in(start: dt.date, end: dt.date, kinds: list[str] | None) -> Any:
    from regulator.filings.models import FiledReturn

    returns = FiledReturn.objects.filter(due_date__range=(start, end))
    return returns.filter(kind__in=kinds) if kinds else returns


def _deadline_end(due: dt.date) -> dt.datetime:
    return _day_bounds(due, due)[1]


def returns_due(
    *, start: dt.date, end: dt.date, as_of: dt.datetime, kinds: list[str] | None = None
) -> Any:
    """Returns due in the period (that existed at ``as_of``)."""
    return _returns(r.pk for r, _s, _p in _return_facts(_due_in(start, end, kinds), as_of))


def returns_filed_on_time(
    *, start: dt.date, end: dt.date, as_of: dt.datetime, kinds: list[str] | None = None
) -> Any:
    """Returns due in the period first submitted by the end of their due date (London)."""
    facts = _return_facts(_due_in(start, end, kinds), as_of)
    return _returns(r.pk for r, sub, _p in facts if sub and sub < _deadline_end(r.due_date))


def returns_filed_late(
    *, start: dt.date, end: dt.date, as_of: dt.datetime, kinds: list[str] | None = None
) -> Any:
    """Returns due in the period first submitted after their due date ended."""
    facts = _return_facts(_due_in(start, end, kinds), as_of)
    return _returns(r.pk for r, sub, _p in facts if sub and sub >= _deadline_end(r.due_date))


def returns_missing(
    *, start: dt.date, end: dt.date, as_of: dt.datetime, kinds: list[str] | None = None
) -> Any:
    """Returns due in the period, past their due date at ``as_of`` and not submitted."""
    facts = _return_facts(_due_in(start, end, kinds), as_of)
    return _returns(
        r.pk for r, sub, _p in facts if sub is None and as_of >= _deadline_end(r.due_date)
    )


def _submitted_in(start: dt.date, end: dt.date, as_of: dt.datetime) -> list[Any]:
    from regulator.filings.models import FiledReturn

    low, high = _day_bounds(start, end)
    return [
        r
        for r, sub, _p in _return_facts(FiledReturn.objects.all(), as_of)
        if sub is not None and low <= sub < high
    ]


def returns_submitted(*, start: dt.date, end: dt.date, as_of: dt.datetime) -> Any:
    """Returns whose first version was submitted in the period (every channel)."""
    return _returns(r.pk for r in _submitted_in(start, end, as_of))


def _through_api(returns: list[Any]) -> set[int]:
    from regulator.filings.models import Upload, UploadStatus

    first = {
        r.pk: r.versions.filter(submitted_at__isnull=False).order_by("number").first()
        for r in returns
    }
    api = Upload.objects.filter(
        version__in=[v for v in first.values() if v is not None],
        file_name=API_UPLOAD_NAME,
        status=UploadStatus.SAVED,
    ).values_list("version__filed_return_id", flat=True)
    return set(api)


def returns_submitted_through_api(*, start: dt.date, end: dt.date, as_of: dt.datetime) -> Any:
    """Returns submitted in the period whose rows came (at least partly) through the API."""
    return _returns(_through_api(_submitted_in(start, end, as_of)))


def returns_submitted_through_pages(*, start: dt.date, end: dt.date, as_of: dt.datetime) -> Any:
    """Returns submitted in the period with no rows sent through the filing API."""
    submitted = _submitted_in(start, end, as_of)
    api = _through_api(submitted)
    return _returns(r.pk for r in submitted if r.pk not in api)


def returns_started(*, start: dt.date, end: dt.date, as_of: dt.datetime) -> Any:
    """Returns started online in the period (the filing journey's starts)."""
    from regulator.filings.models import FiledReturn

    low, high = _day_bounds(start, end)
    return FiledReturn.objects.filter(
        created_at__gte=low, created_at__lt=min(high, as_of + dt.timedelta(microseconds=1))
    ).order_by("created_at", "pk")


def returns_started_and_submitted(*, start: dt.date, end: dt.date, as_of: dt.datetime) -> Any:
    """Of the returns started in the period, those submitted by ``as_of`` (completions)."""
    started = returns_started(start=start, end=end, as_of=as_of)
    return _returns(r.pk for r, sub, _p in _return_facts(started, as_of) if sub is not None)


def reports_publication_due(
    *, start: dt.date, end: dt.date, as_of: dt.datetime, kinds: list[str], days: int
) -> Any:
    """Reports of these kinds whose publication deadline (``days`` after the due date)
    falls in the period."""
    window = dt.timedelta(days=days)
    returns = _due_in(start - window, end - window, kinds)
    return _returns(r.pk for r, _s, _p in _return_facts(returns, as_of))


def reports_published_within(
    *, start: dt.date, end: dt.date, as_of: dt.datetime, kinds: list[str], days: int
) -> Any:
    """Of ``reports_publication_due``, those published by the end of that deadline."""
    window = dt.timedelta(days=days)
    facts = _return_facts(_due_in(start - window, end - window, kinds), as_of)
    return _returns(
        r.pk for r, _s, pub in facts if pub and pub < _deadline_end(r.due_date + window)
    )


def reports_published(*, start: dt.date, end: dt.date, as_of: dt.datetime, kinds: list[str]) -> Any:
    """Reports of these kinds (with a due date) first published in the period."""
    from regulator.filings.models import FiledReturn

    low, high = _day_bounds(start, end)
    facts = _return_facts(FiledReturn.objects.filter(kind__in=kinds, due_date__isnull=False), as_of)
    return _returns(r.pk for r, _s, pub in facts if pub and low <= pub < high)


def reports_days_to_publication_median(
    *, start: dt.date, end: dt.date, as_of: dt.datetime, kinds: list[str]
) -> Decimal | None:
    """Median days from the due date to first publication of the reports of these kinds
    first published in the period (negative: published before the due date); None when
    none was."""
    import statistics

    from regulator.core import clock

    low, high = _day_bounds(start, end)
    from regulator.filings.models import FiledReturn

    returns = FiledReturn.objects.filter(kind__in=kinds, due_date__isnull=False)
    facts = _return_facts(returns, as_of)
    days = [
        (clock.to_local(pub).date() - r.due_date).days
        for r, _s, pub in facts
        if pub and low <= pub < high
    ]
    return Decimal(str(statistics.median(days))) if days else None


def returns_of_entity(*, entity_id: int, as_of: dt.datetime) -> list[tuple[Any, Any, bool]]:
    """An entity's returns, newest due first, each with when it was first submitted (or
    None) and whether it is late or missing at ``as_of`` (for contacts' entity view)."""
    from regulator.filings.models import FiledReturn

    returns = FiledReturn.objects.filter(entity_id=entity_id).order_by("-due_date", "-pk")
    out = []
    for row, submitted, _published in _return_facts(returns, as_of):
        due_end = _deadline_end(row.due_date) if row.due_date else None
        late = due_end is not None and (
            (submitted is None and as_of >= due_end)
            or (submitted is not None and submitted >= due_end)
        )
        out.append((row, submitted, late))
    out.sort(key=lambda item: (item[0].due_date or dt.date.min, item[0].pk), reverse=True)
    return out
