"""Rules over the harvested sources compared with what the regulated report: company
donors at Companies House, MPs' registered donations, and the news."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from regulator.donors import selectors as donors_selectors
from regulator.finance import selectors as finance_selectors
from regulator.monitoring.models import CompanyProfile, Match, MemberInterest, NewsItem
from regulator.monitoring.risk_rules import thresholds
from regulator.monitoring.risk_rules.base import Finding
from regulator.monitoring.types import MatchStatus, Severity, SubjectKind
from regulator.register import selectors as register_selectors

STRIKE_OFF = "proposal-to-strike-off"
NEWS_DAYS = 90
# A registered donation and a report are the same gift when their values differ by at
# most this share and their dates by at most this many days.
SAME_VALUE_SHARE = 0.05
SAME_GIFT_DAYS = 45


def _pounds(pence: int) -> str:
    return f"£{pence / 100:,.2f}"


def _day(donation: Any) -> dt.date:
    day: dt.date = donation.received_date or donation.accepted_date or donation.date
    return day


def _status_on(profile: CompanyProfile, day: dt.date) -> dict[str, Any] | None:
    """The status a harvest saw on that day, if the day falls in what was seen."""
    history = profile.history or []
    for index, entry in enumerate(history):
        start = dt.date.fromisoformat(str(entry["from"]))
        end = (
            dt.date.fromisoformat(str(history[index + 1]["from"])) - dt.timedelta(days=1)
            if index + 1 < len(history)
            else profile.fetched_at.date()
        )
        if start <= day <= end:
            return dict(entry)
    return None


def _company_problem(profile: CompanyProfile, day: dt.date) -> tuple[str, str] | None:
    if not profile.found:
        return "not-found", "is not found at Companies House"
    if profile.date_of_creation and day < profile.date_of_creation:
        return "not-incorporated", f"was incorporated only on {profile.date_of_creation:%d/%m/%Y}"
    if profile.date_of_cessation and day >= profile.date_of_cessation:
        return "ceased", f"had ceased on {profile.date_of_cessation:%d/%m/%Y}"
    seen = _status_on(profile, day)
    if seen is None:
        return None
    if seen["status"] != "active":
        return "not-active", f"was {seen['status']} (seen from {seen['from']})"
    if STRIKE_OFF in str(seen["detail"]):
        return "strike-off", f"had a proposal to strike off (seen from {seen['from']})"
    return None


def company_donor_not_active(today: dt.date) -> Iterator[Finding]:
    """A published donation from a company that, on the day it was received, was not
    found at Companies House, not yet incorporated, ceased, or seen by a harvest as not
    active or with a proposal to strike off."""
    profiles = {p.company_number: p for p in CompanyProfile.objects.all()}
    if not profiles:
        return
    donations = finance_selectors.transactions_published("donations").filter(
        company_number__in=list(profiles)
    )
    for donation in donations.order_by("ec_ref"):
        profile = profiles[donation.company_number]
        day = _day(donation)
        problem = _company_problem(profile, day)
        if problem is None or donation.entity_id is None:
            continue
        code, words = problem
        yield Finding(
            subject_kind=SubjectKind.COMPANY,
            subject_key=profile.company_number,
            subject_label=profile.name or donation.donor_name,
            entity_id=donation.entity_id,
            period=donation.ec_ref[:60],
            summary=(
                f"{donation.donor_name} ({profile.company_number}) gave £{donation.value:,.2f} "
                f"to {donation.entity_name} on {day:%d/%m/%Y}, when the company {words}."
            ),
            evidence={
                "donation": donation.ec_ref,
                "company_number": profile.company_number,
                "problem": code,
                "donation_date": day,
                "status": profile.status,
                "status_detail": profile.status_detail,
                "date_of_creation": profile.date_of_creation,
                "date_of_cessation": profile.date_of_cessation,
                "offence": "impermissible-donation" if code != "strike-off" else "",
            },
            snapshot_ids=(profile.snapshot_id,),
            severity=Severity.MEDIUM if code == "strike-off" else Severity.HIGH,
        )


def _same_donor(a: str, b: str) -> bool:
    return donors_selectors.names_may_match(a, b, person=True) or donors_selectors.names_may_match(
        a, b, person=False
    )


def _report_for(interest: MemberInterest, entity_id: int, day: dt.date) -> Any | None:
    value = interest.value_pence or 0
    near = dt.timedelta(days=SAME_GIFT_DAYS)
    reports = finance_selectors.transactions_published("donations").filter(
        entity_id=entity_id, date__gte=day - near, date__lte=day + near
    )
    for report in reports.order_by("reported_date", "ec_ref"):
        pence = int(report.value * 100)
        if abs(pence - value) <= value * SAME_VALUE_SHARE and _same_donor(
            report.donor_name, interest.donor_name
        ):
            return report
    return None


def _member_entity(member_id: int) -> int | None:
    """The regulated donee an MP is: confirmed by an analyst, or suggested and not
    rejected (as ``services.matching.entity_of``)."""
    match = Match.objects.filter(
        subject_kind=SubjectKind.MEMBER, subject_key=str(member_id)
    ).first()
    if match is None or match.status not in (MatchStatus.CONFIRMED, MatchStatus.SUGGESTED):
        return None
    return match.entity_id


def mp_donation_not_reported(today: dt.date) -> Iterator[Finding]:
    """An MP's registered donation (category 3) over the donee threshold, with no matching
    report to the regulator (same donor, value within 5%, date within 45 days) made within
    30 days of accepting it. A report without a reported date counts as in time."""
    rows = MemberInterest.objects.filter(category=3, value_pence__isnull=False)
    for interest in rows.order_by("interest_id"):
        day = interest.accepted or interest.received or interest.registered
        if day is None:
            continue
        threshold = thresholds.on(thresholds.DONEE, day)
        if (interest.value_pence or 0) <= threshold:
            continue
        due = day + dt.timedelta(days=thresholds.on(thresholds.DONEE_REPORT_DAYS, day))
        if today <= due:
            continue
        entity_id = _member_entity(interest.member_id)
        if entity_id is None:
            continue
        report = _report_for(interest, entity_id, day)
        if report is not None and (report.reported_date is None or report.reported_date <= due):
            continue
        state = "missing" if report is None else "late"
        yield Finding(
            subject_kind=SubjectKind.MEMBER,
            subject_key=str(interest.member_id),
            subject_label=interest.member_name,
            entity_id=entity_id,
            period=f"interest {interest.interest_id}",
            summary=(
                f"{interest.member_name} registered {_pounds(interest.value_pence or 0)} from "
                f"{interest.donor_name} accepted on {day:%d/%m/%Y}; the report to the "
                f"regulator due by {due:%d/%m/%Y} is {state}."
            ),
            evidence={
                "interest": interest.interest_id,
                "donor": interest.donor_name,
                "value_pence": interest.value_pence,
                "threshold_pence": threshold,
                "accepted": day,
                "due": due,
                "state": state,
                "report": report.ec_ref if report is not None else None,
                "offence": "late-donation-report",
            },
            snapshot_ids=(interest.snapshot_id,),
            severity=Severity.HIGH if report is None else Severity.MEDIUM,
        )


def _entity_patterns() -> list[tuple[int, str, re.Pattern[str]]]:
    # Imported here: services import the registry of rules (services.runner).
    from regulator.monitoring.services.matching import NOT_A_PARTY

    patterns = []
    for entity_id, name, kind in register_selectors.entity_name_candidates():
        name = name.strip()
        if kind == "accounting-unit" or len(name) < 4 or NOT_A_PARTY.search(name):
            continue
        words = [re.escape(word) for word in name.split()]
        patterns.append(
            (entity_id, name, re.compile(r"\b" + r"\s+".join(words) + r"\b", re.IGNORECASE))
        )
    return patterns


def news_names_entity(today: dt.date) -> Iterator[Finding]:
    """A news item of the last 90 days with a watch term that names a regulated entity
    (never by a name that reads as a newspaper, broadcaster or public body)."""
    since = dt.datetime.combine(today - dt.timedelta(days=NEWS_DAYS), dt.time(), tzinfo=dt.UTC)
    items = NewsItem.objects.exclude(terms=[]).filter(published__gte=since)
    patterns: list[tuple[int, str, re.Pattern[str]]] | None = None
    for item in items.order_by("pk"):
        if not item.terms:
            continue
        patterns = patterns if patterns is not None else _entity_patterns()
        text = f"{item.title}\n{item.summary}"
        named: dict[int, str] = {}
        for entity_id, name, pattern in patterns:
            if entity_id not in named and pattern.search(text):
                named[entity_id] = name
        for entity_id, name in sorted(named.items()):
            yield Finding(
                subject_kind=SubjectKind.NEWS,
                subject_key=str(item.pk),
                subject_label=item.title[:300],
                entity_id=entity_id,
                period=str(entity_id),
                summary=f"News naming {name} with {', '.join(item.terms)}: {item.title}"[:500],
                evidence={
                    "feed": item.feed,
                    "link": item.link,
                    "published": item.published,
                    "terms": item.terms,
                    "entity_name": name,
                },
                snapshot_ids=(item.snapshot_id,),
                severity=Severity.LOW,
            )
