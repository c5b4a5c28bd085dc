"""Companies House through a loopback fake of its API: every company donor's profile,
officers and persons with significant control, with the key as the Basic-auth user; a 429
waits for its ``Retry-After``; the client keeps to 600 requests in any 5 minutes; a
harvest stopped half-way continues where it stopped; unchanged data adds nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from regulator.audit.types import Actor
from regulator.finance.tests.factories import donation, loan
from regulator.monitoring import services
from regulator.monitoring.models import CompanyProfile, HarvestItem, Snapshot, Source
from regulator.monitoring.sources import companies_house as fmt
from regulator.monitoring.sources.http import RateLimit
from regulator.monitoring.testing import Fake, serving
from regulator.register.tests.factories import EntityFactory

pytestmark = pytest.mark.django_db
ACTOR = Actor.system("test")
KEY = "ch-test-key"


def company(number: str, status: str = "active", detail: str = "") -> dict[str, Any]:
    profile = {
        "company_number": number,
        "company_name": f"COMPANY {number} LIMITED",
        "company_status": status,
        "date_of_creation": "2010-01-01",
        "type": "ltd",
    }
    if detail:
        profile["company_status_detail"] = detail
    if status == "dissolved":
        profile["date_of_cessation"] = "2023-05-01"
    return {
        "profile": profile,
        "officers": [
            {"name": "SMITH, Jane", "officer_role": "director", "appointed_on": "2010-01-01"}
        ],
        "psc": [
            {
                "name": "Mrs Jane Smith",
                "kind": "individual-person-with-significant-control",
                "natures_of_control": ["ownership-of-shares-75-to-100-percent"],
                "notified_on": "2016-04-06",
            }
        ],
    }


COMPANIES = {
    "01234567": company("01234567"),
    "02222222": company("02222222", detail="active-proposal-to-strike-off"),
    "SC333333": company("SC333333", status="dissolved"),
}


@pytest.fixture
def fake(settings: Any) -> Iterator[Fake]:
    with serving() as server:
        settings.COMPANIES_HOUSE_API_KEY = KEY
        settings.MONITORING_COMPANIES_HOUSE_URL = server.base
        yield server


@pytest.fixture
def donors() -> None:
    party: Any = EntityFactory()
    for number in ("01234567", "02222222", "SC333333", "09999999"):
        donation(f"Company {number}", entity=party, status="Company", company_number=number)
    donation("Company 01234567 again", entity=party, status="Company", company_number="01234567")
    loan("Lender Ltd", entity=party, lender_type="Company", company_number="02222222")


def test_every_company_donor_is_fetched_and_429_waits_for_retry_after(
    fake: Fake, donors: None
) -> None:
    fake.companies_house(COMPANIES, key=KEY, budget=4, retry_after=7)
    waits: list[float] = []
    api = fmt.client(KEY, sleep=waits.append, limit=RateLimit(600, 300, sleep=waits.append))
    result = services.companies_house_harvest(actor=ACTOR, client=api)
    assert result.new
    assert result.rows == 4
    assert waits == [7.0]
    assert fake.ch_state["limited"] == 1
    live = CompanyProfile.objects.get(company_number="01234567")
    assert (live.status, live.found, live.name) == ("active", True, "COMPANY 01234567 LIMITED")
    assert live.officers[0]["role"] == "director"
    assert live.psc[0]["natures_of_control"] == ["ownership-of-shares-75-to-100-percent"]
    assert CompanyProfile.objects.get(company_number="02222222").status_detail == (
        "active-proposal-to-strike-off"
    )
    gone = CompanyProfile.objects.get(company_number="SC333333")
    assert gone.date_of_cessation == dt.date(2023, 5, 1)
    assert not CompanyProfile.objects.get(company_number="09999999").found
    assert not HarvestItem.objects.exists()
    again = services.companies_house_harvest(
        actor=ACTOR, client=fmt.client(KEY, sleep=waits.append)
    )
    assert not again.new
    assert Snapshot.objects.filter(source__kind="companies-house").count() == 1


def test_a_harvest_stopped_half_way_continues_where_it_stopped(fake: Fake, donors: None) -> None:
    fake.companies_house(COMPANIES, key=KEY, fail_on="SC333333")
    with pytest.raises(CommandError, match="a re-run continues"):
        call_command("monitoring_harvest", "companies-house")
    source = Source.objects.get(kind="companies-house")
    assert source.current is None
    assert "500" in source.last_failure_reason
    assert set(HarvestItem.objects.values_list("key", flat=True)) == {
        "01234567",
        "02222222",
        "09999999",
    }
    assert not CompanyProfile.objects.exists()
    fake.seen.clear()
    fake.companies_house(COMPANIES, key=KEY)
    call_command("monitoring_harvest", "companies-house")
    assert not [p for p in fake.seen if p.startswith("/company/0")]
    assert fake.seen[0] == "/company/SC333333"
    assert CompanyProfile.objects.count() == 4
    assert Source.objects.get(kind="companies-house").current is not None


def test_the_wrong_key_fails_and_keeps_the_last_good_snapshot(fake: Fake, donors: None) -> None:
    fake.companies_house(COMPANIES, key=KEY)
    good = services.companies_house_harvest(actor=ACTOR)
    fake.companies_house(
        {**COMPANIES, "01234567": company("01234567", status="liquidation")}, key="other"
    )
    with pytest.raises(services.HarvestError, match="401"):
        services.companies_house_harvest(actor=ACTOR)
    assert Source.objects.get(kind="companies-house").current == good.snapshot
    assert CompanyProfile.objects.get(company_number="01234567").status == "active"


def test_the_client_keeps_to_600_requests_in_any_five_minutes() -> None:
    now = [0.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    limit = RateLimit(600, 300, clock=lambda: now[0], sleep=sleep)
    for _ in range(600):
        limit.wait()
        now[0] += 0.1
    assert waits == []
    limit.wait()
    assert waits == [pytest.approx(240.0)]  # until the first of the 600 is 5 minutes old
