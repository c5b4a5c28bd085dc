"""Django forms rendered as GOV.UK Frontend markup, for every area's pages: the classes,
hints and error states on each widget, and the GOV.UK date input. Render fields with
``templates/includes/field.html`` and errors with ``includes/error_summary.html``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

_WIDGET_CLASSES = {
    "text": "govuk-input",
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "clearablefile": "govuk-file-upload",
    "file": "govuk-file-upload",
}
_ERROR_CLASSES = {
    "govuk-input": "govuk-input--error",
    "govuk-textarea": "govuk-textarea--error",
    "govuk-select": "govuk-select--error",
    "govuk-file-upload": "govuk-file-upload--error",
}


class GovukDateWidget(forms.MultiWidget):
    template_name = "widgets/date.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__([forms.TextInput(), forms.TextInput(), forms.TextInput()], attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, str) and value:
            value = dt.date.fromisoformat(value)
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class GovukDateField(forms.MultiValueField):
    widget = GovukDateWidget

    def __init__(self, **kwargs: Any) -> None:
        fields = (forms.CharField(), forms.CharField(), forms.CharField())
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    def compress(self, data_list: list[Any]) -> dt.date | None:
        if not data_list or not any(data_list):
            return None
        try:
            day, month, year = (int(str(part).strip()) for part in data_list)
            if year < 1900:
                raise ValueError
            return dt.date(year, month, day)
        except (TypeError, ValueError):
            raise forms.ValidationError(
                _("Enter a real date, for example 27 3 2026"), code="date_invalid"
            ) from None


class GovukForm(forms.Form):
    """Adds GOV.UK classes, hints and error states to the widgets."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget_type = type(field.widget).__name__.lower().removesuffix("input")
            css = _WIDGET_CLASSES.get(widget_type)
            if css:
                field.widget.attrs["class"] = css
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"id_{name}-hint"

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            field = self.fields.get(name)
            if field is None:
                continue
            css = field.widget.attrs.get("class", "")
            if isinstance(field.widget, GovukDateWidget):
                field.widget.attrs["class"] = "govuk-input--error"
            elif css in _ERROR_CLASSES:
                field.widget.attrs["class"] = f"{css} {_ERROR_CLASSES[css]}"
            described = [f"id_{name}-hint"] if field.help_text else []
            field.widget.attrs["aria-describedby"] = " ".join([*described, f"id_{name}-error"])

    def answers(self) -> dict[str, Any]:
        """The cleaned data as JSON-able answers."""
        out: dict[str, Any] = {}
        for key, value in self.cleaned_data.items():
            if isinstance(value, dt.date):
                out[key] = value.isoformat()
            elif isinstance(value, str):
                out[key] = value.strip()
            elif value is not None and not hasattr(value, "read"):
                out[key] = value
        return out


def _text(label: Any, *, required: bool = True, help_text: Any = "", max_length: int = 255) -> Any:
    return forms.CharField(
        label=label, required=required, help_text=help_text, max_length=max_length
    )
