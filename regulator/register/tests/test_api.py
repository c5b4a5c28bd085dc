from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from regulator.register import services
from regulator.register.tests.factories import EntityFactory
from regulator.register.types import EntityStatus, EntityType, Register

pytestmark = pytest.mark.django_db


@pytest.fixture
def entities() -> None:
    EntityFactory.create(id=52, name="Alpha Party", register=Register.GREAT_BRITAIN)
    EntityFactory.create(id=53, name="Beta Party", register=Register.NORTHERN_IRELAND)
    EntityFactory.create(
        id=54, name="Gamma Party", status=EntityStatus.DEREGISTERED, deregistered_on="2022-11-11"
    )
    EntityFactory.create(
        id=60,
        name="Jo Bloggs MP",
        entity_type=EntityType.REGULATED_DONEE,
        register="",
        donee_type="MP - Member of Parliament",
    )
    EntityFactory.create(
        id=70, name="Delta Campaign", entity_type=EntityType.THIRD_PARTY, register=""
    )


def test_list_envelope_headers_and_licence(client: Client, entities: None) -> None:
    response = client.get("/api/v1/entities/", {"page_size": 2})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "count_is_exact", "next", "previous", "results"}
    assert body["count"] == 5
    assert body["count_is_exact"] is True
    assert body["previous"] is None
    assert body["next"].startswith("http://testserver/api/v1/entities/?")
    assert [r["name"] for r in body["results"]] == ["Alpha Party", "Beta Party"]
    assert body["results"][0]["register_entry"] == "PP52"
    assert body["results"][0]["entity_type_label"] == "Political Party"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Open Government Licence" in response["X-Licence"]
    assert "open-government-licence" in response["Link"]

    second = client.get(body["next"]).json()
    assert [r["name"] for r in second["results"]] == ["Delta Campaign", "Gamma Party"]
    third = client.get(second["next"]).json()
    assert [r["name"] for r in third["results"]] == ["Jo Bloggs MP"]
    assert third["next"] is None
    back = client.get(third["previous"]).json()
    assert [r["name"] for r in back["results"]] == ["Delta Campaign", "Gamma Party"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"entity_type": "political party"}, ["Alpha Party", "Beta Party", "Gamma Party"]),
        ({"entity_type": "third-party"}, ["Delta Campaign"]),
        ({"register": "Northern Ireland"}, ["Beta Party"]),
        ({"register": "great-britain", "status": "REGISTERED"}, ["Alpha Party"]),
        ({"status": "deregistered"}, ["Gamma Party"]),
        ({"id": "PP52"}, ["Alpha Party"]),
        ({"id": "53"}, ["Beta Party"]),
        ({"q": "bloggs"}, ["Jo Bloggs MP"]),
        ({"donee_type": "mp"}, ["Jo Bloggs MP"]),
    ],
)
def test_filters_accept_labels_and_slugs(client: Client, entities: None, query, expected) -> None:
    body = client.get("/api/v1/entities/", query).json()
    assert [r["name"] for r in body["results"]] == expected
    assert body["count"] == len(expected)


@pytest.mark.parametrize(
    ("query", "code", "parameter"),
    [
        ({"entity_type": "Party Animal"}, "invalid_parameter", "entity_type"),
        ({"page_size": "0"}, "invalid_parameter", "page_size"),
        ({"page_size": "101"}, "invalid_parameter", "page_size"),
        ({"page_size": "ten"}, "invalid_parameter", "page_size"),
        ({"cursor": "not-a-cursor"}, "invalid_cursor", "cursor"),
        ({"id": "P-P-52"}, "invalid_parameter", "id"),
        ({"colour": "red"}, "invalid_parameter", "colour"),
    ],
)
def test_bad_parameters_get_a_json_error(client: Client, query, code, parameter) -> None:
    response = client.get("/api/v1/entities/", query)
    assert response.status_code == 400
    body = response.json()
    assert (body["code"], body["parameter"]) == (code, parameter)
    assert body["message"]


def test_detail_by_id_or_register_entry(client: Client) -> None:
    entity, _ = services.entity_ensure_published(
        entity_id=52,
        name="Alpha Party",
        entity_type="political-party",
        register="great-britain",
        actor=None,
    )
    services.officer_appoint(
        entity=entity,
        role="treasurer",
        full_name="Tess Treasurer",
        appointed_on=dt.date(2024, 1, 1),
        actor=None,
    )
    services.accounting_unit_ensure_published(unit_id=9, entity=entity, name="North", actor=None)
    for path in ("/api/v1/entities/52/", "/api/v1/entities/PP52/"):
        response = client.get(path)
        assert response.status_code == 200
        body = response.json()
        assert body["id"] == 52
        assert body["officers"][0]["full_name"] == "Tess Treasurer"
        assert body["accounting_units"] == [{"id": 9, "name": "North", "deregistered_on": None}]
        assert response["Access-Control-Allow-Origin"] == "*"
    missing = client.get("/api/v1/entities/99999/")
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"


def test_endpoints_are_in_the_openapi_schema() -> None:
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert "/api/v1/entities/" in schema["paths"]
    assert "/api/v1/entities/{entity_id}/" in schema["paths"]
    operation = schema["paths"]["/api/v1/entities/"]["get"]
    assert "Open Government Licence" in operation["description"]
    names = {p["name"] for p in operation["parameters"]}
    assert {"q", "entity_type", "register", "status", "id", "page_size", "cursor"} <= names
