"""The rules over harvested sources, each on both sides of its threshold: company donors
not active on the day they gave, MPs' registered donations not reported in time, gifts
split under the reporting threshold, and news with a watch term naming an entity."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from regulator.audit.types import Actor
from regulator.core import clock
from regulator.finance.tests.factories import donation
from regulator.monitoring import services
from regulator.monitoring.models import CompanyProfile, Match, MemberInterest, NewsItem, Snapshot
from regulator.monitoring.risk_rules import gifts, harvested
from regulator.monitoring.risk_rules.base import Finding
from regulator.register.tests.factories import EntityFactory
from regulator.register.types import EntityType

pytestmark = pytest.mark.django_db
TODAY = dt.date(2024, 9, 1)


def snapshot(kind: str) -> Snapshot:
    return Snapshot.objects.create(
        source=services.source_get(kind),
        fetched_at=clock.now(),
        sha256=f"{kind:0<64}"[:64],
        size=1,
        file_name="x",
        complete=True,
    )


def profile(number: str, **values: object) -> CompanyProfile:
    defaults: dict[str, object] = {
        "name": f"Company {number}",
        "status": "active",
        "history": [{"status": "active", "detail": "", "from": "2024-01-01"}],
        "snapshot": snapshot("companies-house")
        if not Snapshot.objects.exists()
        else Snapshot.objects.first(),
        "fetched_at": dt.datetime(2024, 6, 1, 12, tzinfo=dt.UTC),
    }
    return CompanyProfile.objects.create(company_number=number, **{**defaults, **values})


def periods(findings: list[Finding]) -> set[str]:
    return {f.period for f in findings}


def test_company_donor_not_active_on_the_day_of_the_donation() -> None:
    party: Any = EntityFactory()
    profile(
        "02222222",
        history=[
            {"status": "active", "detail": "", "from": "2024-01-01"},
            {"status": "active", "detail": "active-proposal-to-strike-off", "from": "2024-03-01"},
        ],
    )
    profile("SC333333", status="dissolved", date_of_cessation=dt.date(2023, 5, 1), history=[])
    profile("09999999", found=False, status="not-found", history=[])
    before = donation(
        "A", entity=party, status="Company", company_number="02222222", date=dt.date(2024, 2, 29)
    )
    on = donation(
        "A", entity=party, status="Company", company_number="02222222", date=dt.date(2024, 3, 1)
    )
    alive = donation(
        "B", entity=party, status="Company", company_number="SC333333", date=dt.date(2023, 4, 30)
    )
    dead = donation(
        "B", entity=party, status="Company", company_number="SC333333", date=dt.date(2023, 5, 1)
    )
    ghost = donation(
        "C", entity=party, status="Company", company_number="09999999", date=dt.date(2024, 2, 1)
    )
    found = list(harvested.company_donor_not_active(TODAY))
    assert periods(found) == {on.ec_ref, dead.ec_ref, ghost.ec_ref}
    assert before.ec_ref not in periods(found)
    assert alive.ec_ref not in periods(found)
    strike = next(f for f in found if f.period == on.ec_ref)
    assert strike.evidence["problem"] == "strike-off"
    assert strike.severity == "medium"


def _mp(value_pence: int) -> MemberInterest:
    return MemberInterest.objects.create(
        interest_id=1,
        member_id=4514,
        member_name="Keir Starmer",
        category=3,
        donor_name="Lord Alli",
        donor_status="Individual",
        value_pence=value_pence,
        accepted=dt.date(2024, 3, 2),
        snapshot=snapshot("parliament-interests"),
    )


@pytest.mark.parametrize(("pence", "raised"), [(223_000, False), (223_001, True)])
def test_mp_donation_over_the_donee_threshold_with_no_report(pence: int, raised: bool) -> None:
    donee: Any = EntityFactory(name="Keir Starmer MP", entity_type=EntityType.REGULATED_DONEE)
    Match.objects.create(
        subject_kind="member",
        subject_key="4514",
        name="Keir Starmer",
        entity=donee,
        status="confirmed",
    )
    _mp(pence)
    found = list(harvested.mp_donation_not_reported(TODAY))
    assert bool(found) is raised
    if raised:
        assert found[0].evidence["state"] == "missing"
        assert found[0].evidence["due"] == dt.date(2024, 4, 1)


@pytest.mark.parametrize(("days", "raised"), [(30, False), (31, True)])
def test_mp_donation_reported_after_30_days_is_late(days: int, raised: bool) -> None:
    donee: Any = EntityFactory(name="Keir Starmer MP", entity_type=EntityType.REGULATED_DONEE)
    Match.objects.create(
        subject_kind="member",
        subject_key="4514",
        name="Keir Starmer",
        entity=donee,
        status="suggested",
    )
    _mp(500_000)
    report = donation("Lord Alli", entity=donee, value="5000.00", date=dt.date(2024, 3, 2))
    report.reported_date = dt.date(2024, 3, 2) + dt.timedelta(days=days)
    report.save(update_fields=["reported_date"])
    found = list(harvested.mp_donation_not_reported(TODAY))
    assert bool(found) is raised
    if raised:
        assert found[0].evidence["state"] == "late"
    # Not yet due: nothing, whatever was reported.
    assert not list(harvested.mp_donation_not_reported(dt.date(2024, 4, 1)))


@pytest.mark.parametrize(
    ("second", "gap", "raised"),
    [("5180.00", 10, False), ("5180.01", 10, True), ("5180.01", 31, False)],
)
def test_gifts_split_under_the_threshold(second: str, gap: int, raised: bool) -> None:
    party: Any = EntityFactory()
    first = dt.date(2024, 3, 1)
    donation("Mr John  Smith", entity=party, value="6000.00", date=first)
    donation("John Smith", entity=party, value=second, date=first + dt.timedelta(days=gap))
    donation("Jane Smith", entity=party, value="6000.00", date=first)
    found = list(gifts.gifts_split_under_threshold(TODAY))
    assert bool(found) is raised
    if raised:
        assert found[0].evidence["total_pence"] == 1_118_001
        assert found[0].evidence["threshold_pence"] == 1_118_000
    # A gift over the threshold is reported on its own: not a split.
    donation("Big Giver", entity=party, value=str(Decimal("11180.01")), date=first)
    donation("Big Giver", entity=party, value="100.00", date=first)
    assert all(f.subject_label != "Big Giver" for f in gifts.gifts_split_under_threshold(TODAY))


def test_news_with_a_watch_term_naming_an_entity() -> None:
    party: Any = EntityFactory(name="Hedgehog Party")
    EntityFactory(name="Herald Media Group")
    shot = snapshot("news")
    when = dt.datetime(2024, 8, 1, tzinfo=dt.UTC)

    def item(guid: str, title: str, terms: list[str]) -> NewsItem:
        return NewsItem.objects.create(
            feed="https://herald.example/rss",
            guid=guid,
            title=title,
            published=when,
            terms=terms,
            snapshot=shot,
        )

    named = item("1", "Hedgehog Party and an undeclared donation", ["undeclared"])
    item("2", "Hedgehog Party opens a new office", [])
    item("3", "Herald Media Group hit by undeclared loan claims", ["undeclared"])
    found = list(harvested.news_names_entity(TODAY))
    assert [(f.subject_key, f.entity_id) for f in found] == [(str(named.pk), party.pk)]
    assert not list(harvested.news_names_entity(dt.date(2025, 1, 1)))  # older than 90 days
    results = services.rules_run(actor=Actor.system("test"), today=TODAY, only="news-names-entity")
    assert results[0].raised == 1
