"""Pages of a return's documents: upload an invoice, receipt or statement of accounts to a
return being prepared, remove one, download one (the filer's people and the staff who
may see the return, never the public), and the figures of a statement of accounts.
Views are thin: ``documents`` writes, the ``filings.*`` permissions decide per object."""

from __future__ import annotations

from contextlib import suppress
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from regulator.core.api.params import id_in_range
from regulator.core.errors import InvalidValueError
from regulator.core.forms import GovukForm
from regulator.core.money import parse_money
from regulator.core.permissions import permission_required
from regulator.filings import services
from regulator.filings.models import (
    EDITABLE,
    Attachment,
    FiledReturn,
    ReturnKind,
    ReturnVersion,
)
from regulator.filings.services import DocumentErrorCode, FilingError
from regulator.filings.templatetags.filings_format import money
from regulator.identity.types import UserKind
from regulator.register import selectors as register_selectors

KINDS_WITH_DOCUMENTS = frozenset({ReturnKind.CAMPAIGN_SPENDING, ReturnKind.ACCOUNTS})


def _return(request: HttpRequest, pk: int, perm: str = "filings.view_return") -> FiledReturn:
    """The return, if the user may see it (404 otherwise, so a stranger learns nothing)
    and holds ``perm`` on it (404 too: documents are never worth a hint)."""
    filed = (
        FiledReturn.objects.select_related("entity").filter(pk=pk).first()
        if id_in_range(pk)
        else None
    )
    if filed is None or not request.user.has_perm("filings.view_return", filed):
        raise Http404
    if not request.user.has_perm(perm, filed):
        raise Http404
    return filed


def _draft(request: HttpRequest, pk: int, *kinds: str) -> tuple[FiledReturn, ReturnVersion]:
    filed = _return(request, pk, "filings.edit_return")
    if filed.kind not in (kinds or KINDS_WITH_DOCUMENTS):
        raise Http404
    return filed, filed.current


# --- Forms -----------------------------------------------------------------------------------


