"""Search pages keep every filter of the URL (a control, or carried in the form), say
which are in use with a link to remove each, and total the results by donor."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from regulator.audit.types import Actor
from regulator.donors import services as donors_services
from regulator.donors.models import Donor
from regulator.donors.sources import donor_records_source
from regulator.finance.tests.factories import EntityFactory, donation, loan

pytestmark = pytest.mark.django_db


@pytest.fixture
def resolved(db):
    alpha = EntityFactory.create(id=830001, name="Alpha Party")
    beta = EntityFactory.create(id=830002, name="Beta Party")
    donation("Nia Pritchard", entity=alpha, value="5000.00", date=dt.date(2023, 3, 1))
    donation("Nia Pritchard", entity=alpha, value="2500.00", date=dt.date(2023, 6, 1))
    donation("Huw Bevan", entity=alpha, value="700.00", date=dt.date(2023, 6, 2))
    donation("Huw Bevan", entity=beta, value="9000.00", date=dt.date(2023, 6, 3))
    loan("Nia Pritchard", entity=beta, value="10000.00", date=dt.date(2023, 2, 1))
    donors_services.resolution_run(
        records=donor_records_source(), full=True, actor=Actor.system("t")
    )


def _hidden(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', html)


def test_filters_without_a_control_are_carried_through_the_form(client: Client, resolved):
    html = client.get(
        "/search/",
        {"regulated_entity": "830001", "reporting_period": "Q2 2023", "sort": "value"},
    ).content.decode()
    assert ("regulated_entity", "830001") in _hidden(html)
    assert ("reporting_period", "Q2 2023") in _hidden(html)
    assert "2 results" in html
    # a control the form shows is not duplicated as a hidden field
    assert "sort" not in dict(_hidden(html))


def test_filters_in_use_are_summarised_each_with_a_remove_link(client: Client, resolved):
    html = client.get(
        "/search/", {"regulated_entity": "830001", "value_min": "1000", "sort": "-value"}
    ).content.decode()
    assert "Filters in use" in html
    assert "<strong>Regulated entity:</strong> Alpha Party" in html
    assert "<strong>Minimum value:</strong> 1000" in html
    # removing the entity keeps the other filter and the order
    assert 'href="/search/?value_min=1000&amp;sort=-value">Remove' in html
    assert 'href="/search/?regulated_entity=830001&amp;sort=-value">Remove' in html
    welsh = client.get("/cy/search/", {"regulated_entity": "830001"}).content.decode()
    assert "Hidlwyr sy\u2019n cael eu defnyddio" in welsh
    assert "<strong>Endid a reoleiddir:</strong> Alpha Party" in welsh


def test_a_facet_value_not_listed_is_carried_not_dropped(client: Client, resolved):
    # No row is a company: the facet does not list it, so the form carries it.
    html = client.get("/search/", {"donor_status": "company"}).content.decode()
    assert ("donor_status", "company") in _hidden(html)
    assert "<strong>Donor status:</strong> Company" in html


def test_results_totalled_by_donor_largest_first_each_linked(client: Client, resolved):
    nia = Donor.objects.get(display_name__contains="Pritchard")
    huw = Donor.objects.get(display_name__contains="Bevan")
    html = client.get("/search/", {"group": "donor"}).content.decode()
    first, second = html.index(f"/donors/{huw.donor_id}/"), html.index(f"/donors/{nia.donor_id}/")
    assert first < second  # £9,700 before £7,500
    assert "£9,700.00" in html
    assert "£7,500.00" in html
    loans = client.get("/search/loans/", {"group": "donor"}).content.decode()
    assert f"/donors/{nia.donor_id}/" in loans
    assert "£10,000.00" in loans
    # spending has no donors: the choice is not offered and the records are shown
    spending = client.get("/search/spending/", {"group": "donor"}).content.decode()
    assert 'name="group"' not in spending


def test_each_record_links_its_donor_and_the_entity_page_its_largest_donors(
    client: Client, resolved
):
    nia = Donor.objects.get(display_name__contains="Pritchard")
    html = client.get("/search/", {"regulated_entity": "830001"}).content.decode()
    assert f'href="/donors/{nia.donor_id}/">Nia Pritchard</a>' in html
    entity = client.get("/search/entities/830001/").content.decode()
    assert "Largest donors" in entity
    assert f'href="/donors/{nia.donor_id}/">Nia Pritchard</a>' in entity
    assert 'href="/search/loans/?regulated_entity=830001"' in entity
    assert 'href="/search/?regulated_entity=830001&amp;group=donor"' in entity
    donor = client.get(f"/donors/{nia.donor_id}/").content.decode()
    assert 'href="/search/entities/830001/">Alpha Party</a>' in donor


def test_entity_charts_show_empty_quarters_as_zero_and_speak_welsh(client: Client, resolved):
    donation("Owen Bevan", entity=EntityFactory.create(id=830001), date=dt.date(2022, 5, 5))
    html = client.get("/search/entities/830001/").content.decode()
    # Q2 2022, then Q3 and Q4 2022 (nothing: zero), then Q1 2023; never Q2 2022 beside Q1 2023
    assert re.search(r"Q2 2022</th>.*?Q3 2022</th><td[^>]*>£0\.00</td>.*?Q1 2023</th>", html, re.S)
    welsh = client.get("/cy/search/entities/830001/").content.decode()
    assert "Ch3 2022</th>" in welsh
    rows = client.get("/search/entities/830001/charts/quarter.csv").content.decode().splitlines()
    assert rows[1:6] == [
        "Q2 2022,1000.00,1",
        "Q3 2022,0.00,0",
        "Q4 2022,0.00,0",
        "Q1 2023,5000.00,1",
        "Q2 2023,3200.00,2",
    ]


def test_published_labels_are_in_the_readers_language(client: Client, resolved):
    welsh = client.get("/cy/search/", {"regulated_entity": "830001"}).content.decode()
    assert '<span class="govuk-hint">Unigolyn' in welsh
