"""The Register of Members' Financial Interests through a loopback fake of its API:
categories 3, 4 and 6 over every ``Skip``/``Take`` page, donation fields read, members
matched to regulated donees, unchanged harvests adding nothing, and a failure half-way
keeping the last good snapshot."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from regulator.audit.types import Actor
from regulator.monitoring import services
from regulator.monitoring.models import Match, MemberInterest, Snapshot, Source
from regulator.monitoring.testing import Fake, as_json, serving
from regulator.register.tests.factories import EntityFactory
from regulator.register.types import EntityType

pytestmark = pytest.mark.django_db
ACTOR = Actor.system("test")


def interest(
    n: int, category: int, member: tuple[int, str] = (4514, "Keir Starmer")
) -> dict[str, Any]:
    fields = [
        {"name": "DonorName", "value": f"Donor {n}", "typeInfo": {"typeName": "String"}},
        {"name": "DonorStatus", "value": "Individual", "typeInfo": {"typeName": "String"}},
        {
            "name": "Value",
            "value": 2500.5 + n,
            "typeInfo": {"typeName": "Decimal", "currencyCode": "GBP"},
        },
        {"name": "ReceivedDate", "value": "2024-03-01", "typeInfo": {"typeName": "DateOnly"}},
        {"name": "AcceptedDate", "value": "2024-03-02", "typeInfo": {"typeName": "DateOnly"}},
    ]
    if n == 1:
        fields.append({"name": "DonorCompanyIdentifier", "value": "sc123456", "typeInfo": {}})
    return {
        "id": 10_000 + n,
        "summary": f"Donor {n}",
        "registrationDate": "2024-03-20",
        "member": {"id": member[0], "nameDisplayAs": member[1]},
        "category": {"id": category, "name": "Donations"},
        "fields": fields,
    }


ITEMS = (
    [interest(1, 3), interest(2, 3, (172, "Diane Abbott"))]
    + [interest(n, 4) for n in range(3, 28)]
    + [interest(30, 6)]
)


@pytest.fixture
def fake(settings: Any) -> Iterator[Fake]:
    with serving() as server:
        settings.MONITORING_PARLIAMENT_URL = server.parliament(ITEMS)
        yield server


def test_every_page_of_the_three_categories_is_read_and_members_matched(fake: Fake) -> None:
    EntityFactory(name="Sir Keir Starmer MP", entity_type=EntityType.REGULATED_DONEE)
    result = services.parliament_interests_harvest(actor=ACTOR)
    assert result.new
    assert result.rows == len(ITEMS)
    assert fake.seen.count("/api/v1/Interests") == 4  # 3; 4 twice (25 > Take 20); 6
    first = MemberInterest.objects.get(interest_id=10_001)
    assert (first.category, first.donor_name, first.value_pence) == (3, "Donor 1", 250_150)
    assert first.donor_company_number == "SC123456"
    assert (first.received, first.accepted) == (dt.date(2024, 3, 1), dt.date(2024, 3, 2))
    assert first.registered == dt.date(2024, 3, 20)
    keir = Match.objects.get(subject_kind="member", subject_key="4514")
    assert keir.entity_id is not None
    assert Match.objects.get(subject_kind="member", subject_key="172").entity_id is None
    again = services.parliament_interests_harvest(actor=ACTOR)
    assert not again.new
    assert Snapshot.objects.filter(source__kind="parliament-interests").count() == 1


def test_a_failure_half_way_keeps_the_last_good_snapshot(fake: Fake, settings: Any) -> None:
    good = services.parliament_interests_harvest(actor=ACTOR)
    changed = [dict(ITEMS[0], summary="Changed"), *ITEMS[1:]]
    fake.parliament(changed)

    def broken(path: str, query: dict[str, str], headers: dict[str, str]) -> Any:
        if query.get("CategoryId") == "6":
            return as_json({"title": "Service unavailable"}, 503)
        wanted = [i for i in changed if str(i["category"]["id"]) == query.get("CategoryId")]
        skip, take = int(query["Skip"]), int(query["Take"])
        return as_json({"items": wanted[skip : skip + take], "totalResults": len(wanted)})

    fake.route("/api/v1/Interests", broken)
    with pytest.raises(CommandError, match="503"):
        call_command("monitoring_harvest", "parliament-interests")
    source = Source.objects.get(kind="parliament-interests")
    assert source.current == good.snapshot
    assert MemberInterest.objects.get(interest_id=10_001).summary == "Donor 1"
