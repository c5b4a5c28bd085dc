"""Staff pages of cases (thin: services write, selectors read). Every page of a case
answers 404 to anyone outside its need-to-know (selectors.case_for)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from regulator.cases import forms, selectors, services
from regulator.cases.models import Case
from regulator.cases.types import ASSESSMENT_CHECKLIST, MONETARY, Stage
from regulator.core.errors import InvalidValueError
from regulator.core.permissions import permission_check, permission_required
from regulator.identity import selectors as identity_selectors
from regulator.identity.types import StaffRole
from regulator.records import selectors as records_selectors
from regulator.records import services as records_services


def _case(request: HttpRequest, reference: str) -> Case:
    case = selectors.case_get(reference=reference)
    if case is None:
        raise Http404
    permission_check(request, "cases.open_case", case, hide=True)
    return case


def _pence(value: Decimal | None) -> int | None:
    return None if value is None else int(value * 100)


@require_safe
@permission_required("cases.view_cases")
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "cases/home.html",
        {
            "mine": selectors.my_cases(user=request.user),
            "triage": selectors.triage_queue(user=request.user),
            "deadlines": selectors.deadlines(user=request.user),
        },
    )


@require_safe
@permission_required()
def case_detail(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case(request, reference)
    sanction = selectors.sanction_current(case)
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "intakes": selectors.intakes_of(case),
            "evidence": selectors.evidence_of(case),
            "notices": selectors.notices_of(case),
            "sanctions": selectors.sanctions_of(case),
            "sanction": sanction,
            "clock": services.sanction_clock(sanction=sanction)
            if sanction is not None and sanction.kind in MONETARY
            else None,
            "tasks": selectors.tasks_of(case),
            "tracks": case.tracks.all(),
            "team": case.team.all(),
            "timeline": selectors.timeline(case),
            "checklist": [
                (question, case.checklist.get(key))
                for key, question in ASSESSMENT_CHECKLIST.items()
            ],
            "actions": [a for a in ACTIONS.values() if a.open_to(case, request.user)],
        },
    )


def _choices(role: StaffRole) -> list[tuple[str, str]]:
    return [(str(u.pk), u.get_username()) for u in identity_selectors.staff_with_role(role=role)]


def _user(pk: str) -> Any:
    user = identity_selectors.user_by_id(user_id=int(pk)) if pk.isdigit() else None
    if user is None:
        raise InvalidValueError(_("Choose someone from the list."))
    return user


@dataclass(frozen=True)
class Action:
    """One step of a case: its page's title, form, the stages it is open at and what it
    does. Whether the person may take it is the service's to decide (it says why not)."""

    slug: str
    title: Any
    form: Callable[..., Any]
    stages: tuple[str, ...]
    run: Callable[[HttpRequest, Case, Any], str]
    deciders_only: bool = False

    def open_to(self, case: Case, user: Any) -> bool:
        if case.stage not in self.stages:
            return False
        return not self.deciders_only or user.has_perm("cases.decide_case", case)


def _assign_form(case: Case, data: Any = None, files: Any = None) -> forms.AssignForm:
    return forms.AssignForm(
        data,
        investigators=_choices(StaffRole.INVESTIGATOR),
        deciders=_choices(StaffRole.CASE_DECISION_MAKER),
        initial={
            "investigator": case.investigator_id or "",
            "decision_maker": case.decision_maker_id or "",
        },
    )


def _run_assign(request: HttpRequest, case: Case, form: Any) -> str:
    services.case_assign(
        case=case,
        actor=request.user,
        investigator=_user(form.cleaned_data["investigator"]),
        decision_maker=_user(form.cleaned_data["decision_maker"]),
    )
    return _("The case team is set and the assessment is open.")


def _team_form(case: Case, data: Any = None, files: Any = None) -> forms.TeamAddForm:
    members = set(case.team.values_list("pk", flat=True))
    people = [
        choice
        for role in (StaffRole.INVESTIGATOR, StaffRole.CASE_DECISION_MAKER)
        for choice in _choices(role)
        if int(choice[0]) not in members
    ]
    return forms.TeamAddForm(data, people=sorted(set(people), key=lambda c: c[1]))


def _run_team(request: HttpRequest, case: Case, form: Any) -> str:
    services.team_add(case=case, actor=request.user, user=_user(form.cleaned_data["user"]))
    return _("Added to the case team.")


def _run_conflict(request: HttpRequest, case: Case, form: Any) -> str:
    services.conflict_declare(case=case, actor=request.user, reason=form.cleaned_data["reason"])
    return _("Your conflict of interest is recorded. You no longer have access to this case.")


def _run_assess(request: HttpRequest, case: Case, form: Any) -> str:
    services.assessment_decide(
        case=case,
        actor=request.user,
        answers=form.answers(),
        outcome=form.cleaned_data["outcome"],
        reason=form.cleaned_data["reason"],
    )
    return _("The assessment is recorded.")


