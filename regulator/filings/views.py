"""Pages of online filing: the filer's journey (dashboard, a return, transactions typed or
uploaded, checks, declaration, submission, receipt) and the staff's review, query,
acceptance and publication. Views are thin: ``lifecycle`` writes, permissions decide."""

from __future__ import annotations

import csv
import io
import secrets
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from regulator.core import clock
from regulator.core.api.params import id_in_range
from regulator.core.permissions import (
    permission_check,
    permission_required,
    reauthentication_required,
)
from regulator.filings import services
from regulator.filings.findings import findings_for_reader
from regulator.filings.forms import (
    ENTRY_FORMS,
    AcceptForm,
    AmendForm,
    DeclareForm,
    QueryForm,
    ReturnCreateForm,
    TransactionForm,
    UploadForm,
)
from regulator.filings.models import (
    EDITABLE,
    DraftTransaction,
    FiledReturn,
    ReturnVersion,
    Status,
    Upload,
    UploadStatus,
)
from regulator.filings.parsing import TEMPLATES
from regulator.filings.review import lateness as review_lateness
from regulator.filings.review import nil_description, review_summary
from regulator.filings.rules.inputs import TransactionKind
from regulator.filings.services import FilingError
from regulator.register import selectors as register_selectors
from regulator.register.types import EntityType


def _posted(request: HttpRequest) -> Any:
    """The form data of a POST (even an empty one, so that it is validated), else None."""
    return request.POST if request.method == "POST" else None


def _return(request: HttpRequest, pk: int, perm: str = "filings.view_return") -> FiledReturn:
    filed = (
        FiledReturn.objects.select_related("entity", "accounting_unit").filter(pk=pk).first()
        if id_in_range(pk)
        else None
    )
    if filed is None or not request.user.has_perm("filings.view_return", filed):
        raise Http404
    permission_check(request, perm, filed)
    return filed


# --- Filer -------------------------------------------------------------------------------


@require_safe
@permission_required()
def dashboard(request: HttpRequest) -> HttpResponse:
    permission_check(request, "filings.view_dashboard")
    entity_ids = register_selectors.entity_ids_for_member(user=request.user)
    returns = (
        FiledReturn.objects.filter(entity_id__in=entity_ids)
        .select_related("entity")
        .prefetch_related("versions")
        .order_by("due_date", "-created_at")
    )
    rows = [(r, r.current) for r in returns]
    due = [(r, v) for r, v in rows if v.status in {Status.DRAFT, Status.VALIDATED, Status.DECLARED}]
    done = [(r, v) for r, v in rows if (r, v) not in due]
    return render(request, "filings/dashboard.html", {"due": due, "done": done})


def _entities(request: HttpRequest) -> list[tuple[int, str]]:
    """The entities the user may start a return for (not those they only view)."""
    return [
        (e.pk, e.name)
        for e in register_selectors.entities_for_member(user=request.user)
        if request.user.has_perm("filings.create_return", e)
    ]


def _shown_version(request: HttpRequest, filed: FiledReturn) -> ReturnVersion:
    """The version a reader sees: the entity's members the latest (a draft amendment
    too); staff the latest submitted one (never a draft)."""
    if register_selectors.is_member_of_entity(request.user, filed):
        return filed.current
    shown = filed.versions.exclude(status__in=EDITABLE).order_by("-number").first()
    if shown is None:
        raise Http404
    return shown


def _parties(request: HttpRequest) -> frozenset[int]:
    return frozenset(
        e.pk
        for e in register_selectors.entities_for_member(user=request.user)
        if e.entity_type == EntityType.POLITICAL_PARTY
    )


@require_http_methods(["GET", "POST"])
@permission_required()
def return_create(request: HttpRequest) -> HttpResponse:
    permission_check(request, "filings.view_dashboard")
    form = ReturnCreateForm(
        _posted(request), entities=_entities(request), parties=_parties(request)
    )
    existing = None
    if request.method == "POST" and form.is_valid():
        entity = register_selectors.entity_get(entity_id=form.cleaned_data["entity"])
        permission_check(request, "filings.create_return", entity)
        try:
            filed = services.return_create(
                entity=entity,
                kind=form.cleaned_data["kind"],
                period_name=form.cleaned_data["period_name"],
                actor=request.user,
                seats_contested=form.seats(),
            )
        except services.ReturnExistsError as exc:
            form.add_error("period_name", exc.message)
            existing = exc.existing
        except FilingError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("filings:return_detail", pk=filed.pk)
    return render(request, "filings/return_create.html", {"form": form, "existing": existing})


@require_safe
@permission_required()
def return_detail(request: HttpRequest, pk: int) -> HttpResponse:
    filed = _return(request, pk)
    version = _shown_version(request, filed)
    return render(request, "filings/return_detail.html", _detail(request, filed, version))


