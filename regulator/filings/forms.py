"""Forms of online filing (GOV.UK markup through the register's field include)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from regulator.core import cells
from regulator.core.errors import InvalidValueError
from regulator.core.forms import GovukForm
from regulator.filings.models import ReturnKind
from regulator.filings.parsing import TEMPLATES
from regulator.filings.rules.inputs import TransactionKind
from regulator.filings.rules.periods import parse_period
from regulator.filings.services import period_kind_problem

YES_NO = [("Yes", _("Yes")), ("No", _("No"))]


class ReturnCreateForm(GovukForm):
    entity = forms.TypedChoiceField(
        label=_("Who is the return for?"), coerce=int, widget=forms.RadioSelect
    )
    # A return with nothing to report is a return of its kind declared nil on its page
    # (it says what it is nil for); the old "Nil return" kind is not offered for new ones.
    kind = forms.ChoiceField(
        label=_("What are you filing?"),
        choices=[c for c in ReturnKind.choices if c[0] != ReturnKind.NIL],
        widget=forms.RadioSelect,
    )
    period_name = forms.CharField(
        label=_("Reporting period"),
        help_text=_("For example, Q4 2026, or Accounts 2025 for a statement of accounts"),
        max_length=255,
        error_messages={"required": _("Enter the reporting period, for example Q4 2026")},
    )

    # A party's campaign spending return: the constituencies contested in each part of the
    # UK (its spending limit there depends on them). Asked of every return on this one
    # page (no JavaScript); required only where they count.
    seats_england = forms.IntegerField(
        label=_("Constituencies contested in England"),
        help_text=_("Campaign spending returns of a political party only. Enter 0 if none."),
        min_value=0,
        required=False,
    )
    seats_scotland = forms.IntegerField(
        label=_("Constituencies contested in Scotland"), min_value=0, required=False
    )
    seats_wales = forms.IntegerField(
        label=_("Constituencies contested in Wales"), min_value=0, required=False
    )
    seats_northern_ireland = forms.IntegerField(
        label=_("Constituencies contested in Northern Ireland"), min_value=0, required=False
    )
    SEAT_FIELDS = {
        "england": "seats_england",
        "scotland": "seats_scotland",
        "wales": "seats_wales",
        "northern-ireland": "seats_northern_ireland",
    }

    def __init__(
        self,
        *args: Any,
        entities: list[tuple[int, str]],
        parties: frozenset[int] = frozenset(),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.parties = parties
        self.fields["entity"].choices = entities  # type: ignore[attr-defined]  # a ChoiceField
        self.fields["entity"].error_messages["required"] = _("Select who the return is for")
        self.fields["kind"].error_messages["required"] = _("Select what you are filing")
        for field in self.SEAT_FIELDS.values():
            self.fields[field].error_messages.update(
                invalid=_("Enter the number of constituencies as a whole number, like 59"),
                min_value=_("The number of constituencies cannot be negative"),
            )

    def clean_period_name(self) -> str:
        value = " ".join(self.cleaned_data["period_name"].split())
        if parse_period(value) is None:
            raise forms.ValidationError(
                _("Enter a reporting period we know, for example Q4 2026"), code="period"
            )
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        period = parse_period(cleaned.get("period_name") or "")
        kind = cleaned.get("kind")
        if period is not None and kind and (problem := period_kind_problem(kind, period)):
            self.add_error("period_name", problem)
        if kind == ReturnKind.CAMPAIGN_SPENDING and cleaned.get("entity") in self.parties:
            for field in self.SEAT_FIELDS.values():
                if cleaned.get(field) is None and field not in self.errors:
                    self.add_error(
                        field,
                        _(
                            "Enter the number of constituencies the party contested here "
                            "(0 if none)"
                        ),
                    )
        return cleaned

    def seats(self) -> dict[str, int] | None:
        """The seats contested, for the service (which keeps them only where they count)."""
        found = {nation: self.cleaned_data.get(field) for nation, field in self.SEAT_FIELDS.items()}
        if all(value is None for value in found.values()):
            return None
        return {nation: value for nation, value in found.items() if value is not None}


def _dated(label: Any, required: Any = None, hint: Any = None) -> Any:
    """A date typed as dd/mm/yyyy and kept as typed (the template's text, like a CSV cell)."""
    return forms.CharField(
        label=label,
        help_text=hint or _("As dd/mm/yyyy, for example 27/03/2026"),
        max_length=10,
        error_messages={"required": required} if required else {},
        required=required is not None,
    )


def _money(label: Any, required: Any = None, **options: Any) -> Any:
    return forms.CharField(
        label=label,
        max_length=20,
        help_text=options.pop("help_text", _("For example, 15000.00")),
        error_messages={"required": required} if required else {},
        required=required is not None,
        **options,
    )


def _radios(label: Any, choices: Any, required: Any = None) -> Any:
    """A GOV.UK radios question; ``required`` is the message when none is chosen."""
    return forms.ChoiceField(
        label=label,
        widget=forms.RadioSelect,
        choices=choices,
        error_messages={"required": required} if required else {},
        required=required is not None,
    )


def _company_number() -> Any:
    return forms.CharField(
        label=_("Company number (companies only)"), max_length=32, required=False
    )


def _counterparty(label: Any, required: Any, hint: Any) -> Any:
    return forms.CharField(
        label=label,
        max_length=255,
        widget=forms.TextInput(attrs={"list": "counterparties", "autocomplete": "off"}),
        help_text=hint,
        error_messages={"required": required},
    )


class TransactionForm(GovukForm):
    """One transaction typed on a question page, in the template's columns of ``kind``, so
    that it goes through the same lifecycle and rules as an uploaded row. The form checks
    only what a page must (present, a real date, an amount of money); the rules do the
    rest when the return is checked."""

    kind: TransactionKind
    counterparty_column: str
    # Template columns not asked for, with the value a typed row carries.
    fixed: dict[str, str] = {"IsIrishSource": "No", "IsAggregation": "No"}
    date_fields: tuple[str, ...] = ()
    money_fields: tuple[str, ...] = ()

    add_another = forms.ChoiceField(
        label=_("Do you need to add another transaction?"),
        widget=forms.RadioSelect,
        choices=YES_NO,
        error_messages={"required": _("Select yes if you need to add another transaction")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The last question on the page whatever the kind (base fields come first).
        self.fields["add_another"] = self.fields.pop("add_another")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in self.date_fields:
            value = str(cleaned.get(name) or "")
            try:
                cells.parse_date(value)
            except InvalidValueError:
                self.add_error(name, _("Enter a real date, as dd/mm/yyyy, for example 27/03/2026"))
        for name in self.money_fields:
            value = str(cleaned.get(name) or "")
            try:
                cells.parse_amount(value)
            except InvalidValueError:
                self.add_error(name, _("Enter an amount in pounds, for example 1250.00"))
        return cleaned

    def row(self) -> dict[str, str]:
        """The answers as a row of the template (every column, blanks included)."""
        columns = TEMPLATES[self.kind]
        data = {k: str(v) for k, v in self.cleaned_data.items() if k in columns}
        data.update(self.fixed)
        return {column: data.get(column, "") for column in columns}


_SOURCE_STATUSES = [
    ("Individual", _("Individual")),
    ("Company", _("Company")),
    ("Trade Union", _("Trade union")),
    ("Unincorporated Association", _("Unincorporated association")),
]


class DonationForm(TransactionForm):
    """One donation, in the template's columns."""

    kind = TransactionKind.DONATION
    counterparty_column = "DonorName"
    date_fields = ("ReceivedDate", "AcceptedDate")
    money_fields = ("Value",)

    DonorName = _counterparty(
        _("Donor's name"),
        _("Enter the donor's name"),
        _("Start typing to reuse a donor you have reported before"),
    )
    DonorStatus = _radios(
        _("What kind of donor is this?"), _SOURCE_STATUSES, _("Select what kind of donor this is")
    )
    CompanyRegistrationNumber = _company_number()
    Value = _money(_("Value in pounds"), _("Enter the value of the donation"))
    DonationType = _radios(
        _("Type of donation"),
        [("Cash", _("Cash")), ("Non Cash", _("Non-cash"))],
        _("Select the type of donation"),
    )
    ReceivedDate = _dated(
        _("Date received"),
        _("Enter the date the donation was received"),
        _("As dd/mm/yyyy, for example 02/10/2026"),
    )
    AcceptedDate = _dated(
        _("Date accepted"),
        _("Enter the date the donation was accepted"),
        _("As dd/mm/yyyy, for example 03/10/2026"),
    )
    OnElectoralRegister = _radios(_("Is the donor on an electoral register? (individuals)"), YES_NO)


class LoanForm(TransactionForm):
    """One loan (or credit facility), in the template's columns."""

    kind = TransactionKind.LOAN
    counterparty_column = "LenderName"
    date_fields = ("StartDate", "EndDate", "DateRepaid")
    money_fields = ("Value", "AmountRepaid", "AmountConverted", "AmountOutstanding")

    LenderName = _counterparty(
        _("Lender's name"),
        _("Enter the lender's name"),
        _("Start typing to reuse a lender you have reported before"),
    )
    LenderStatus = _radios(
        _("What kind of lender is this?"),
        [
            *_SOURCE_STATUSES,
            ("Building Society", _("Building society")),
            ("Registered Political Party", _("Registered political party")),
        ],
        _("Select what kind of lender this is"),
    )
    CompanyRegistrationNumber = _company_number()
    OnElectoralRegister = _radios(
        _("Is the lender on an electoral register? (individuals)"), YES_NO
    )
    Value = _money(_("Value of the loan in pounds"), _("Enter the value of the loan"))
    LoanType = _radios(
        _("Type of loan"),
        [("Loan", _("Loan")), ("Credit facility", _("Credit facility"))],
        _("Select the type of loan"),
    )
    RateOfInterestDescription = forms.CharField(
        label=_("Rate of interest"),
        help_text=_("For example, 4 per cent fixed. If the loan is interest-free, say so"),
        max_length=255,
        error_messages={
            "required": _("Enter the rate of interest, or say that the loan is interest-free")
        },
    )
    StartDate = _dated(
        _("Date the loan was entered into"), _("Enter the date the loan was entered into")
    )
    EndDate = _dated(_("Date the loan is due to be repaid (if there is one)"))
    LoanStatus = _radios(
        _("Is the loan still outstanding?"),
        [("Outstanding", _("Yes, it is outstanding")), ("Ended", _("No, it has ended"))],
        _("Select whether the loan is outstanding or has ended"),
    )
    AmountRepaid = _money(_("Amount repaid in pounds (if any)"))
    AmountConverted = _money(_("Amount converted into a donation in pounds (if any)"))
    AmountOutstanding = _money(
        _("Amount outstanding in pounds"),
        _("Enter the amount outstanding, or 0 if nothing is outstanding"),
    )
    DateRepaid = _dated(_("Date repaid (if it has been)"))


class SpendingForm(TransactionForm):
    """One item of campaign spending, in the template's columns."""

    kind = TransactionKind.SPENDING
    counterparty_column = "SupplierName"
    fixed: dict[str, str] = {}
    date_fields = ("DateIncurred", "DateOfClaimForPayment", "DatePaid")
    money_fields = (
        "TotalExpenditure",
        "AmountInEngland",
        "AmountInScotland",
        "AmountInWales",
        "AmountInNorthernIreland",
    )

    SupplierName = _counterparty(
        _("Supplier's name"),
        _("Enter the supplier's name"),
        _("Start typing to reuse a supplier you have reported before"),
    )
    ExpenseCategoryName = _radios(
        _("What was it spent on?"),
        [
            ("Advertising", _("Advertising")),
            ("Unsolicited material to electors", _("Unsolicited material to electors")),
            ("Transport", _("Transport")),
            ("Market research/canvassing", _("Market research or canvassing")),
            ("Media", _("Media")),
            ("Rallies and other events", _("Rallies and other events")),
            ("Overheads and general administration", _("Overheads and general administration")),
            ("Campaign broadcasts", _("Campaign broadcasts")),
            ("Manifesto or Referendum material", _("Manifesto or referendum material")),
        ],
        _("Select what the money was spent on"),
    )
    TotalExpenditure = _money(
        _("Total amount spent in pounds"),
        _("Enter the total amount spent"),
        help_text=_("For example, 1250.00"),
    )
    AmountInEngland = _money(_("Of which in England (pounds)"), help_text="")
    AmountInScotland = _money(_("Of which in Scotland (pounds)"), help_text="")
    AmountInWales = _money(_("Of which in Wales (pounds)"), help_text="")
    AmountInNorthernIreland = _money(_("Of which in Northern Ireland (pounds)"), help_text="")
    DateIncurred = _dated(_("Date incurred"), _("Enter the date the expense was incurred"))
    DateOfClaimForPayment = _dated(_("Date the claim for payment was received (if any)"))
    DatePaid = _dated(_("Date paid"), _("Enter the date the expense was paid"))
    InvoiceReference = forms.CharField(
        label=_("Invoice reference (optional)"), max_length=255, required=False
    )


ENTRY_FORMS: dict[TransactionKind, type[TransactionForm]] = {
    form.kind: form for form in (DonationForm, LoanForm, SpendingForm)
}


class FilerTokenForm(GovukForm):
    name = forms.CharField(
        label=_("What will use the token?"),
        help_text=_("For example, the name of your accounting software"),
        max_length=200,
        error_messages={"required": _("Enter what will use the token")},
    )


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


class AcceptForm(GovukForm):
    """The analyst's acceptance: why (kept with the acceptance) and a confirmation."""

    reason = forms.CharField(
        label=_("Why are you accepting the return?"),
        help_text=_("For example, what you checked. This is kept with the acceptance."),
        widget=forms.Textarea(attrs={"rows": 3, "class": "govuk-textarea"}),
        max_length=4000,
        error_messages={
            "required": _("Enter why you are accepting the return, for example what you checked")
        },
    )
    confirm_accept = forms.BooleanField(
        label=_("I have reviewed the checks, the donors and the totals, and I accept this return"),
        error_messages={"required": _("Confirm that you accept the return")},
    )

    def clean_reason(self) -> str:
        value = str(self.cleaned_data["reason"]).strip()
        if not value:
            raise forms.ValidationError(
                _("Enter why you are accepting the return, for example what you checked"),
                code="required",
            )
        return value
