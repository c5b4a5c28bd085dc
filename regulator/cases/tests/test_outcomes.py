"""Published enforcement outcomes: the public page and its filters, one outcome, the CSV,
the API (envelope, CSV, errors) and the entity's register page. Only PUBLISHED cases ever
appear: a concluded case an approver has not published never does."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from regulator.cases import outcome_views, services
from regulator.cases.models import Case
from regulator.cases.tests import factories
from regulator.core import clock
from regulator.register.tests.factories import EntityFactory
from regulator.register.types import ENTITY_PAGE_SECTIONS

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example","x")'


def at(year: int, month: int, day: int) -> dt.datetime:
    return dt.datetime(year, month, day, 10, tzinfo=dt.UTC)


@dataclass
class Outcomes:
    entity: Any
    penalty: Case  # Alpha Party: variable penalty, paid, published 2025
    excuse: Case  # a person (no entity): no offence, reasonable excuse, published 2026
    hidden: Case  # concluded (fixed penalty paid on the notice of intent), never published


@pytest.fixture
def world() -> Iterator[Outcomes]:
    people = factories.team()
    entity = EntityFactory.create(name="Alpha Party")
    clock.freeze(at(2025, 9, 1))
    sanction = factories.proposed(
        people, kind="variable", entity_id=entity.pk, subject_name="Alpha Party"
    )
    clock.freeze(at(2025, 10, 15))
    services.final_notice_issue(
        sanction=sanction, actor=people.decider, recipient="The Treasurer", served_by="email"
    )
    services.payment_record(sanction=sanction, actor=people.investigator, amount_pence=500_000)
    penalty = Case.objects.get(pk=sanction.case.pk)
    services.case_publish(
        case=penalty,
        actor=people.approver,
        summary_en="The party reported a donation 40 days late.",
        summary_cy="Adroddodd y blaid rodd 40 diwrnod yn hwyr.",
    )

    clock.freeze(at(2026, 2, 2))
    excuse = factories.investigating(
        people, subject_name=FORMULA, matter="Accounts late", offence_code="late-accounts"
    )
    services.findings_record(
        case=excuse,
        actor=people.decider,
        finding="no-offence",
        reason="Treasurer in hospital.",
        reasonable_excuse=True,
    )
    services.case_publish(case=excuse, actor=people.approver, summary_en="Reasonable excuse.")

    hidden_sanction = factories.proposed(
        people, subject_name="Hidden Party", matter="Hidden matter", entity_id=entity.pk
    )
    services.payment_record(
        sanction=hidden_sanction, actor=people.investigator, amount_pence=20_000
    )
    clock.freeze(None)
    ENTITY_PAGE_SECTIONS.subscribe(outcome_views.entity_page_section)
    yield Outcomes(
        entity=entity,
        penalty=Case.objects.get(pk=penalty.pk),
        excuse=Case.objects.get(pk=excuse.pk),
        hidden=Case.objects.get(pk=hidden_sanction.case.pk),
    )
    clock.freeze(None)


def _page(url: str) -> str:
    response = Client().get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_page_shows_published_outcomes_in_the_commissions_layout(world: Outcomes) -> None:
    assert world.hidden.stage == "concluded"
    page = _page("/enforcement/")
    assert "2 outcomes" in page
    for heading in (
        "Subject",
        "Investigated for",
        "Decision",
        "Sanction and amount",
        "Payment status",
        "Summary of reasons",
    ):
        assert f'<th scope="col" class="govuk-table__header">{heading}</th>' in page
    assert "Political Party" in page
    assert "PPERA s.65(3): Failure to deliver a donation report on time" in page
    assert "Offence(s) found" in page
    assert "Variable monetary penalty £5,000.00" in page
    assert ">Paid<" in page
    assert "No offence (reasonable excuse)" in page
    assert "The party reported a donation 40 days late." in page
    # never the concluded but unpublished case
    assert "Hidden Party" not in page
    assert world.hidden.reference not in page
    detail = _page(f"/enforcement/{world.penalty.reference}/")
    assert "Variable monetary penalty £5,000.00" in detail
    assert f"/enforcement/?entity={world.entity.pk}" in detail
    assert Client().get(f"/enforcement/{world.hidden.reference}/").status_code == 404
    assert Client().get("/enforcement/NO-SUCH/").status_code == 404


def test_each_filter_selects_and_is_shown_with_a_link_that_removes_it(world: Outcomes) -> None:
    one, two = world.penalty.reference, world.excuse.reference
    cases = {
        f"entity={world.entity.pk}": one,
        "offence=late-accounts": two,
        "sanction=variable": one,
        "year=2026": two,
        "q=alpha": one,
    }
    for query, expected in cases.items():
        page = _page(f"/enforcement/?{query}")
        other = two if expected == one else one
        assert expected in page, query
        assert other not in page, query
        assert "Filters in use" in page, query
        assert "Remove" in page, query
    page = _page(f"/enforcement/?entity={world.entity.pk}&year=2025&sanction=variable")
    assert "<strong>Regulated entity:</strong> Alpha Party" in page
    assert "<strong>Year published:</strong> 2025" in page
    assert "<strong>Sanction:</strong> Variable monetary penalty" in page
    # removing the year keeps the other two
    assert f'href="/enforcement/?entity={world.entity.pk}&amp;sanction=variable"' in page
    # the selects offer only what has been published, and the CSV and API keep the filter
    assert f'<option value="{world.entity.pk}" selected>Alpha Party</option>' in page
    assert "Hidden Party" not in page
    assert (
        f"/enforcement/outcomes.csv?entity={world.entity.pk}&amp;sanction=variable&amp;year=2025"
        in page
    )
    assert (
        f"/api/v1/enforcement/?entity={world.entity.pk}&amp;sanction=variable&amp;year=2025" in page
    )
    assert "0 outcomes" in _page("/enforcement/?year=2024")


def test_bad_filter_values_are_a_clear_message_never_a_server_error(world: Outcomes) -> None:
    page = _page("/enforcement/?year=last&entity=PP5x&sanction=caution&offence=%3Cb%3E&q=%00")
    assert "There is a problem" in page
    assert "The year must be a year from 2001 to 2100" in page
    assert "The entity must be a regulated entity&#x27;s number" in page
    assert "The sanction must be one of" in page
    assert "The offence must be an offence&#x27;s code" in page
    assert "a character that is not allowed" in page
    assert "2 outcomes" in page  # the bad filters are left out, not guessed at
    assert _page("/enforcement/?year=99999999999999999999999").count("The year must be") >= 1
    assert _page("/enforcement/?entity=99999999999999999999999").count("entity must be") >= 1
    response = Client().get("/enforcement/outcomes.csv?year=abc")
    assert response.status_code == 400
    assert "The year must be" in response.content.decode()


def test_the_welsh_page(world: Outcomes) -> None:
    page = _page("/cy/enforcement/")
    assert '<html lang="cy"' in page
    assert "Adroddodd y blaid rodd 40 diwrnod yn hwyr." in page
    assert "The party reported a donation" not in page
    assert "Reasonable excuse." in page  # no Welsh written: the English is shown
    detail = _page(f"/cy/enforcement/{world.penalty.reference}/")
    assert "Adroddodd y blaid rodd 40 diwrnod yn hwyr." in detail


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_the_csv_has_the_rows_of_the_filter_with_formulas_neutralised(world: Outcomes) -> None:
    response = Client().get("/enforcement/outcomes.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = _csv(response.content.decode())
    assert [row["reference"] for row in rows] == [world.excuse.reference, world.penalty.reference]
    assert rows[0]["subject"] == "'" + FORMULA
    assert rows[1]["decision"] == ("Offence(s) found; Variable monetary penalty £5,000.00")
    assert rows[1]["amount"] == "5000.00"
    assert rows[1]["entity_type"] == "Political Party"
    assert rows[1]["payment_status"] == "Paid"
    assert rows[1]["summary_of_reasons_cy"] == "Adroddodd y blaid rodd 40 diwrnod yn hwyr."
    filtered = _csv(Client().get("/enforcement/outcomes.csv?year=2025").content.decode())
    assert [row["reference"] for row in filtered] == [world.penalty.reference]


def test_the_api_list_detail_and_csv(world: Outcomes) -> None:
    client = Client()
    response = client.get("/api/v1/enforcement/")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    body = response.json()
    assert set(body) == {"count", "count_is_exact", "next", "previous", "results"}
    assert body["count"] == 2
    first = body["results"][1]
    assert first["reference"] == world.penalty.reference
    assert first["regulated_entity_id"] == world.entity.pk
    assert first["entity_type"] == "political-party"
    assert first["investigated_for"] == (
        "PPERA s.65(3): Failure to deliver a donation report on time"
    )
    assert first["sanction_kinds"] == ["variable"]
    assert first["amount"] == "5000.00"
    assert first["payment_status"] == "paid"
    assert first["summary_of_reasons_cy"] == "Adroddodd y blaid rodd 40 diwrnod yn hwyr."
    assert first["published_on"] == "2025-10-15"
    assert body["results"][0]["reasonable_excuse"] is True
    # paging with the cursor: every row once
    page = client.get("/api/v1/enforcement/?page_size=1").json()
    assert page["count"] == 2
    assert len(page["results"]) == 1
    assert page["next"]
    after = client.get(page["next"]).json()
    assert [page["results"][0]["reference"], after["results"][0]["reference"]] == [
        world.excuse.reference,
        world.penalty.reference,
    ]
    assert after["next"] is None
    # the page's filters
    only = client.get("/api/v1/enforcement/?sanction=Variable monetary penalty").json()
    assert [r["reference"] for r in only["results"]] == [world.penalty.reference]
    # errors in the platform's shape
    bad = client.get("/api/v1/enforcement/?year=abc")
    assert bad.status_code == 400
    assert bad.json()["code"] == "invalid_parameter"
    assert bad.json()["parameter"] == "year"
    assert client.get("/api/v1/enforcement/?colour=red").json()["parameter"] == "colour"
    assert client.get("/api/v1/enforcement/?format=xml").status_code == 400
    # detail
    detail = client.get(f"/api/v1/enforcement/{world.penalty.reference}/")
    assert detail.status_code == 200
    assert detail.json()["decision"].startswith("Offence(s) found")
    missing = client.get(f"/api/v1/enforcement/{world.hidden.reference}/")
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"
    # CSV by the format parameter, whatever Accept says
    exported = client.get("/api/v1/enforcement/?format=csv", HTTP_ACCEPT="text/csv")
    assert exported.status_code == 200
    assert exported["Content-Type"].startswith("text/csv")
    rows = _csv(exported.content.decode())
    assert [row["reference"] for row in rows] == [world.excuse.reference, world.penalty.reference]
    assert rows[0]["subject"] == "'" + FORMULA
    assert world.hidden.reference not in exported.content.decode()
    assert world.hidden.reference not in response.content.decode()


def test_the_entity_page_lists_its_published_outcomes(world: Outcomes) -> None:
    page = _page(f"/register/entities/{world.entity.pk}/")
    assert "Enforcement outcomes" in page
    assert world.penalty.reference in page
    assert "Variable monetary penalty £5,000.00" in page
    assert f'href="/enforcement/?entity={world.entity.pk}"' in page
    assert world.hidden.reference not in page
    assert "Hidden matter" not in page
    other = EntityFactory.create(name="Quiet Party")
    assert "Enforcement outcomes" not in _page(f"/register/entities/{other.pk}/")
