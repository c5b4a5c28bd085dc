"""Dated figures of the rules over harvested sources (pence; each with the day it takes
effect). From ../shared/design/domain.md, "Reporting thresholds (from 1 January 2024;
before it in brackets)" and "Regulated donee … each reportable donation or loan within 30
days of accepting it … thresholds as accounting units"."""

from __future__ import annotations

import datetime as dt

Dated = tuple[tuple[dt.date, int], ...]

# Central party (and, here, campaigners and permitted participants): over £11,180 from
# 1 January 2024 (£7,500 before).
CENTRAL = ((dt.date(2001, 2, 16), 750_000), (dt.date(2024, 1, 1), 1_118_000))
# Accounting units and regulated donees: over £2,230 from 1 January 2024 (£1,500 before).
ACCOUNTING_UNIT = ((dt.date(2001, 2, 16), 150_000), (dt.date(2024, 1, 1), 223_000))
DONEE = ACCOUNTING_UNIT
# A donee reports a donation within 30 days of accepting it.
DONEE_REPORT_DAYS = ((dt.date(2001, 2, 16), 30),)
# Gifts from one source that together pass the threshold within this many days.
SPLIT_WINDOW_DAYS = ((dt.date(2001, 2, 16), 30),)


def on(figures: Dated, day: dt.date) -> int:
    value = figures[0][1]
    for start, figure in figures:
        if start <= day:
            value = figure
    return value


def threshold_for(entity_type: str, accounting_unit: bool, day: dt.date) -> int:
    """The reporting threshold of a recipient on a day."""
    kind = entity_type.strip().lower().replace(" ", "-")
    if accounting_unit or kind == "regulated-donee":
        return on(ACCOUNTING_UNIT, day)
    return on(CENTRAL, day)
