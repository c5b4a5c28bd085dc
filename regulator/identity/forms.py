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
        help_text=_("We will send a link to this address. Your key is shown when you follow it."),
        error_messages={
            "required": _("Enter an email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
        },
    )


class AuthenticatorCheckForm(forms.Form):
    """Replacing an authenticator app starts with the old one (or a recovery code)."""

    code = forms.CharField(
        label=_("Code from your authenticator app, or one of your recovery codes"),
        max_length=64,
        error_messages={"required": _("Enter the code from your authenticator app")},
    )


class AuthenticatorNewForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the new app"),
        max_length=16,
        error_messages={"required": _("Enter the code your new app shows")},
    )
