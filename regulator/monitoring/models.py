"""Tables of monitoring: sources and their immutable snapshots (raw bytes as records),
what was parsed from them (advertisers and their ads' spend ranges, companies, members'
interests, news items), matches to the register and donors with analysts' decisions,
alerts raised by the risk rules, and the intelligence log."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from regulator.monitoring.types import (
    AlertState,
    Assessment,
    Handling,
    MatchStatus,
    Severity,
    SourceEvaluation,
    SourceKind,
    SubjectKind,
)


class Source(models.Model):
    kind = models.CharField(max_length=30, choices=SourceKind.choices, unique=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_failure_at = models.DateTimeField(null=True, blank=True)
    last_failure_reason = models.TextField(blank=True, default="")
    current = models.ForeignKey(
        "Snapshot", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return self.kind


class Snapshot(models.Model):
    """One harvest as it arrived: never changed. Parsed rows point at it; a source's
    ``current`` snapshot moves only when a harvest completes."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="snapshots")
    fetched_at = models.DateTimeField()
    source_updated_at = models.DateTimeField(null=True, blank=True)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    record_reference = models.CharField(max_length=20, blank=True, default="")
    file_name = models.CharField(max_length=255)
    rows = models.PositiveIntegerField(default=0)
    complete = models.BooleanField(default=False)

    class Meta:
        ordering = ["-fetched_at"]
        constraints = [
            models.UniqueConstraint(fields=["source", "sha256"], name="monitoring_snapshot_once")
        ]

    def __str__(self) -> str:
        return f"{self.source_id} {self.sha256[:12]}"


class Advertiser(models.Model):
    """A political advertiser of a platform, as its latest snapshot describes it."""

    platform = models.CharField(max_length=30, choices=SourceKind.choices)
    advertiser_id = models.CharField(max_length=64)
    name = models.CharField(max_length=300)
    regions = models.CharField(max_length=500, blank=True, default="")
    public_ids = models.CharField(max_length=500, blank=True, default="")
    uk = models.BooleanField(default=False)
    total_creatives = models.PositiveIntegerField(default=0)
    # Lifetime spend in pence as published (a single figure for Google's advertiser file;
    # ranges come with each ad).
    spend_gbp_pence = models.PositiveBigIntegerField(default=0)
    # Who paid, as the platform shows it (Meta's "Disclaimer" of the report CSV).
    bylines = models.CharField(max_length=500, blank=True, default="")
    first_snapshot = models.ForeignKey(Snapshot, on_delete=models.PROTECT, related_name="+")
    last_snapshot = models.ForeignKey(Snapshot, on_delete=models.PROTECT, related_name="+")
    removed_after = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "advertiser_id"], name="monitoring_advertiser_once"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Ad(models.Model):
    """One ad of a UK advertiser: when it ran and its spend range in pence."""

    platform = models.CharField(max_length=30, choices=SourceKind.choices)
    ad_id = models.CharField(max_length=100)
    advertiser = models.ForeignKey(Advertiser, on_delete=models.CASCADE, related_name="ads")
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    spend_min_pence = models.PositiveBigIntegerField(default=0)
    spend_max_pence = models.PositiveBigIntegerField(null=True, blank=True)
    # "Paid for by", as the ad says (Meta's ``bylines``).
    bylines = models.CharField(max_length=500, blank=True, default="")
    snapshot = models.ForeignKey(Snapshot, on_delete=models.PROTECT, related_name="+")
    removed_after = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["platform", "ad_id"], name="monitoring_ad_once")
        ]
        indexes = [models.Index(fields=["advertiser", "start"])]

    def __str__(self) -> str:
        return self.ad_id


