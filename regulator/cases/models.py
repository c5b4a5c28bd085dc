"""Tables of cases: the offence reference table and the enforcement policies (dated
data), cases with their intake, team, conflicts and decisions, evidence and its chain of
custody, notices, sanctions and payments, parallel tracks, tasks and the disclosure
record sheet.

Evidence bytes live in the records store; an item here holds its record's reference and
SHA-256 and is never changed (a redaction or extract is a new item linked to it)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language

from regulator.cases.types import (
    AssessmentOutcome,
    CustodyAction,
    Derivation,
    EvidenceKind,
    Finding,
    NoticeKind,
    Obtained,
    PaymentStatus,
    Relevance,
    RepresentationsOutcome,
    SanctionKind,
    Sensitivity,
    Service,
    Source,
    Stage,
    TaskKind,
    TrackKind,
)


def _welsh() -> bool:
    return (get_language() or "").startswith("cy")


class Offence(models.Model):
    """A provision the Commission enforces, as in force between two dates."""

    code = models.SlugField(max_length=40)
    provision = models.CharField(max_length=60)
    description_en = models.CharField(max_length=300)
    description_cy = models.CharField(max_length=300)
    sanctions_allowed = models.JSONField(default=list)
    referral_only = models.BooleanField(default=False)
    # Months from the offence (or from the Commission learning of it) within which
    # proceedings may start; None where no limit is recorded.
    limitation_months = models.PositiveIntegerField(null=True, blank=True)
    limitation_rule = models.CharField(max_length=300, blank=True, default="")
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["provision", "effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "effective_from"], name="cases_offence_dated")
        ]

    def __str__(self) -> str:
        return f"{self.provision} {self.description_en}"

    @property
    def description(self) -> str:
        return self.description_cy if _welsh() else self.description_en


class PolicyVersion(models.Model):
    """An Enforcement Policy, applying to offences committed between two dates."""

    name = models.CharField(max_length=100)
    effective_from = models.DateField(unique=True)
    effective_to = models.DateField(null=True, blank=True)
    url = models.URLField(blank=True, default="")

    class Meta:
        ordering = ["effective_from"]

    def __str__(self) -> str:
        return self.name


class Counter(models.Model):
    name = models.CharField(max_length=20, unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name} {self.last}"


class Case(models.Model):
    reference = models.CharField(max_length=20, unique=True)
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.INITIAL)
    source = models.CharField(max_length=20, choices=Source.choices)
    subject_name = models.CharField(max_length=255)
    entity = models.ForeignKey(
        "register.RegulatedEntity",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    matter = models.CharField(max_length=300)
    summary = models.TextField(blank=True, default="")
    offence = models.ForeignKey(Offence, null=True, blank=True, on_delete=models.PROTECT)
    offence_date = models.DateField(null=True, blank=True)
    policy = models.ForeignKey(PolicyVersion, null=True, blank=True, on_delete=models.PROTECT)
    opened_on = models.DateField()
    opened_at = models.DateTimeField()
    investigator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases_investigating",
    )
    decision_maker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases_deciding",
    )
    team = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="case_teams", blank=True)
    checklist = models.JSONField(default=dict, blank=True)
    assessment_outcome = models.CharField(
        max_length=20, choices=AssessmentOutcome.choices, blank=True, default=""
    )
    assessment_reason = models.TextField(blank=True, default="")
    investigation_opened_on = models.DateField(null=True, blank=True)
    finding = models.CharField(max_length=20, choices=Finding.choices, blank=True, default="")
    finding_reason = models.TextField(blank=True, default="")
    reasonable_excuse = models.BooleanField(default=False)
    outcome_words = models.CharField(max_length=40, blank=True, default="")
    payment_status = models.CharField(
        max_length=20, choices=PaymentStatus.choices, blank=True, default=""
    )
    concluded_on = models.DateField(null=True, blank=True)
    published_on = models.DateField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    public_summary_en = models.TextField(blank=True, default="")
    public_summary_cy = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["-opened_at"]

    def __str__(self) -> str:
        return self.reference

    @property
    def public_summary(self) -> str:
        return (self.public_summary_cy if _welsh() else "") or self.public_summary_en


class Intake(models.Model):
    """What opened a case or joined it: an allegation, a self-report, a referral or an
    alert. A second allegation about the same subject and matter joins the open case."""

    reference = models.CharField(max_length=20, unique=True)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="intakes")
    source = models.CharField(max_length=20, choices=Source.choices)
    received_at = models.DateTimeField()
    name = models.CharField(max_length=255, blank=True, default="")
    email = models.EmailField(blank=True, default="")
    language = models.CharField(max_length=2, default="en")
    subject_name = models.CharField(max_length=255)
    matter = models.CharField(max_length=300)
    details = models.TextField()
    record_reference = models.CharField(max_length=20, blank=True, default="")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["received_at", "pk"]

    def __str__(self) -> str:
        return self.reference


class Conflict(models.Model):
    """A member of staff declared a conflict of interest: they cannot open the case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="conflicts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    declared_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="cases_conflict_once")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.user_id}"


