"""Sanctions and their notices: the notice of intent (proposal), representations decided
by someone who did not issue the notice, the final notice, payment with the late-payment
uplift, and appeals. Investigatory notices (disclosure, investigation) are issued here
too, and counted for the annual powers-and-sanctions report."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from regulator.cases import clocks
from regulator.cases.models import Case, Notice, Sanction
from regulator.cases.services.common import (
    move,
    parse_day,
    require_reason,
    require_role,
    require_stage,
    require_team,
)
from regulator.cases.services.errors import error
from regulator.cases.services.lifecycle import conclude
from regulator.cases.services.notices import notice_issue
from regulator.cases.services.retention import sanction_paid_records
from regulator.cases.types import (
    DISCRETIONARY,
    MONETARY,
    CasesErrorCode,
    NoticeKind,
    PaymentStatus,
    RepresentationsOutcome,
    SanctionKind,
    Stage,
)
from regulator.core import clock
from regulator.identity.selectors import is_case_decision_maker

NOTICE_FOR = {
    SanctionKind.COMPLIANCE: NoticeKind.COMPLIANCE,
    SanctionKind.RESTORATION: NoticeKind.RESTORATION,
    SanctionKind.STOP: NoticeKind.STOP,
    SanctionKind.UNDERTAKING: NoticeKind.UNDERTAKING,
}


def power_notice_issue(
    *,
    case: Case,
    actor: Any,
    kind: str,
    recipient: str,
    served_by: str,
    requirements: str,
    due_days: int,
    language: str = "en",
    sent_on: dt.date | None = None,
) -> Notice:
    """A disclosure or investigation notice (Schedule 19B) during an investigation."""
    require_team(actor, case)
    require_stage(case, Stage.INVESTIGATION)
    if kind not in (NoticeKind.DISCLOSURE, NoticeKind.INVESTIGATION):
        raise error(CasesErrorCode.BAD_CHOICE, _("Choose a disclosure or investigation notice."))
    if not requirements.strip():
        raise error(CasesErrorCode.REASON_REQUIRED, _("Set out what the notice requires."))
    if due_days < 1:
        raise error(CasesErrorCode.DATE, _("Give a reasonable time to comply, in days."))
    with transaction.atomic():
        return notice_issue(
            case=case,
            actor=actor,
            kind=kind,
            recipient=recipient,
            served_by=served_by,
            language=language,
            sent_on=sent_on,
            due_days=due_days,
            body=requirements.strip(),
        )


def _check_combination(case: Case, kind: str, act: str) -> None:
    """No fixed penalty for an act that had a discretionary requirement or stop notice,
    and vice versa; each sanction at most once per act."""
    earlier = case.sanctions.filter(dropped=False, act__iexact=act.strip())
    for sanction in earlier:
        if sanction.kind == kind:
            raise error(
                CasesErrorCode.COMBINATION,
                _("A %(kind)s has already been proposed for this act.")
                % {"kind": SanctionKind(kind).label},
            )
        if (kind == SanctionKind.FIXED and sanction.kind in DISCRETIONARY) or (
            kind in DISCRETIONARY and sanction.kind == SanctionKind.FIXED
        ):
            raise error(
                CasesErrorCode.COMBINATION,
                _(
                    "A fixed monetary penalty cannot be combined with a discretionary "
                    "requirement or stop notice for the same act (here: %(other)s)."
                )
                % {"other": SanctionKind(sanction.kind).label},
            )


def sanction_propose(
    *,
    case: Case,
    actor: Any,
    kind: str,
    act: str,
    recipient: str,
    served_by: str,
    amount_pence: int | None = None,
    language: str = "en",
    details: str = "",
    sent_on: dt.date | None = None,
) -> Sanction:
    """The decision maker proposes a sanction and issues the notice of intent."""
    require_team(actor, case)
    require_stage(case, Stage.FINDINGS, Stage.FINAL_DECISION, Stage.PAYMENT)
    require_role(actor, is_case_decision_maker, _("Only a case decision maker proposes sanctions."))
    if case.investigator_id == actor.pk:
        raise error(
            CasesErrorCode.SAME_PERSON,
            _("The investigator cannot decide the case: the case decision maker does."),
        )
    if kind not in SanctionKind.values:
        raise error(CasesErrorCode.BAD_CHOICE, _("Choose the sanction."))
    if case.offence is not None:
        if case.offence.referral_only:
            raise error(
                CasesErrorCode.REFERRAL_ONLY,
                _("This offence cannot be sanctioned by the Commission: refer it instead."),
            )
        if kind not in case.offence.sanctions_allowed:
            raise error(
                CasesErrorCode.SANCTION_NOT_ALLOWED,
                _("A %(kind)s is not available for %(provision)s.")
                % {"kind": SanctionKind(kind).label, "provision": case.offence.provision},
            )
    if not act.strip():
        raise error(CasesErrorCode.REASON_REQUIRED, _("Describe the act the sanction is for."))
    if kind == SanctionKind.FIXED:
        amount_pence = clocks.FIXED_PENALTY_PENCE
    elif kind == SanctionKind.VARIABLE:
        cap = int(getattr(settings, "CASES_VARIABLE_PENALTY_MAX", 20000)) * 100
        if amount_pence is None or not 20_000 <= amount_pence <= cap:
            raise error(
                CasesErrorCode.AMOUNT,
                _("A variable monetary penalty is between £200 and £%(cap)s.")
                % {"cap": f"{cap // 100:,}"},
            )
    else:
        amount_pence = None
    _check_combination(case, kind, act)
    with transaction.atomic():
        sanction = Sanction.objects.create(
            case=case,
            kind=kind,
            act=act.strip()[:300],
            amount_pence=amount_pence,
            proposed_on=parse_day(sent_on),
        )
        notice_issue(
            case=case,
            actor=actor,
            kind=NoticeKind.INTENT,
            recipient=recipient,
            served_by=served_by,
            language=language,
            sent_on=sent_on,
            amount_pence=amount_pence,
            due_days=clocks.REPRESENTATIONS_DAYS,
            body=details,
            sanction=sanction,
        )
        if kind in MONETARY:
            case.payment_status = PaymentStatus.DUE
        move(
            case,
            Stage.SANCTION_PROPOSED,
            actor,
            "sanction_proposed",
            kind=kind,
            amount=amount_pence,
        )
    return sanction


def _intent(sanction: Sanction) -> Notice:
    notice = sanction.notices.filter(kind=NoticeKind.INTENT).order_by("number").first()
    assert notice is not None
    return notice


def representations_receive(
    *, sanction: Sanction, actor: Any, text: str, received_on: dt.date | None = None
) -> Sanction:
    case = sanction.case
    require_team(actor, case)
    require_stage(case, Stage.SANCTION_PROPOSED)
    if not text.strip():
        raise error(CasesErrorCode.REASON_REQUIRED, _("Enter the representations received."))
    with transaction.atomic():
        sanction.representations = text.strip()
        sanction.representations_on = parse_day(received_on)
        sanction.save()
        move(case, Stage.REPRESENTATIONS, actor, "representations_received")
    return sanction


def representations_decide(
    *,
    sanction: Sanction,
    actor: Any,
    outcome: str,
    reason: str,
    amount_pence: int | None = None,
) -> Sanction:
    """A senior officer who did not issue the notice of intent decides representations."""
    case = sanction.case
    require_team(actor, case)
    require_stage(case, Stage.REPRESENTATIONS)
    require_role(
        actor, is_case_decision_maker, _("Representations are decided by a case decision maker.")
    )
    if _intent(sanction).issued_by_id == actor.pk:
        raise error(
            CasesErrorCode.SAME_PERSON,
            _(
                "Representations must be decided by someone who was not involved in issuing "
                "the notice of intent."
            ),
        )
    if case.investigator_id == actor.pk:
        raise error(
            CasesErrorCode.SAME_PERSON,
            _("The investigator cannot decide the case: the case decision maker does."),
        )
    if outcome not in RepresentationsOutcome.values:
        raise error(CasesErrorCode.BAD_CHOICE, _("Choose the decision on the representations."))
    reason = require_reason(reason)
    if outcome == RepresentationsOutcome.MODIFY:
        if sanction.kind == SanctionKind.FIXED or amount_pence is None or amount_pence < 1:
            raise error(CasesErrorCode.AMOUNT, _("Enter the new amount of the penalty."))
        if sanction.amount_pence is not None and amount_pence > sanction.amount_pence:
            raise error(
                CasesErrorCode.AMOUNT, _("The new amount cannot be more than the one proposed.")
            )
    with transaction.atomic():
        sanction.representations_outcome = outcome
        sanction.representations_reason = reason
        sanction.representations_decided_by = actor
        if outcome == RepresentationsOutcome.MODIFY:
            sanction.amount_pence = amount_pence
        if outcome == RepresentationsOutcome.DROP:
            sanction.dropped = True
        sanction.save()
        if outcome == RepresentationsOutcome.DROP:
            case.payment_status = ""
            case.outcome_words = "closed"
            case.save()
            conclude(case, actor, "representations_decided", outcome=outcome)
        else:
            move(case, Stage.FINAL_DECISION, actor, "representations_decided", outcome=outcome)
    return sanction


def final_notice_issue(
    *,
    sanction: Sanction,
    actor: Any,
    recipient: str,
    served_by: str,
    language: str = "en",
    sent_on: dt.date | None = None,
    details: str = "",
) -> Notice:
    """The final notice, after representations were decided or their 28 days passed."""
    case = sanction.case
    require_team(actor, case)
    require_role(
        actor, is_case_decision_maker, _("Only a case decision maker issues final notices.")
    )
    require_stage(case, Stage.SANCTION_PROPOSED, Stage.FINAL_DECISION)
    today = parse_day(sent_on)
    if case.stage == Stage.SANCTION_PROPOSED:
        intent = _intent(sanction)
        if intent.due_on is not None and today <= intent.due_on:
            raise error(
                CasesErrorCode.DATE,
                _("Representations may be made until %(date)s: wait for them, or their end.")
                % {"date": intent.due_on.strftime("%d/%m/%Y")},
            )
    monetary = sanction.kind in MONETARY
    with transaction.atomic():
        notice = notice_issue(
            case=case,
            actor=actor,
            kind=NoticeKind.FINAL if monetary else NOTICE_FOR[SanctionKind(sanction.kind)],
            recipient=recipient,
            served_by=served_by,
            language=language,
            sent_on=today,
            amount_pence=sanction.amount_pence,
            due_days=clocks.PAYMENT_DAYS,
            body=details,
            sanction=sanction,
        )
        sanction.final_on = notice.deemed_received_on
        sanction.save()
        if monetary:
            move(case, Stage.PAYMENT, actor, "final_notice_issued", notice=notice.number)
        else:
            case.save()
            conclude(case, actor, "final_notice_issued", notice=notice.number)
    return notice


def sanction_clock(*, sanction: Sanction, today: dt.date | None = None) -> clocks.PenaltyClock:
    intent = sanction.notices.filter(kind=NoticeKind.INTENT).order_by("number").first()
    return clocks.penalty_clock(
        kind=sanction.kind,
        original_pence=sanction.amount_pence or 0,
        intent_received_on=intent.deemed_received_on if intent else None,
        final_received_on=sanction.final_on,
        appeal_lodged_on=sanction.appeal_lodged_on,
        appeal_determined_on=sanction.appeal_determined_on,
        paid_on=sanction.paid_on,
        today=parse_day(today),
    )


def payment_record(
    *, sanction: Sanction, actor: Any, amount_pence: int, paid_on: dt.date | None = None
) -> Sanction:
    """Record a payment: in time on the notice of intent (a fixed penalty discharged), on
    the final notice, or late with the uplift the clock says is owed."""
    case = sanction.case
    require_team(actor, case)
    require_stage(case, Stage.SANCTION_PROPOSED, Stage.PAYMENT)
    paid_on = parse_day(paid_on)
    if paid_on > clock.local_today():
        raise error(CasesErrorCode.DATE, _("The payment date cannot be in the future."))
    if sanction.kind not in MONETARY or sanction.paid_on is not None:
        raise error(CasesErrorCode.ALREADY, _("No payment is due on this sanction."))
    owed = clocks.penalty_clock(
        kind=sanction.kind,
        original_pence=sanction.amount_pence or 0,
        intent_received_on=_intent(sanction).deemed_received_on,
        final_received_on=sanction.final_on,
        appeal_lodged_on=sanction.appeal_lodged_on,
        appeal_determined_on=sanction.appeal_determined_on,
        paid_on=None,
        today=paid_on,
    )
    if case.stage == Stage.SANCTION_PROPOSED and (
        sanction.kind != SanctionKind.FIXED or owed.pay_by is None or paid_on > owed.pay_by
    ):
        raise error(
            CasesErrorCode.WRONG_STAGE,
            _("Only a fixed penalty can be discharged on the notice of intent, within 28 days."),
        )
    if amount_pence < owed.owed_pence:
        raise error(
            CasesErrorCode.AMOUNT,
            _("%(amount)s is owed on %(date)s (including any increase for late payment).")
            % {"amount": f"£{owed.owed_pence / 100:,.2f}", "date": paid_on.strftime("%d/%m/%Y")},
        )
    with transaction.atomic():
        sanction.paid_on = paid_on
        sanction.paid_pence = amount_pence
        sanction.save()
        if case.stage == Stage.SANCTION_PROPOSED:
            case.payment_status = PaymentStatus.PAID_INITIAL
            case.outcome_words = "paid-initial"
        else:
            case.payment_status = PaymentStatus.PAID_LATE if owed.late else PaymentStatus.PAID
        case.save()
        sanction_paid_records(
            case=case, notices=list(sanction.notices.all()), paid_on=paid_on, actor=actor
        )
        conclude(
            case,
            actor,
            "payment_recorded",
            amount=amount_pence,
            owed=owed.owed_pence,
            late=owed.late,
            paid_on=paid_on,
        )
    return sanction


def appeal_lodge(*, sanction: Sanction, actor: Any, lodged_on: dt.date | None = None) -> Sanction:
    case = sanction.case
    require_team(actor, case)
    require_stage(case, Stage.PAYMENT)
    lodged_on = parse_day(lodged_on)
    if sanction.final_on is None or lodged_on > sanction.final_on + dt.timedelta(
        days=clocks.APPEAL_DAYS
    ):
        raise error(
            CasesErrorCode.DATE,
            _("An appeal must be lodged within 28 days of the final notice."),
        )
    with transaction.atomic():
        sanction.appeal_lodged_on = lodged_on
        sanction.save()
        case.payment_status = PaymentStatus.APPEALED
        move(case, Stage.APPEAL, actor, "appeal_lodged", lodged_on=lodged_on)
    return sanction


def appeal_determine(
    *,
    sanction: Sanction,
    actor: Any,
    upheld: bool,
    reason: str,
    determined_on: dt.date | None = None,
) -> Sanction:
    """``upheld`` means the appeal succeeded: the sanction falls. Otherwise the payment
    clock runs again from the determination."""
    case = sanction.case
    require_team(actor, case)
    require_stage(case, Stage.APPEAL)
    reason = require_reason(reason)
    with transaction.atomic():
        sanction.appeal_determined_on = parse_day(determined_on)
        sanction.appeal_upheld = upheld
        if upheld:
            sanction.dropped = True
        sanction.save()
        if upheld:
            case.payment_status = ""
            case.finding_reason = f"{case.finding_reason}\n{reason}".strip()
            case.save()
            conclude(case, actor, "appeal_determined", upheld=True)
        else:
            case.payment_status = PaymentStatus.DUE
            move(case, Stage.PAYMENT, actor, "appeal_determined", upheld=False, reason=reason)
    return sanction
