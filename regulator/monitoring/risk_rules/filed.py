"""Rules over what the regulated report to the regulator (filed returns and published
donations)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from regulator.core import clock
from regulator.filings import selectors as filings_selectors
from regulator.finance import selectors as finance_selectors
from regulator.monitoring.risk_rules.base import Finding
from regulator.monitoring.types import Severity, SubjectKind

RETURN_WINDOW_DAYS = 400
IMPERMISSIBLE = "Impermissible Donor"
DEALT_WITH = {"returned", "forfeited"}
RETURN_WITHIN_DAYS = 30


def returns_late_or_missing(today: dt.date) -> Iterator[Finding]:
    """A return past its deadline and not submitted, or submitted after it (the last 400
    days of deadlines)."""
    start = today - dt.timedelta(days=RETURN_WINDOW_DAYS)
    as_of = clock.now()
    for label, returns, severity in (
        (
            "missing",
            filings_selectors.returns_missing(start=start, end=today, as_of=as_of),
            Severity.HIGH,
        ),
        (
            "late",
            filings_selectors.returns_filed_late(start=start, end=today, as_of=as_of),
            Severity.MEDIUM,
        ),
    ):
        for filed in returns.select_related("entity"):
            yield Finding(
                subject_kind=SubjectKind.ENTITY,
                subject_key=str(filed.entity_id),
                subject_label=filed.entity.name,
                entity_id=filed.entity_id,
                period=f"{filed.kind} {filed.period_name}"[:60],
                summary=(
                    f"{filed.entity.name}: the {filed.get_kind_display()} for {filed.period_name} "
                    f"was due on {filed.due_date:%d/%m/%Y} and is {label}."
                ),
                evidence={
                    "return": filed.pk,
                    "kind": filed.kind,
                    "period": filed.period_name,
                    "due_date": filed.due_date,
                    "state": label,
                    "offence": "late-accounts"
                    if filed.kind == "accounts"
                    else "late-donation-report",
                },
                severity=severity,
            )


def impermissible_not_returned(today: dt.date) -> Iterator[Finding]:
    """A donation from an impermissible donor that was not returned (or forfeited) and was
    received more than 30 days ago (PPERA s.56)."""
    cutoff = today - dt.timedelta(days=RETURN_WITHIN_DAYS)
    rows = (
        finance_selectors.transactions_published("donations")
        .filter(donor_status=IMPERMISSIBLE)
        .select_related("entity")
    )
    for donation in rows:
        received = donation.received_date or donation.accepted_date or donation.date
        if donation.donation_action.strip().lower() in DEALT_WITH or received >= cutoff:
            continue
        if donation.entity_id is None:
            continue
        yield Finding(
            subject_kind=SubjectKind.ENTITY,
            subject_key=str(donation.entity_id),
            subject_label=donation.entity_name,
            entity_id=donation.entity_id,
            period=donation.ec_ref[:60],
            summary=(
                f"{donation.entity_name} reported £{donation.value:,.2f} from an impermissible "
                f"donor ({donation.donor_name}) received on {received:%d/%m/%Y}, with no "
                "return or forfeiture recorded within 30 days."
            ),
            evidence={
                "donation": donation.ec_ref,
                "donor": donation.donor_name,
                "value": donation.value,
                "received": received,
                "action": donation.donation_action,
                "offence": "impermissible-donation-not-returned",
            },
            severity=Severity.HIGH,
        )
