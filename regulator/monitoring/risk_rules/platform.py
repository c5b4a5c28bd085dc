"""Rules over platform advertising (spend as the sum of each ad's lower bound: what is
certainly spent)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

from django.db.models import Q, Sum

from regulator.finance import selectors as finance_selectors
from regulator.monitoring.models import Advertiser, Match
from regulator.monitoring.risk_rules.base import Finding
from regulator.monitoring.risk_rules.periods import notification_threshold, periods_until
from regulator.monitoring.types import MatchStatus, SubjectKind


def _pounds(pence: int) -> str:
    return f"£{pence / 100:,.2f}"


def _matches() -> dict[str, Match]:
    return {m.subject_key: m for m in Match.objects.filter(subject_kind=SubjectKind.ADVERTISER)}


def _spend_in(advertiser: Advertiser, start: dt.date, end: dt.date) -> int:
    total = advertiser.ads.filter(
        Q(start__lte=end) & (Q(end__gte=start) | Q(end__isnull=True))
    ).aggregate(total=Sum("spend_min_pence"))["total"]
    return int(total or 0)


def unregistered_advertiser(today: dt.date) -> Iterator[Finding]:
    """A UK advertiser matched to no regulated entity whose certain spend in a regulated
    period (or, with no ads on file, its lifetime spend) passes the notification
    threshold in force at the period's end."""
    matches = _matches()
    for advertiser in Advertiser.objects.filter(uk=True).select_related("last_snapshot"):
        match = matches.get(f"{advertiser.platform}:{advertiser.advertiser_id}")
        if match is not None and match.status in (MatchStatus.CONFIRMED, MatchStatus.SUGGESTED):
            continue
        has_ads = advertiser.ads.exists()
        windows = (
            [(p.name, p.start, min(p.end, today)) for p in periods_until(today)]
            if has_ads
            else [("lifetime", dt.date(2018, 1, 1), today)]
        )
        for name, start, end in windows:
            spend = _spend_in(advertiser, start, end) if has_ads else advertiser.spend_gbp_pence
            threshold = notification_threshold(end)
            if spend <= threshold:
                continue
            yield Finding(
                subject_kind=SubjectKind.ADVERTISER,
                subject_key=f"{advertiser.platform}:{advertiser.advertiser_id}",
                subject_label=advertiser.name,
                period=name,
                summary=(
                    f"{advertiser.name} spent at least {_pounds(spend)} on UK political ads "
                    f"({name}) and is not a registered campaigner: the notification "
                    f"threshold is {_pounds(threshold)}."
                ),
                evidence={
                    "advertiser_id": advertiser.advertiser_id,
                    "platform": advertiser.platform,
                    "spend_min_pence": spend,
                    "threshold_pence": threshold,
                    "window": [start, end],
                    "basis": "ads' lower bounds" if has_ads else "lifetime Spend_GBP",
                    "match": match.status if match else None,
                },
                snapshot_ids=(advertiser.last_snapshot_id,),
            )


def spend_over_reported(today: dt.date) -> Iterator[Finding]:
    """A regulated entity whose certain platform ad spend in a regulated period is more
    than all the campaign spending it reported for that period."""
    matches = list(
        Match.objects.filter(
            subject_kind=SubjectKind.ADVERTISER,
            status__in=[MatchStatus.CONFIRMED, MatchStatus.SUGGESTED],
            entity__isnull=False,
        )
    )
    advertisers = {f"{a.platform}:{a.advertiser_id}": a for a in Advertiser.objects.filter(uk=True)}
    for period in periods_until(today):
        end = min(period.end, today)
        by_entity: dict[int, tuple[int, list[Advertiser]]] = {}
        for match in matches:
            advertiser = advertisers.get(match.subject_key)
            if advertiser is None or match.entity_id is None:
                continue
            spend, seen = by_entity.get(match.entity_id, (0, []))
            by_entity[match.entity_id] = (
                spend + _spend_in(advertiser, period.start, end),
                [*seen, advertiser],
            )
        for entity_id, (spend, seen) in by_entity.items():
            if spend == 0:
                continue
            reported = finance_selectors.transactions_published("spending").filter(
                entity_id=entity_id, date__gte=period.start, date__lte=end
            ).aggregate(total=Sum("value"))["total"] or Decimal(0)
            reported_pence = int(reported * 100)
            if spend <= reported_pence:
                continue
            names = ", ".join(sorted(a.name for a in seen))
            yield Finding(
                subject_kind=SubjectKind.ENTITY,
                subject_key=str(entity_id),
                subject_label=names,
                entity_id=entity_id,
                period=period.name,
                summary=(
                    f"Platform ads of {names} cost at least {_pounds(spend)} in {period.name}, "
                    f"more than the {_pounds(reported_pence)} of spending reported."
                ),
                evidence={
                    "platform_spend_min_pence": spend,
                    "reported_spending_pence": reported_pence,
                    "advertisers": sorted(f"{a.platform}:{a.advertiser_id}" for a in seen),
                    "window": [period.start, end],
                },
                snapshot_ids=tuple(sorted({a.last_snapshot_id for a in seen})),
            )
