"""Writes of the cases area: every transition of a case is one of these services."""

from regulator.cases.services.bundle import bundle_build
from regulator.cases.services.errors import CasesError
from regulator.cases.services.evidence import (
    evidence_add,
    evidence_content,
    evidence_decide,
    evidence_derive,
)
from regulator.cases.services.intake import case_open, offence_in_force, policy_for
from regulator.cases.services.lifecycle import (
    assessment_decide,
    case_assign,
    case_close,
    case_publish,
    conflict_declare,
    findings_record,
    tasks_raise,
    tasks_remind,
    team_add,
    track_close,
    track_open,
)
from regulator.cases.services.reference_data import reference_data_seed
from regulator.cases.services.sanctions import (
    appeal_determine,
    appeal_lodge,
    final_notice_issue,
    payment_record,
    power_notice_issue,
    representations_decide,
    representations_receive,
    sanction_clock,
    sanction_propose,
)

__all__ = [
    "CasesError",
    "appeal_determine",
    "appeal_lodge",
    "assessment_decide",
    "bundle_build",
    "case_assign",
    "case_close",
    "case_open",
    "case_publish",
    "conflict_declare",
    "evidence_add",
    "evidence_content",
    "evidence_decide",
    "evidence_derive",
    "final_notice_issue",
    "findings_record",
    "offence_in_force",
    "payment_record",
    "policy_for",
    "power_notice_issue",
    "reference_data_seed",
    "representations_decide",
    "representations_receive",
    "sanction_clock",
    "sanction_propose",
    "tasks_raise",
    "tasks_remind",
    "team_add",
    "track_close",
    "track_open",
]
