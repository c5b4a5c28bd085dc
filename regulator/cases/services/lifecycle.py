"""The case's life as an explicit state machine: each transition is one of these
services, checks who may take it and from which stage, and writes an audit event.

initial enquiry → assessment → investigation → findings → sanction proposed →
representations → final decision → payment or appeal → concluded → published, with
forfeiture and referral tracks alongside. Separation of duties is enforced here: the
decision maker is never the investigator; whoever declares a conflict leaves the team and
cannot open the case."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import requests
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from regulator.cases.clocks import add_months
from regulator.cases.models import Case, Conflict, Task, Track
from regulator.cases.rules import is_enforcement_staff
from regulator.cases.services.common import (
    event,
    move,
    parse_day,
    require_reason,
    require_role,
    require_stage,
    require_team,
)
from regulator.cases.services.errors import error
from regulator.cases.services.retention import case_concluded_records, case_hold_place
from regulator.cases.types import (
    ASSESSMENT_CHECKLIST,
    AssessmentOutcome,
    CasesErrorCode,
    Finding,
    Stage,
    TaskKind,
    TrackKind,
)
from regulator.core import clock, notify
from regulator.core.workdays import working_days_after
from regulator.identity.selectors import (
    is_case_decision_maker,
    is_investigator,
    is_publication_approver,
)

logger = logging.getLogger(__name__)


def _not_conflicted(case: Case, user: Any) -> None:
    if case.conflicts.filter(user=user).exists():
        raise error(
            CasesErrorCode.CONFLICT,
            _("%(user)s has declared a conflict of interest in this case.")
            % {"user": user.get_username()},
        )


def case_assign(*, case: Case, actor: Any, investigator: Any, decision_maker: Any) -> Case:
    """Triage: a case decision maker gives the case its investigator and decision maker
    (never the same person), who form its team, and opens the assessment."""
    require_role(actor, is_case_decision_maker, _("Only a case decision maker may assign a case."))
    require_team(actor, case)
    require_stage(case, Stage.INITIAL, Stage.ASSESSMENT, Stage.INVESTIGATION)
    if not is_investigator(investigator):
        raise error(CasesErrorCode.NOT_PERMITTED, _("The investigator must hold that role."))
    if not is_case_decision_maker(decision_maker):
        raise error(
            CasesErrorCode.NOT_PERMITTED, _("The decision maker must be a case decision maker.")
        )
    if investigator.pk == decision_maker.pk:
        raise error(
            CasesErrorCode.SAME_PERSON,
            _("The case decision maker cannot also be the case's investigator."),
        )
    _not_conflicted(case, investigator)
    _not_conflicted(case, decision_maker)
    with transaction.atomic():
        case.investigator = investigator
        case.decision_maker = decision_maker
        case.save()
        case.team.add(investigator, decision_maker)
        if case.stage == Stage.INITIAL:
            move(
                case,
                Stage.ASSESSMENT,
                actor,
                "case_assigned",
                investigator=investigator.get_username(),
                decision_maker=decision_maker.get_username(),
            )
            case_hold_place(case=case, actor=actor)
        else:
            event(
                actor,
                case,
                "case_assigned",
                investigator=investigator.get_username(),
                decision_maker=decision_maker.get_username(),
            )
    return case


def team_add(*, case: Case, actor: Any, user: Any) -> Case:
    """Bring a colleague (investigator or decision maker) onto the case team."""
    require_team(actor, case)
    if not is_enforcement_staff(user):
        raise error(
            CasesErrorCode.NOT_PERMITTED,
            _("Only investigators and case decision makers may join a case team."),
        )
    _not_conflicted(case, user)
    with transaction.atomic():
        case.team.add(user)
        event(actor, case, "team_added", user=user.get_username())
    return case


def conflict_declare(*, case: Case, actor: Any, reason: str) -> Conflict:
    """Declare a conflict of interest: the declarer leaves the team and cannot open the
    case again (a case they run must be reassigned)."""
    require_role(actor, is_enforcement_staff, _("Only enforcement staff declare conflicts."))
    reason = require_reason(reason)
    with transaction.atomic():
        conflict, _created = Conflict.objects.get_or_create(
            case=case, user=actor, defaults={"reason": reason, "declared_at": clock.now()}
        )
        case.team.remove(actor)
        event(actor, case, "conflict_declared", user=actor.get_username())
    return conflict


def assessment_decide(
    *, case: Case, actor: Any, answers: dict[str, bool], outcome: str, reason: str
) -> Case:
    """Decide whether to investigate, on the checklist: an investigation opens only when
    every question is answered yes; otherwise advice or no further action."""
    require_team(actor, case)
    require_stage(case, Stage.ASSESSMENT)
    reason = require_reason(reason)
    missing = [key for key in ASSESSMENT_CHECKLIST if key not in answers]
    if missing:
        raise error(CasesErrorCode.CHECKLIST, _("Answer every question of the assessment."))
    if outcome not in AssessmentOutcome.values:
        raise error(CasesErrorCode.BAD_CHOICE, _("Choose the outcome of the assessment."))
    if outcome == AssessmentOutcome.INVESTIGATION and not all(answers.values()):
        raise error(
            CasesErrorCode.CHECKLIST,
            _(
                "An investigation opens only when it is in the public interest, proportionate, "
                "supported by evidence and a good use of resources: every answer must be yes."
            ),
        )
    today = clock.local_today()
    with transaction.atomic():
        case.checklist = {key: bool(value) for key, value in answers.items()}
        case.assessment_outcome = outcome
        case.assessment_reason = reason
        if outcome == AssessmentOutcome.INVESTIGATION:
            case.investigation_opened_on = today
            move(case, Stage.INVESTIGATION, actor, "investigation_opened", checklist=case.checklist)
            months = int(getattr(settings, "CASES_REVIEW_AFTER_MONTHS", 11))
            Task.objects.get_or_create(
                case=case,
                kind=TaskKind.INDEPENDENT_REVIEW,
                due_on=add_months(today, months),
                defaults={
                    "note": _("Investigation open for %(months)d months.") % {"months": months}
                },
            )
        else:
            case.outcome_words = "advice" if outcome == AssessmentOutcome.ADVICE else "closed"
            conclude(case, actor, "assessment_closed", outcome=outcome)
    return case


def findings_record(
    *, case: Case, actor: Any, finding: str, reason: str, reasonable_excuse: bool = False
) -> Case:
    """The decision maker's findings at the end of an investigation. The investigator can
    never record them (separation of duties)."""
    require_team(actor, case)
    require_stage(case, Stage.INVESTIGATION)
    if case.investigator_id == actor.pk:
        raise error(
            CasesErrorCode.SAME_PERSON,
            _("The investigator cannot decide the case: the case decision maker does."),
        )
    if case.decision_maker_id != actor.pk or not is_case_decision_maker(actor):
        raise error(
            CasesErrorCode.NOT_PERMITTED, _("Only the case's decision maker records findings.")
        )
    if finding not in Finding.values:
        raise error(CasesErrorCode.BAD_CHOICE, _("Choose the finding."))
    reason = require_reason(reason)
    with transaction.atomic():
        case.finding = finding
        case.finding_reason = reason
        case.reasonable_excuse = bool(reasonable_excuse)
        if finding == Finding.OFFENCE_FOUND:
            move(case, Stage.FINDINGS, actor, "findings_recorded", finding=finding)
        else:
            case.save()
            conclude(case, actor, "findings_recorded", finding=finding)
    return case


def conclude(case: Case, actor: Any, action: str, **payload: Any) -> Case:
    """End the case: its evidence's retention runs from today (holds permitting)."""
    case.concluded_on = clock.local_today()
    move(case, Stage.CONCLUDED, actor, action, **payload)
    case_concluded_records(case=case, actor=actor)
    for task in case.tasks.filter(done_on__isnull=True):
        task.done_on = case.concluded_on
        task.save(update_fields=["done_on"])
    return case


