"""Declared access of every reporting URL (enforced by the authorisation matrix test)."""

from __future__ import annotations

from typing import Any

from regulator.core.access import Access

VIEWER = "performance-viewer"
DASHBOARD = (VIEWER, "finance-analyst", "publication-approver", "registration-officer")


def _pack(world: Any) -> dict[str, Any]:
    from regulator.audit.types import Actor
    from regulator.reporting import selectors, services
    from regulator.reporting.periods import period_parse

    period = period_parse("2025-Q1")
    pack = selectors.packs_of(period).first() or services.pack_publish(
        period=period, actor=Actor.system("tests")
    )
    return {"pack_id": pack.pk}


def _export(fmt: str) -> Any:
    return lambda world: {**_pack(world), "fmt": fmt}


ACCESS = {
    "reporting:public": Access.public(),
    "reporting:feedback": Access.public(),
    "reporting:dashboard": Access.staff(*DASHBOARD),
    "reporting:measure": Access.staff(
        *DASHBOARD, kwargs=lambda world: {"code": "returns-filed-on-time"}
    ),
    "reporting:availability": Access.staff(*DASHBOARD),
    "reporting:packs": Access.staff(VIEWER),
    "reporting:pack_publish": Access.staff(VIEWER, method="POST", ok_statuses=(302, 400)),
    "reporting:pack_detail": Access.staff(VIEWER, kwargs=_pack),
    "reporting:pack_print": Access.staff(VIEWER, kwargs=_pack),
    "reporting:pack_export": Access.staff(VIEWER, kwargs=_export("xlsx")),
    "reporting:statutory": Access.staff(
        VIEWER, kwargs=lambda world: {"code": "powers-and-sanctions"}
    ),
}
