"""Starting a return: its kind, its period and its due date."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from regulator.audit.services import audit_record
from regulator.core import clock
from regulator.filings.figures import FigureNotInForceError, FigureTable
from regulator.filings.models import FiledReturn, ReturnKind, ReturnVersion, Status, StatusChange
from regulator.filings.rules.deadlines import report_due_date
from regulator.filings.rules.inputs import ReportKind, ReportPeriod
from regulator.filings.rules.periods import parse_period
from regulator.filings.services.states import FilingErrorCode, refuse


def due_date_for(
    kind: str, period_name: str, *, audited: bool = False, figures: FigureTable | None = None
) -> dt.date | None:
    from regulator.filings.selectors import figure_table

    period = parse_period(period_name)
    if period is None:
        return None
    try:
        return report_due_date(period, figures or figure_table(), audited=audited)
    except FigureNotInForceError:  # a figure not in force: no deadline to show
        return None


def period_kind_problem(kind: str, period: ReportPeriod) -> str | None:
    """Why ``period`` cannot be the period of a return of ``kind``; None when it can. A
    statement of accounts covers a financial year; nothing else does."""
    accounts_period = period.kind == ReportKind.ACCOUNTS
    if kind == ReturnKind.ACCOUNTS and not accounts_period:
        return _(
            "A statement of accounts covers a financial year. Enter “Accounts” and the "
            "year, for example Accounts 2025."
        )
    if kind != ReturnKind.ACCOUNTS and accounts_period:
        return _(
            "“%(value)s” is the year of a statement of accounts. Enter the period this "
            "return reports, for example Q4 2026."
        ) % {"value": period.name}
    return None


@transaction.atomic
def return_create(
    *,
    entity: Any,
    kind: str,
    period_name: str,
    actor: Any,
    accounting_unit: Any = None,
) -> FiledReturn:
    """A new return with its first (draft) version."""
    name = " ".join(period_name.split())
    period = parse_period(name)
    if period is None:
        raise refuse(
            FilingErrorCode.PERIOD_UNKNOWN,
            _("“%(value)s” is not a reporting period we know. Use a name such as Q1 2025.")
            % {"value": period_name},
        )
    if problem := period_kind_problem(kind, period):
        raise refuse(FilingErrorCode.PERIOD_WRONG_KIND, problem)
    now = clock.now()
    filed_return = FiledReturn.objects.create(
        entity=entity,
        kind=ReturnKind(kind),
        period_name=name,
        accounting_unit=accounting_unit,
        due_date=due_date_for(kind, name),
        created_by=actor,
        created_at=now,
    )
    version = ReturnVersion.objects.create(filed_return=filed_return, number=1, created_at=now)
    StatusChange.objects.create(version=version, to_status=Status.DRAFT, actor=actor, at=now)
    audit_record(
        actor=actor,
        action="filings.return_created",
        subject=filed_return,
        payload={"entity": entity.pk, "kind": kind, "period": name},
    )
    return filed_return