def case_close(*, case: Case, actor: Any, reason: str) -> Case:
    """Close without further action at findings (e.g. the sanction is not proportionate)."""
    require_team(actor, case)
    require_role(actor, is_case_decision_maker, _("Only a case decision maker may close a case."))
    require_stage(case, Stage.FINDINGS)
    reason = require_reason(reason)
    with transaction.atomic():
        case.outcome_words = "closed"
        case.finding_reason = f"{case.finding_reason}\n{reason}".strip()
        conclude(case, actor, "case_closed", reason=reason)
    return case


def track_open(*, case: Case, actor: Any, kind: str, body: str, note: str = "") -> Track:
    """Open a forfeiture application or a referral to police or prosecutors."""
    require_team(actor, case)
    if kind not in TrackKind.values:
        raise error(CasesErrorCode.BAD_CHOICE, _("Choose forfeiture or referral."))
    if not body.strip():
        raise error(CasesErrorCode.BAD_CHOICE, _("Name the court or the body referred to."))
    with transaction.atomic():
        track = Track.objects.create(
            case=case, kind=kind, body=body.strip()[:200], note=note, opened_on=clock.local_today()
        )
        event(actor, case, "track_opened", kind=kind, body=track.body)
    return track


def track_close(
    *, track: Track, actor: Any, outcome: str, amount_pence: int | None = None
) -> Track:
    require_team(actor, track.case)
    outcome = require_reason(outcome)
    with transaction.atomic():
        track.outcome = outcome[:300]
        track.closed_on = clock.local_today()
        track.amount_pence = amount_pence
        track.save()
        if track.kind == TrackKind.FORFEITURE and amount_pence:
            case = track.case
            case.outcome_words = case.outcome_words or "forfeited"
            case.save(update_fields=["outcome_words"])
        event(actor, track.case, "track_closed", kind=track.kind, outcome=track.outcome)
    return track