class DocumentForm(GovukForm):
    file = forms.FileField(
        label=gettext_lazy("Upload a document"),
        help_text=gettext_lazy("A PDF, PNG or JPEG file of 10 MB or less"),
        error_messages={
            "required": gettext_lazy("Select a PDF, PNG or JPEG file"),
            "empty": gettext_lazy("The selected file is empty"),
        },
    )
    row = forms.TypedChoiceField(
        label=gettext_lazy("Which spending item is it for?"),
        help_text=gettext_lazy("Choose none if it is for the return as a whole"),
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args: Any, version: ReturnVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rows = [
            (
                t.row,
                _("Row %(row)s: %(name)s %(value)s")
                % {"row": t.row, "name": t.counterparty, "value": money(t.value)},
            )
            for t in version.transactions.order_by("row")[:2000]
        ]
        field: Any = self.fields["row"]
        field.choices = [("", _("None: the return as a whole")), *rows]
        field.error_messages["invalid_choice"] = _("Choose a row of this return")
        if not rows:
            del self.fields["row"]


class MoneyField(forms.DecimalField):
    """An amount in pounds as people write it (1234.56, £1,234.56), read as the rest of
    the platform reads money; what that cannot read gets the decimal field's own errors
    (not a number, fractions of a penny)."""

    def clean(self, value: Any) -> Any:
        if isinstance(value, str) and value.strip():
            with suppress(InvalidValueError):
                value = str(parse_money(value))
        return super().clean(value)


def _money(label: Any, missing: Any) -> MoneyField:
    return MoneyField(
        label=label,
        help_text=gettext_lazy("In pounds, for example 182500.00"),
        max_digits=14,
        decimal_places=2,
        min_value=Decimal(0),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        error_messages={
            "required": missing,
            "invalid": gettext_lazy("Enter an amount in pounds, for example 182500.00"),
            "min_value": gettext_lazy("Enter an amount of £0 or more"),
            "max_digits": gettext_lazy("Enter an amount under £1,000,000,000,000"),
            "max_decimal_places": gettext_lazy("Enter an amount in pounds and pence"),
            "max_whole_digits": gettext_lazy("Enter an amount under £1,000,000,000,000"),
        },
    )


class AccountsFiguresForm(GovukForm):
    total_income = _money(gettext_lazy("Total income"), gettext_lazy("Enter the total income"))
    total_expenditure = _money(
        gettext_lazy("Total expenditure"), gettext_lazy("Enter the total expenditure")
    )
    audited = forms.ChoiceField(
        label=gettext_lazy("Were the accounts audited?"),
        help_text=gettext_lazy("They must be when income or expenditure is over £250,000"),
        choices=[("Yes", gettext_lazy("Yes")), ("No", gettext_lazy("No"))],
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Say whether the accounts were audited")},
    )
    auditor_name = forms.CharField(
        label=gettext_lazy("Auditor's name"),
        help_text=gettext_lazy("If the accounts were audited"),
        max_length=255,
        required=False,
    )


_FIELD_OF = {
    DocumentErrorCode.AUDIT_REQUIRED: "audited",
    DocumentErrorCode.AUDITOR_MISSING: "auditor_name",
    DocumentErrorCode.AMOUNT_NEGATIVE: "total_income",
}


# --- Views -----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@permission_required()
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    filed, version = _draft(request, pk)
    if not version.is_editable:
        messages.info(
            request, _("This return has been submitted: start an amendment to change it.")
        )
        return redirect("filings:return_detail", pk=filed.pk)
    posted = request.method == "POST"
    form = DocumentForm(
        request.POST if posted else None, request.FILES if posted else None, version=version
    )
    if posted and form.is_valid():
        handle = form.cleaned_data["file"]
        number = form.cleaned_data.get("row")
        row = version.transactions.filter(row=number).first() if number else None
        try:
            added = services.attachment_add(
                version=version, source=handle, file_name=handle.name, actor=request.user, row=row
            )
        except FilingError as exc:
            form.add_error("file", exc.message)
        else:
            messages.success(request, _("%(file)s uploaded") % {"file": added.original_name})
            return redirect("filings:return_detail", pk=filed.pk)
    return render(
        request, "filings/documents/upload.html", {"form": form, "filed": filed, "version": version}
    )


@require_POST
@permission_required()
def document_remove(request: HttpRequest, pk: int, document: int) -> HttpResponse:
    filed, version = _draft(request, pk)
    found = Attachment.objects.filter(pk=document, version=version).first()
    if found is None:
        raise Http404
    try:
        services.attachment_remove(attachment=found, actor=request.user)
    except FilingError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(file)s removed") % {"file": found.original_name})
    return redirect("filings:return_detail", pk=filed.pk)


@require_safe
@permission_required()
def document_download(request: HttpRequest, pk: int, document: int) -> FileResponse:
    filed = _return(request, pk)
    attachments = Attachment.objects.filter(pk=document, version__filed_return=filed)
    if not register_selectors.is_member_of_entity(request.user, filed):
        # Staff see the documents of submitted versions only, never a draft's.
        attachments = attachments.exclude(version__status__in=EDITABLE)
    found = attachments.select_related("version").first()
    if found is None:
        raise Http404
    try:
        handle = found.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    if getattr(request.user, "kind", None) == UserKind.STAFF:
        services.attachment_downloaded(attachment=found, actor=request.user)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=services.download_name(found),
        content_type=found.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
@permission_required()
def accounts_figures(request: HttpRequest, pk: int) -> HttpResponse:
    filed, version = _draft(request, pk, ReturnKind.ACCOUNTS)
    if not version.is_editable:
        messages.info(
            request, _("This return has been submitted: start an amendment to change it.")
        )
        return redirect("filings:return_detail", pk=filed.pk)
    current = services.accounts_figures(version)
    initial = (
        {
            "total_income": current.total_income,
            "total_expenditure": current.total_expenditure,
            "audited": "Yes" if current.audited else "No",
            "auditor_name": current.auditor_name,
        }
        if current
        else None
    )
    form = AccountsFiguresForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.accounts_figures_set(
                version=version,
                total_income=data["total_income"],
                total_expenditure=data["total_expenditure"],
                audited=data["audited"] == "Yes",
                auditor_name=data["auditor_name"],
                actor=request.user,
            )
        except FilingError as exc:
            form.add_error(_FIELD_OF.get(DocumentErrorCode(exc.code)), exc.message)
        else:
            messages.success(request, _("The accounts' figures are saved"))
            return redirect("filings:return_detail", pk=filed.pk)
    return render(
        request,
        "filings/documents/accounts.html",
        {"form": form, "filed": filed, "version": version},
    )
