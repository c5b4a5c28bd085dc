"""Working-hours availability from a probe history: outages inside working hours count,
outages at night, at the weekend and on a bank holiday do not, and time with no probe is
unknown (never up). The history is stored through the service and read through the
selectors, as the dashboard reads it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from regulator.reporting import availability, selectors, services

LONDON = ZoneInfo("Europe/London")
# Week of Monday 25/08/2025 (the Summer bank holiday in England and Wales) to Sunday 31/08.
START, END = dt.date(2025, 8, 25), dt.date(2025, 8, 31)
WORKING_DAYS = 4  # Tuesday to Friday
DAY_SECONDS = 8.5 * 3600  # 09:00 to 17:30


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2025, 8, day, hour, minute, tzinfo=LONDON)


def history(*, down: list[tuple[dt.datetime, dt.datetime, str]], gaps=()) -> list:
    rows = []
    moment = at(25, 0)
    while moment < at(31, 23, 59):
        in_gap = any(low <= moment < high for low, high in gaps)
        if not in_gap:
            cause = next((c for low, high, c in down if low <= moment < high), None)
            rows.append((moment.astimezone(dt.UTC), cause is None, cause or ""))
        moment += dt.timedelta(minutes=1)
    return rows


OUTAGES = [
    # inside working hours: Tuesday 10:00 to 10:30 (30 minutes)
    (at(26, 10, 0), at(26, 10, 30), "database: OperationalError"),
    # outside: Wednesday night
    (at(27, 1, 0), at(27, 4, 0), "HTTP 502"),
    # the bank holiday, in what would be working hours
    (at(25, 11, 0), at(25, 13, 0), "unreachable: ConnectionError"),
    # Saturday
    (at(30, 10, 0), at(30, 12, 0), "HTTP 503"),
    # across the evening: Thursday 17:00 to Friday 09:15 (30 + 15 working minutes)
    (at(28, 17, 0), at(29, 9, 15), "task_queue: oldest task waited 1200.0 s"),
]


def test_working_windows_skip_weekends_and_bank_holidays() -> None:
    windows = list(availability.working_windows(START, END))
    assert [w[0].date() for w in windows] == [dt.date(2025, 8, d) for d in (26, 27, 28, 29)]
    assert all((close - open_).total_seconds() == DAY_SECONDS for open_, close in windows)


def test_outages_count_only_in_working_hours() -> None:
    probes = [availability.Probe(a, ok, c) for a, ok, c in history(down=OUTAGES)]
    coverage = availability.coverage(probes, START, END)
    assert coverage.down == (30 + 30 + 15) * 60
    assert coverage.unknown == 0
    assert coverage.up == WORKING_DAYS * DAY_SECONDS - 75 * 60
    assert coverage.percent == pytest.approx(100 * (1 - 75 * 60 / (WORKING_DAYS * DAY_SECONDS)))


def test_gaps_are_unknown_not_up() -> None:
    gap = (at(27, 14, 0), at(27, 15, 0))  # an hour without probes on Wednesday afternoon
    probes = [availability.Probe(a, ok, c) for a, ok, c in history(down=[], gaps=[gap])]
    coverage = availability.coverage(probes, START, END)
    # the last probe before the gap (13:59) stands for its interval plus the grace, to 14:00:30
    assert coverage.unknown == 3600 - 30
    assert coverage.down == 0
    assert coverage.percent == 100.0
    assert availability.coverage([], START, END).percent is None


def test_incidents_have_start_end_and_cause() -> None:
    probes = [availability.Probe(a, ok, c) for a, ok, c in history(down=OUTAGES)]
    found = availability.incidents(probes)
    assert [(i.start, i.end, i.cause) for i in found] == sorted(
        [(low.astimezone(dt.UTC), high.astimezone(dt.UTC), cause) for low, high, cause in OUTAGES]
    )
    evening = next(i for i in found if i.cause.startswith("task_queue"))
    assert evening.working_seconds(at(31, 0)) == 45 * 60


@pytest.mark.django_db
def test_the_selectors_read_the_stored_history_the_same_way() -> None:
    gap = (at(27, 14, 0), at(27, 15, 0))
    services.probe_results_insert(rows=history(down=OUTAGES, gaps=[gap]), url="http://x/readyz")
    as_of = at(31, 23, 59)
    coverage = selectors.availability_coverage(start=START, end=END, as_of=as_of)
    assert coverage.down == 75 * 60
    assert coverage.unknown == 3600 - 30
    expected = (
        100
        * (WORKING_DAYS * DAY_SECONDS - 75 * 60 - (3600 - 30))
        / (WORKING_DAYS * DAY_SECONDS - (3600 - 30))
    )
    value = selectors.availability_working_hours(start=START, end=END, as_of=as_of)
    assert value == Decimal(str(round(expected, 4)))
    # only the probes where something changed are read, not the 10,000 stored
    assert len(selectors.probes_between(at(25, 0), as_of)) < 20
    ended = selectors.incidents_ended(start=START, end=END, as_of=as_of)
    assert len(ended) == len(OUTAGES)
    within = selectors.incidents_recovered_within(
        start=START, end=END, as_of=as_of, working_hours=4.25
    )
    assert len(within) == len(OUTAGES)
    # a time after ``as_of`` is unknown: the figure as it stood is not changed by later probes
    earlier = selectors.availability_coverage(start=START, end=END, as_of=at(26, 10, 15))
    assert earlier.down == 15 * 60
