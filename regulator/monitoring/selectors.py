"""Reads of the monitoring area."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from regulator.core import clock
from regulator.monitoring.models import Ad, Advertiser, Alert, Intelligence, Match, Snapshot, Source
from regulator.monitoring.risk_rules.periods import PERIODS, RegulatedPeriod
from regulator.monitoring.risk_rules.registry import REGISTRY, rule_get
from regulator.monitoring.types import OPEN_ALERT_STATES, AlertState, SourceKind, SubjectKind


@dataclass(frozen=True)
class SourceRow:
    kind: str
    label: str
    source: Source | None
    age_days: int | None


def sources_overview() -> list[SourceRow]:
    known = {s.kind: s for s in Source.objects.select_related("current")}
    now = clock.now()
    rows = []
    for kind, label in SourceKind.choices:
        source = known.get(kind)
        age = None
        if source is not None and source.last_success_at is not None:
            age = (now - source.last_success_at).days
        rows.append(SourceRow(kind, str(label), source, age))
    return rows


def snapshots_of(kind: str) -> QuerySet[Snapshot]:
    return Snapshot.objects.filter(source__kind=kind)


def alerts_all() -> QuerySet[Alert]:
    return Alert.objects.select_related("entity", "assignee")


def alerts_open() -> QuerySet[Alert]:
    return alerts_all().filter(state__in=OPEN_ALERT_STATES)


def alerts_filtered(
    *, state: str = "", rule: str = "", severity: str = "", entity_id: int | None = None
) -> QuerySet[Alert]:
    rows = alerts_open() if not state else alerts_all().filter(state=state)
    if rule:
        rows = rows.filter(rule=rule)
    if severity:
        rows = rows.filter(severity=severity)
    if entity_id is not None:
        rows = rows.filter(entity_id=entity_id)
    return rows.order_by("target_on", "-raised_at")


def alert_get(*, reference: str) -> Alert | None:
    return alerts_all().filter(reference=reference).first()


def alerts_of_entity(*, entity_id: int) -> QuerySet[Alert]:
    return alerts_all().filter(entity_id=entity_id)


def alerts_by_rule_and_state() -> list[dict[str, Any]]:
    return list(
        Alert.objects.values("rule", "state").annotate(n=Count("pk")).order_by("rule", "state")
    )


def rules_all() -> list[Any]:
    return list(REGISTRY)


def rule_of(alert: Alert) -> Any:
    return rule_get(alert.rule)


def matches_for_review(*, status: str = "") -> QuerySet[Match]:
    rows = Match.objects.select_related("entity")
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("-confidence", "name")


def match_get(*, pk: int) -> Match | None:
    return Match.objects.select_related("entity").filter(pk=pk).first()


def matches_of_entity(*, entity_id: int) -> QuerySet[Match]:
    return Match.objects.filter(entity_id=entity_id).exclude(status="rejected")


def advertisers_uk(*, platform: str = SourceKind.GOOGLE_ADS) -> QuerySet[Advertiser]:
    return Advertiser.objects.filter(platform=platform, uk=True).order_by("name")


@dataclass(frozen=True)
class AdvertiserMatch:
    advertiser_id: str
    advertiser_name: str
    spend_gbp_min: float
    spend_gbp_max: float | None
    regulated_entity_id: int | None
    confidence: float


def advertiser_matches(*, platform: str = SourceKind.GOOGLE_ADS) -> list[AdvertiserMatch]:
    """Every UK advertiser with its spend (from its ads' ranges when there are ads, else
    the lifetime figure as both bounds) and the entity it is matched to."""
    matches = {m.subject_key: m for m in Match.objects.filter(subject_kind=SubjectKind.ADVERTISER)}
    ranges = {
        row["advertiser"]: row
        for row in Ad.objects.filter(platform=platform)
        .values("advertiser")
        .annotate(
            low=Sum("spend_min_pence"),
            high=Sum("spend_max_pence"),
            open_top=Count("pk", filter=Q(spend_max_pence__isnull=True)),
        )
    }
    rows = []
    for advertiser in advertisers_uk(platform=platform):
        match = matches.get(f"{platform}:{advertiser.advertiser_id}")
        spans = ranges.get(advertiser.pk)
        if spans is not None:
            low = spans["low"] or 0
            high = None if spans["open_top"] else spans["high"]
        else:
            low = high = advertiser.spend_gbp_pence
        linked = match is not None and match.status in ("confirmed", "suggested")
        rows.append(
            AdvertiserMatch(
                advertiser_id=advertiser.advertiser_id,
                advertiser_name=advertiser.name,
                spend_gbp_min=low / 100,
                spend_gbp_max=None if high is None else high / 100,
                regulated_entity_id=match.entity_id if linked and match else None,
                confidence=match.confidence if match else 0.0,
            )
        )
    return rows


@dataclass(frozen=True)
class SpendRow:
    entity_id: int
    entity_name: str
    platform_min_pence: int
    reported_pence: int


def spend_against_reported(*, period: RegulatedPeriod) -> list[SpendRow]:
    from regulator.finance import selectors as finance_selectors

    totals: dict[int, tuple[str, int]] = {}
    for match in Match.objects.filter(
        subject_kind=SubjectKind.ADVERTISER,
        status__in=["confirmed", "suggested"],
        entity__isnull=False,
    ).select_related("entity"):
        platform, _sep, key = match.subject_key.partition(":")
        spend = (
            Ad.objects.filter(
                platform=platform,
                advertiser__advertiser_id=key,
                start__lte=period.end,
            )
            .filter(Q(end__gte=period.start) | Q(end__isnull=True))
            .aggregate(total=Sum("spend_min_pence"))["total"]
            or 0
        )
        assert match.entity is not None
        name, before = totals.get(match.entity.pk, (match.entity.name, 0))
        totals[match.entity.pk] = (name, before + int(spend))
    rows = []
    for entity_id, (name, spend) in totals.items():
        reported = (
            finance_selectors.transactions_published("spending")
            .filter(entity_id=entity_id, date__gte=period.start, date__lte=period.end)
            .aggregate(total=Sum("value"))["total"]
            or 0
        )
        rows.append(SpendRow(entity_id, name, spend, int(reported * 100)))
    return sorted(rows, key=lambda r: -r.platform_min_pence)


def periods() -> tuple[RegulatedPeriod, ...]:
    return PERIODS


def intelligence_all() -> QuerySet[Intelligence]:
    return Intelligence.objects.select_related("entity", "recorded_by")


def intelligence_get(*, reference: str) -> Intelligence | None:
    return intelligence_all().filter(reference=reference).first()


def today() -> dt.date:
    return clock.local_today()


# --- Reads of the staff pages ---------------------------------------------------------------


@dataclass(frozen=True)
class AlertRow:
    """An alert in the queue, with its age in days and whether its target has passed."""

    alert: Alert
    age_days: int
    overdue: bool


def alert_rows(alerts: QuerySet[Alert]) -> list[AlertRow]:
    day = today()
    return [
        AlertRow(
            alert=a,
            age_days=(day - clock.to_local(a.raised_at).date()).days,
            overdue=a.state in OPEN_ALERT_STATES and a.target_on < day,
        )
        for a in alerts
    ]


def alerts_by_references(references: list[str]) -> list[Alert]:
    """The alerts named, in the order named (unknown references are left out)."""
    found = {a.reference: a for a in alerts_all().filter(reference__in=references)}
    return [found[r] for r in references if r in found]


def alert_snapshots(alert: Alert) -> QuerySet[Snapshot]:
    return alert.snapshots.select_related("source").order_by("-fetched_at")


def intelligence_of_alert(alert: Alert) -> QuerySet[Intelligence]:
    return intelligence_all().filter(alerts=alert)


def rule_choices() -> list[tuple[str, str]]:
    return [(rule.code, str(rule.title)) for rule in REGISTRY]


@dataclass(frozen=True)
class RuleCounts:
    code: str
    title: str
    by_state: list[int]
    total: int


def alert_counts() -> list[RuleCounts]:
    """Alerts by rule (every rule, also those with none) and state, in the states' order."""
    counts: dict[tuple[str, str], int] = {
        (row["rule"], row["state"]): row["n"] for row in alerts_by_rule_and_state()
    }
    codes = [rule.code for rule in REGISTRY]
    codes += sorted({rule for rule, _state in counts} - set(codes))
    rows = []
    for code in codes:
        rule = rule_get(code)
        by_state = [counts.get((code, state), 0) for state in AlertState.values]
        rows.append(RuleCounts(code, str(rule.title) if rule else code, by_state, sum(by_state)))
    return rows


def period_get(name: str) -> RegulatedPeriod | None:
    return next((p for p in PERIODS if p.name == name), None)


def period_default() -> RegulatedPeriod:
    started = [p for p in PERIODS if p.start <= today()]
    return started[-1] if started else PERIODS[0]
