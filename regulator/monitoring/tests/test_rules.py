"""The risk rules over platform ads and filed data, each on both sides of its threshold,
and the alerts they raise: one per rule, subject and period, updated not duplicated."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from regulator.audit.types import Actor
from regulator.monitoring import services
from regulator.monitoring.models import Ad, Advertiser, Alert, Snapshot
from regulator.monitoring.risk_rules import filed, platform
from regulator.monitoring.risk_rules.periods import notification_threshold
from regulator.monitoring.services.snapshots import source_get
from regulator.monitoring.types import MatchStatus, SubjectKind

pytestmark = pytest.mark.django_db
ACTOR = Actor.system("test")
TODAY = dt.date(2024, 7, 10)


def _snapshot() -> Snapshot:
    return Snapshot.objects.create(
        source=source_get("google-ads"),
        fetched_at=dt.datetime(2024, 7, 9, tzinfo=dt.UTC),
        sha256="0" * 64,
        size=1,
        file_name="x.zip",
        complete=True,
    )


def _advertiser(name: str, pounds_per_ad: list[int], key: str = "AR1") -> Advertiser:
    snapshot = _snapshot() if not Snapshot.objects.exists() else Snapshot.objects.get()
    advertiser = Advertiser.objects.create(
        platform="google-ads",
        advertiser_id=key,
        name=name,
        uk=True,
        first_snapshot=snapshot,
        last_snapshot=snapshot,
    )
    for n, pounds in enumerate(pounds_per_ad):
        Ad.objects.create(
            platform="google-ads",
            ad_id=f"{key}-{n}",
            advertiser=advertiser,
            start=dt.date(2024, 3, 1),
            end=dt.date(2024, 3, 8),
            spend_min_pence=pounds * 100,
            spend_max_pence=pounds * 200,
            snapshot=snapshot,
        )
    return advertiser


def test_the_notification_threshold_is_dated() -> None:
    assert notification_threshold(dt.date(2023, 10, 31)) == 2_000_000
    assert notification_threshold(dt.date(2023, 11, 1)) == 1_000_000


def test_an_unregistered_advertiser_is_flagged_only_above_the_threshold() -> None:
    _advertiser("Under Campaign", [5_000, 5_000], key="AR1")
    _advertiser("Over Campaign", [5_000, 5_001], key="AR2")
    found = list(platform.unregistered_advertiser(TODAY))
    assert [(f.subject_label, f.period) for f in found] == [("Over Campaign", "UKPGE 2024")]
    assert found[0].evidence["spend_min_pence"] == 1_000_100


def test_a_matched_advertiser_is_never_flagged_as_unregistered() -> None:
    from regulator.register.tests.factories import EntityFactory

    party: Any = EntityFactory(name="Over Party")
    _advertiser("Over Party", [20_000])
    services.match_refresh(
        subject_kind=SubjectKind.ADVERTISER,
        subject_key="google-ads:AR1",
        name="Over Party",
        names=[(party.pk, party.name, "current")],
    )
    assert list(platform.unregistered_advertiser(TODAY)) == []


def test_platform_spend_above_reported_spending_is_flagged_and_equal_is_not() -> None:
    from regulator.monitoring.models import Match
    from regulator.register.tests.factories import EntityFactory

    party: Any = EntityFactory(name="Spend Party")
    _advertiser("Spend Party", [3_000])
    Match.objects.create(
        subject_kind=SubjectKind.ADVERTISER,
        subject_key="google-ads:AR1",
        name="Spend Party",
        entity=party,
        confidence=1,
        status=MatchStatus.CONFIRMED,
    )
    found = list(platform.spend_over_reported(TODAY))
    assert [(f.entity_id, f.evidence["platform_spend_min_pence"]) for f in found] == [
        (party.pk, 300_000)
    ]
    assert found[0].evidence["reported_spending_pence"] == 0


def test_alerts_are_deduplicated_and_updated() -> None:
    from regulator.monitoring.risk_rules.registry import rule_get

    rule = rule_get("unregistered-advertiser-spend")
    assert rule is not None
    _advertiser("Over Campaign", [20_000])
    first = services.rules_run(actor=ACTOR, today=TODAY, only=rule.code)
    assert (first[0].findings, first[0].raised) == (1, 1)
    again = services.rules_run(actor=ACTOR, today=TODAY, only=rule.code)
    assert (again[0].findings, again[0].raised) == (1, 0)
    Ad.objects.update(spend_min_pence=3_000_000)
    services.rules_run(actor=ACTOR, today=TODAY, only=rule.code)
    alert = Alert.objects.get()
    assert alert.evidence["spend_min_pence"] == 3_000_000
    assert alert.snapshots.count() == 1


def test_an_impermissible_donation_is_flagged_after_30_days_unless_returned() -> None:
    from regulator.finance.models import Donation
    from regulator.finance.tests import factories as finance

    entity: Any = finance.EntityFactory()
    received = dt.date(2024, 5, 1)
    kept = finance.donation(
        "Foreign Ltd", entity=entity, date=received, status="Impermissible Donor"
    )
    sent_back = finance.donation(
        "Other Foreign Ltd", entity=entity, date=received, status="Impermissible Donor"
    )
    Donation.all_objects.filter(pk=sent_back.pk).update(donation_action="Returned")
    assert list(filed.impermissible_not_returned(received + dt.timedelta(days=30))) == []
    found = list(filed.impermissible_not_returned(received + dt.timedelta(days=31)))
    assert [f.evidence["donation"] for f in found] == [kept.ec_ref]


def test_a_missing_return_is_flagged_after_its_deadline_and_not_before() -> None:
    from regulator.core import clock
    from regulator.filings import services as filings_services
    from regulator.filings.tests.factories import filing_world

    world = filing_world()
    clock.freeze(dt.datetime(2025, 7, 3, 9, tzinfo=dt.UTC))
    filed_return = filings_services.return_create(
        entity=world["entity"], kind="nil", period_name="Q2 2025", actor=world["treasurer"]
    )
    assert filed_return.due_date == dt.date(2025, 7, 30)
    clock.freeze(dt.datetime(2025, 7, 30, 12, tzinfo=dt.UTC))
    assert list(filed.returns_late_or_missing(dt.date(2025, 7, 30))) == []
    clock.freeze(dt.datetime(2025, 8, 1, 12, tzinfo=dt.UTC))
    found = list(filed.returns_late_or_missing(dt.date(2025, 8, 1)))
    assert [(f.entity_id, f.evidence["state"]) for f in found] == [(world["entity"].pk, "missing")]
