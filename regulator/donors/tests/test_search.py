"""The public donor search tolerates misspellings as the donation search does, and puts
the names as typed before the near spellings."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from regulator.audit.types import Actor
from regulator.donors import selectors, services
from regulator.donors.sources import donor_records_source
from regulator.finance.tests.factories import EntityFactory, donation

pytestmark = pytest.mark.django_db


@pytest.fixture
def resolved(db):
    party = EntityFactory.create(id=821001, name="Gamma Party")
    donation("Alys Glenister", entity=party, value="900.00", date=dt.date(2023, 3, 1))
    donation(
        "Alys Glenistar", entity=party, value="100.00", date=dt.date(2023, 4, 1), postcode="AB1 2CD"
    )
    donation("Bryn Owain", entity=party, value="500.00", date=dt.date(2023, 5, 1))
    services.resolution_run(records=donor_records_source(), full=True, actor=Actor.system("t"))


def _names(q: str) -> list[str]:
    return [donor.display_name for donor in selectors.donor_list(q=q)]


def test_a_misspelt_name_finds_the_donor(resolved) -> None:
    assert any("Glenister" in name for name in _names("Alys Glenistor"))
    assert any("Glenister" in name for name in _names("glenistr alys"))
    assert _names("owen bryn") == []  # too far: "owen" is not within the cut-off of "owain"
    assert any("Bryn Owain" in name for name in _names("bryn owian"))


def test_the_name_as_typed_comes_first(resolved) -> None:
    names = _names("Glenistar")
    assert names, "the near spellings are found"
    # The first row is an exact spelling (0 edits), before the near ones.
    found = selectors.donor_list(q="Glenistar").first()
    assert found is not None
    # "near" is annotated by the query; the stubs see only the model's fields.
    assert found.near == 0  # type: ignore[attr-defined]


def test_nothing_found_says_so_in_english_and_welsh(client: Client, resolved) -> None:
    assert "0 donors found" in client.get("/donors/", {"q": "Zebedee"}).content.decode()
    assert "Bryn Owain" in client.get("/cy/donors/", {"q": "bryn owian"}).content.decode()


def test_the_start_page_offers_donor_search_and_the_hidden_pages(client: Client) -> None:
    html = client.get("/").content.decode()
    assert 'action="/donors/"' in html
    # The API's introduction, which links the reference (regulator/core/tests/test_api_docs.py).
    for url in ('href="/donors/"', 'href="/register/"', 'href="/api/docs/"'):
        assert url in html
    assert "Faint mae rhoddwr wedi\u2019i roi, ac i bwy?" in client.get("/cy/").content.decode()
