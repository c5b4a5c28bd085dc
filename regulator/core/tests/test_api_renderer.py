"""The orjson renderer writes the bytes DRF's JSONRenderer writes, value for value."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils.translation import gettext_lazy
from hypothesis import given, settings
from hypothesis import strategies as st
from rest_framework.renderers import JSONRenderer

from regulator.core.api.renderers import OrjsonRenderer

LONDON = ZoneInfo("Europe/London")

CASES = [
    {"count": 3, "count_is_exact": True, "next": None, "results": []},
    {"value": "5000.00", "amount": Decimal("12.50"), "ratio": Decimal("0.1")},
    {"published_at": dt.datetime(2026, 12, 7, 3, 0, tzinfo=dt.UTC)},
    {"published_at": dt.datetime(2026, 7, 1, 9, 30, 15, 123456, tzinfo=LONDON)},
    {"naive": dt.datetime(2026, 1, 2, 3, 4, 5), "date": dt.date(2019, 12, 30)},
    {"time": dt.time(9, 30), "with_micro": dt.time(9, 30, 0, 500)},
    {"span": dt.timedelta(days=2, seconds=3)},
    {"name": "Cymdeithas Gŵyr \u2019n ôl — Plaid Cymru", "emoji": "\U0001f600"},
    {"separators": "line\u2028paragraph\u2029end", "quotes": 'a "b" \\ c\n\t\x00'},
    {"lazy": gettext_lazy("Central party"), "id": uuid.UUID(int=42)},
    {"tuple": (1, 2, 3), "set": {7}, "nested": [{"a": [None, True, False, 0, -1]}]},
    {"big": 2**70, "small": -(2**63)},  # wider than 64 bits: DRF's renderer writes it
    {1: "a key that is not text", None: "nor this"},  # orjson refuses: DRF's renderer
    {"float": 1.5, "large": 1e15, "typical": 123456.789},
    ["a list", "at the top"],
    "a string",
    7,
]


@pytest.mark.parametrize("data", CASES)
def test_each_kind_of_value_is_written_as_drf_writes_it(data):
    assert OrjsonRenderer().render(data) == JSONRenderer().render(data)


def test_nothing_is_an_empty_body_and_indent_is_honoured():
    assert OrjsonRenderer().render(None) == b""
    data = {"a": [1, {"b": "c"}]}
    for accepted in ("application/json; indent=4", "application/json; indent=0"):
        ours = OrjsonRenderer().render(data, accepted, {})
        assert ours == JSONRenderer().render(data, accepted, {})
    assert OrjsonRenderer().render(data, "application/json; indent=2", {}).startswith(b"{\n  ")


def test_what_drf_refuses_is_still_refused():
    with pytest.raises(TypeError):
        OrjsonRenderer().render({"object": object()})
    with pytest.raises(UnicodeEncodeError):
        OrjsonRenderer().render({"lone surrogate": "\ud800"})


_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.text()
    | st.decimals(allow_nan=False, allow_infinity=False, places=2)
    | st.dates()
    | st.datetimes(timezones=st.just(dt.UTC) | st.none())
    | st.floats(min_value=1e-4, max_value=1e15, allow_nan=False),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=8), children, max_size=5)
    ),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(_json)
def test_any_answer_of_these_values_is_the_same_bytes(data):
    assert OrjsonRenderer().render(data) == JSONRenderer().render(data)