class Evidence(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="evidence")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True, default="")
    kind = models.CharField(max_length=20, choices=EvidenceKind.choices)
    obtained = models.CharField(max_length=30, choices=Obtained.choices)
    obtained_from = models.CharField(max_length=255, blank=True, default="")
    record_reference = models.CharField(max_length=20)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    file_name = models.CharField(max_length=255)
    derived_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="derivatives"
    )
    derivation = models.CharField(max_length=20, choices=Derivation.choices, blank=True, default="")
    acquired_at = models.DateTimeField()
    acquired_by = models.CharField(max_length=255)
    # The unused-material register (CPIA): decisions with reasons, and the MG6C number.
    relevance = models.CharField(max_length=20, choices=Relevance.choices, blank=True, default="")
    sensitivity = models.CharField(
        max_length=20, choices=Sensitivity.choices, blank=True, default=""
    )
    decision_reason = models.TextField(blank=True, default="")
    schedule_number = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["case", "number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="cases_evidence_number")
        ]

    def __str__(self) -> str:
        return f"{self.case.reference}/E{self.number}"

    @property
    def label(self) -> str:
        return f"E{self.number}"


class Custody(models.Model):
    """One step in an item's chain of custody, written once."""

    evidence = models.ForeignKey(Evidence, on_delete=models.PROTECT, related_name="custody")
    action = models.CharField(max_length=20, choices=CustodyAction.choices)
    at = models.DateTimeField()
    actor = models.CharField(max_length=255)
    purpose = models.CharField(max_length=300)
    tool = models.CharField(max_length=200, blank=True, default="")
    hash_before = models.CharField(max_length=64, blank=True, default="")
    hash_after = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.evidence_id} {self.action} {self.at:%Y-%m-%d %H:%M}"


class Notice(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="notices")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=NoticeKind.choices)
    language = models.CharField(max_length=2, default="en")
    template_version = models.CharField(max_length=20)
    recipient = models.CharField(max_length=255)
    body = models.TextField(blank=True, default="")
    amount_pence = models.PositiveIntegerField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issued_on = models.DateField()
    served_by = models.CharField(max_length=10, choices=Service.choices)
    deemed_received_on = models.DateField()
    due_on = models.DateField(null=True, blank=True)
    record_reference = models.CharField(max_length=20, blank=True, default="")
    sha256 = models.CharField(max_length=64, blank=True, default="")
    sanction = models.ForeignKey(
        "Sanction", null=True, blank=True, on_delete=models.PROTECT, related_name="notices"
    )

    class Meta:
        ordering = ["case", "number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="cases_notice_number")
        ]

    def __str__(self) -> str:
        return f"{self.case.reference}/N{self.number}"


class Sanction(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="sanctions")
    kind = models.CharField(max_length=20, choices=SanctionKind.choices)
    act = models.CharField(max_length=300)
    amount_pence = models.PositiveIntegerField(null=True, blank=True)
    proposed_on = models.DateField()
    representations = models.TextField(blank=True, default="")
    representations_on = models.DateField(null=True, blank=True)
    representations_outcome = models.CharField(
        max_length=20, choices=RepresentationsOutcome.choices, blank=True, default=""
    )
    representations_reason = models.TextField(blank=True, default="")
    representations_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    final_on = models.DateField(null=True, blank=True)
    appeal_lodged_on = models.DateField(null=True, blank=True)
    appeal_determined_on = models.DateField(null=True, blank=True)
    appeal_upheld = models.BooleanField(null=True, blank=True)
    paid_on = models.DateField(null=True, blank=True)
    paid_pence = models.PositiveIntegerField(null=True, blank=True)
    dropped = models.BooleanField(default=False)

    class Meta:
        ordering = ["case", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}"


class Track(models.Model):
    """A parallel track: a forfeiture application or a referral to police or prosecutors."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="tracks")
    kind = models.CharField(max_length=20, choices=TrackKind.choices)
    body = models.CharField(max_length=200)
    opened_on = models.DateField()
    note = models.TextField(blank=True, default="")
    outcome = models.CharField(max_length=300, blank=True, default="")
    closed_on = models.DateField(null=True, blank=True)
    amount_pence = models.PositiveIntegerField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}"


class Task(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    kind = models.CharField(max_length=30, choices=TaskKind.choices)
    due_on = models.DateField()
    note = models.CharField(max_length=300, blank=True, default="")
    done_on = models.DateField(null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind", "due_on"], name="cases_task_once_per_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.due_on}"


class DisclosureAction(models.Model):
    """A line of the disclosure record sheet: every disclosure decision and action."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="disclosure_actions")
    at = models.DateTimeField()
    actor = models.CharField(max_length=255)
    action = models.CharField(max_length=300)
    evidence = models.ForeignKey(Evidence, null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.action[:40]}"
