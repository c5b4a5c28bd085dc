"""Demo data of cases: one case at every stage of the pipeline, with evidence (a statement
obtained under compulsion and its redacted copy among it), notices in English and Welsh,
a fixed penalty paid late with the 25% increase, a variable penalty under appeal after
representations decided by a second officer, a referral to the police with its referral
bundle written to the media folder, and published outcomes.

The directory's demo investigator and case decision maker own the cases; a second,
senior decision maker (who signs in nowhere) decides representations. Idempotent: a
case is made only when no case with its subject exists."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, TextIO

from django.conf import settings

from regulator.audit.types import Actor
from regulator.cases import selectors, services
from regulator.core import clock
from regulator.identity import services as identity_services
from regulator.identity.types import StaffRole

ACTOR = Actor.system("manage.py demo_data")
YES = {"public-interest": True, "proportionate": True, "evidence": True, "resources": True}


def _staff(username: str, role: StaffRole) -> Any:
    return identity_services.staff_user_with_role(username=username, role=role, actor=ACTOR)


def _open(subject: str, matter: str, offence: str, days_ago: int, **extra: Any) -> Any:
    return services.case_open(
        actor=ACTOR,
        source=extra.pop("source", "allegation"),
        subject_name=subject,
        matter=matter,
        details=extra.pop("details", f"{matter}. Reported to the Commission."),
        offence_code=offence,
        offence_date=clock.local_today() - dt.timedelta(days=days_ago),
        **extra,
    ).case


def _investigate(case: Any, inv: Any, dm: Any) -> None:
    services.case_assign(case=case, actor=dm, investigator=inv, decision_maker=dm)
    services.assessment_decide(
        case=case, actor=inv, answers=YES, outcome="investigation", reason="All four tests met."
    )


def _evidence(case: Any, inv: Any) -> None:
    services.evidence_add(
        case=case,
        actor=inv,
        title="Bank statement, June 2025",
        file_name="statement-june-2025.csv",
        data=b"date,description,amount\n2025-06-02,Donation J Smith,20000.00\n",
        kind="data",
        obtained="voluntary",
        obtained_from="The party's treasurer",
    )
    interview = services.evidence_add(
        case=case,
        actor=inv,
        title="Record of interview with the treasurer",
        file_name="interview.txt",
        data=b"Q: When did you learn of the donation?\nA: In early June, from the bank.\n",
        kind="statement",
        obtained="investigation-notice",
        obtained_from="The party's treasurer",
    )
    services.evidence_derive(
        original=interview,
        actor=inv,
        derivation="redacted",
        data=b"Q: When did you learn of the donation?\nA: In early June, from [redacted].\n",
        file_name="interview-redacted.txt",
        tool="Text editor (manual redaction)",
        purpose="Remove a third party's details before disclosure",
    )
    for number, relevance, sensitivity, reason in (
        (1, "relevant", "non-sensitive", "Shows the date the donation was received."),
        (2, "relevant", "sensitive", "Names a third party who is not a suspect."),
        (3, "relevant", "non-sensitive", "Redacted copy for disclosure."),
    ):
        item = selectors.evidence_get(case=case, number=number)
        if item is not None:
            services.evidence_decide(
                item=item, actor=inv, relevance=relevance, sensitivity=sensitivity, reason=reason
            )


def _propose(case: Any, dm: Any, kind: str, sent_on: dt.date, **extra: Any) -> Any:
    services.findings_record(
        case=case, actor=dm, finding="offence-found", reason="The report was delivered late."
    )
    return services.sanction_propose(
        case=case,
        actor=dm,
        kind=kind,
        act=extra.pop("act", "Quarterly donation report"),
        recipient="The Treasurer",
        served_by="email",
        sent_on=sent_on,
        details="The report was due 30 days after the quarter and arrived 41 days late.",
        **extra,
    )


def load(*, scale: int, stdout: TextIO) -> None:
    services.reference_data_seed()
    inv = _staff(str(StaffRole.INVESTIGATOR), StaffRole.INVESTIGATOR)
    dm = _staff(str(StaffRole.CASE_DECISION_MAKER), StaffRole.CASE_DECISION_MAKER)
    senior = _staff("senior-decision-maker", StaffRole.CASE_DECISION_MAKER)
    approver = _staff(str(StaffRole.PUBLICATION_APPROVER), StaffRole.PUBLICATION_APPROVER)
    today = clock.local_today()
    made = 0

    def missing(subject: str) -> bool:
        return not selectors.cases_all().filter(subject_name=subject).exists()

    if missing("Riverside Independents"):
        _open(
            "Riverside Independents",
            "Spending return missing",
            "campaign-spending-return",
            60,
            name="Gwen Jones",
            email="gwen@example.org",
            language="cy",
            details="Ni welais ffurflen wariant ar gyfer yr ymgyrch.",
        )
        made += 1
    if missing("Harbour Alliance"):
        case = _open("Harbour Alliance", "Accounts delivered late", "late-accounts", 200)
        services.case_assign(case=case, actor=dm, investigator=inv, decision_maker=dm)
        made += 1
    if missing("Meadow Party"):
        case = _open("Meadow Party", "Donation report a week late", "late-donation-report", 120)
        services.case_assign(case=case, actor=dm, investigator=inv, decision_maker=dm)
        services.assessment_decide(
            case=case,
            actor=inv,
            answers={**YES, "proportionate": False},
            outcome="advice",
            reason="A new party's first slip, put right within a week: advice given.",
        )
        made += 1
    if missing("North Shore Party"):
        case = _open(
            "North Shore Party",
            "Impermissible donation kept",
            "impermissible-donation-not-returned",
            300,
        )
        _investigate(case, inv, dm)
        _evidence(case, inv)
        services.power_notice_issue(
            case=case,
            actor=inv,
            kind="investigation",
            recipient="The Treasurer, North Shore Party",
            served_by="post",
            requirements="Bank statements for June 2025 and the donor's details.",
            due_days=14,
        )
        services.track_open(
            case=case,
            actor=inv,
            kind="referral",
            body="Metropolitan Police",
            note="Possible evasion of the controls on donations.",
        )
        made += 1
    if missing("Valley Voice"):
        sanction = _propose(
            _investigated(
                _open("Valley Voice", "Late donation report", "late-donation-report", 400), inv, dm
            ),
            dm,
            "fixed",
            today - dt.timedelta(days=150),
        )
        services.final_notice_issue(
            sanction=sanction,
            actor=dm,
            recipient="The Treasurer",
            served_by="email",
            sent_on=today - dt.timedelta(days=110),
            details="No representations were received.",
        )
        services.payment_record(
            sanction=sanction, actor=inv, amount_pence=25_000, paid_on=today - dt.timedelta(days=70)
        )
        services.case_publish(
            case=sanction.case,
            actor=approver,
            summary_en="The party delivered its report 41 days late and paid the penalty late, with the 25% increase.",
            summary_cy="Cyflwynodd y blaid ei hadroddiad 41 diwrnod yn hwyr a thalodd y gosb yn hwyr, gyda'r cynnydd o 25%.",
        )
        made += 1
    if missing("Hillside Campaign"):
        sanction = _propose(
            _investigated(
                _open(
                    "Hillside Campaign",
                    "Late regulated transaction report",
                    "regulated-transaction-report",
                    200,
                ),
                inv,
                dm,
            ),
            dm,
            "fixed",
            today - dt.timedelta(days=20),
        )
        services.payment_record(
            sanction=sanction, actor=inv, amount_pence=20_000, paid_on=today - dt.timedelta(days=5)
        )
        services.case_publish(
            case=sanction.case,
            actor=approver,
            summary_en="The campaign paid the fixed penalty on the notice of intent.",
            summary_cy="Talodd yr ymgyrch y gosb benodedig ar yr hysbysiad o fwriad.",
        )
        made += 1
    if missing("Coastal Democrats"):
        case = _investigated(
            _open(
                "Coastal Democrats",
                "Inaccurate donation reports",
                "donation-report-inaccurate",
                500,
            ),
            inv,
            dm,
        )
        sanction = _propose(
            case,
            dm,
            "variable",
            today - dt.timedelta(days=100),
            amount_pence=500_000,
            act="Inaccurate reports of Q1 and Q2",
        )
        services.representations_receive(
            sanction=sanction, actor=inv, text="The treasurer was ill for the whole period."
        )
        services.team_add(case=case, actor=dm, user=senior)
        services.representations_decide(
            sanction=sanction,
            actor=senior,
            outcome="modify",
            reason="Illness is mitigation, not an excuse.",
            amount_pence=300_000,
        )
        services.final_notice_issue(
            sanction=sanction,
            actor=dm,
            recipient="The Treasurer",
            served_by="post",
            sent_on=today - dt.timedelta(days=60),
            details="The penalty is reduced after representations.",
        )
        services.appeal_lodge(sanction=sanction, actor=inv, lodged_on=today - dt.timedelta(days=50))
        made += 1
    if missing("Upland Alliance"):
        sanction = _propose(
            _investigated(
                _open("Upland Alliance", "Accounts delivered late", "late-accounts", 250), inv, dm
            ),
            dm,
            "fixed",
            today - dt.timedelta(days=45),
            language="cy",
        )
        services.final_notice_issue(
            sanction=sanction,
            actor=dm,
            recipient="Y Trysorydd",
            served_by="email",
            language="cy",
            sent_on=today - dt.timedelta(days=10),
            details="Ni chafwyd sylwadau.",
        )
        made += 1
    services.tasks_raise()
    bundle_dir = Path(settings.MEDIA_ROOT) / "referral-bundles"
    referral = selectors.cases_all().filter(subject_name="North Shore Party").first()
    if (
        referral is not None
        and hasattr(services, "bundle_build")
        and not (bundle_dir / f"{referral.reference}.zip").exists()
    ):
        services.bundle_build(case=referral, actor=inv, out_dir=bundle_dir)
    stdout.write(
        f"  {made} enforcement cases at every stage; "
        f"published outcomes at /enforcement/; staff work at /cases/ "
        f"(sign in as investigator or case-decision-maker)\n"
    )


def _investigated(case: Any, inv: Any, dm: Any) -> Any:
    _investigate(case, inv, dm)
    _evidence(case, inv)
    return case
