"""The publication approvers' screen: find a record by its reference (ECRef) or list the
filed records not yet published; open a record to see its fields and history, and
publish, withdraw (with a reason) or correct it (with a note).

Every view checks ``disclosure.*_record`` on the server, for the record itself: anonymous
users are sent to sign in, other signed-in users get 403 on the list and 404 on a record
(whose existence, unpublished, is not theirs to know). Every action is a POST with CSRF;
bad input re-renders the page with an error summary (400) and changes nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_POST, require_safe

from regulator.audit.selectors import event_list_for_subject
from regulator.core.cells import parse_date
from regulator.core.errors import InvalidValueError
from regulator.core.money import format_pounds, parse_money
from regulator.core.permissions import permission_required
from regulator.disclosure import services
from regulator.finance import selectors as finance_selectors
from regulator.finance import types as finance_types
from regulator.finance.services import FinanceError, FinanceErrorCode

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

LIST_LIMIT = 100
DATE_FORMAT = "%d/%m/%Y"
KIND_LABELS: dict[str, Promise] = {
    "donations": gettext_lazy("Donation"),
    "loans": gettext_lazy("Loan"),
    "spending": gettext_lazy("Spending item"),
}


@dataclass(frozen=True)
class Editable:
    name: str
    label: StrPromise
    kind: str  # "text" | "money" | "date" | "choice"
    known: dict[str, Promise] | None = None


COMMON_NAMES = [
    Editable("entity_name", gettext_lazy("Regulated entity name (as published)"), "text"),
    Editable("accounting_unit_name", gettext_lazy("Accounting unit name"), "text"),
    Editable("campaigning_name", gettext_lazy("Campaigning name"), "text"),
]
EDITABLE: dict[str, list[Editable]] = {
    "donations": [
        Editable("value", gettext_lazy("Value (£)"), "money"),
        Editable("donor_name", gettext_lazy("Donor name"), "text"),
        Editable(
            "donor_status", gettext_lazy("Donor status"), "choice", finance_types.DONOR_STATUSES
        ),
        Editable(
            "donation_type", gettext_lazy("Donation type"), "choice", finance_types.DONATION_TYPES
        ),
        Editable("accepted_date", gettext_lazy("Accepted date"), "date"),
        Editable("received_date", gettext_lazy("Received date"), "date"),
        Editable("reported_date", gettext_lazy("Reported date"), "date"),
        *COMMON_NAMES,
    ],
    "loans": [
        Editable("value", gettext_lazy("Value (£)"), "money"),
        Editable("lender_name", gettext_lazy("Lender name"), "text"),
        Editable("lender_type", gettext_lazy("Lender type"), "choice", finance_types.LENDER_TYPES),
        Editable("loan_status", gettext_lazy("Loan status"), "choice", finance_types.LOAN_STATUSES),
        Editable("start_date", gettext_lazy("Start date"), "date"),
        Editable("end_date", gettext_lazy("End date"), "date"),
        Editable("date_ec_last_notified", gettext_lazy("Date last notified"), "date"),
        *COMMON_NAMES,
    ],
    "spending": [
        Editable("value", gettext_lazy("Total expenditure (£)"), "money"),
        Editable("supplier_name", gettext_lazy("Supplier name"), "text"),
        Editable(
            "expense_category",
            gettext_lazy("Expense category"),
            "choice",
            finance_types.EXPENSE_CATEGORIES,
        ),
        Editable("date_incurred", gettext_lazy("Date incurred"), "date"),
        Editable("date_paid", gettext_lazy("Date paid"), "date"),
        *COMMON_NAMES,
    ],
}
REQUIRED_TEXT = {"donor_name", "lender_name", "entity_name"}


def _finance_message(error: FinanceError) -> str:
    """The service's error in the user's language."""
    messages: dict[str, str] = {
        FinanceErrorCode.NOT_PUBLISHED: _("This record is not published."),
        FinanceErrorCode.ALREADY_PUBLISHED: _("This record is already published."),
        FinanceErrorCode.ALREADY_WITHDRAWN: _("This record is already withdrawn."),
    }
    return messages.get(
        str(error.code), _("This change could not be made. Check the record and try again.")
    )


# --- Forms ----------------------------------------------------------------------------------


class FindForm(forms.Form):
    ref = forms.CharField(
        label=gettext_lazy("Reference (ECRef)"),
        max_length=32,
        error_messages={
            "required": gettext_lazy("Enter the record's reference, for example C0123456"),
            "max_length": gettext_lazy("A reference is 32 characters or fewer"),
        },
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for withdrawing it"),
        help_text=gettext_lazy("This is published on the entity's page with the reference."),
        max_length=1000,
        widget=forms.Textarea,
        error_messages={
            "required": gettext_lazy("Enter the reason for withdrawing the record"),
            "max_length": gettext_lazy("The reason must be 1,000 characters or fewer"),
        },
    )


class CorrectForm(forms.Form):
    """The record's editable fields, filled with its current values, and a note. Only the
    fields whose value changes are passed to the service."""

    def __init__(self, *args: Any, kind: str, record: Any, **kwargs: Any) -> None:
        kwargs["initial"] = {
            spec.name: _as_text(getattr(record, spec.name)) for spec in EDITABLE[kind]
        }
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.record = record
        for spec in EDITABLE[kind]:
            self.fields[spec.name] = self._field(spec, getattr(record, spec.name))
        self.fields["note"] = forms.CharField(
            label=gettext_lazy("Correction note"),
            help_text=gettext_lazy("What was corrected and why. This is published."),
            max_length=1000,
            widget=forms.Textarea,
            error_messages={
                "required": gettext_lazy("Enter a note saying what was corrected and why"),
                "max_length": gettext_lazy("The note must be 1,000 characters or fewer"),
            },
        )

    @staticmethod
    def _field(spec: Editable, current: Any) -> forms.Field:
        required = spec.kind == "money" or spec.name in REQUIRED_TEXT
        messages = {"required": _("Enter the %(field)s") % {"field": str(spec.label).lower()}}
        if spec.kind == "choice":
            assert spec.known is not None
            options: list[tuple[str, Any]] = [("", gettext_lazy("Not given"))]
            options += [(label, shown) for label, shown in spec.known.items()]
            if current and current not in spec.known:
                options.append((current, current))
            field: forms.Field = forms.ChoiceField(
                label=spec.label,
                choices=options,
                required=False,
                error_messages={"invalid_choice": _("Select a value from the list")},
            )
        else:
            field = forms.CharField(
                label=spec.label, required=required, max_length=255, error_messages=messages
            )
        if spec.kind == "date":
            field.help_text = gettext_lazy("For example, 27/03/2024. Leave empty if not given.")
        field.widget.attrs["data-kind"] = spec.kind
        return field

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for spec in EDITABLE[self.kind]:
            if spec.name not in data:
                continue
            text = str(data[spec.name]).strip()
            value: Any = text
            if spec.kind == "money":
                value = self._money(spec, text)
            elif spec.kind == "date":
                value = self._date(spec, text)
            if spec.name not in self.errors:
                data[spec.name] = value
        dates = [
            name
            for name in finance_types.SEARCH_DATE_FIELDS[self.kind]
            if any(spec.name == name for spec in EDITABLE[self.kind])
        ]
        if not any(name in self.errors for name in dates) and not any(
            data.get(name) for name in dates
        ):
            self.add_error(dates[0], _("Enter at least one of the record's dates"))
        return data

    def _money(self, spec: Editable, text: str) -> Decimal | None:
        try:
            value = parse_money(text)
        except InvalidValueError as error:
            if "fractions of a penny" in error.message:
                self.add_error(
                    spec.name, _("Enter the value in pounds and pence, for example 1500.00")
                )
            else:
                self.add_error(spec.name, _("Enter the value as an amount, for example 1500.00"))
            return None
        if value < 0 or value >= Decimal("1e12"):
            self.add_error(spec.name, _("Enter a value between £0 and £999,999,999,999.99"))
            return None
        return value

    def _date(self, spec: Editable, text: str) -> dt.date | None:
        try:
            return parse_date(text)
        except InvalidValueError:
            pass
        self.add_error(
            spec.name,
            _("Enter the %(field)s as a real date, for example 27/03/2024")
            % {"field": str(spec.label).lower()},
        )
        return None

    def changes(self) -> dict[str, Any]:
        """The editable fields whose value changed. What follows from them (the search
        date and text, the public-fund flag, an individual's postcode) is derived by the
        correction service, as at import and filing."""
        record = self.record
        return {
            spec.name: self.cleaned_data[spec.name]
            for spec in EDITABLE[self.kind]
            if self.cleaned_data[spec.name] != getattr(record, spec.name)
        }


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime(DATE_FORMAT)
    return str(value)


# --- Access ---------------------------------------------------------------------------------


def _record(request: HttpRequest, kind: str, ec_ref: str, permission: str) -> Any:
    """The record, if this user holds ``permission`` for it; otherwise 404."""
    record = finance_selectors.transaction_get(kind=kind, ec_ref=ec_ref)
    if record is None or not request.user.has_perm(permission, record):
        raise Http404
    return record


# --- Views ----------------------------------------------------------------------------------


@permission_required()
@require_safe
def record_list(request: HttpRequest) -> HttpResponse:
    """Find a record by reference, or choose from the filed records not yet published."""
    if not request.user.has_perm("disclosure.publish_record"):
        raise PermissionDenied
    form = FindForm(request.GET or None)
    status = 200
    if form.is_bound and form.is_valid():
        ref = form.cleaned_data["ref"].strip()
        for kind in finance_types.TRANSACTION_KINDS:
            found = (
                finance_selectors.transactions_all(kind)
                .filter(ec_ref__iexact=ref)
                .values_list("ec_ref")
                .first()
            )
            if found:
                return redirect("disclosure:staff_record", kind=kind, ec_ref=found[0])
        form.add_error("ref", _("No record has the reference %(ref)s") % {"ref": ref})
        status = 404
    elif form.is_bound:
        status = 400
    unpublished = [
        {"kind": kind, "kind_label": KIND_LABELS[kind], "record": record}
        for kind in finance_types.TRANSACTION_KINDS
        for record in finance_selectors.transactions_unpublished(kind).order_by("created_at", "id")[
            :LIST_LIMIT
        ]
    ][:LIST_LIMIT]
    return render(
        request,
        "disclosure/staff/record_list.html",
        {"form": form, "unpublished": unpublished, "limit": LIST_LIMIT},
        status=status,
    )


def _history(record: Any) -> list[dict[str, Any]]:
    names = {
        "finance.record_published": pgettext("record status", "Published"),
        "finance.record_withdrawn": _("Withdrawn"),
        "finance.record_corrected": _("Corrected"),
    }
    rows = []
    for event in event_list_for_subject(subject=record):
        payload = event.payload or {}
        before = payload.get("before") or {}
        after = payload.get("after") or {}
        rows.append(
            {
                "event": event,
                "what": names.get(event.action, event.action),
                "reason": payload.get("reason") or payload.get("note") or "",
                "changes": [
                    {"field": name, "before": before.get(name), "after": after.get(name)}
                    for name in after
                    if name != "search_text"
                ],
            }
        )
    return rows


def _render_record(
    request: HttpRequest,
    kind: str,
    record: Any,
    *,
    withdraw_form: WithdrawForm | None = None,
    correct_form: CorrectForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    user = request.user
    fields = [
        {"label": spec.label, "value": _display(spec, getattr(record, spec.name))}
        for spec in EDITABLE[kind]
    ]
    published = record.published_at is not None
    withdrawn = record.withdrawn_at is not None
    context = {
        "kind": kind,
        "kind_label": KIND_LABELS[kind],
        "record": record,
        "fields": fields,
        "published": published,
        "withdrawn": withdrawn,
        "history": _history(record),
        "can_publish": not published
        and not withdrawn
        and user.has_perm("disclosure.publish_record", record),
        "can_withdraw": published
        and not withdrawn
        and user.has_perm("disclosure.withdraw_record", record),
        "can_correct": published
        and not withdrawn
        and user.has_perm("disclosure.correct_record", record),
        "withdraw_form": withdraw_form or WithdrawForm(prefix="withdraw"),
        "correct_form": correct_form or CorrectForm(prefix="correct", kind=kind, record=record),
        "error": error,
        "entity_url": reverse("disclosure:entity", kwargs={"pk": record.entity_id}),
    }
    return render(request, "disclosure/staff/record_detail.html", context, status=status)


def _display(spec: Editable, value: Any) -> str:
    if value is None or value == "":
        return ""
    if spec.kind == "money":
        return format_pounds(Decimal(value))
    if spec.kind == "date":
        return str(value.strftime(DATE_FORMAT))
    if spec.kind == "choice" and spec.known is not None:
        return finance_types.display(spec.known, value)
    return str(value)


@permission_required()
@require_safe
def record_detail(request: HttpRequest, kind: str, ec_ref: str) -> HttpResponse:
    record = _record(request, kind, ec_ref, "disclosure.publish_record")
    return _render_record(request, kind, record)


@permission_required()
@require_POST
def record_publish(request: HttpRequest, kind: str, ec_ref: str) -> HttpResponse:
    record = _record(request, kind, ec_ref, "disclosure.publish_record")
    try:
        services.record_publish(user=request.user, kind=kind, ec_ref=record.ec_ref)
    except FinanceError as problem:
        return _render_record(request, kind, record, error=_finance_message(problem), status=400)
    return redirect("disclosure:staff_record", kind=kind, ec_ref=record.ec_ref)


@permission_required()
@require_POST
def record_withdraw(request: HttpRequest, kind: str, ec_ref: str) -> HttpResponse:
    record = _record(request, kind, ec_ref, "disclosure.withdraw_record")
    form = WithdrawForm(request.POST, prefix="withdraw")
    if not form.is_valid():
        return _render_record(request, kind, record, withdraw_form=form, status=400)
    reason = form.cleaned_data["reason"].strip()
    if not reason:
        form.add_error("reason", _("Enter the reason for withdrawing the record"))
        return _render_record(request, kind, record, withdraw_form=form, status=400)
    try:
        services.record_withdraw(user=request.user, kind=kind, ec_ref=record.ec_ref, reason=reason)
    except FinanceError as problem:
        return _render_record(request, kind, record, error=_finance_message(problem), status=400)
    return redirect("disclosure:staff_record", kind=kind, ec_ref=record.ec_ref)


@permission_required()
@require_POST
def record_correct(request: HttpRequest, kind: str, ec_ref: str) -> HttpResponse:
    record = _record(request, kind, ec_ref, "disclosure.correct_record")
    form = CorrectForm(request.POST, prefix="correct", kind=kind, record=record)
    if not form.is_valid():
        return _render_record(request, kind, record, correct_form=form, status=400)
    if record.withdrawn_at is not None:
        message = _finance_message(FinanceError("", code=FinanceErrorCode.ALREADY_WITHDRAWN))
        return _render_record(request, kind, record, error=message, status=400)
    changes = form.changes()
    if not changes:
        form.add_error(None, _("Change at least one field, or go back without correcting"))
        return _render_record(request, kind, record, correct_form=form, status=400)
    try:
        services.record_correct(
            user=request.user,
            kind=kind,
            ec_ref=record.ec_ref,
            changes=changes,
            note=form.cleaned_data["note"].strip(),
        )
    except FinanceError as problem:
        return _render_record(request, kind, record, error=_finance_message(problem), status=400)
    return redirect("disclosure:staff_record", kind=kind, ec_ref=record.ec_ref)
