"""Django forms rendered as GOV.UK Frontend markup, for every area's pages: the classes,
hints and error states on each widget, and the GOV.UK date input. Render fields with
``templates/includes/field.html`` and errors with ``includes/error_summary.html``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.text import format_lazy
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


# The project's own words for Django's stock field errors ("This field is required.",
# "Enter a valid date.", whose Welsh reads "Rhif ddyddiad dilys."), in the GOV.UK style and
# translated in core's catalogue. Keyed by error code; a field class's own entry first.
_REQUIRED = _("Enter an answer")
_CHOOSE = _("Select an option")
_REQUIRED_NAMED = _("Enter an answer to ‘{label}’")  # noqa: RUF001
_CHOOSE_NAMED = _("Select an answer to ‘{label}’")  # noqa: RUF001
_FIELD_ERRORS: list[tuple[type[forms.Field], dict[str, Any]]] = [
    (
        GovukDateField,
        {
            "required": _("Enter a date"),
            "incomplete": _("Enter a real date, for example 27 3 2026"),
        },
    ),
    (forms.BooleanField, {"required": _("Select the box to continue")}),
    (
        forms.FileField,
        {
            "required": _("Select a file"),
            "missing": _("Select a file"),
            "invalid": _("Select a file"),
            "empty": _("The selected file is empty"),
            "max_length": _("The file's name must be %(max)d characters or fewer"),
        },
    ),
    (
        forms.MultipleChoiceField,
        {
            "required": _("Select at least one option"),
            "invalid_choice": _("Select from the options shown"),
            "invalid_list": _("Select from the options shown"),
        },
    ),
    (
        forms.ChoiceField,
        {
            "required": _CHOOSE,
            "invalid_choice": _("Select from the options shown"),
        },
    ),
    (
        forms.DateField,
        {
            "required": _("Enter a date"),
            "invalid": _("Enter a real date, for example 27/3/2026"),
        },
    ),
    (
        forms.DecimalField,
        {
            "invalid": _("Enter the amount in pounds, like 1500.00"),
            "max_digits": _("Enter an amount with no more than %(max)s digits"),
            "max_decimal_places": _(
                "Enter an amount with no more than %(max)s digits after the decimal point"
            ),
            "max_whole_digits": _(
                "Enter an amount with no more than %(max)s digits before the decimal point"
            ),
            "max_value": _("Enter an amount of %(limit_value)s or less"),
            "min_value": _("Enter an amount of %(limit_value)s or more"),
        },
    ),
    (
        forms.IntegerField,
        {
            "invalid": _("Enter a whole number, like 12"),
            "max_value": _("Enter a number that is %(limit_value)s or less"),
            "min_value": _("Enter a number that is %(limit_value)s or more"),
        },
    ),
    (
        forms.EmailField,
        {
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
        },
    ),
    (
        forms.URLField,
        {
            "invalid": _("Enter a web address in the correct format, like https://www.example.org"),
        },
    ),
    (
        forms.SlugField,
        {
            "invalid": _("Enter only letters, numbers, hyphens and underscores"),
        },
    ),
    (
        forms.CharField,
        {
            "max_length": _("Enter %(limit_value)d characters or fewer"),
            "min_length": _("Enter at least %(limit_value)d characters"),
        },
    ),
]


def _stock(field: forms.Field, code: str) -> bool:
    """Whether the field's message for ``code`` is Django's own (not set by the form):
    absent, or the very object one of its classes declared."""
    message = field.error_messages.get(code)
    if message is None:
        return True
    return any(
        vars(klass).get("default_error_messages", {}).get(code) is message
        for klass in type(field).__mro__
    )


def field_errors_apply(field: forms.Field) -> None:
    """Give ``field`` the project's wording for each of Django's stock errors it would
    show; a message the form chose itself is kept. Validators' errors (lengths, limits,
    email) are worded through the field's messages too (Django looks them up by code)."""
    wanted: dict[str, Any] = {}
    for klass, messages in reversed(_FIELD_ERRORS):
        if isinstance(field, klass):
            wanted.update(messages)
    wanted.setdefault("required", _REQUIRED)
    if field.label and any(wanted["required"] is plain for plain in (_REQUIRED, _CHOOSE)):
        # Several missing answers in the error summary each say which question.
        named = _REQUIRED_NAMED if wanted["required"] is _REQUIRED else _CHOOSE_NAMED
        wanted["required"] = format_lazy(named, label=field.label)
    for code, message in wanted.items():
        if _stock(field, code):
            field.error_messages[code] = message


class GovukForm(forms.Form):
    """Adds GOV.UK classes, hints and error states to the widgets, and the project's own
    wording of Django's stock field errors (``field_errors_apply``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field_errors_apply(field)
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
