"""The source's status (DonorStatus, LoanParticipantType) must be one the Commission
publishes: a status the rules do not know would otherwise escape every permissibility
check (an unknown status with an outcome recorded passed them all) and be published as
written. Compared folded: any case, any spacing."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from regulator.filings.rules.base import ALL_GIFTS, RuleCode, RuleResult, rule
from regulator.filings.rules.inputs import GiftFacts, GiftInput, ReturnContext, Severity
from regulator.finance import types as finance_types

FAMILY = "permissibility"

KNOWN_STATUSES = frozenset(
    " ".join(label.split()).lower()
    for label in (*finance_types.DONOR_STATUSES, *finance_types.LENDER_TYPES)
)


@rule(
    RuleCode.SOURCE_STATUS_UNKNOWN,
    family=FAMILY,
    severity=Severity.ERROR,
    reference="PPERA 2000 s.54 and Sch. 6 para 2",
    message=_("“%(status)s” is not a kind of donor or lender we know. Use one of: %(known)s."),
    applies_to=ALL_GIFTS,
    field="source_status",
)
def source_status_unknown(item: GiftInput, ctx: ReturnContext, facts: GiftFacts) -> RuleResult:
    if not item.status_key or item.status_key in KNOWN_STATUSES:
        return None
    return {
        "status": item.source_status.strip()[:80],
        "known": ", ".join(finance_types.DONOR_STATUSES),
    }
