"""A row's leaf data is written by orjson for speed; the definition (docs/audit.md) is
Python's JSON encoder with sorted keys, no spaces and UTF-8. These check that both give the
same bytes for every value a leaf can hold, so a proof made before the change still holds."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from regulator.finance import row_proof
from regulator.finance.search import fold

FIELDS = (("amount", None), ("day", None), ("flag", None), ("name", ""), ("number", None))


def _both(record: dict) -> tuple[bytes, bytes]:
    fast = row_proof.leaf_data("donations", FIELDS, record)
    document = {name: record.get(name, default) for name, default in FIELDS}
    document["kind"] = "donations"
    return fast, row_proof.leaf_data_reference(document)


def test_every_code_point_is_written_as_the_definition_writes_it():
    # Every character outside the surrogates, a thousand to a name, with the characters
    # JSON must escape among them.
    points = [cp for cp in range(0x110000) if not 0xD800 <= cp <= 0xDFFF]
    for start in range(0, len(points), 1000):
        name = '"\\' + "".join(map(chr, points[start : start + 1000]))
        fast, reference = _both({"name": name})
        assert fast == reference, hex(points[start])


@given(
    amount=st.none() | st.decimals(min_value=-(10**12), max_value=10**12, places=2),
    day=st.none() | st.dates(min_value=dt.date(1, 1, 1)),
    flag=st.none() | st.booleans(),
    name=st.text(),
    number=st.none() | st.integers(min_value=-(2**70), max_value=2**70),
)
def test_any_leaf_is_written_as_the_definition_writes_it(amount, day, flag, name, number):
    fast, reference = _both(
        {"amount": amount, "day": day, "flag": flag, "name": name, "number": number}
    )
    assert fast == reference


def test_the_written_form_is_the_documented_one():
    fast, _reference = _both(
        {"amount": Decimal("-5"), "day": dt.date(999, 1, 2), "name": "Ŵ\n", "number": 2**64}
    )
    assert json.loads(fast) == {
        "amount": "-5.00",
        "day": "0999-01-02",
        "flag": None,
        "kind": "donations",
        "name": "Ŵ\n",
        "number": 2**64,
    }
    assert fast.startswith(b'{"amount":"-5.00","day":"0999-01-02","flag":null,"kind"')


def test_plain_ascii_names_fold_as_accented_ones_do():
    # ASCII text skips Unicode decomposition: the folding must not change for it.
    for name in ("O'Brien & Sons_Ltd", "  ACME  (UK)  plc ", "A.B. Smith-Jones", "x\ty"):
        assert fold(name + " é") == fold(name) + " e"
    assert fold("Ŵyn Llŷr") == "wyn llyr"
