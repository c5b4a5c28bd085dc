"""Availability from the probe's history: each probe's answer stands for the probe
interval plus a grace (a missed minute is not an outage); time no answer covers is
unknown, never "up". Working hours are Monday to Friday, 09:00 to 17:30 Europe/London,
less England and Wales bank holidays. Incidents are runs of failed probes: from the first
failure to the first success after it, with the cause the first failure gave."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from django.conf import settings

from regulator.core import clock
from regulator.core.workdays import is_working_day


@dataclass(frozen=True)
class Probe:
    """A probe's answer. ``until``: where the run of same answers it starts ends (when
    the probes between are left out); None: it stands for one interval."""

    at: dt.datetime
    ok: bool
    cause: str = ""
    until: dt.datetime | None = None


def stands_for() -> dt.timedelta:
    return dt.timedelta(
        seconds=getattr(settings, "REPORTING_PROBE_INTERVAL_SECONDS", 60)
        + getattr(settings, "REPORTING_PROBE_GRACE_SECONDS", 30)
    )


@dataclass(frozen=True)
class Coverage:
    up: float  # seconds
    down: float
    unknown: float

    @property
    def total(self) -> float:
        return self.up + self.down + self.unknown

    @property
    def percent(self) -> float | None:
        """Up as a share of the time whose state is known; None when none is."""
        known = self.up + self.down
        return None if known == 0 else 100.0 * self.up / known


@dataclass(frozen=True)
class Incident:
    start: dt.datetime
    end: dt.datetime | None  # None: still failing at the last probe
    cause: str

    @property
    def key(self) -> str:
        return self.start.isoformat()

    def working_seconds(self, until: dt.datetime) -> float:
        return seconds_in_windows(self.start, self.end or until, working_windows)


def _hours() -> tuple[dt.time, dt.time]:
    start, end = getattr(settings, "REPORTING_WORKING_HOURS", ("09:00", "17:30"))
    return dt.time.fromisoformat(start), dt.time.fromisoformat(end)


def working_windows(start: dt.date, end: dt.date) -> Iterator[tuple[dt.datetime, dt.datetime]]:
    """The working hours of each working day from ``start`` to ``end`` (inclusive)."""
    zone = clock.local_zone()
    opens, closes = _hours()
    day = start
    while day <= end:
        if is_working_day(day):
            yield (
                dt.datetime.combine(day, opens, tzinfo=zone),
                dt.datetime.combine(day, closes, tzinfo=zone),
            )
        day += dt.timedelta(days=1)


def all_day_windows(start: dt.date, end: dt.date) -> Iterator[tuple[dt.datetime, dt.datetime]]:
    zone = clock.local_zone()
    yield (
        dt.datetime.combine(start, dt.time(0), tzinfo=zone),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time(0), tzinfo=zone),
    )


Windows = Callable[[dt.date, dt.date], Iterator[tuple[dt.datetime, dt.datetime]]]


def seconds_in_windows(low: dt.datetime, high: dt.datetime, windows: Windows) -> float:
    local_low, local_high = clock.to_local(low), clock.to_local(high)
    total = 0.0
    for open_, close in windows(local_low.date(), local_high.date()):
        overlap = (min(close, high) - max(open_, low)).total_seconds()
        total += max(overlap, 0.0)
    return total


def _segments(
    probes: Sequence[Probe], ats: Sequence[dt.datetime], low: dt.datetime, high: dt.datetime
) -> Iterator[tuple[dt.datetime, dt.datetime, bool | None]]:
    """(from, to, state) over [low, high): True up, False down, None unknown."""
    stands = stands_for()
    first = max(bisect.bisect_right(ats, low) - 1, 0)
    last = bisect.bisect_left(ats, high)
    cursor = low
    for index in range(first, last):
        probe = probes[index]
        stands_until = probe.until or probe.at + stands
        following = ats[index + 1] if index + 1 < len(ats) else stands_until
        begin = max(probe.at, low)
        finish = min(stands_until, following, high)
        if finish <= begin:
            continue
        if begin > cursor:
            yield cursor, begin, None
        yield begin, finish, probe.ok
        cursor = max(cursor, finish)
    if cursor < high:
        yield cursor, high, None


def coverage(
    probes: Sequence[Probe], start: dt.date, end: dt.date, *, working_hours: bool = True
) -> Coverage:
    """Up, down and unknown seconds of the period (its working hours, or all of it).
    ``probes`` in time order."""
    windows = working_windows if working_hours else all_day_windows
    ats = [p.at for p in probes]
    totals: dict[bool | None, float] = {True: 0.0, False: 0.0, None: 0.0}
    for open_, close in windows(start, end):
        for begin, finish, state in _segments(probes, ats, open_, close):
            totals[state] += (finish - begin).total_seconds()
    return Coverage(up=totals[True], down=totals[False], unknown=totals[None])


def incidents(probes: Iterable[Probe]) -> list[Incident]:
    """Runs of failed probes, from the first failure to the next success."""
    found: list[Incident] = []
    first_failure: Probe | None = None
    for probe in probes:
        if not probe.ok and first_failure is None:
            first_failure = probe
        elif probe.ok and first_failure is not None:
            found.append(Incident(first_failure.at, probe.at, first_failure.cause))
            first_failure = None
    if first_failure is not None:
        found.append(Incident(first_failure.at, None, first_failure.cause))
    return found
