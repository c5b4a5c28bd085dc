"""Every risk rule, dated and versioned. A rule's wording or threshold changes by a new
version with its own effective date; the alert keeps the version that raised it."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from regulator.monitoring.risk_rules import filed, gifts, harvested, platform
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
    RiskRule(
        code="company-donor-not-active",
        version="2026-12-01",
        title=_("Company donor not active when it gave"),
        text=(
            "A published donation from a company that, on the day it was received, was not "
            "found at Companies House, not yet incorporated, already ceased (high), or that "
            "a Companies House harvest saw as not active (high) or with a proposal to strike "
            "off (medium) on that day. Statuses count from the first harvest that saw them."
        ),
        severity=Severity.HIGH,
        effective_from=dt.date(2001, 2, 16),
        evaluate=harvested.company_donor_not_active,
    ),
    RiskRule(
        code="mp-donation-not-reported",
        version="2024-01-01",
        title=_("MP's registered donation not reported to the regulator in time"),
        text=(
            "A donation in category 3 of the Register of Members' Financial Interests over "
            "the regulated donee threshold (£2,230 from 1 January 2024; £1,500 before), of "
            "an MP matched to a regulated donee, with no matching report (same donor, value "
            "within 5%, date within 45 days) made within 30 days of accepting it: missing "
            "(high) or late (medium)."
        ),
        severity=Severity.HIGH,
        effective_from=dt.date(2001, 2, 16),
        evaluate=harvested.mp_donation_not_reported,
    ),
    RiskRule(
        code="gifts-split-under-threshold",
        version="2024-01-01",
        title=_("Gifts split to stay under the reporting threshold"),
        text=(
            "Two or more published donations from one donor (name normalised) to one "
            "entity or accounting unit within 30 days, each at or under the reporting "
            "threshold in force (central £11,180, accounting units and donees £2,230 from "
            "1 January 2024; £7,500 and £1,500 before), that together pass it."
        ),
        severity=Severity.MEDIUM,
        effective_from=dt.date(2001, 2, 16),
        evaluate=gifts.gifts_split_under_threshold,
    ),
    RiskRule(
        code="news-names-entity",
        version="2026-12-01",
        title=_("News with a watch term naming a regulated entity"),
        text=(
            "A news item of the last 90 days whose title or summary has a watch term and "
            "names a regulated entity (current or former name; never a name that reads as "
            "a newspaper, broadcaster or public body)."
        ),
        severity=Severity.LOW,
        effective_from=dt.date(2001, 2, 16),
        evaluate=harvested.news_names_entity,
    ),
]


def rule_get(code: str) -> RiskRule | None:
    return next((rule for rule in REGISTRY if rule.code == code), None)
