"""Gifts from one source to one recipient, each at or under the recipient's reporting
threshold, that together pass it within a short window (splitting a gift to stay under
the threshold)."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from regulator.donors import selectors as donors_selectors
from regulator.finance import selectors as finance_selectors
from regulator.monitoring.risk_rules import thresholds
from regulator.monitoring.risk_rules.base import Finding
from regulator.monitoring.types import Severity, SubjectKind

LOOK_BACK_DAYS = 800
TITLES = re.compile(r"\b(mr|mrs|ms|miss|mx|dr|sir|dame|lord|lady|rt|hon|the|mp|obe|mbe|cbe)\b")


def person_key(name: str) -> str:
    words = re.sub(r"[^a-z ]", " ", name.casefold())
    return " ".join(TITLES.sub(" ", words).split())


def donor_key(donation: Any) -> str:
    if donation.donor_status.strip().lower() == "individual":
        return "p:" + person_key(donation.donor_name)
    return "o:" + donors_selectors.organisation_key(donation.donor_name)


def _day(donation: Any) -> dt.date:
    day: dt.date = donation.received_date or donation.accepted_date or donation.date
    return day


def gifts_split_under_threshold(today: dt.date) -> Iterator[Finding]:
    """Two or more published donations from one donor (name normalised) to one entity (or
    accounting unit), each at or under the threshold in force, summing over it within 30
    days (the first such run of gifts; each later run separately)."""
    since = today - dt.timedelta(days=LOOK_BACK_DAYS)
    rows = finance_selectors.transactions_published("donations").filter(
        date__gte=since, entity__isnull=False
    )
    groups: dict[tuple[int, int | None, str], list[Any]] = defaultdict(list)
    for donation in rows.order_by("date", "ec_ref"):
        key = donor_key(donation)
        if key.endswith(":"):
            continue
        day = _day(donation)
        limit = thresholds.threshold_for(
            donation.entity_type, donation.accounting_unit_id is not None, day
        )
        if int(donation.value * 100) > limit:
            continue
        groups[(donation.entity_id, donation.accounting_unit_id, key)].append(donation)
    for (entity_id, unit_id, key), gifts in groups.items():
        gifts.sort(key=lambda d: (_day(d), d.ec_ref))
        start = 0
        while start < len(gifts):
            first = _day(gifts[start])
            window = thresholds.on(thresholds.SPLIT_WINDOW_DAYS, first)
            limit = thresholds.threshold_for(gifts[start].entity_type, unit_id is not None, first)
            end = start
            total = 0
            run: list[Any] = []
            while end < len(gifts) and (_day(gifts[end]) - first).days <= window:
                total += int(gifts[end].value * 100)
                run.append(gifts[end])
                end += 1
            if len(run) < 2 or total <= limit:
                start += 1
                continue
            donor = run[0].donor_name
            yield Finding(
                subject_kind=SubjectKind.DONOR,
                subject_key=f"{entity_id}:{unit_id or ''}:{key}"[:200],
                subject_label=donor,
                entity_id=entity_id,
                period=f"{first:%Y-%m-%d}",
                summary=(
                    f"{len(run)} gifts from {donor} to {run[0].entity_name} within {window} "
                    f"days, each at or under £{limit / 100:,.2f}, add up to "
                    f"£{total / 100:,.2f}."
                ),
                evidence={
                    "donations": [d.ec_ref for d in run],
                    "values_pence": [int(d.value * 100) for d in run],
                    "total_pence": total,
                    "threshold_pence": limit,
                    "window_days": window,
                    "first": first,
                    "last": _day(run[-1]),
                },
                severity=Severity.MEDIUM,
            )
            start = end
