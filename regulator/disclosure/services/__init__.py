"""Publication: a publication approver publishes filed records, and withdraws or
corrects published ones with a reason that stays visible. The permission is checked
here, on the server, for every record; the writes are the finance area's services."""

from __future__ import annotations

from typing import Any

from regulator.core.errors import PermissionDeniedError
from regulator.finance import selectors as finance_selectors
from regulator.finance import services as finance_services


def _require(user: Any, permission: str, kind: str, ec_ref: str) -> None:
    obj = finance_selectors.transaction_get(kind=kind, ec_ref=ec_ref)
    if obj is None or not user.has_perm(permission, obj):
        raise PermissionDeniedError("Only a publication approver may do this.")


def record_publish(*, user: Any, kind: str, ec_ref: str) -> Any:
    _require(user, "disclosure.publish_record", kind, ec_ref)
    return finance_services.record_publish(kind=kind, ec_ref=ec_ref, actor=user)


def record_withdraw(*, user: Any, kind: str, ec_ref: str, reason: str) -> Any:
    _require(user, "disclosure.withdraw_record", kind, ec_ref)
    return finance_services.record_withdraw(kind=kind, ec_ref=ec_ref, reason=reason, actor=user)


def record_correct(*, user: Any, kind: str, ec_ref: str, changes: dict[str, Any], note: str) -> Any:
    _require(user, "disclosure.correct_record", kind, ec_ref)
    return finance_services.record_correct(
        kind=kind, ec_ref=ec_ref, changes=changes, note=note, actor=user
    )
