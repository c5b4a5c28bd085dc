"""Forms of online filing (GOV.UK markup through the register's field include)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from regulator.filings.models import ReturnKind
from regulator.filings.rules.periods import parse_period
from regulator.register.forms import GovukForm

YES_NO = [("Yes", _("Yes")), ("No", _("No"))]


class ReturnCreateForm(GovukForm):
    entity = forms.TypedChoiceField(
        label=_("Who is the return for?"), coerce=int, widget=forms.RadioSelect
    )
    kind = forms.ChoiceField(
        label=_("What are you filing?"), choices=ReturnKind.choices, widget=forms.RadioSelect
    )
    period_name = forms.CharField(
        label=_("Reporting period"),
        help_text=_("For example, Q4 2026"),
        max_length=255,
        error_messages={"required": _("Enter the reporting period, for example Q4 2026")},
    )

    def __init__(self, *args: Any, entities: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["entity"].choices = entities  # type: ignore[attr-defined]
        self.fields["entity"].error_messages["required"] = _("Select who the return is for")
        self.fields["kind"].error_messages["required"] = _("Select what you are filing")

    def clean_period_name(self) -> str:
        value = " ".join(self.cleaned_data["period_name"].split())
        if parse_period(value) is None:
            raise forms.ValidationError(
                _("Enter a reporting period we know, for example Q4 2026"), code="period"
            )
        return value


class DonationForm(GovukForm):
    """One donation, in the template's columns."""

    DonorName = forms.CharField(
        label=_("Donor's name"),
        max_length=255,
        widget=forms.TextInput(attrs={"list": "counterparties", "autocomplete": "off"}),
        help_text=_("Start typing to reuse a donor you have reported before"),
        error_messages={"required": _("Enter the donor's name")},
    )
    DonorStatus = forms.ChoiceField(
        label=_("What kind of donor is this?"),
        widget=forms.RadioSelect,
        choices=[
            ("Individual", _("Individual")),
            ("Company", _("Company")),
            ("Trade Union", _("Trade union")),
            ("Unincorporated Association", _("Unincorporated association")),
        ],
        error_messages={"required": _("Select what kind of donor this is")},
    )
    CompanyRegistrationNumber = forms.CharField(
        label=_("Company number (companies only)"), max_length=32, required=False
    )
    Value = forms.CharField(
        label=_("Value in pounds"),
        max_length=20,
        help_text=_("For example, 15000.00"),
        error_messages={"required": _("Enter the value of the donation")},
    )
    DonationType = forms.ChoiceField(
        label=_("Type of donation"),
        widget=forms.RadioSelect,
        choices=[("Cash", _("Cash")), ("Non Cash", _("Non-cash"))],
        error_messages={"required": _("Select the type of donation")},
    )
    ReceivedDate = forms.CharField(
        label=_("Date received"),
        help_text=_("As dd/mm/yyyy, for example 02/10/2026"),
        max_length=10,
        error_messages={"required": _("Enter the date the donation was received")},
    )
    AcceptedDate = forms.CharField(
        label=_("Date accepted"),
        help_text=_("As dd/mm/yyyy, for example 03/10/2026"),
        max_length=10,
        error_messages={"required": _("Enter the date the donation was accepted")},
    )
    OnElectoralRegister = forms.ChoiceField(
        label=_("Is the donor on an electoral register? (individuals)"),
        widget=forms.RadioSelect,
        choices=YES_NO,
        required=False,
    )
    add_another = forms.ChoiceField(
        label=_("Do you need to add another transaction?"),
        widget=forms.RadioSelect,
        choices=YES_NO,
        error_messages={"required": _("Select yes if you need to add another transaction")},
    )

    def row(self) -> dict[str, str]:
        data = {k: v for k, v in self.cleaned_data.items() if k != "add_another"}
        data.update(IsIrishSource="No", IsAggregation="No")
        return data


class UploadForm(GovukForm):
    kind = forms.ChoiceField(
        label=_("What does the file contain?"),
        widget=forms.RadioSelect,
        choices=[("donations", _("Donations")), ("loans", _("Loans")), ("spending", _("Spending"))],
        error_messages={"required": _("Select what the file contains")},
    )
    file = forms.FileField(
        label=_("Upload a CSV file"),
        help_text=_("Our template or the Commission's published layout; up to 100,000 rows"),
        error_messages={
            "required": _("Select a CSV file"),
            "empty": _("The selected file is empty"),
        },
    )


class QueryForm(GovukForm):
    question = forms.CharField(
        label=_("Your question for the filer"),
        widget=forms.Textarea(attrs={"rows": 4, "class": "govuk-textarea"}),
        max_length=4000,
        error_messages={"required": _("Enter your question for the filer")},
    )


class AmendForm(GovukForm):
    change_note = forms.CharField(
        label=_("What does the amendment change?"),
        widget=forms.Textarea(attrs={"rows": 3, "class": "govuk-textarea"}),
        max_length=4000,
        error_messages={"required": _("Say what the amendment changes")},
    )
    answer = forms.CharField(
        label=_("Your answer to the analyst's question (optional)"),
        widget=forms.Textarea(attrs={"rows": 3, "class": "govuk-textarea"}),
        max_length=4000,
        required=False,
    )


class DeclareForm(GovukForm):
    confirm = forms.BooleanField(
        label=_("I make this declaration"),
        error_messages={"required": _("Confirm that you make the declaration")},
    )
