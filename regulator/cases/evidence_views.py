"""Evidence pages (custody log, logged downloads, copies, relevance and sensitivity),
notices as PDF, the disclosure schedules and the referral bundle button."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from regulator.cases import forms, selectors, services
from regulator.cases.views import case_or_404
from regulator.core.errors import InvalidValueError
from regulator.core.permissions import permission_required
from regulator.records import selectors as records_selectors
from regulator.records import services as records_services


@require_safe
@permission_required()
def evidence_detail(request: HttpRequest, reference: str, number: int) -> HttpResponse:
    case = case_or_404(request, reference)
    item = selectors.evidence_get(case=case, number=number)
    if item is None:
        raise Http404
    return render(
        request,
        "cases/evidence_detail.html",
        {
            "case": case,
            "item": item,
            "custody": selectors.custody_of(item),
            "derivatives": item.derivatives.all(),
            "decide_form": forms.EvidenceDecisionForm(
                initial={"relevance": item.relevance, "sensitivity": item.sensitivity}
            ),
            "derive_form": forms.DeriveForm(),
            "download_form": forms.PurposeForm(),
        },
    )


@require_http_methods(["POST"])
@permission_required()
def evidence_step(request: HttpRequest, reference: str, number: int, step: str) -> HttpResponse:
    case = case_or_404(request, reference)
    item = selectors.evidence_get(case=case, number=number)
    if item is None or step not in ("download", "derive", "decide"):
        raise Http404
    try:
        if step == "download":
            form = forms.PurposeForm(request.POST)
            if not form.is_valid():
                raise InvalidValueError(_("Say why you need the evidence."))
            data = services.evidence_content(
                item=item,
                actor=request.user,
                action="downloaded",
                purpose=form.cleaned_data["purpose"],
            )
            response = HttpResponse(data, content_type="application/octet-stream")
            response["Content-Disposition"] = (
                f'attachment; filename="{case.reference}-E{item.number}"'
            )
            return response
        if step == "derive":
            derive = forms.DeriveForm(request.POST, request.FILES)
            if not derive.is_valid():
                raise InvalidValueError(_("Choose the copy, the tool and what was done."))
            upload = derive.cleaned_data["file"]
            copy = services.evidence_derive(
                original=item,
                actor=request.user,
                derivation=derive.cleaned_data["derivation"],
                data=upload.read(),
                file_name=upload.name,
                tool=derive.cleaned_data["tool"],
                purpose=derive.cleaned_data["purpose"],
            )
            messages.success(request, _("%(label)s is stored as a copy.") % {"label": copy.label})
            return redirect("cases:evidence_detail", reference=case.reference, number=copy.number)
        decide = forms.EvidenceDecisionForm(request.POST)
        if not decide.is_valid():
            raise InvalidValueError(_("Choose the relevance and give the reason."))
        services.evidence_decide(
            item=item,
            actor=request.user,
            relevance=decide.cleaned_data["relevance"],
            sensitivity=decide.cleaned_data["sensitivity"],
            reason=decide.cleaned_data["reason"],
        )
        messages.success(request, _("The decision is recorded on the unused-material register."))
    except InvalidValueError as exc:
        messages.error(request, exc.message)
    return redirect("cases:evidence_detail", reference=case.reference, number=item.number)


@require_safe
@permission_required()
def notice_pdf(request: HttpRequest, reference: str, number: int) -> HttpResponse:
    case = case_or_404(request, reference)
    notice = selectors.notice_get(case=case, number=number)
    record = records_selectors.record_get(reference=notice.record_reference) if notice else None
    if notice is None or record is None:
        raise Http404
    data = records_services.record_content(record=record, actor=request.user)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="{case.reference}-N{notice.number}-{notice.kind}.pdf"'
    )
    return response


@require_safe
@permission_required()
def schedules(request: HttpRequest, reference: str) -> HttpResponse:
    case = case_or_404(request, reference)
    return render(
        request,
        "cases/schedules.html",
        {
            "case": case,
            "mg6c": selectors.schedule_non_sensitive(case),
            "mg6d": selectors.schedule_sensitive(case),
            "undecided": selectors.undecided_material(case),
            "record_sheet": selectors.disclosure_record(case),
        },
    )


@require_http_methods(["POST"])
@permission_required()
def bundle(request: HttpRequest, reference: str) -> FileResponse:
    import tempfile
    from pathlib import Path

    case = case_or_404(request, reference)
    out = Path(tempfile.mkdtemp(prefix="bundle-"))
    path = services.bundle_build(case=case, actor=request.user, out_dir=out)
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)
