"""Remembered answers (counts, facets, totals): served while the published data stay the
same, never after any writer in finance has changed them."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import DatabaseError
from django.test import Client
from django.utils import translation

from regulator.audit.types import Actor
from regulator.finance import answer_cache
from regulator.finance.answer_cache import answer_key, generation, published_changed, remembered
from regulator.finance.models import Donation, RememberedAnswer
from regulator.finance.services import (
    data_fields,
    record_correct,
    record_publish,
    record_withdraw,
    records_upsert_published,
)
from regulator.finance.services.donor_links import donor_ids_assign
from regulator.finance.services.filed import filed_return_publish
from regulator.finance.tests.factories import EntityFactory, donation, loan

pytestmark = pytest.mark.django_db

ACTOR = Actor.system("tests")


def _count(client: Client, **params) -> int:
    response = client.get("/api/v1/donations/", params)
    assert response.status_code == 200, response.content
    return int(response.json()["count"])


def test_an_answer_is_kept_and_served_until_the_generation_moves(client) -> None:
    entity = EntityFactory.create()
    for number in range(3):
        donation(f"Donor {number}", entity=entity)
    assert _count(client) == 3
    assert RememberedAnswer.objects.filter(kind="donations").count() == 1
    # a change behind the services' back is not seen: the kept answer is served
    Donation.all_objects.filter(donor_name="Donor 0").update(withdrawn_at=dt.datetime.now(dt.UTC))
    assert _count(client) == 3
    # a writer raises the generation, and the next request counts again
    published_changed("donations")
    assert _count(client) == 2
    kept = RememberedAnswer.objects.get(kind="donations")
    assert kept.generation == generation("donations")
    assert kept.payload == 2


def test_parameter_order_and_paging_share_one_answer_but_filters_and_languages_do_not() -> None:
    pairs = [("regulated_entity", "52"), ("donor_status", "Company")]
    assert answer_key("count", pairs) == answer_key("count", list(reversed(pairs)))
    assert answer_key("count", pairs) == answer_key(
        "count", [*pairs, ("cursor", "abc"), ("page_size", "100"), ("sort", "-value")]
    )
    assert answer_key("count", pairs) != answer_key("count", pairs[:1])
    assert answer_key("count", pairs) != answer_key("facets:year", pairs)
    with translation.override("cy"):
        welsh = answer_key("count", pairs)
    assert welsh != answer_key("count", pairs)


def test_facets_and_totals_follow_a_withdrawal(client) -> None:
    entity = EntityFactory.create()
    kept = donation("Kept Donor", entity=entity, value="1000.00", status="Individual")
    gone = donation("Gone Ltd", entity=entity, value="3000.00", status="Company")
    facets = client.get("/api/v1/donations/facets/", {"facet": "donor_status"}).json()
    assert {item["value"]: item["count"] for item in facets["facets"]["donor_status"]} == {
        "Individual": 1,
        "Company": 1,
    }
    totals = client.get("/api/v1/donations/totals/", {"group_by": "regulated_entity"}).json()
    assert totals["results"][0]["total"] == "4000.00"

    record_withdraw(kind="donations", ec_ref=gone.ec_ref, reason="Reported twice", actor=ACTOR)

    facets = client.get("/api/v1/donations/facets/", {"facet": "donor_status"}).json()
    assert {item["value"]: item["count"] for item in facets["facets"]["donor_status"]} == {
        "Individual": 1
    }
    totals = client.get("/api/v1/donations/totals/", {"group_by": "regulated_entity"}).json()
    assert totals["results"][0]["total"] == "1000.00"
    assert kept.ec_ref


def test_the_search_page_facets_follow_a_publication(client) -> None:
    entity = EntityFactory.create()
    donation("Shown Donor", entity=entity, status="Individual")
    hidden = donation("Hidden Union", entity=entity, status="Trade Union", published=False)
    page = client.get("/search/").content.decode()
    shown = 'Trade Union <span class="govuk-hint govuk-!-display-inline">(1)</span>'
    assert shown not in page
    record_publish(kind="donations", ec_ref=hidden.ec_ref, actor=ACTOR)
    page = client.get("/search/").content.decode()
    assert shown in page


def _generations() -> tuple[int, int]:
    return generation("donations"), generation("loans")


def test_every_writer_in_finance_raises_the_generation_of_its_kind() -> None:
    entity = EntityFactory.create()
    record = donation("Writer Test", entity=entity)
    draft = donation("Unpublished", entity=entity, published=False)
    lent = loan("Lender", entity=entity)

    def raised(action) -> tuple[int, int]:
        before = _generations()
        action()
        after = _generations()
        return after[0] - before[0], after[1] - before[1]

    fields = data_fields(Donation)
    new_row = {name: getattr(record, name) for name in fields}
    new_row["ec_ref"] = "C9999999"
    assert raised(
        lambda: records_upsert_published(
            kind="donations", records=[new_row], actor=ACTOR, source="test"
        )
    ) == (1, 0)
    # the same record again changes nothing, so nothing goes stale
    assert raised(
        lambda: records_upsert_published(
            kind="donations", records=[new_row], actor=ACTOR, source="test"
        )
    ) == (0, 0)
    assert raised(
        lambda: record_correct(
            kind="donations",
            ec_ref=record.ec_ref,
            changes={"donor_name": "Writer Test Ltd"},
            note="Name as on the cheque",
            actor=ACTOR,
        )
    ) == (1, 0)
    assert raised(
        lambda: record_withdraw(kind="donations", ec_ref=record.ec_ref, reason="Twice", actor=ACTOR)
    ) == (1, 0)
    assert raised(lambda: filed_return_publish(finance_return=draft.filed_return, actor=ACTOR)) == (
        1,
        0,
    )
    assert raised(lambda: donor_ids_assign(kind="loan", assignments={lent.pk: 4}, actor=ACTOR)) == (
        0,
        1,
    )
    other = donation("Second Draft", entity=entity, published=False)
    assert raised(lambda: record_publish(kind="donations", ec_ref=other.ec_ref, actor=ACTOR)) == (
        1,
        0,
    )


def test_an_answer_that_cannot_be_kept_is_still_given(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise DatabaseError("cannot execute INSERT in a read-only transaction")

    monkeypatch.setattr(RememberedAnswer.objects, "create", refuse)
    assert remembered("donations", "count", [("q", "x")], lambda: 41) == 41
    assert remembered("donations", "count", [("q", "x")], lambda: 42) == 42
    assert not RememberedAnswer.objects.exists()


def test_the_warming_job_computes_the_unfiltered_answers_and_drops_stale_ones(
    client, monkeypatch
) -> None:
    entity = EntityFactory.create()
    donation("Warm Donor", entity=entity)
    assert _count(client, regulated_entity=entity.pk) == 1
    published_changed("donations")
    out = StringIO()
    call_command("disclosure_answers_warm", stdout=out)
    assert "dropped 1 stale" in out.getvalue()
    current = generation("donations")
    kept = RememberedAnswer.objects.filter(kind="donations")
    assert kept.exists()
    assert set(kept.values_list("generation", flat=True)) == {current}
    # what the job computed is what a visitor is then served, without computing again
    calls: list[tuple] = []
    monkeypatch.setattr(answer_cache, "_keep", lambda *args: calls.append(args))
    assert _count(client) == 1
    assert client.get("/api/v1/donations/facets/").status_code == 200
    assert client.get("/api/v1/donations/totals/").status_code == 200
    assert client.get("/search/").status_code == 200
    with translation.override("cy"):
        assert client.get("/cy/search/").status_code == 200
    assert calls == []


def test_the_entity_page_totals_follow_a_publication(client) -> None:
    entity = EntityFactory.create()
    donation("Counted Donor", entity=entity, value="1000.00")
    later = donation("Later Donor", entity=entity, value="2500.00", published=False)
    page = client.get(f"/search/entities/{entity.pk}/").content.decode()
    assert "£1,000.00" in page
    assert RememberedAnswer.objects.filter(kind="donations").exists()
    record_publish(kind="donations", ec_ref=later.ec_ref, actor=ACTOR)
    page = client.get(f"/search/entities/{entity.pk}/").content.decode()
    assert "£3,500.00" in page


@pytest.mark.parametrize("answer", [{"a": [1, "x", None]}, "plain text", 12.5, 0, [True]])
def test_a_kept_answer_comes_back_as_it_was_given(answer) -> None:
    calls: list[int] = []

    def compute():
        calls.append(1)
        return answer

    assert remembered("loans", "shape", [], compute) == answer
    assert remembered("loans", "shape", [], compute) == answer
    assert len(calls) == 1
    published_changed("loans")
    assert remembered("loans", "shape", [], compute) == answer
    assert len(calls) == 2
