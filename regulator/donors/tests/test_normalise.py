from __future__ import annotations

import pytest

from regulator.donors import normalise as norm


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("  KGL (Estates)  Ltd ", "KGL (Estates) Limited"),
        ("J.C. Bamford Excavators Ltd", "JC Bamford Excavators Limited"),
        ("H & C Whitehead Ltd", "HC Whitehead Ltd"),
        (
            "Association of Conservative Clubs Limited (The)",
            "Association of Conservative Clubs Ltd",
        ),
        ("Canary Wharf Group plc", "CANARY WHARF GROUP PLC"),
        ("L.J.C Fund Limited", "LJC Fund Ltd"),
    ],
)
def test_organisation_spellings_share_a_key(left: str, right: str) -> None:
    assert norm.name_key(left, "Company") == norm.name_key(right, "Company")


def test_organisation_and_is_ampersand() -> None:
    assert norm.name_key("The United & Cecil Club", "Unincorporated Association") == (
        norm.name_key("United and Cecil Club", "Unincorporated Association")
    )


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        (" Peter  Bennett", ("peter", "bennett")),
        ("The Rt Hon Jeremy R Hunt MP", ("jeremy", "r", "hunt")),
        ("Mr Jeremy RS Hunt", ("jeremy", "r", "s", "hunt")),
        ("Mr Patrick R Evershed CBE", ("patrick", "r", "evershed")),
        ("Sir Michael Hintze", ("michael", "hintze")),
        ("Lord Michael Hintze", ("michael", "hintze")),
        ("Dr Peter Andrew Cruddas", ("peter", "andrew", "cruddas")),
        ("Mr Michael J O'Brien", ("michael", "j", "obrien")),
        ("Baroness Kishwer Falkner KC", ("kishwer", "falkner")),
    ],
)
def test_person_parts_drop_titles_and_honours(name: str, parts: tuple[str, ...]) -> None:
    assert norm.person_parts(name) == parts


def test_word_order_does_not_change_the_sorted_key() -> None:
    assert norm.name_sorted_key("Smith John", "Individual") == norm.name_sorted_key(
        "Mr John Smith", "Individual"
    )


@pytest.mark.parametrize(
    ("left", "right", "compatible"),
    [
        ("Simon Acland", "Serena Acland", False),
        ("Mr Andrew N Baxter", "Mr Edward T Baxter", False),
        ("A Smith", "John Smith", False),
        ("Mr Peter Hall", "Mr Peter James Hall", True),
        ("Bill Bottriell", "Mr William Bottriell", True),
        ("Mr Joe Zammit-Lucia", "Mr Joseph Zammit-Lucia", True),
        ("Mr Jeremy M Isaacs", "Mr Jeremy Isaacs", True),
        ("Lord David E D Brownlow", "Lord David Ellis Brownlow", True),
        ("J Smith", "John Smith", True),
        ("Smith John", "John Smith", True),
        ("Jonh Smith", "John Smith", True),
    ],
)
def test_given_names_compatible(left: str, right: str, compatible: bool) -> None:
    assert (
        norm.given_names_compatible(norm.person_parts(left), norm.person_parts(right)) is compatible
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1377507", "01377507"),
        ("sc267044", "SC267044"),
        ("", ""),
        ("N/A", ""),
        ("12 345", "00012345"),
    ],
)
def test_company_numbers(raw: str, expected: str) -> None:
    assert norm.normalise_company_number(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("sw1a1aa", "SW1A 1AA"), (" SW1A  1AA ", "SW1A 1AA"), ("", ""), ("BFPO 57", "BFPO57")],
)
def test_postcodes(raw: str, expected: str) -> None:
    assert norm.normalise_postcode(raw) == expected
