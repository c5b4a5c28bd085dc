"""The steps of a case as pages: each ``Action`` names its title, form, the stages it is
open at and the service it runs. Whether the person may take it is the service's to
decide (it says why not, and the page shows the reason)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regulator.cases import forms, selectors, services
from regulator.cases.models import Case
from regulator.cases.types import Stage
from regulator.core.errors import InvalidValueError
from regulator.identity import selectors as identity_selectors
from regulator.identity.types import StaffRole


def _pence(value: Decimal | None) -> int | None:
    return None if value is None else int(value * 100)


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
