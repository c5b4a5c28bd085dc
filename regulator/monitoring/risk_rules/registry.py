"""Every risk rule, dated and versioned. A rule's wording or threshold changes by a new
version with its own effective date; the alert keeps the version that raised it."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from regulator.monitoring.risk_rules import filed, platform
from regulator.monitoring.risk_rules.base import RiskRule
from regulator.monitoring.types import Severity

REGISTRY: list[RiskRule] = [
    RiskRule(
        code="unregistered-advertiser-spend",
        version="2023-11-01",
        title=_("Unregistered advertiser over the notification threshold"),
        text=(
            "A UK political advertiser matched to no regulated entity whose certain spend "
            "(the sum of its ads' lower bounds) in a regulated period passes the non-party "
            "campaigner notification threshold in force (£10,000 UK-wide from 1 November "
            "2023; £20,000 before). With no ads on file, its lifetime UK spend is compared."
        ),
        severity=Severity.HIGH,
        effective_from=dt.date(2014, 1, 1),
        evaluate=platform.unregistered_advertiser,
    ),
    RiskRule(
        code="platform-spend-over-reported",
        version="2024-01-01",
        title=_("Platform ad spend above the spending reported"),
        text=(
            "A regulated entity whose matched advertisers' certain spend in a regulated "
            "period is more than all the campaign spending it reported for that period."
        ),
        severity=Severity.HIGH,
        effective_from=dt.date(2014, 1, 1),
        evaluate=platform.spend_over_reported,
    ),
    RiskRule(
        code="return-late-or-missing",
        version="2026-01-01",
        title=_("Return late or missing"),
        text=(
            "A return past its deadline and not submitted (high), or submitted after it "
            "(medium), over the last 400 days of deadlines."
        ),
        severity=Severity.MEDIUM,
        effective_from=dt.date(2001, 2, 16),
        evaluate=filed.returns_late_or_missing,
    ),
    RiskRule(
        code="impermissible-not-returned",
        version="2001-02-16",
        title=_("Impermissible donation not returned within 30 days"),
        text=(
            "A reported donation from an impermissible donor with no return or forfeiture "
            "recorded, received more than 30 days ago (PPERA s.56)."
        ),
        severity=Severity.HIGH,
        effective_from=dt.date(2001, 2, 16),
        evaluate=filed.impermissible_not_returned,
    ),
]


def rule_get(code: str) -> RiskRule | None:
    return next((rule for rule in REGISTRY if rule.code == code), None)
