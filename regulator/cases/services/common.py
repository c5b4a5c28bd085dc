"""What every write of cases shares: references, the permission checks that raise a
clear error, the stage guard, the case's audit events and its evidence records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from regulator.audit.services import audit_record
from regulator.audit.types import as_actor
from regulator.cases.models import Case, Counter, DisclosureAction
from regulator.cases.rules import may_open_case
from regulator.cases.services.errors import error
from regulator.cases.types import CasesErrorCode, Stage
from regulator.core import clock


def next_number(name: str, prefix: str, year: int | None = None) -> str:
    counter, _created = Counter.objects.select_for_update().get_or_create(name=name)
    counter.last += 1
    counter.save(update_fields=["last"])
    if year is None:
        return f"{prefix}{counter.last:06d}"
    return f"{prefix}{year}-{counter.last:04d}"


def require_stage(case: Case, *stages: str) -> None:
    if case.stage not in stages:
        raise error(
            CasesErrorCode.WRONG_STAGE,
            _("Case %(reference)s is at “%(stage)s”: that step is not open to it now.")
            % {"reference": case.reference, "stage": case.get_stage_display()},
        )


def require_team(user: Any, case: Case) -> None:
    if not may_open_case(user, case):
        raise error(CasesErrorCode.NOT_MEMBER, _("Only a member of the case team may do that."))


def require_role(user: Any, predicate: Any, message: str) -> None:
    if not predicate(user):
        raise error(CasesErrorCode.NOT_PERMITTED, message)


def require_reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise error(CasesErrorCode.REASON_REQUIRED, _("Give the reasons for the decision."))
    return reason


def event(actor: Any, case: Case, action: str, **payload: Any) -> None:
    audit_record(
        actor=actor,
        action=f"cases.{action}",
        subject=case,
        payload={"reference": case.reference, "stage": case.stage, **payload},
    )


def move(case: Case, stage: Stage, actor: Any, action: str, **payload: Any) -> Case:
    before = case.stage
    case.stage = stage
    case.save()
    event(actor, case, action, **{"from": before, **payload})
    return case


def disclosure_line(case: Case, actor: Any, action: str, evidence: Any = None) -> None:
    DisclosureAction.objects.create(
        case=case,
        at=clock.now(),
        actor=as_actor(actor).label,
        action=action[:300],
        evidence=evidence,
    )


def parse_day(value: dt.date | None) -> dt.date:
    return value or clock.local_today()


def labels(values: Iterable[Any]) -> list[str]:
    return [str(value) for value in values]
