"""Forms of the reporting pages (GOV.UK markup through core.forms.GovukForm)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from regulator.core.forms import GovukForm
from regulator.reporting.models import Satisfaction
from regulator.reporting.periods import Period, PeriodError, period_parse


class PeriodField(forms.CharField):
    def clean(self, value: Any) -> Period:
        text = super().clean(value)
        try:
            return period_parse(text)
        except PeriodError as exc:
            raise forms.ValidationError(str(exc)) from exc


class PublishForm(GovukForm):
    period = PeriodField(
        label=_("Period to publish"),
        help_text=_("A month (2025-04), a quarter (2025-Q1) or a financial year (2025-26)"),
        error_messages={"required": _("Enter the period to publish")},
        max_length=16,
    )


class FeedbackForm(GovukForm):
    rating = forms.ChoiceField(
        label=_("Overall, how did you feel about the service you received today?"),
        choices=Satisfaction.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how satisfied you were")},
    )
    comment = forms.CharField(
        label=_("How could we improve this service? (optional)"),
        help_text=_("Do not include personal or financial information."),
        required=False,
        max_length=1200,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    journey = forms.CharField(widget=forms.HiddenInput, required=False, max_length=32)