class Match(models.Model):
    """What an outside name is on the register: the matcher's suggestion with its
    confidence, or an analyst's decision (which later runs keep)."""

    subject_kind = models.CharField(max_length=20, choices=SubjectKind.choices)
    subject_key = models.CharField(max_length=200)
    name = models.CharField(max_length=300)
    entity = models.ForeignKey(
        "register.RegulatedEntity",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    donor_id = models.CharField(max_length=20, blank=True, default="")
    confidence = models.FloatField(default=0)
    status = models.CharField(max_length=20, choices=MatchStatus.choices)
    reason = models.CharField(max_length=300, blank=True, default="")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["subject_kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject_kind", "subject_key"], name="monitoring_match_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject_kind}:{self.subject_key}"


class Alert(models.Model):
    reference = models.CharField(max_length=20, unique=True)
    rule = models.CharField(max_length=60)
    rule_version = models.CharField(max_length=20)
    severity = models.CharField(max_length=10, choices=Severity.choices)
    subject_kind = models.CharField(max_length=20, choices=SubjectKind.choices)
    subject_key = models.CharField(max_length=200)
    subject_label = models.CharField(max_length=300)
    entity = models.ForeignKey(
        "register.RegulatedEntity",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    period = models.CharField(max_length=60, blank=True, default="")
    summary = models.CharField(max_length=500)
    evidence = models.JSONField(default=dict)
    snapshots = models.ManyToManyField(Snapshot, blank=True, related_name="alerts")
    state = models.CharField(max_length=20, choices=AlertState.choices, default=AlertState.OPEN)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    raised_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    target_on = models.DateField()
    outcome_reason = models.TextField(blank=True, default="")
    case_reference = models.CharField(max_length=20, blank=True, default="")

    class Meta:
        ordering = ["-raised_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "subject_kind", "subject_key", "period"],
                name="monitoring_alert_once",
            )
        ]

    def __str__(self) -> str:
        return self.reference


class Intelligence(models.Model):
    """A manual entry of the intelligence log, graded 3x5x2."""

    reference = models.CharField(max_length=20, unique=True)
    title = models.CharField(max_length=300)
    body = models.TextField()
    source_evaluation = models.CharField(max_length=1, choices=SourceEvaluation.choices)
    assessment = models.CharField(max_length=1, choices=Assessment.choices)
    handling = models.CharField(max_length=1, choices=Handling.choices)
    handling_conditions = models.CharField(max_length=300, blank=True, default="")
    entity = models.ForeignKey(
        "register.RegulatedEntity",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    donor_id = models.CharField(max_length=20, blank=True, default="")
    alerts = models.ManyToManyField(Alert, blank=True, related_name="intelligence")
    attachments = models.JSONField(default=list, blank=True)  # [{record, sha256, name}]
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-recorded_at"]

    def __str__(self) -> str:
        return self.reference


class Counter(models.Model):
    name = models.CharField(max_length=20, unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name} {self.last}"


class CompanyProfile(models.Model):
    """A company donor or lender as Companies House last described it, with the statuses
    the harvests have seen and when (``history``: [{status, detail, from, to}], dates of
    the harvests that first and last saw each status)."""

    company_number = models.CharField(max_length=10, unique=True)
    found = models.BooleanField(default=True)
    name = models.CharField(max_length=300, blank=True, default="")
    status = models.CharField(max_length=60, blank=True, default="")
    status_detail = models.CharField(max_length=100, blank=True, default="")
    date_of_creation = models.DateField(null=True, blank=True)
    date_of_cessation = models.DateField(null=True, blank=True)
    officers = models.JSONField(default=list, blank=True)
    psc = models.JSONField(default=list, blank=True)
    history = models.JSONField(default=list, blank=True)
    snapshot = models.ForeignKey(Snapshot, on_delete=models.PROTECT, related_name="+")
    fetched_at = models.DateTimeField()

    class Meta:
        ordering = ["company_number"]

    def __str__(self) -> str:
        return f"{self.company_number} {self.name}"


class MemberInterest(models.Model):
    """One entry of the Register of Members' Financial Interests (categories 3, 4, 6)."""

    interest_id = models.PositiveBigIntegerField(unique=True)
    member_id = models.PositiveBigIntegerField(db_index=True)
    member_name = models.CharField(max_length=200)
    category = models.PositiveSmallIntegerField()
    summary = models.CharField(max_length=500, blank=True, default="")
    donor_name = models.CharField(max_length=300, blank=True, default="")
    donor_status = models.CharField(max_length=100, blank=True, default="")
    donor_company_number = models.CharField(max_length=10, blank=True, default="")
    value_pence = models.PositiveBigIntegerField(null=True, blank=True)
    received = models.DateField(null=True, blank=True)
    accepted = models.DateField(null=True, blank=True)
    registered = models.DateField(null=True, blank=True)
    snapshot = models.ForeignKey(Snapshot, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["member_name", "interest_id"]
        indexes = [models.Index(fields=["category", "accepted"])]

    def __str__(self) -> str:
        return f"{self.member_name} {self.interest_id}"


class NewsItem(models.Model):
    """One entry of a watched RSS or Atom feed, with the watch terms it contains."""

    feed = models.CharField(max_length=500)
    guid = models.CharField(max_length=500)
    title = models.CharField(max_length=500, blank=True, default="")
    link = models.CharField(max_length=1000, blank=True, default="")
    published = models.DateTimeField(null=True, blank=True)
    summary = models.TextField(blank=True, default="")
    terms = models.JSONField(default=list, blank=True)
    snapshot = models.ForeignKey(Snapshot, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-published"]
        constraints = [
            models.UniqueConstraint(fields=["feed", "guid"], name="monitoring_news_once")
        ]

    def __str__(self) -> str:
        return self.title


class HarvestItem(models.Model):
    """What a harvest in progress has fetched so far (one company's answers), so that a
    harvest stopped by a failure continues where it stopped; cleared when it completes."""

    kind = models.CharField(max_length=30, choices=SourceKind.choices)
    key = models.CharField(max_length=100)
    payload = models.JSONField(default=dict)
    fetched_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="monitoring_harvest_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key}"
