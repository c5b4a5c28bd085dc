# ruff: noqa: RUF001  (Welsh uses the right single quotation mark as its apostrophe)
"""Django's stock field errors ("This field is required.", "Enter a valid date.", whose
Welsh reads "Rhif ddyddiad dilys.") are replaced on every GovukForm by the project's own
wording, in English and Welsh; a message a form chose itself is kept."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.utils import translation

from regulator.core.forms import GovukDateField, GovukForm


class Example(GovukForm):
    name = forms.CharField(label="Your name", max_length=5)
    when = forms.DateField(label="When", input_formats=["%d/%m/%Y"])
    amount = forms.DecimalField(label="Amount", decimal_places=2, max_value=100)
    count = forms.IntegerField(label="How many", min_value=1)
    colour = forms.ChoiceField(label="Colour", choices=[("red", "Red")])
    email = forms.EmailField(label="Email", required=False)
    link = forms.URLField(label="Web address", required=False, assume_scheme="https")
    attachment = forms.FileField(label="File", required=False)
    agreed = forms.BooleanField(label="I agree")
    started = GovukDateField(label="Start date")
    own = forms.CharField(label="Own", error_messages={"required": "Enter the own thing"})


def errors(data: dict[str, Any], language: str) -> dict[str, list[str]]:
    with translation.override(language):
        form = Example(data)
        form.is_valid()
        return {name: [str(e) for e in errs] for name, errs in form.errors.items()}


BAD = {
    "name": "far too long",
    "when": "31/2/2026",
    "amount": "lots",
    "count": "0",
    "colour": "green",
    "email": "not-an-email",
    "link": "not a link",
    "own": "",
}


def test_english_errors_are_the_projects_words() -> None:
    found = errors(BAD, "en")
    assert found["name"] == ["Enter 5 characters or fewer"]
    assert found["when"] == ["Enter a real date, for example 27/3/2026"]
    assert found["amount"] == ["Enter the amount in pounds, like 1500.00"]
    assert found["count"] == ["Enter a number that is 1 or more"]
    assert found["colour"] == ["Select from the options shown"]
    assert found["email"] == ["Enter an email address in the correct format, like name@example.com"]
    assert found["link"] == [
        "Enter a web address in the correct format, like https://www.example.org"
    ]
    assert found["agreed"] == ["Select the box to continue"]
    assert found["started"] == ["Enter a date"]
    assert found["own"] == ["Enter the own thing"]  # the form's own message is kept
    missing = errors({}, "en")
    assert missing["name"] == ["Enter an answer to ‘Your name’"]
    assert missing["colour"] == ["Select an answer to ‘Colour’"]
    assert errors({"amount": "500"}, "en")["amount"] == ["Enter an amount of 100 or less"]


def test_welsh_errors_are_the_projects_words_not_djangos() -> None:
    found = errors(BAD, "cy")
    assert found["when"] == ["Rhowch ddyddiad go iawn, er enghraifft 27/3/2026"]
    assert found["amount"] == ["Rhowch y swm mewn punnoedd, fel 1500.00"]
    assert found["name"] == ["Rhowch 5 nod neu lai"]
    assert found["count"] == ["Rhowch rif sy’n 1 neu fwy"]
    assert found["colour"] == ["Dewiswch o’r opsiynau a ddangosir"]
    assert found["agreed"] == ["Dewiswch y blwch i barhau"]
    assert errors({}, "cy")["name"] == ["Rhowch ateb i ‘Your name’"]
    stock = {"Rhif ddyddiad dilys.", "Mae angen y maes hwn.", "Rhowch rif.", "Rhowch cyfanrif."}
    assert not stock & {message for messages in found.values() for message in messages}


@pytest.mark.parametrize("language", ["en", "cy"])
def test_a_form_keeps_its_own_messages_in_both_languages(language: str) -> None:
    assert errors({"own": ""}, language)["own"] == ["Enter the own thing"]