def _run_evidence(request: HttpRequest, case: Case, form: Any) -> str:
    upload = form.cleaned_data["file"]
    item = services.evidence_add(
        case=case,
        actor=request.user,
        title=form.cleaned_data["title"],
        file_name=upload.name,
        data=upload.read(),
        kind=form.cleaned_data["kind"],
        obtained=form.cleaned_data["obtained"],
        obtained_from=form.cleaned_data["obtained_from"],
    )
    return _("Evidence %(label)s is stored; its SHA-256 is %(hash)s.") % {
        "label": item.label,
        "hash": item.sha256,
    }


def _run_power_notice(request: HttpRequest, case: Case, form: Any) -> str:
    data = form.cleaned_data
    notice = services.power_notice_issue(
        case=case,
        actor=request.user,
        kind=data["kind"],
        recipient=data["recipient"],
        served_by=data["served_by"],
        requirements=data["requirements"],
        due_days=data["due_days"],
        language=data["language"],
    )
    return _("Notice %(number)s issued.") % {"number": notice.number}


def _run_findings(request: HttpRequest, case: Case, form: Any) -> str:
    services.findings_record(
        case=case,
        actor=request.user,
        finding=form.cleaned_data["finding"],
        reason=form.cleaned_data["reason"],
        reasonable_excuse=form.cleaned_data["reasonable_excuse"],
    )
    return _("The findings are recorded.")


def _run_close(request: HttpRequest, case: Case, form: Any) -> str:
    services.case_close(case=case, actor=request.user, reason=form.cleaned_data["reason"])
    return _("The case is closed without further action.")


def _run_sanction(request: HttpRequest, case: Case, form: Any) -> str:
    data = form.cleaned_data
    services.sanction_propose(
        case=case,
        actor=request.user,
        kind=data["kind"],
        act=data["act"],
        recipient=data["recipient"],
        served_by=data["served_by"],
        amount_pence=_pence(data.get("amount")),
        language=data["language"],
        details=data["details"],
    )
    return _("The notice of intent is issued.")


def _current(case: Case) -> Any:
    sanction = selectors.sanction_current(case)
    if sanction is None:
        raise InvalidValueError(_("There is no sanction on this case."))
    return sanction


def _run_representations(request: HttpRequest, case: Case, form: Any) -> str:
    services.representations_receive(
        sanction=_current(case), actor=request.user, text=form.cleaned_data["text"]
    )
    return _("The representations are recorded.")


def _run_representations_decision(request: HttpRequest, case: Case, form: Any) -> str:
    services.representations_decide(
        sanction=_current(case),
        actor=request.user,
        outcome=form.cleaned_data["outcome"],
        reason=form.cleaned_data["reason"],
        amount_pence=_pence(form.cleaned_data.get("amount")),
    )
    return _("The decision on the representations is recorded.")


def _run_final_notice(request: HttpRequest, case: Case, form: Any) -> str:
    data = form.cleaned_data
    notice = services.final_notice_issue(
        sanction=_current(case),
        actor=request.user,
        recipient=data["recipient"],
        served_by=data["served_by"],
        language=data["language"],
        details=data["details"],
    )
    return _("The final notice is issued: payment is due by %(date)s.") % {
        "date": notice.due_on.strftime("%d/%m/%Y") if notice.due_on else ""
    }


def _run_payment(request: HttpRequest, case: Case, form: Any) -> str:
    services.payment_record(
        sanction=_current(case),
        actor=request.user,
        amount_pence=_pence(form.cleaned_data["amount"]) or 0,
        paid_on=form.cleaned_data["paid_on"],
    )
    return _("The payment is recorded and the case is concluded.")


def _run_appeal(request: HttpRequest, case: Case, form: Any) -> str:
    services.appeal_lodge(
        sanction=_current(case), actor=request.user, lodged_on=form.cleaned_data["lodged_on"]
    )
    return _("The appeal is recorded: the final notice is suspended.")


def _run_appeal_decision(request: HttpRequest, case: Case, form: Any) -> str:
    services.appeal_determine(
        sanction=_current(case),
        actor=request.user,
        upheld=form.cleaned_data["upheld"] == "yes",
        reason=form.cleaned_data["reason"],
    )
    return _("The appeal's outcome is recorded.")


def _run_track(request: HttpRequest, case: Case, form: Any) -> str:
    services.track_open(
        case=case,
        actor=request.user,
        kind=form.cleaned_data["kind"],
        body=form.cleaned_data["body"],
        note=form.cleaned_data["note"],
    )
    return _("The track is open.")


def _plain(form_class: Any) -> Callable[..., Any]:
    return lambda case, data=None, files=None: form_class(data, files)


