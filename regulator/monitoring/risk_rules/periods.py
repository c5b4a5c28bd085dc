"""Regulated periods and the dated figures the rules compare against (domain-staff.md §2;
domain.md). A figure is data with the day it takes effect."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class RegulatedPeriod:
    name: str
    start: dt.date
    end: dt.date


# The regulated period for campaigners at a UK parliamentary general election: the 365
# days up to polling day.
PERIODS = (
    RegulatedPeriod("UKPGE 2024", dt.date(2023, 7, 5), dt.date(2024, 7, 4)),
    RegulatedPeriod("UKPGE 2029 (open)", dt.date(2024, 7, 5), dt.date(2029, 8, 15)),
)

# Non-party campaigners must notify (register) before spending more than this UK-wide
# (in pence), by the date of the spending: £20,000 in England before 1 November 2023 is
# taken as the single UK-wide figure then; £10,000 from 1 November 2023.
NOTIFICATION_THRESHOLD = (
    (dt.date(2014, 1, 1), 2_000_000),
    (dt.date(2023, 11, 1), 1_000_000),
)


def notification_threshold(on: dt.date) -> int:
    figure = NOTIFICATION_THRESHOLD[0][1]
    for start, pence in NOTIFICATION_THRESHOLD:
        if start <= on:
            figure = pence
    return figure


def periods_until(today: dt.date) -> list[RegulatedPeriod]:
    return [period for period in PERIODS if period.start <= today]
