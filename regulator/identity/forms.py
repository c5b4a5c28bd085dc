from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


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
