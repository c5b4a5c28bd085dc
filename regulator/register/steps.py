"""The question pages of each kind of application, in order."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from regulator.register import forms
from regulator.register.models import Application
from regulator.register.types import ApplicationKind
from regulator.register.validation import RegisterErrorCode


@dataclass(frozen=True)
class Step:
    slug: str
    title: Any
    form_class: type[forms.GovukForm]
    # (answer key, label on the check-answers page)
    summary: tuple[tuple[str, Any], ...]


_NAME = Step("name", _("What is the party's name?"), forms.PartyNameForm, (("name", _("Name")),))
_ADDRESS = Step(
    "address",
    _("What is the registered address?"),
    forms.AddressForm,
    (("address", _("Registered address")),),
)

STEPS: dict[str, tuple[Step, ...]] = {
    ApplicationKind.PARTY_REGISTRATION: (
        Step(
            "register",
            _("Which register should the party be on?"),
            forms.PartyRegisterForm,
            (("register", _("Register")),),
        ),
        _NAME,
        _ADDRESS,
        Step(
            "officers",
            _("Who are the party's officers?"),
            forms.PartyOfficersForm,
            (
                ("leader", _("Leader")),
                ("treasurer", _("Treasurer")),
                ("nominating_officer", _("Nominating officer")),
                ("campaigns_officer", _("Campaigns officer")),
            ),
        ),
        Step(
            "emblem",
            _("Descriptions and emblem"),
            forms.DescriptionEmblemForm,
            (("description", _("Description")), ("emblem", _("Emblem"))),
        ),
    ),
    ApplicationKind.CAMPAIGNER_NOTIFICATION: (
        Step(
            "name",
            _("What is the campaigner's name?"),
            forms.CampaignerNameForm,
            (("name", _("Name")),),
        ),
        _ADDRESS,
        Step(
            "responsible-person",
            _("Who is the responsible person?"),
            forms.ResponsiblePersonForm,
            (("responsible_person", _("Responsible person")),),
        ),
    ),
    ApplicationKind.TREASURER_CHANGE: (
        Step(
            "treasurer",
            _("Who is the new treasurer or responsible person?"),
            forms.TreasurerChangeForm,
            (("treasurer", _("New treasurer")), ("appointed_on", _("Date of appointment"))),
        ),
    ),
    ApplicationKind.ACCOUNTING_UNIT: (
        Step(
            "accounting-unit",
            _("What is the new accounting unit called?"),
            forms.AccountingUnitForm,
            (("unit_name", _("Accounting unit")),),
        ),
    ),
    ApplicationKind.NAME_CHANGE: (
        Step("name", _("What is the new name?"), forms.PartyNameForm, (("name", _("New name")),)),
    ),
    ApplicationKind.DEREGISTRATION: (
        Step(
            "deregistration",
            _("When should the registration end?"),
            forms.DeregistrationForm,
            (("deregistered_on", _("Date to deregister")),),
        ),
    ),
}

_REQUIRED: dict[str, tuple[tuple[str, Any, RegisterErrorCode], ...]] = {
    ApplicationKind.PARTY_REGISTRATION: (
        ("register", _("Select which register the party should be on"), RegisterErrorCode.REQUIRED),
        ("name", _("Enter the party name"), RegisterErrorCode.REQUIRED),
        ("address_line_1", _("Enter the registered address"), RegisterErrorCode.REQUIRED),
        ("town", _("Enter the town or city"), RegisterErrorCode.REQUIRED),
        ("postcode", _("Enter a postcode"), RegisterErrorCode.REQUIRED),
        ("leader", _("Enter the name of the party leader"), RegisterErrorCode.OFFICER_MISSING),
        ("treasurer", _("Enter the name of the treasurer"), RegisterErrorCode.OFFICER_MISSING),
        (
            "nominating_officer",
            _("Enter the name of the nominating officer"),
            RegisterErrorCode.OFFICER_MISSING,
        ),
    ),
    ApplicationKind.CAMPAIGNER_NOTIFICATION: (
        ("name", _("Enter the campaigner name"), RegisterErrorCode.REQUIRED),
        ("address_line_1", _("Enter the registered address"), RegisterErrorCode.REQUIRED),
        ("town", _("Enter the town or city"), RegisterErrorCode.REQUIRED),
        ("postcode", _("Enter a postcode"), RegisterErrorCode.REQUIRED),
        (
            "responsible_person",
            _("Enter the name of the responsible person"),
            RegisterErrorCode.OFFICER_MISSING,
        ),
    ),
    ApplicationKind.TREASURER_CHANGE: (
        ("treasurer", _("Enter the name"), RegisterErrorCode.OFFICER_MISSING),
        ("appointed_on", _("Enter the date of appointment"), RegisterErrorCode.REQUIRED),
    ),
    ApplicationKind.ACCOUNTING_UNIT: (
        ("unit_name", _("Enter the name of the accounting unit"), RegisterErrorCode.REQUIRED),
    ),
    ApplicationKind.NAME_CHANGE: (("name", _("Enter the new name"), RegisterErrorCode.REQUIRED),),
    ApplicationKind.DEREGISTRATION: (
        ("deregistered_on", _("Enter the date"), RegisterErrorCode.REQUIRED),
    ),
}


def steps_for(application: Application) -> tuple[Step, ...]:
    return STEPS[application.kind]


def step_get(application: Application, slug: str) -> Step | None:
    return next((s for s in steps_for(application) if s.slug == slug), None)


def step_after(application: Application, slug: str) -> Step | None:
    steps = steps_for(application)
    for index, step in enumerate(steps):
        if step.slug == slug:
            return steps[index + 1] if index + 1 < len(steps) else None
    return None


def step_for_field(application: Application, field: str) -> Step:
    """The question page where an answer is given (for 'Change' and error links)."""
    for step in steps_for(application):
        if field in step.form_class.base_fields:
            return step
    return steps_for(application)[0]


def required_answers(application: Application) -> tuple[tuple[str, Any, RegisterErrorCode], ...]:
    return _REQUIRED[application.kind]
