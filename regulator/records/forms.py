"""Forms of the records pages (GOV.UK markup through core.forms)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from regulator.core.cells import parse_date
from regulator.core.errors import InvalidValueError
from regulator.core.forms import GovukForm
from regulator.records.types import Action, Decision, HoldKind, Trigger


class DateField(forms.Field):
    """A date typed as dd/mm/yyyy (or yyyy-mm-dd) in one text box; blank is None."""

    widget = forms.TextInput

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("help_text", _("For example, 27/03/2027"))
        super().__init__(**kwargs)  # type: ignore[arg-type]  # Field's own options

    def to_python(self, value: object) -> dt.date | None:
        text = str(value or "").strip()
        try:
            return parse_date(text)
        except InvalidValueError:
            raise forms.ValidationError(_("Enter a real date, for example 27/03/2027.")) from None


class SearchForm(GovukForm):
    q = forms.CharField(
        label=_("Words in the title or description"), required=False, max_length=200
    )
    record_class = forms.ChoiceField(label=_("Record class"), required=False)
    entity = forms.IntegerField(label=_("Entity number"), required=False, min_value=1)
    declared_from = DateField(label=_("Declared from"), required=False)
    declared_to = DateField(label=_("Declared to"), required=False)

    def __init__(self, *args: Any, classes: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["record_class"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Any class")), *classes]


class RuleForm(GovukForm):
    trigger = forms.ChoiceField(label=_("Trigger event"), choices=Trigger.choices)
    period_years = forms.IntegerField(label=_("Years"), min_value=0, max_value=150)
    period_months = forms.IntegerField(label=_("Months"), min_value=0, max_value=11, initial=0)
    action = forms.ChoiceField(label=_("Action at the end"), choices=Action.choices)
    fixed_date = DateField(label=_("Fixed date (for a fixed-date trigger)"), required=False)
    effective_from = DateField(label=_("In force from"))
    reason = forms.CharField(
        label=_("Reason for the change"), widget=forms.Textarea(attrs={"rows": 2})
    )


class HoldForm(GovukForm):
    kind = forms.ChoiceField(
        label=_("Kind of hold"), choices=HoldKind.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    subject = forms.CharField(label=_("Case or request reference"), required=False, max_length=100)
    review_on = DateField(label=_("Review by"))
    records = forms.CharField(
        label=_("Record references (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    query_class = forms.ChoiceField(label=_("Every record of the class"), required=False)
    query_entity = forms.IntegerField(
        label=_("Every record of the entity"), required=False, min_value=1
    )
    query_from = DateField(label=_("Declared from"), required=False)
    query_to = DateField(label=_("Declared to"), required=False)

    def __init__(self, *args: Any, classes: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["query_class"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Any class")), *classes]


class ReleaseForm(GovukForm):
    reason = forms.CharField(
        label=_("Reason for release"), widget=forms.Textarea(attrs={"rows": 2})
    )


class DecisionForm(GovukForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(v, lbl) for v, lbl in Decision.choices if v != Decision.PENDING],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reason (to keep or extend)"), required=False, max_length=500)
    extend_to = DateField(label=_("Keep until (to extend)"), required=False)


class CorrectionForm(GovukForm):
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    reason = forms.CharField(
        label=_("Reason for the correction"), widget=forms.Textarea(attrs={"rows": 2})
    )