def _detail(
    request: HttpRequest,
    filed: FiledReturn,
    version: ReturnVersion,
    accept_form: AcceptForm | None = None,
) -> dict[str, Any]:
    versions = list(filed.versions.filter(number__lte=version.number).order_by("number"))
    previous = version.amends
    changes = _changes(previous, version) if previous else None
    uploads = version.uploads.filter(status=UploadStatus.PENDING)
    can_review = request.user.has_perm("filings.review_return", filed)
    reviewing = can_review and version.status in {Status.SUBMITTED, Status.UNDER_REVIEW}
    transaction_count = version.transactions.count()
    return {
        "filed": filed,
        "version": version,
        "versions": versions,
        "transactions": version.transactions.all()[:200],
        "transaction_count": transaction_count,
        "pending_uploads": uploads,
        "changes": changes,
        "can_edit": version.is_editable and request.user.has_perm("filings.edit_return", filed),
        "entry_links": [(ENTRY_HEADINGS[k], _entry_url(filed, k)) for k in entry_kinds(filed)],
        "can_be_nil": bool(entry_kinds(filed)) and not transaction_count and not uploads,
        "nil_for": nil_description(filed),
        "can_declare": request.user.has_perm("filings.declare_return", filed),
        "can_review": can_review,
        "can_publish": request.user.has_perm("filings.publish_return", filed),
        "review": review_summary(version) if reviewing else None,
        "lateness": review_lateness(filed, version),
        # A draft past its due date says so (a nil return as much as any other).
        "overdue": version.is_editable
        and filed.due_date is not None
        and clock.local_today() > filed.due_date,
        "accept_form": accept_form or AcceptForm(),
        "acceptance_reason": services.acceptance_reason(version)
        if version.status in {Status.ACCEPTED, Status.PUBLISHED}
        else "",
        "query_form": QueryForm(),
        "amend_form": AmendForm(),
        "queries": [q for v in versions for q in v.queries.all()],
    }


def _changes(old: ReturnVersion, new: ReturnVersion) -> dict[str, list[DraftTransaction]]:
    """Rows added, removed and changed between two versions (matched by row number)."""
    before = {t.row: t for t in old.transactions.all()}
    after = {t.row: t for t in new.transactions.all()}
    return {
        "added": [after[r] for r in sorted(after.keys() - before.keys())],
        "removed": [before[r] for r in sorted(before.keys() - after.keys())],
        "changed": [
            after[r]
            for r in sorted(after.keys() & before.keys())
            if after[r].data != before[r].data
        ],
    }


def _editable_version(request: HttpRequest, pk: int) -> tuple[FiledReturn, ReturnVersion]:
    filed = _return(request, pk, "filings.edit_return")
    return filed, filed.current


def _counterparties(filed: FiledReturn, form: type[TransactionForm]) -> list[str]:
    """Names the entity has reported before for this kind (donors, lenders, suppliers),
    offered as the name field's datalist so that one counterparty is spelt one way."""
    names = (
        DraftTransaction.objects.filter(version__filed_return__entity=filed.entity, kind=form.kind)
        .values_list(f"data__{form.counterparty_column}", flat=True)
        .distinct()[:200]
    )
    return sorted({str(n) for n in names if n})


ENTRY_HEADINGS = {
    TransactionKind.DONATION: gettext_lazy("Add a donation"),
    TransactionKind.LOAN: gettext_lazy("Add a loan"),
    TransactionKind.SPENDING: gettext_lazy("Add a spending item"),
}


def entry_kinds(filed: FiledReturn) -> list[TransactionKind]:
    """The kinds of transaction a return of this kind holds (the lifecycle's list)."""
    return list(services.TRANSACTION_KINDS.get(filed.kind, ()))


def _entry_url(filed: FiledReturn, kind: TransactionKind) -> str:
    # Donations keep the original address (filing/returns/<pk>/add/).
    if kind == TransactionKind.DONATION:
        return reverse("filings:transaction_add", kwargs={"pk": filed.pk})
    return reverse("filings:transaction_add_kind", kwargs={"pk": filed.pk, "kind": str(kind)})


