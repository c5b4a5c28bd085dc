"""Starting a return: its kind, its period and its due date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from regulator.audit.services import audit_record
from regulator.core import clock
from regulator.filings.figures import FigureNotInForceError, FigureTable
from regulator.filings.models import FiledReturn, ReturnKind, ReturnVersion, Status, StatusChange
from regulator.filings.rules.deadlines import report_due_date
from regulator.filings.rules.inputs import ReportKind, ReportPeriod
from regulator.filings.rules.periods import parse_period
from regulator.filings.services.states import (
    FilingErrorCode,
    ReturnExistsError,
    back_to_draft,
    locked,
    refuse,
    require_editable,
)
from regulator.register.types import EntityType


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


SEAT_NATIONS = ("england", "scotland", "wales", "northern-ireland")


def needs_seats(kind: str, entity_type: str) -> bool:
    """A party's campaign spending return says how many seats the party contested in
    each part of the UK: its spending limit there depends on it (PPERA 2000 Sch. 9
    para 3)."""
    return kind == ReturnKind.CAMPAIGN_SPENDING and entity_type == EntityType.POLITICAL_PARTY


def seats_clean(seats: Mapping[str, Any] | None) -> dict[str, int]:
    """{nation: seats} for the four parts of the UK, each a whole number of 0 or more;
    a ``FilingError`` (``seats_required``) naming what is wrong otherwise."""
    given = dict(seats or {})
    cleaned: dict[str, int] = {}
    for nation in SEAT_NATIONS:
        value = given.get(nation)
        try:
            number = int(str(value).strip()) if value is not None and str(value).strip() else None
        except ValueError:
            number = None
        if number is None or number < 0:
            raise refuse(
                FilingErrorCode.SEATS_REQUIRED,
                _(
                    "Enter the number of constituencies the party contested in England, "
                    "Scotland, Wales and Northern Ireland, as whole numbers (0 where it "
                    "contested none)."
                ),
            )
        cleaned[nation] = number
    unknown = sorted(set(given) - set(SEAT_NATIONS))
    if unknown:
        raise refuse(
            FilingErrorCode.SEATS_REQUIRED,
            _(
                "“%(value)s” is not a part of the UK. Use england, scotland, wales or northern-ireland."
            )
            % {"value": unknown[0]},
        )
    return cleaned


def existing_return(entity: Any, kind: str, name: str, accounting_unit: Any) -> FiledReturn | None:
    """The return already started for this entity, kind, period and accounting unit."""
    return FiledReturn.objects.filter(
        entity=entity, kind=kind, period_name=name, accounting_unit=accounting_unit
    ).first()


def _exists(kind: str, name: str, existing: FiledReturn) -> ReturnExistsError:
    return ReturnExistsError(
        _(
            "You have already started a %(kind)s for %(period)s. Carry on with that "
            "return, or amend it once it is submitted."
        )
        % {"kind": ReturnKind(kind).label, "period": name},
        existing=existing.pk,
    )


@transaction.atomic
def return_create(
    *,
    entity: Any,
    kind: str,
    period_name: str,
    actor: Any,
    accounting_unit: Any = None,
    seats_contested: Mapping[str, Any] | None = None,
) -> FiledReturn:
    """A new return with its first (draft) version. A party's campaign spending return
    needs the seats it contested in each part of the UK (``seats_clean``); any other
    return keeps none."""
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
    name = period.name  # "q1 2025" is filed as "Q1 2025"
    existing = existing_return(entity, kind, name, accounting_unit)
    if existing is not None:
        raise _exists(kind, name, existing)
    seats = seats_clean(seats_contested) if needs_seats(kind, entity.entity_type) else {}
    now = clock.now()
    try:
        # A savepoint: when another request created the same return between the check
        # above and this insert, the database's constraint refuses it (migration 0011)
        # and the filer gets the same answer as from the check.
        with transaction.atomic():
            filed_return = FiledReturn.objects.create(
                entity=entity,
                kind=ReturnKind(kind),
                period_name=name,
                accounting_unit=accounting_unit,
                due_date=due_date_for(kind, name),
                seats_contested=seats,
                created_by=actor,
                created_at=now,
            )
    except IntegrityError:
        existing = existing_return(entity, kind, name, accounting_unit)
        if existing is None:
            raise
        raise _exists(kind, name, existing) from None
    version = ReturnVersion.objects.create(filed_return=filed_return, number=1, created_at=now)
    StatusChange.objects.create(version=version, to_status=Status.DRAFT, actor=actor, at=now)
    audit_record(
        actor=actor,
        action="filings.return_created",
        subject=filed_return,
        payload={"entity": entity.pk, "kind": kind, "period": name, "seats_contested": seats},
    )
    return filed_return


@transaction.atomic
def version_nothing_to_report(
    *, version: ReturnVersion, actor: Any, nothing: bool
) -> ReturnVersion:
    """The filer says there is nothing to report for the period (a nil return), or takes
    that back. A return that holds transactions, or a file waiting for the filer's
    decision, cannot be nil. Either way the checks and the declaration are voided."""
    from regulator.filings.models import UploadStatus

    version = locked(version)
    require_editable(version)
    if nothing and (
        version.transactions.exists()
        or version.uploads.filter(status=UploadStatus.PENDING).exists()
    ):
        raise refuse(
            FilingErrorCode.HAS_TRANSACTIONS,
            _(
                "This return has transactions, so it is not a nil return. Remove them "
                "first if there is nothing to report."
            ),
        )
    if version.nothing_to_report == nothing:
        return version
    version.nothing_to_report = nothing
    version.save(update_fields=["nothing_to_report"])
    back_to_draft(version, actor)
    audit_record(
        actor=actor,
        action="filings.nothing_to_report" if nothing else "filings.something_to_report",
        subject=version,
        payload={"return": version.filed_return_id, "nothing_to_report": nothing},
    )
    return version