OPEN = tuple(s for s in Stage.values if s not in (Stage.CONCLUDED, Stage.PUBLISHED))
ACTIONS = {
    action.slug: action
    for action in [
        Action(
            "assign",
            gettext_lazy("Assign the case"),
            _assign_form,
            (Stage.INITIAL, Stage.ASSESSMENT, Stage.INVESTIGATION),
            _run_assign,
            deciders_only=True,
        ),
        Action("team", gettext_lazy("Add to the case team"), _team_form, OPEN, _run_team),
        Action(
            "assess",
            gettext_lazy("Record the assessment"),
            _plain(forms.AssessmentForm),
            (Stage.ASSESSMENT,),
            _run_assess,
        ),
        Action(
            "evidence",
            gettext_lazy("Add evidence"),
            _plain(forms.EvidenceForm),
            OPEN,
            _run_evidence,
        ),
        Action(
            "power-notice",
            gettext_lazy("Issue a disclosure or investigation notice"),
            _plain(forms.PowerNoticeForm),
            (Stage.INVESTIGATION,),
            _run_power_notice,
        ),
        Action(
            "findings",
            gettext_lazy("Record the findings"),
            _plain(forms.FindingsForm),
            (Stage.INVESTIGATION,),
            _run_findings,
            deciders_only=True,
        ),
        Action(
            "sanction",
            gettext_lazy("Propose a sanction"),
            _plain(forms.SanctionForm),
            (Stage.FINDINGS,),
            _run_sanction,
            deciders_only=True,
        ),
        Action(
            "close",
            gettext_lazy("Close without further action"),
            _plain(forms.CloseForm),
            (Stage.FINDINGS,),
            _run_close,
            deciders_only=True,
        ),
        Action(
            "representations",
            gettext_lazy("Record representations"),
            _plain(forms.RepresentationsForm),
            (Stage.SANCTION_PROPOSED,),
            _run_representations,
        ),
        Action(
            "representations-decision",
            gettext_lazy("Decide the representations"),
            _plain(forms.RepresentationsDecisionForm),
            (Stage.REPRESENTATIONS,),
            _run_representations_decision,
            deciders_only=True,
        ),
        Action(
            "final-notice",
            gettext_lazy("Issue the final notice"),
            _plain(forms.FinalNoticeForm),
            (Stage.SANCTION_PROPOSED, Stage.FINAL_DECISION),
            _run_final_notice,
            deciders_only=True,
        ),
        Action(
            "payment",
            gettext_lazy("Record a payment"),
            _plain(forms.PaymentForm),
            (Stage.SANCTION_PROPOSED, Stage.PAYMENT),
            _run_payment,
        ),
        Action(
            "appeal",
            gettext_lazy("Record an appeal"),
            _plain(forms.AppealForm),
            (Stage.PAYMENT,),
            _run_appeal,
        ),
        Action(
            "appeal-decision",
            gettext_lazy("Record the appeal's outcome"),
            _plain(forms.AppealDecisionForm),
            (Stage.APPEAL,),
            _run_appeal_decision,
        ),
        Action(
            "track",
            gettext_lazy("Open a forfeiture or referral track"),
            _plain(forms.TrackForm),
            tuple(Stage.values),
            _run_track,
        ),
        Action(
            "conflict",
            gettext_lazy("Declare a conflict of interest"),
            _plain(forms.ConflictForm),
            tuple(Stage.values),
            _run_conflict,
        ),
    ]
}


@require_http_methods(["GET", "POST"])
@permission_required()
def case_action(request: HttpRequest, reference: str, action: str) -> HttpResponse:
    case = _case(request, reference)
    step = ACTIONS.get(action)
    if step is None:
        raise Http404
    form = step.form(case, request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            message = step.run(request, case, form)
        except InvalidValueError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, message)
            if step.slug == "conflict":
                return redirect("cases:home")
            return redirect("cases:case_detail", reference=case.reference)
    return render(
        request,
        "cases/action.html",
        {"case": case, "form": form, "step": step, "open": step.open_to(case, request.user)},
    )


@require_safe
@permission_required()
def evidence_detail(request: HttpRequest, reference: str, number: int) -> HttpResponse:
    case = _case(request, reference)
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
    case = _case(request, reference)
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
    case = _case(request, reference)
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
    case = _case(request, reference)
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

    case = _case(request, reference)
    out = Path(tempfile.mkdtemp(prefix="bundle-"))
    path = services.bundle_build(case=case, actor=request.user, out_dir=out)
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)


@require_safe
@permission_required("cases.publish_outcome")
def publish_queue(request: HttpRequest) -> HttpResponse:
    return render(request, "cases/publish_queue.html", {"cases": selectors.publication_queue()})


@require_http_methods(["GET", "POST"])
@permission_required("cases.publish_outcome")
def publish(request: HttpRequest, reference: str) -> HttpResponse:
    case = selectors.case_for_publication(reference=reference)
    if case is None:
        raise Http404
    form = forms.PublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_publish(
                case=case,
                actor=request.user,
                summary_en=form.cleaned_data["summary_en"],
                summary_cy=form.cleaned_data["summary_cy"],
            )
        except InvalidValueError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("The outcome of %(reference)s is published.") % {"reference": case.reference},
            )
            return redirect("cases:publish_queue")
    return render(
        request,
        "cases/publish.html",
        {"case": case, "form": form, "sanctions": selectors.sanctions_of(case)},
    )