@require_http_methods(["GET", "POST"])
@permission_required()
def transaction_add(request: HttpRequest, pk: int, kind: str = "donations") -> HttpResponse:
    """A question page for one transaction of ``kind``; the row goes through
    ``services.transaction_add`` exactly as an uploaded or API row does."""
    filed, version = _editable_version(request, pk)
    try:
        entry_kind = TransactionKind(kind)
    except ValueError:
        raise Http404 from None
    if entry_kind not in entry_kinds(filed):
        raise Http404
    form_class = ENTRY_FORMS[entry_kind]
    form = form_class(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.transaction_add(
                version=version, kind=entry_kind, data=form.row(), actor=request.user
            )
        except FilingError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Transaction added"))
            if form.cleaned_data["add_another"] == "Yes":
                return redirect(_entry_url(filed, entry_kind))
            return redirect("filings:return_detail", pk=filed.pk)
    return render(
        request,
        "filings/transaction_add.html",
        {
            "form": form,
            "filed": filed,
            "heading": ENTRY_HEADINGS[entry_kind],
            "counterparties": _counterparties(filed, form_class),
        },
    )


@require_POST
@permission_required()
def transaction_remove(request: HttpRequest, pk: int, row: int) -> HttpResponse:
    filed, version = _editable_version(request, pk)
    item = version.transactions.filter(row=row).first()
    if item is None:
        raise Http404
    try:
        services.transaction_remove(item=item, actor=request.user)
    except FilingError as exc:
        messages.error(request, exc.message)
    return redirect("filings:return_detail", pk=filed.pk)


@require_POST
@permission_required()
def return_nothing_to_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The filer says there is nothing to report for the period (a nil return), or takes
    it back (``nothing`` = "no")."""
    filed, version = _editable_version(request, pk)
    nothing = request.POST.get("nothing", "yes") != "no"
    try:
        services.version_nothing_to_report(version=version, actor=request.user, nothing=nothing)
    except FilingError as exc:
        messages.error(request, exc.message)
    return redirect("filings:return_detail", pk=filed.pk)


@require_http_methods(["GET", "POST"])
@permission_required()
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    filed, version = _editable_version(request, pk)
    if version.nothing_to_report or not entry_kinds(filed):
        # A nil return (or a return that holds no transactions) offers no upload.
        return redirect("filings:return_detail", pk=filed.pk)
    form = UploadForm(_posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        handle = form.cleaned_data["file"]
        try:
            received = services.upload_receive(
                version=version,
                kind=TransactionKind(form.cleaned_data["kind"]),
                source=handle.read(),
                file_name=handle.name,
                actor=request.user,
            )
        except FilingError as exc:
            form.add_error("file", exc.message)
        else:
            if received.status == UploadStatus.SAVED:
                messages.success(
                    request,
                    _("%(rows)s rows added from %(file)s")
                    % {"rows": received.row_count, "file": received.file_name},
                )
                return redirect("filings:return_detail", pk=filed.pk)
            return redirect("filings:upload_report", pk=filed.pk, upload_id=received.pk)
    return render(request, "filings/upload.html", {"form": form, "filed": filed})


def _upload(request: HttpRequest, pk: int, upload_id: int) -> tuple[FiledReturn, Upload]:
    filed, version = _editable_version(request, pk)
    found = Upload.objects.filter(pk=upload_id, version=version).first()
    if found is None:
        raise Http404
    return filed, found


@require_http_methods(["GET", "POST"])
@permission_required()
def upload_report(request: HttpRequest, pk: int, upload_id: int) -> HttpResponse:
    filed, found = _upload(request, pk, upload_id)
    if request.method == "POST":
        try:
            if request.POST.get("choice") == "keep":
                kept = services.upload_keep_valid(upload=found, actor=request.user)
                messages.success(request, _("%(rows)s rows without errors added") % {"rows": kept})
            else:
                services.upload_discard(upload=found, actor=request.user)
                messages.success(request, _("The file was discarded; nothing was added"))
        except FilingError as exc:
            messages.error(request, exc.message)
        return redirect("filings:return_detail", pk=filed.pk)
    return render(
        request,
        "filings/upload_report.html",
        {
            "filed": filed,
            "upload": found,
            "problems": findings_for_reader(found.problems),
            "valid_rows": found.row_count - len(found.error_rows),
        },
    )


@require_safe
def template_download(request: HttpRequest, kind: str) -> HttpResponse:
    try:
        columns = TEMPLATES[TransactionKind(kind)]
    except ValueError:
        raise Http404 from None
    buffer = io.StringIO()
    csv.writer(buffer).writerow(columns)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{kind}-template.csv"'
    return response


@require_POST
@permission_required()
def return_validate(request: HttpRequest, pk: int) -> HttpResponse:
    filed, version = _editable_version(request, pk)
    try:
        services.version_validate(version=version, actor=request.user)
    except FilingError as exc:
        messages.error(request, exc.message)
        return redirect("filings:return_detail", pk=filed.pk)
    return redirect("filings:return_results", pk=filed.pk)


@require_safe
@permission_required()
def return_results(request: HttpRequest, pk: int) -> HttpResponse:
    filed = _return(request, pk)
    version = _shown_version(request, filed)
    return render(
        request,
        "filings/results.html",
        {
            "filed": filed,
            "version": version,
            "errors": findings_for_reader(version.errors),
            "warnings": findings_for_reader(version.warnings),
        },
    )


def _declare_check(request: HttpRequest, pk: int) -> tuple[FiledReturn, ReturnVersion]:
    filed = _return(request, pk, "filings.declare_return")
    return filed, filed.current


@require_http_methods(["GET", "POST"])
@permission_required()
def return_declare(request: HttpRequest, pk: int) -> HttpResponse:
    filed, version = _declare_check(request, pk)
    return _declare(request, filed, version)


@reauthentication_required
def _declare(request: HttpRequest, filed: FiledReturn, version: ReturnVersion) -> HttpResponse:
    form = DeclareForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.version_declare(version=version, user=request.user)
        except FilingError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("filings:return_submit", pk=filed.pk)
    return render(
        request,
        "filings/declare.html",
        {
            "filed": filed,
            "version": version,
            "form": form,
            "statement": services.STATEMENT,
            "transactions": version.transactions.all()[:200],
            "transaction_count": version.transactions.count(),
            "warnings": findings_for_reader(version.warnings),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required()
def return_submit(request: HttpRequest, pk: int) -> HttpResponse:
    filed, version = _declare_check(request, pk)
    if request.method == "POST":
        try:
            version = services.version_submit(
                version=version,
                user=request.user,
                idempotency_key=request.POST.get("idempotency_key", ""),
            )
        except FilingError as exc:
            messages.error(request, exc.message)
            return redirect("filings:return_detail", pk=filed.pk)
        return redirect("filings:return_receipt", pk=filed.pk, number=version.number)
    if version.status != Status.DECLARED:
        return redirect("filings:return_detail", pk=filed.pk)
    return render(
        request,
        "filings/submit.html",
        {"filed": filed, "version": version, "idempotency_key": secrets.token_urlsafe(24)},
    )


@require_safe
@permission_required()
def return_receipt(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    filed = _return(request, pk)
    version = filed.versions.filter(number=number, receipt_reference__isnull=False).first()
    if version is None:
        raise Http404
    return render(
        request,
        "filings/receipt.html",
        {"filed": filed, "version": version, "nil_for": nil_description(filed)},
    )


@require_POST
@permission_required()
def return_amend(request: HttpRequest, pk: int) -> HttpResponse:
    filed = _return(request, pk, "filings.edit_return")
    form = AmendForm(request.POST)
    if form.is_valid():
        try:
            services.version_amend(
                version=filed.current,
                user=request.user,
                change_note=form.cleaned_data["change_note"],
                answer=form.cleaned_data["answer"],
            )
        except FilingError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, _("Say what the amendment changes"))
    return redirect("filings:return_detail", pk=filed.pk)


# --- Staff -------------------------------------------------------------------------------


@require_safe
@permission_required()
def queue(request: HttpRequest) -> HttpResponse:
    permission_check(request, "filings.view_queue")
    versions = (
        ReturnVersion.objects.filter(
            status__in=[Status.SUBMITTED, Status.UNDER_REVIEW, Status.ACCEPTED]
        )
        .select_related("filed_return__entity")
        .order_by("submitted_at")[:500]
    )
    return render(request, "filings/queue.html", {"versions": versions})


def _staff_action(request: HttpRequest, pk: int, perm: str) -> tuple[FiledReturn, ReturnVersion]:
    filed = _return(request, pk, perm)
    return filed, filed.current


@require_POST
@permission_required()
def return_review(request: HttpRequest, pk: int) -> HttpResponse:
    filed, version = _staff_action(request, pk, "filings.review_return")
    action = request.POST.get("action")
    try:
        if action == "query":
            form = QueryForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Enter your question for the filer"))
                return redirect("filings:return_detail", pk=filed.pk)
            services.version_query(
                version=version, analyst=request.user, question=form.cleaned_data["question"]
            )
            messages.success(request, _("Your question was sent to the filer"))
        elif action == "accept":
            accept_form = AcceptForm(request.POST)
            if not accept_form.is_valid():
                # Nothing changes: the review page again, the errors on the fields.
                shown = _shown_version(request, filed)
                return render(
                    request,
                    "filings/return_detail.html",
                    _detail(request, filed, shown, accept_form=accept_form),
                )
            services.version_accept(
                version=version, analyst=request.user, reason=accept_form.cleaned_data["reason"]
            )
            messages.success(request, _("The return was accepted"))
        else:
            services.version_review_start(version=version, analyst=request.user)
    except FilingError as exc:
        messages.error(request, exc.message)
    return redirect("filings:return_detail", pk=filed.pk)


@require_POST
@permission_required()
def return_publish(request: HttpRequest, pk: int) -> HttpResponse:
    filed, version = _staff_action(request, pk, "filings.publish_return")
    try:
        count = services.version_publish(version=version, approver=request.user)
        messages.success(request, _("%(count)s records published") % {"count": count})
    except FilingError as exc:
        messages.error(request, exc.message)
    return redirect("filings:return_detail", pk=filed.pk)
