from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from regulator.identity.models import MembershipRole


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


class ApiKeyRegisterForm(forms.Form):
    name = forms.CharField(
        label=_("Your name or organisation"),
        max_length=200,
        error_messages={"required": _("Enter your name or the name of your organisation")},
    )
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_("We will send the key to this address."),
        error_messages={
            "required": _("Enter an email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
        },
    )
