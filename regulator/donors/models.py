"""Resolved donors and how they were resolved.

Records (published donations and loans) are referred to by a ``record_key`` string,
'donation:<pk>' / 'loan:<pk>' ('ec:<ECRef>' for records read straight from a published
CSV), so that this area does not depend on the finance tables yet (docs/donors.md says
how the foreign keys will be added).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ResolutionRun(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        FINISHED = "finished", _("Finished")
        FAILED = "failed", _("Failed")

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RUNNING)
    full = models.BooleanField(default=False)
    source = models.CharField(max_length=200, blank=True)
    record_count = models.PositiveIntegerField(default=0)
    donor_count = models.PositiveIntegerField(default=0)
    new_donor_count = models.PositiveIntegerField(default=0)
    merge_count = models.PositiveIntegerField(default=0)
    split_count = models.PositiveIntegerField(default=0)
    review_count = models.PositiveIntegerField(default=0)
    threshold = models.FloatField(default=0.0)
    model = models.JSONField(default=dict, blank=True)
    stats = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("resolution run")
        verbose_name_plural = _("resolution runs")

    def __str__(self) -> str:
        return f"Run {self.pk} ({self.status})"


class Donor(models.Model):
    """One resolved donor or lender. ``donor_id`` is public and stable across runs."""

    donor_id = models.CharField(max_length=16, unique=True)
    display_name = models.CharField(max_length=500)
    donor_status = models.CharField(max_length=100, blank=True)
    company_number = models.CharField(max_length=8, blank=True, db_index=True)
    active = models.BooleanField(default=True)
    # Set when a later run folded this donor into another one.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    record_count = models.PositiveIntegerField(default=0)
    first_run = models.ForeignKey(
        ResolutionRun, on_delete=models.PROTECT, related_name="donors_created"
    )
    last_run = models.ForeignKey(ResolutionRun, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["donor_id"]
        verbose_name = _("donor")
        verbose_name_plural = _("donors")

    def __str__(self) -> str:
        return f"{self.donor_id} {self.display_name}"


class DonorName(models.Model):
    """A name the donor was reported under, with how many records used it."""

    donor = models.ForeignKey(Donor, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(max_length=500)
    record_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-record_count", "name"]
        constraints = [models.UniqueConstraint(fields=["donor", "name"], name="donors_name_unique")]

    def __str__(self) -> str:
        return self.name


class DonorLink(models.Model):
    """Which donor a published record belongs to, as of which run."""

    record_key = models.CharField(max_length=64, unique=True)
    donor = models.ForeignKey(Donor, on_delete=models.PROTECT, related_name="links")
    run = models.ForeignKey(ResolutionRun, on_delete=models.PROTECT, related_name="+")
    reported_name = models.CharField(max_length=500, blank=True)

    def __str__(self) -> str:
        return self.record_key


class DonorChange(models.Model):
    """A merge or a split that a run made, relative to the run before it."""

    class Kind(models.TextChoices):
        MERGE = "merge", _("Merge")
        SPLIT = "split", _("Split")

    run = models.ForeignKey(ResolutionRun, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    # merge: the surviving donor id and the ids it absorbed; split: the previous id and
    # the ids that now hold its records.
    donor_id = models.CharField(max_length=16)
    other_ids = models.JSONField(default=list)

    def __str__(self) -> str:
        return f"{self.kind} {self.donor_id} {self.other_ids}"


class ReviewDecision(models.Model):
    """An analyst's ruling, applied on every later run (the newest wins a conflict)."""

    class Kind(models.TextChoices):
        CONFIRM = "confirm", _("Same donor")
        REJECT = "reject", _("Different donors")
        MERGE = "merge", _("Merge donors")
        SPLIT = "split", _("Split donor")

    kind = models.CharField(max_length=8, choices=Kind.choices)
    # The two groups of records the ruling is about (one record each for a pair).
    left_keys = models.JSONField(default=list)
    right_keys = models.JSONField(default=list)
    analyst = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField()
    decided_at = models.DateTimeField()

    class Meta:
        ordering = ["decided_at", "pk"]
        verbose_name = _("review decision")
        verbose_name_plural = _("review decisions")

    def __str__(self) -> str:
        return f"{self.kind} by {self.analyst_id} at {self.decided_at:%Y-%m-%d}"


class ReviewPair(models.Model):
    """A pair of records the model was unsure about, waiting for an analyst."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for review")
        DECIDED = "decided", _("Decided")
        SUPERSEDED = "superseded", _("No longer uncertain")

    run = models.ForeignKey(ResolutionRun, on_delete=models.CASCADE, related_name="+")
    left_key = models.CharField(max_length=64)
    right_key = models.CharField(max_length=64)
    left_name = models.CharField(max_length=500)
    right_name = models.CharField(max_length=500)
    probability = models.FloatField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    decision = models.ForeignKey(
        ReviewDecision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-probability", "pk"]
        indexes = [models.Index(fields=["status", "-probability"], name="donors_review_queue")]

    def __str__(self) -> str:
        return f"{self.left_name} / {self.right_name} ({self.probability:.2f})"
