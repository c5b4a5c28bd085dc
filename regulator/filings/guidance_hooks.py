"""What filings gives the guidance area through its hooks (subscribed in ``apps.py``).

Guidance sits below filings in the layers (filings' rules link to guidance sections), so
it cannot import the statutory figures or the deadline rules; it declares hooks in
``guidance.types`` and filings answers them here from ``selectors.figure_table`` and
``rules/deadlines.py``, so guidance pages and step-by-step answers always show the figure
in force on the date that matters, never a copied number."""

from __future__ import annotations

import datetime as dt

from regulator.filings import selectors
from regulator.filings.figures import Figure, FigureNotInForceError
from regulator.filings.rules.deadlines import donee_due_date, report_due_date
from regulator.filings.rules.inputs import ReportKind, ReportPeriod
from regulator.guidance import types as guidance_types


def _as_guidance(figure: Figure) -> guidance_types.Figure:
    return guidance_types.Figure(
        code=figure.code,
        value=figure.value,
        effective_from=figure.effective_from,
        effective_to=figure.effective_to,
        source=figure.source,
        verified=figure.verified,
    )


def figure_provide(request: guidance_types.FigureRequest) -> guidance_types.Figure | None:
    try:
        return _as_guidance(selectors.figure_table().figure(request.code, request.on))
    except FigureNotInForceError:
        return None


def figure_history_provide(
    request: guidance_types.FigureRequest,
) -> list[guidance_types.Figure] | None:
    found = [_as_guidance(figure) for figure in selectors.figure_history(request.code)]
    return found or None


_KINDS = {
    guidance_types.DeadlineKind.QUARTERLY: ReportKind.QUARTERLY,
    guidance_types.DeadlineKind.PRE_POLL: ReportKind.PRE_POLL,
    guidance_types.DeadlineKind.SPENDING: ReportKind.SPENDING,
    guidance_types.DeadlineKind.ACCOUNTS: ReportKind.ACCOUNTS,
}


def deadline_calculate(request: guidance_types.DeadlineRequest) -> dt.date | None:
    table = selectors.figure_table()
    try:
        if request.kind == guidance_types.DeadlineKind.DONEE:
            return donee_due_date(request.period_end, table)
        kind = _KINDS.get(guidance_types.DeadlineKind(request.kind))
        if kind is None:
            return None
        period = ReportPeriod(
            name="",
            kind=kind,
            start=request.period_start or request.period_end,
            end=request.period_end,
            poll_date=request.period_end if kind == ReportKind.SPENDING else None,
        )
        total = request.total_spending
        if kind == ReportKind.SPENDING and request.audited and total is None:
            # "Above the audit threshold" without an amount: just over it.
            total = table.at("spending_audit_threshold", request.period_end) + 1
        return report_due_date(period, table, total_spending=total, audited=request.audited)
    except (FigureNotInForceError, ValueError):
        return None