def case_publish(*, case: Case, actor: Any, summary_en: str, summary_cy: str = "") -> Case:
    """Publish a concluded investigation's outcome (a publication approver's act)."""
    require_role(
        actor, is_publication_approver, _("Only a publication approver may publish outcomes.")
    )
    require_stage(case, Stage.CONCLUDED)
    if case.assessment_outcome != AssessmentOutcome.INVESTIGATION:
        raise error(
            CasesErrorCode.WRONG_STAGE,
            _("Only concluded investigations are published; this case was closed at assessment."),
        )
    if not summary_en.strip():
        raise error(CasesErrorCode.REASON_REQUIRED, _("Write the summary of reasons."))
    with transaction.atomic():
        case.public_summary_en = summary_en.strip()
        case.public_summary_cy = summary_cy.strip()
        case.published_on = clock.local_today()
        case.published_by = actor
        move(case, Stage.PUBLISHED, actor, "outcome_published")
    return case


def tasks_remind(*, today: dt.date | None = None) -> list[Task]:
    """The periodic job's reminders: every open task of an open case due within
    settings.CASES_REMIND_WORKING_DAYS working days (or overdue) is sent once to the case
    team through GOV.UK Notify, and marked reminded."""
    today = parse_day(today)
    horizon = working_days_after(today, int(getattr(settings, "CASES_REMIND_WORKING_DAYS", 3)))
    reminded = []
    for task in (
        Task.objects.select_related("case")
        .filter(done_on__isnull=True, reminded_on__isnull=True, due_on__lte=horizon)
        .exclude(case__stage__in=[Stage.CONCLUDED, Stage.PUBLISHED])
    ):
        emails = sorted({u.email for u in task.case.team.all() if u.email})
        subject = f"{task.case.reference}: {task.get_kind_display()} {task.due_on:%d/%m/%Y}"
        body = f"{task.case.reference} ({task.case.subject_name}): {task.note}"
        try:
            for email in emails:
                notify.send_email(
                    email_address=email,
                    template_id=notify.generic_template_id(),
                    personalisation={"subject": subject, "body": body},
                    reference=f"{task.case.reference}-T{task.pk}",
                )
        except (notify.NotifyError, requests.RequestException):
            logger.exception("cases.reminder_failed", extra={"case": task.case.reference})
            continue
        task.reminded_on = today
        task.save(update_fields=["reminded_on"])
        reminded.append(task)
    return reminded


def tasks_raise(*, today: dt.date | None = None) -> list[Task]:
    """The periodic job: an independent-review task for every investigation open 11
    months (settings.CASES_REVIEW_AFTER_MONTHS), raised once."""
    today = parse_day(today)
    months = int(getattr(settings, "CASES_REVIEW_AFTER_MONTHS", 11))
    raised = []
    for case in Case.objects.filter(
        stage=Stage.INVESTIGATION, investigation_opened_on__isnull=False
    ):
        assert case.investigation_opened_on is not None
        due = add_months(case.investigation_opened_on, months)
        if due <= today:
            task, created = Task.objects.get_or_create(
                case=case,
                kind=TaskKind.INDEPENDENT_REVIEW,
                due_on=due,
                defaults={
                    "note": _("Investigation open for %(months)d months.") % {"months": months}
                },
            )
            if created:
                raised.append(task)
    return raised
