"""The API's JSON after issue 22's overhead work: the same bytes as DRF's own renderer on
every endpoint of the published data, the parameters validated once a request, and the
items' fields built once, not per request."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.renderers import JSONRenderer
from rest_framework.serializers import ModelSerializer

from regulator.core.api.renderers import OrjsonRenderer
from regulator.finance.models import TRANSACTION_MODELS

pytestmark = pytest.mark.django_db

KINDS = ("donations", "loans", "spending")
GROUPS = ("regulated_entity", "donor_status", "year", "quarter")


def _urls() -> list[str]:
    urls = ["/api/v1/bulk/", "/api/v1/key-dates/"]
    for kind in KINDS:
        urls += [
            f"/api/v1/{kind}/?page_size=100",
            f"/api/v1/{kind}/?sort=-value&page_size=7",
            f"/api/v1/{kind}/?sort=date&date_from=2019-01-01",
            f"/api/v1/{kind}/facets/",
            f"/api/v1/{kind}/facets/?facet=year&facet=regulated_entity",
            *(f"/api/v1/{kind}/totals/?group_by={group}" for group in GROUPS),
            # errors are rendered by the same renderer
            f"/api/v1/{kind}/?no_such_parameter=1",
            f"/api/v1/{kind}/?sort=sideways",
            f"/api/v1/{kind}/?cursor=broken",
            f"/api/v1/{kind}/no-such-reference/",
        ]
        model = TRANSACTION_MODELS[kind]
        for ref in model.objects.order_by("pk").values_list("ec_ref", flat=True)[:3]:
            urls += [f"/api/v1/{kind}/{ref}/", f"/api/v1/{kind}/{ref}/proof/"]
    return urls


def test_every_published_data_endpoint_sends_the_bytes_drf_would(client, imported_samples):
    """Each answer (lists, next pages, facets, totals, records, proofs, bulk files, key
    dates, errors) is compared byte for byte with DRF's JSONRenderer over the same data."""
    compared = 0
    urls = _urls()
    for url in urls:
        response = client.get(url)
        assert isinstance(response.accepted_renderer, OrjsonRenderer), url
        stock = JSONRenderer().render(
            response.data, response.accepted_media_type, response.renderer_context
        )
        assert response.content == stock, url
        assert response["Content-Type"] == "application/json", url
        if response.status_code == 200 and "next" in response.data and response.data["next"]:
            following = client.get(response.data["next"])
            assert following.content == JSONRenderer().render(following.data), url
        compared += 1
    assert compared == len(urls) > 50

    # letters beyond ASCII are sent as UTF-8, unescaped, as before
    kind, ref, text = _a_record_with_a_letter_beyond_ascii()
    body = client.get(f"/api/v1/{kind}/{ref}/").content
    assert text.encode() in body
    assert b"\\u" not in body


def _a_record_with_a_letter_beyond_ascii() -> tuple[str, str, str]:
    for kind in KINDS:
        for row in TRANSACTION_MODELS[kind].objects.order_by("pk").values():
            for value in row.values():
                if isinstance(value, str) and not value.isascii() and value == value.strip():
                    return kind, row["ec_ref"], value
    raise AssertionError("the samples have a name beyond ASCII (é, \u2019)")


def _reads_of(captured: CaptureQueriesContext, table: str) -> int:
    return sum(table in query["sql"] for query in captured.captured_queries)


@pytest.mark.parametrize(
    "path", ["/api/v1/donations/", "/api/v1/donations/facets/", "/api/v1/donations/totals/"]
)
def test_the_parameters_are_validated_once_a_request(client, imported_samples, path):
    """Validating ``regulated_entity`` reads the entities named; the list, its count, the
    facets and the totals share one validation (they made two or three)."""
    client.get(path, {"regulated_entity": 52})  # remembered answers computed
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, {"regulated_entity": 52})
    assert response.status_code == 200
    assert _reads_of(captured, '"register_regulatedentity"') == 1


def test_the_items_fields_are_built_once_not_per_request(client, imported_samples, monkeypatch):
    """After the first page of each kind, no request builds a serializer's fields again."""
    for kind in KINDS:
        assert client.get(f"/api/v1/{kind}/").status_code == 200

    def refuse(self):
        raise AssertionError("the fields were built again")

    monkeypatch.setattr(ModelSerializer, "get_fields", refuse)
    for kind in ("donations", "spending"):  # the samples have no loans
        response = client.get(f"/api/v1/{kind}/", {"page_size": 50})
        assert response.status_code == 200
        assert len(response.json()["results"]) == 50


def test_each_filter_form_has_fields_of_its_own(imported_samples):
    """The filter forms' fields are copied shallowly: still one widget, queryset, error
    messages and validators per form, so nothing one request does reaches another."""
    from django.http import QueryDict

    from regulator.disclosure.api.filters import FILTERSETS

    published = TRANSACTION_MODELS["donations"].objects.all()
    one = FILTERSETS["donations"](QueryDict("regulated_entity=52"), queryset=published)
    other = FILTERSETS["donations"](QueryDict("regulated_entity=53&date_to=x"), queryset=published)
    assert one.is_valid()
    assert not other.is_valid()
    assert list(other.errors) == ["date_to"]
    for name in ("regulated_entity", "donor_status", "date_to", "is_public_fund"):
        mine, theirs = one.form.fields[name], other.form.fields[name]
        assert mine is not theirs
        assert mine.widget is not theirs.widget
        assert mine.widget.attrs is not theirs.widget.attrs
        assert mine.error_messages is not theirs.error_messages
        assert mine.validators is not theirs.validators
    entities = one.form.fields["regulated_entity"]
    assert entities.queryset is not other.form.fields["regulated_entity"].queryset
    assert entities.widget.choices.field is entities  # the widget lists this form's choices
    assert [entity.pk for entity in one.form.cleaned_data["regulated_entity"]] == [52]
    assert set(one.qs.values_list("entity_id", flat=True)) == {52}


@pytest.mark.parametrize(
    "path", ["/api/v1/donations/", "/api/v1/donations/facets/", "/api/v1/donations/totals/"]
)
def test_absent_entity_unit_and_period_parameters_are_not_asked_of_the_database(
    client, imported_samples, monkeypatch, path
):
    """Absent, the three repeatable model parameters are empty lists: django-filter used to
    ask an empty queryset of each whether it was empty (a compiled query each)."""
    from django.db.models import QuerySet

    def refuse(self):
        raise AssertionError(f"a queryset was asked whether it is empty: {self.model}")

    monkeypatch.setattr(QuerySet, "__bool__", refuse)
    assert client.get(path, {"donor_status": "individual"}).status_code == 200
    monkeypatch.undo()
    answer = client.get(path, {"reporting_period": "Q4 2019", "regulated_entity": 52})
    assert answer.status_code == 200
