"""The engine's strongest regression test: every row of the Commission's own published
samples checked as if filed in its own return (see ``published_samples``). No row gets an
error, and every warning is one listed, with its reason, in
``published_samples_expected.csv`` (reviewed: the closing note of issue 13 lists it by
reason). A rule that starts to fire on a published row, or stops, fails here."""

from __future__ import annotations

from collections import Counter

import pytest

from regulator.filings.tests.factories import figures_ensure
from regulator.filings.tests.published_samples import FILES, expected, seen_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _figures() -> None:
    figures_ensure()


@pytest.mark.parametrize("name", FILES)
def test_no_published_row_gets_an_error(name: str) -> None:
    errors = [seen for seen in seen_in(name) if seen.severity == "error"]
    assert errors == []


@pytest.mark.parametrize("name", FILES)
def test_every_warning_on_a_published_row_is_expected_with_its_reason(name: str) -> None:
    found = Counter((s.file, s.row, s.ec_ref, s.code) for s in seen_in(name))
    listed = {key: reason for key, reason in expected().items() if key[0] == name}
    assert all(reason.strip() for reason in listed.values())
    unexpected = sorted(set(found) - set(listed))
    gone = sorted(set(listed) - set(found))
    assert (unexpected, gone) == ([], [])
    assert max(found.values(), default=1) == 1  # one finding of a code per row


def test_the_list_holds_only_warnings_of_the_sample_files() -> None:
    listed = expected()
    assert {file for file, *_rest in listed} <= set(FILES)
    # The issue's own example: the Commission's Short Money row with the status "Other".
    short_money = [
        reason
        for (file, _row, ec_ref, code), reason in listed.items()
        if ec_ref == "PF0470489" and code == "source_kind_other"
    ]
    assert short_money
    assert "Short money" in short_money[0]
