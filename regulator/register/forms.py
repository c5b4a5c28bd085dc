"""Forms of the register's question pages, rendered as GOV.UK Frontend markup."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from regulator.core.forms import GovukDateField
from regulator.core.forms import GovukForm as CoreGovukForm
from regulator.register.types import EntityStatus, EntityType, MembershipRole, Register
from regulator.register.validation import (
    RegisterError,
    emblem_check,
    party_name_check,
    postcode_normalise,
)


class GovukForm(CoreGovukForm):
    """The register's question pages' forms: the platform's GOV.UK form, with register
    errors placed on their field."""

    def add_register_error(self, error: RegisterError) -> None:
        self.add_error(error.field if error.field in self.fields else None, error.message)


def _text(label: Any, *, required: bool = True, help_text: Any = "", max_length: int = 255) -> Any:
    return forms.CharField(
        label=label, required=required, help_text=help_text, max_length=max_length
    )


class PartyRegisterForm(GovukForm):
    register = forms.ChoiceField(
        label=_("Which register should the party be on?"),
        choices=[
            (Register.GREAT_BRITAIN.value, Register.GREAT_BRITAIN.label),
            (Register.NORTHERN_IRELAND.value, Register.NORTHERN_IRELAND.label),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Select which register the party should be on")},
    )


class PartyNameForm(GovukForm):
    name = _text(
        _("Party name"),
        help_text=_("The name as it will appear on ballot papers and the register"),
    )

    def __init__(self, *args: Any, entity_id: int | None = None, **kwargs: Any) -> None:
        self.entity_id = entity_id
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = _("Enter the party name")

    def clean_name(self) -> str:
        try:
            return party_name_check(self.cleaned_data["name"], exclude_entity_id=self.entity_id)
        except RegisterError as error:
            raise forms.ValidationError(error.message, code=error.code) from None


class CampaignerNameForm(GovukForm):
    name = _text(_("Campaigner name"), help_text=_("The name you will campaign under"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = _("Enter the campaigner name")


class AddressForm(GovukForm):
    address_line_1 = _text(_("Address line 1"))
    address_line_2 = _text(_("Address line 2 (optional)"), required=False)
    town = _text(_("Town or city"), max_length=100)
    postcode = _text(_("Postcode"), max_length=10)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["address_line_1"].error_messages["required"] = _(
            "Enter address line 1, typically the building and street"
        )
        self.fields["town"].error_messages["required"] = _("Enter the town or city")
        self.fields["postcode"].error_messages["required"] = _("Enter a postcode")
        self.fields["postcode"].widget.attrs["autocomplete"] = "postal-code"

    def clean_postcode(self) -> str:
        try:
            return postcode_normalise(self.cleaned_data["postcode"])
        except RegisterError as error:
            raise forms.ValidationError(error.message, code=error.code) from None


class PartyOfficersForm(GovukForm):
    leader = _text(_("Full name of the party leader"))
    treasurer = _text(
        _("Full name of the treasurer"),
        help_text=_("You will be able to file returns for the party as its treasurer"),
    )
    nominating_officer = _text(_("Full name of the nominating officer"))
    campaigns_officer = _text(_("Full name of the campaigns officer (optional)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["leader"].error_messages["required"] = _("Enter the name of the party leader")
        self.fields["treasurer"].error_messages["required"] = _("Enter the name of the treasurer")
        self.fields["nominating_officer"].error_messages["required"] = _(
            "Enter the name of the nominating officer"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        names = {
            " ".join(str(data.get(k, "")).casefold().split())
            for k in ("leader", "treasurer", "nominating_officer")
        }
        if len(names) == 1 and "" not in names:
            self.add_error("treasurer", _("A party needs at least two different officers"))
        return data


class DescriptionEmblemForm(GovukForm):
    description = _text(
        _("Party description (optional)"),
        required=False,
        help_text=_("A description that may appear on ballot papers, up to 6 words"),
        max_length=255,
    )
    emblem = forms.FileField(
        label=_("Party emblem (optional)"),
        required=False,
        help_text=_("A PNG or JPEG image, smaller than 2 MB and at most 2000 pixels wide"),
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    emblem_description = _text(
        _("Describe the emblem (optional)"),
        required=False,
        help_text=_("For people who cannot see it, for example: a green oak tree"),
    )

    def clean_description(self) -> str:
        text = " ".join(self.cleaned_data.get("description", "").split())
        if len(text.split()) > 6:
            raise forms.ValidationError(
                _("The description must be 6 words or fewer"), code="description_too_long"
            )
        return text

    def clean_emblem(self) -> Any:
        upload = self.cleaned_data.get("emblem")
        if upload:
            try:
                emblem_check(upload)
            except RegisterError as error:
                raise forms.ValidationError(error.message, code=error.code) from None
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("emblem") and not data.get("emblem_description"):
            self.add_error(
                "emblem_description", _("Describe the emblem for people who cannot see it")
            )
        return data


class ResponsiblePersonForm(GovukForm):
    responsible_person = _text(
        _("Full name of the responsible person"),
        help_text=_("The person responsible for the campaigner's spending and donations"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible_person"].error_messages["required"] = _(
            "Enter the name of the responsible person"
        )


class TreasurerChangeForm(GovukForm):
    treasurer = _text(_("Full name of the new treasurer or responsible person"))
    appointed_on = GovukDateField(
        label=_("Date of appointment"), help_text=_("For example, 27 3 2026")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["treasurer"].error_messages["required"] = _("Enter the name")
        self.fields["appointed_on"].error_messages["required"] = _("Enter the date of appointment")
        self.fields["appointed_on"].error_messages["incomplete"] = _(
            "Enter the date of appointment"
        )


class AccountingUnitForm(GovukForm):
    unit_name = _text(_("Name of the accounting unit"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit_name"].error_messages["required"] = _(
            "Enter the name of the accounting unit"
        )


class DeregistrationForm(GovukForm):
    deregistered_on = GovukDateField(
        label=_("Date to deregister"), help_text=_("For example, 27 3 2026")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["deregistered_on"].error_messages["required"] = _("Enter the date")
        self.fields["deregistered_on"].error_messages["incomplete"] = _("Enter the date")


class DeclarationForm(GovukForm):
    declaration = forms.BooleanField(
        label=_("I confirm that the information I have given is correct and complete"),
        error_messages={"required": _("Confirm the declaration to send the application")},
    )


class ChangesRequestForm(GovukForm):
    note = forms.CharField(
        label=_("What does the applicant need to change?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Enter the changes the applicant needs to make")},
    )


class RefuseForm(GovukForm):
    reason = forms.CharField(
        label=_("Reasons for refusing"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Enter the reasons for refusing the application")},
    )


class ApproveForm(GovukForm):
    reason = forms.CharField(
        label=_("Note for the record (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class EntitySearchForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=200)
    entity_type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("Any type")), *EntityType.choices]
    )
    register = forms.ChoiceField(
        label=_("Register"),
        required=False,
        choices=[
            ("", _("Any register")),
            (Register.GREAT_BRITAIN.value, Register.GREAT_BRITAIN.label),
            (Register.NORTHERN_IRELAND.value, Register.NORTHERN_IRELAND.label),
        ],
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *EntityStatus.choices]
    )


class MembershipGrantForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address of their account"),
        max_length=254,
        error_messages={
            "required": _("Enter the email address of the person’s account"),  # noqa: RUF001
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
        },
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=(),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select a role"),
            "invalid_choice": _("Select a role from the list"),
        },
    )

    def __init__(self, *args: Any, roles: list[MembershipRole], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        role_field = self.fields["role"]
        assert isinstance(role_field, forms.ChoiceField)
        role_field.choices = [(str(role), role.label) for role in roles]
