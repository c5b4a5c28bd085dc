"""Forms of the monitoring pages (GOV.UK markup through core.forms.GovukForm)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from regulator.core.forms import GovukForm
from regulator.monitoring.types import (
    AlertState,
    Assessment,
    Handling,
    MatchStatus,
    Severity,
    SourceEvaluation,
)

TRIAGE_OUTCOMES = [
    (AlertState.DISMISSED.value, _("Dismiss")),
    (AlertState.WATCHING.value, _("Watch")),
    (AlertState.ADVICE.value, _("Advice given")),
]
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


def _number(raw: str, message: Any) -> int | None:
    raw = raw.strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise forms.ValidationError(message)
    return int(raw)


class AlertFilterForm(GovukForm):
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("Open or watching")), *AlertState.choices],
    )
    rule = forms.ChoiceField(label=_("Rule"), required=False)
    severity = forms.ChoiceField(
        label=_("Severity"), required=False, choices=[("", _("Any")), *Severity.choices]
    )
    entity = forms.CharField(label=_("Regulated entity number"), required=False, max_length=12)

    def __init__(self, *args: Any, rules: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["rule"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Any")), *rules]
        self.fields["entity"].widget.attrs["class"] = "govuk-input govuk-input--width-10"
        self.fields["entity"].widget.attrs["inputmode"] = "numeric"

    def clean_entity(self) -> int | None:
        return _number(
            self.cleaned_data.get("entity") or "",
            _("Enter the entity's number in digits, for example 52."),
        )

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "state": data.get("state") or "",
            "rule": data.get("rule") or "",
            "severity": data.get("severity") or "",
            "entity_id": data.get("entity"),
        }


class ReferencesField(forms.MultipleChoiceField):
    """References ticked in the queue; the view looks them up and names any unknown."""

    def valid_value(self, value: Any) -> bool:
        return True


class BulkTriageForm(GovukForm):
    alerts = ReferencesField(
        label=_("Alerts"),
        error_messages={"required": _("Select at least one alert.")},
    )
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[("", _("Choose a decision")), *TRIAGE_OUTCOMES],
        error_messages={"required": _("Choose dismiss, watch or advice given.")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason for the decision.")},
    )


class TriageForm(GovukForm):
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[("", _("Choose a decision")), *TRIAGE_OUTCOMES],
        error_messages={"required": _("Choose dismiss, watch or advice given.")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason for the decision.")},
    )


class AssignForm(GovukForm):
    assignee = forms.ChoiceField(
        label=_("Assign to"), error_messages={"required": _("Choose someone from the list.")}
    )

    def __init__(self, *args: Any, people: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Choose someone")), *people]


class PromoteForm(GovukForm):
    details = forms.CharField(
        label=_("Why an assessment (optional)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MatchFilterForm(GovukForm):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any")), *MatchStatus.choices]
    )


class MatchDecisionForm(GovukForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("confirm", _("Confirm")),
            ("reject", _("Reject")),
            ("link", _("Link to another entity")),
        ],
        error_messages={"required": _("Choose confirm, reject or link.")},
    )
    entity = forms.CharField(label=_("Regulated entity number"), required=False, max_length=12)
    reason = forms.CharField(label=_("Reason (optional)"), required=False, max_length=300)

    def clean_entity(self) -> int | None:
        return _number(
            self.cleaned_data.get("entity") or "",
            _("Enter the entity's number in digits, for example 52."),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        linking = data.get("decision") == "link" and data.get("entity") is None
        if linking and "entity" not in self.errors:
            self.add_error("entity", _("Enter the number of the entity to link it to."))
        return data


class IntelligenceForm(GovukForm):
    title = forms.CharField(label=_("Title"), max_length=300)
    body = forms.CharField(
        label=_("What is known"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20000
    )
    source_evaluation = forms.ChoiceField(
        label=_("Source evaluation"),
        choices=SourceEvaluation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how reliable the source is.")},
    )
    assessment = forms.ChoiceField(
        label=_("Intelligence assessment"),
        choices=Assessment.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how the intelligence is known.")},
    )
    handling = forms.ChoiceField(
        label=_("Handling code"),
        choices=Handling.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the handling code.")},
    )
    handling_conditions = forms.CharField(
        label=_("Handling conditions"),
        required=False,
        max_length=300,
        help_text=_("Required with handling code C: who it may be shared with, and how."),
    )
    entity = forms.CharField(
        label=_("Regulated entity number (optional)"), required=False, max_length=12
    )
    donor_id = forms.CharField(
        label=_("Donor identifier (optional)"),
        required=False,
        max_length=20,
        help_text=_("For example D000123."),
    )
    alerts = forms.CharField(
        label=_("Alert references (optional)"),
        required=False,
        max_length=500,
        help_text=_("Separate them with commas, for example MON-000001, MON-000002."),
    )
    attachment = forms.FileField(label=_("Attachment (optional)"), required=False)

    def clean_entity(self) -> int | None:
        return _number(
            self.cleaned_data.get("entity") or "",
            _("Enter the entity's number in digits, for example 52."),
        )

    def clean_alerts(self) -> list[str]:
        raw = self.cleaned_data.get("alerts") or ""
        return [part.strip().upper() for part in raw.split(",") if part.strip()]

    def clean_attachment(self) -> Any:
        upload = self.cleaned_data.get("attachment")
        if upload is not None and upload.size > MAX_ATTACHMENT_BYTES:
            raise forms.ValidationError(_("The attachment must be smaller than 20 MB."))
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("handling") == Handling.CONDITIONS
            and not (data.get("handling_conditions") or "").strip()
        ):
            self.add_error("handling_conditions", _("Say what conditions apply to sharing it."))
        return data


class PeriodForm(GovukForm):
    period = forms.ChoiceField(label=_("Regulated period"), required=False)

    def __init__(self, *args: Any, periods: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["period"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(name, name) for name in periods]
        field.error_messages["invalid_choice"] = _("Choose a regulated period from the list.")
