"""Public types of monitoring: the outside sources, alert states and outcomes, severities,
match decisions, and the grades of the intelligence log (the UK's 3x5x2 model)."""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class SourceKind(models.TextChoices):
    GOOGLE_ADS = "google-ads", _("Google political ads transparency report")
    META_ADS = "meta-ads", _("Meta Ad Library")
    PARLIAMENT = "parliament-interests", _("Register of Members' Financial Interests")
    COMPANIES_HOUSE = "companies-house", _("Companies House")
    NEWS = "news", _("News feeds")


class SubjectKind(models.TextChoices):
    ENTITY = "entity", _("Regulated entity")
    ADVERTISER = "advertiser", _("Advertiser")
    DONOR = "donor", _("Donor")
    COMPANY = "company", _("Company")
    MEMBER = "member", _("Member of Parliament")
    NEWS = "news", _("News item")


class MatchStatus(models.TextChoices):
    SUGGESTED = "suggested", _("Suggested by the matcher")
    CONFIRMED = "confirmed", _("Confirmed by an analyst")
    REJECTED = "rejected", _("Rejected by an analyst")
    NONE = "none", _("No likely match")


class Severity(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class AlertState(models.TextChoices):
    OPEN = "open", _("Open")
    WATCHING = "watching", _("Watching")
    DISMISSED = "dismissed", _("Dismissed")
    ADVICE = "advice", _("Advice given")
    CASE = "case", _("Assessment opened")


OPEN_ALERT_STATES = frozenset({AlertState.OPEN, AlertState.WATCHING})


class SourceEvaluation(models.TextChoices):
    """How reliable the source is (3x5x2)."""

    RELIABLE = "1", _("1: Reliable")
    UNTESTED = "2", _("2: Untested")
    NOT_RELIABLE = "3", _("3: Not reliable")


class Assessment(models.TextChoices):
    """How the intelligence is known (3x5x2)."""

    KNOWN_DIRECTLY = "A", _("A: Known directly")
    KNOWN_INDIRECTLY_CORROBORATED = "B", _("B: Known indirectly, corroborated")
    KNOWN_INDIRECTLY = "C", _("C: Known indirectly")
    NOT_KNOWN = "D", _("D: Not known")
    SUSPECTED_FALSE = "E", _("E: Suspected to be false")


class Handling(models.TextChoices):
    """Who it may be shared with (3x5x2)."""

    PERMITS = "P", _("P: Lawful sharing permitted")
    CONDITIONS = "C", _("C: Lawful sharing permitted with conditions")


class MonitoringErrorCode(StrEnum):
    UNREADABLE = "monitoring_unreadable"
    NOT_PERMITTED = "monitoring_not_permitted"
    BAD_CHOICE = "monitoring_bad_choice"
    REASON_REQUIRED = "monitoring_reason_required"
    NOT_OPEN = "monitoring_alert_not_open"
    SOURCE_FAILED = "monitoring_source_failed"
