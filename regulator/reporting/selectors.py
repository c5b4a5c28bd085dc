"""Reads of the reporting area: its own measures (availability and incidents from the
probe's history, response time and throughput from the metric samples, satisfaction
from the feedback question, cost from the cost inputs), called by name like every other
area's, and the packs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import F, Q, QuerySet

from regulator.core import clock
from regulator.reporting import availability, probe
from regulator.reporting.models import (
    CostInput,
    Feedback,
    MeasureDefinition,
    MetricSample,
    Pack,
    ProbeResult,
    Satisfaction,
)
from regulator.reporting.periods import Period

SATISFIED = (Satisfaction.VERY_SATISFIED, Satisfaction.SATISFIED)


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    zone = clock.local_zone()
    return (
        dt.datetime.combine(start, dt.time(0), tzinfo=zone),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time(0), tzinfo=zone),
    )


def probes_between(low: dt.datetime, high: dt.datetime) -> list[availability.Probe]:
    """The probe's answers that matter for [low, high): the one covering ``low``, then
    only those where something changed (up to down or back, the first after a gap),
    each with the end of the run of same answers it starts."""
    stands = availability.stands_for()
    seconds = stands.total_seconds()
    base = ProbeResult.objects.filter(at__lt=high)
    fields = ("at", "ok", "cause", "gap_seconds")
    before = list(base.filter(at__lt=low).order_by("-at", "-id").values_list(*fields)[:1])
    changes = Q(previous_ok__isnull=True) | Q(gap_seconds__isnull=True)
    changes |= Q(gap_seconds__gt=seconds) | ~Q(previous_ok=F("ok"))
    rows = before + list(
        base.filter(changes, at__gte=low).order_by("at", "id").values_list(*fields)
    )
    last = base.order_by("-at", "-id").values_list("at", flat=True).first()
    probes = []
    for index, (at, ok, cause, _gap) in enumerate(rows):
        if index + 1 < len(rows):
            following_at, following_gap = rows[index + 1][0], rows[index + 1][3]
            if following_gap is None or following_gap > seconds:
                until = following_at - dt.timedelta(seconds=following_gap or 0) + stands
                until = max(min(until, following_at), at)
            else:
                until = following_at
        else:
            until = max(min((last or at) + stands, high), at)
        probes.append(availability.Probe(at, ok, cause, until))
    return probes


def probe_count_between(low: dt.datetime, high: dt.datetime) -> int:
    return ProbeResult.objects.filter(at__gte=low, at__lt=high).count()


def _period_probes(start: dt.date, end: dt.date, as_of: dt.datetime) -> list[availability.Probe]:
    low, high = _bounds(start, end)
    return probes_between(low, min(high, as_of))


def availability_coverage(
    *, start: dt.date, end: dt.date, as_of: dt.datetime, working_hours: bool = True
) -> availability.Coverage:
    """Up, down and unknown time of the period up to ``as_of`` (later time is unknown)."""
    return availability.coverage(
        _period_probes(start, end, as_of), start, end, working_hours=working_hours
    )


def availability_working_hours(
    *, start: dt.date, end: dt.date, as_of: dt.datetime
) -> Decimal | None:
    """Per cent of the working hours whose state is known that the service was up."""
    percent = availability_coverage(start=start, end=end, as_of=as_of).percent
    return None if percent is None else Decimal(str(round(percent, 4)))


def incidents_in(*, start: dt.date, end: dt.date, as_of: dt.datetime) -> list[Any]:
    """Incidents that began in the period (ended or not by ``as_of``)."""
    low, high = _bounds(start, end)
    probes = probes_between(low - dt.timedelta(days=7), as_of)
    return [i for i in availability.incidents(probes) if low <= i.start < high]


def incidents_ended(*, start: dt.date, end: dt.date, as_of: dt.datetime) -> list[Any]:
    """Incidents that began in the period and had ended by ``as_of``."""
    return [i for i in incidents_in(start=start, end=end, as_of=as_of) if i.end is not None]


def incidents_recovered_within(
    *, start: dt.date, end: dt.date, as_of: dt.datetime, working_hours: float
) -> list[Any]:
    """Of those, the ones over within ``working_hours`` of working time."""
    limit = working_hours * 3600
    return [
        i
        for i in incidents_ended(start=start, end=end, as_of=as_of)
        if i.working_seconds(as_of) <= limit
    ]


def _histogram_increase(
    start: dt.date, end: dt.date, as_of: dt.datetime
) -> tuple[probe.Histogram, float]:
    """Requests in the period (each scraped URL's increase, reset-aware as Prometheus'
    ``increase``) and the seconds sampled, from the samples at the period's edges and at
    each reset only."""
    low, high = _bounds(start, end)
    high = min(high, as_of)
    increases: list[probe.Histogram] = []
    seconds = 0.0
    for url in (
        MetricSample.objects.filter(at__gte=low, at__lt=high)
        .order_by()
        .values_list("url", flat=True)
        .distinct()
    ):
        samples = MetricSample.objects.filter(url=url)
        baseline = samples.filter(at__lt=low).order_by("-at", "-id").first()
        inside = samples.filter(at__gte=low, at__lt=high)
        first = inside.order_by("at", "id").first()
        last = inside.order_by("-at", "-id").first()
        assert first is not None
        assert last is not None
        resets = list(inside.filter(reset=True).order_by("at", "id"))
        ends = {
            sample.at: sample
            for sample in samples.filter(at__in=[r.previous_at for r in resets if r.previous_at])
        }
        start_sample = baseline or first
        segment_start: MetricSample | None = start_sample
        for reset in resets:
            if reset.pk == start_sample.pk:
                continue
            end_sample = ends.get(reset.previous_at) if reset.previous_at else None
            if end_sample is not None and segment_start is not None:
                increases.append(_between(segment_start, end_sample))
            segment_start = None  # counting again from zero
        increases.append(_between(segment_start, last))
        seconds += (last.at - start_sample.at).total_seconds()
    return probe.histogram_add(increases), seconds


def _between(before: MetricSample | None, after: MetricSample) -> probe.Histogram:
    final = probe.Histogram(after.count, after.buckets)
    if before is None:
        return final
    return probe.histogram_delta(probe.Histogram(before.count, before.buckets), final)


def response_time_p95(*, start: dt.date, end: dt.date, as_of: dt.datetime) -> Decimal | None:
    """95th percentile of request latency in milliseconds, from /metrics samples."""
    histogram, _seconds = _histogram_increase(start, end, as_of)
    if histogram.count <= 0:
        return None
    seconds = probe.quantile(0.95, histogram)
    return None if seconds is None else Decimal(str(round(seconds * 1000, 3)))


def requests_per_second(*, start: dt.date, end: dt.date, as_of: dt.datetime) -> Decimal | None:
    """Mean requests a second over the sampled time of the period."""
    histogram, seconds = _histogram_increase(start, end, as_of)
    if seconds <= 0:
        return None
    return Decimal(str(round(histogram.count / seconds, 6)))


def feedback_responses(
    *, start: dt.date, end: dt.date, as_of: dt.datetime, journey: str = ""
) -> QuerySet[Feedback]:
    low, high = _bounds(start, end)
    answers = Feedback.objects.filter(at__gte=low, at__lt=high, at__lte=as_of)
    return answers.filter(journey=journey) if journey else answers


def feedback_satisfied(
    *, start: dt.date, end: dt.date, as_of: dt.datetime, journey: str = ""
) -> QuerySet[Feedback]:
    """Answers "very satisfied" or "satisfied"."""
    return feedback_responses(start=start, end=end, as_of=as_of, journey=journey).filter(
        rating__in=SATISFIED
    )


def cost_total(*, start: dt.date, end: dt.date, as_of: dt.datetime) -> Decimal | None:
    """The running cost of the period: each month's cost inputs in force on its first
    day (the later of two rows of a code wins), known at ``as_of``; None with none."""
    rows = list(CostInput.objects.filter(created_at__lte=as_of).order_by("code", "effective_from"))
    if not rows:
        return None
    total = Decimal(0)
    month = start.replace(day=1)
    while month <= end:
        in_force: dict[str, Decimal] = {}
        for row in rows:
            if row.effective_from <= month:
                in_force[row.code] = row.monthly_amount
        total += sum(in_force.values(), Decimal(0))
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return total


def definition_versions(*, code: str) -> QuerySet[MeasureDefinition]:
    return MeasureDefinition.objects.filter(code=code).order_by("version")


def cost_inputs() -> QuerySet[CostInput]:
    return CostInput.objects.all()


def packs_of(period: Period) -> QuerySet[Pack]:
    return Pack.objects.filter(period=period.code).order_by("-edition")


def pack_get(*, pack_id: int) -> Pack | None:
    return Pack.objects.filter(pk=pack_id).select_related("published_by").first()


def packs_all() -> QuerySet[Pack]:
    return Pack.objects.all().order_by("-start", "-edition")


def pack_latest() -> Pack | None:
    return Pack.objects.order_by("-end", "-edition").first()


def probe_results_recent(limit: int = 50) -> list[ProbeResult]:
    return list(ProbeResult.objects.order_by("-at", "-id")[:limit])
