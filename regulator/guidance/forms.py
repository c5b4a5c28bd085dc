"""Forms of the guidance editor (GOV.UK markup through core.forms)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from regulator.core.cells import parse_date
from regulator.core.errors import InvalidValueError
from regulator.core.forms import GovukForm
from regulator.guidance.types import Audience, BlockKind, Topic, WelshStatus


class DateField(forms.Field):
    """A date typed as dd/mm/yyyy (or yyyy-mm-dd) in one text box; blank is None."""

    widget = forms.TextInput

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("help_text", _("For example, 27/03/2026"))
        super().__init__(**kwargs)  # type: ignore[arg-type]  # Field's own options

    def prepare_value(self, value: object) -> object:
        return value.strftime("%d/%m/%Y") if hasattr(value, "strftime") else value

    def to_python(self, value: object) -> dt.date | None:
        text = str(value or "").strip()
        try:
            return parse_date(text)
        except InvalidValueError:
            raise forms.ValidationError(_("Enter a real date, for example 27/03/2026.")) from None


class DocumentForm(GovukForm):
    slug = forms.SlugField(label=_("Address (the end of the page's URL)"), max_length=100)
    audience = forms.ChoiceField(
        label=_("Audience"), choices=Audience.choices, widget=forms.RadioSelect
    )
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices, widget=forms.RadioSelect)
    title_en = forms.CharField(label=_("Title in English"), max_length=200)
    title_cy = forms.CharField(label=_("Title in Welsh"), max_length=200, required=False)


class VersionForm(GovukForm):
    title_en = forms.CharField(label=_("Title in English"), max_length=200)
    title_cy = forms.CharField(label=_("Title in Welsh"), max_length=200, required=False)
    summary_en = forms.CharField(
        label=_("Summary in English"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    summary_cy = forms.CharField(
        label=_("Summary in Welsh"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    change_note_en = forms.CharField(
        label=_("Change note in English"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    change_note_cy = forms.CharField(
        label=_("Change note in Welsh"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    effective_from = DateField(label=_("In force from"), required=False)
    welsh_status = forms.ChoiceField(
        label=_("Welsh"), choices=WelshStatus.choices, widget=forms.RadioSelect
    )
    welsh_expected_on = DateField(label=_("Welsh to be published by"), required=False)


class BlockForm(GovukForm):
    kind = forms.ChoiceField(label=_("Kind of block"), choices=BlockKind.choices)
    anchor = forms.SlugField(
        label=_("Anchor (headings only)"),
        required=False,
        help_text=_(
            "Leave blank to make one from the heading. Keep it when you change the heading: links use it."
        ),
    )
    text_en = forms.CharField(
        label=_("Text in English"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Write [[code]] to show a statutory figure in force. Tables: one row a line, cells separated by |."
        ),
    )
    text_cy = forms.CharField(
        label=_("Text in Welsh"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    figure_code = forms.CharField(
        label=_("Figure code (figure blocks only)"), required=False, max_length=64
    )


class ReviewForm(GovukForm):
    decision = forms.ChoiceField(
        label=_("Your decision"),
        choices=[("approve", _("Approve")), ("return", _("Send back to the author"))],
        widget=forms.RadioSelect,
    )
    publish_on = DateField(label=_("Publish on (leave blank to publish now)"), required=False)
    comment = forms.CharField(
        label=_("Comment for the author"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
