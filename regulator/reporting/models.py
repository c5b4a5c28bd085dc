"""Tables of the reporting area: the measure catalogue (versioned definitions), cost
inputs, the availability probe's results and metric samples, answers to the feedback
question, and frozen packs."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MeasureKind(models.TextChoices):
    RATIO = "ratio", _("Share")  # numerator / denominator x scale
    COUNT = "count", _("Count")  # how many records the numerator gives
    VALUE = "value", _("Value")  # the number the numerator gives


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")
    NONE = "none", _("No target")


class MeasureDefinition(models.Model):
    """One version of a measure's definition, in force from ``effective_from``.

    The numerator and denominator are dotted names of selectors in the area that owns
    the data (``regulator.filings.selectors.returns_filed_on_time``), resolved when the
    measure is computed: an area not built yet, or a selector it does not offer yet,
    makes the measure "not yet available" rather than a number. A change of definition
    is a new version (``services.definition_revise``); versions are never edited."""

    code = models.SlugField(max_length=64)
    version = models.PositiveIntegerField()
    effective_from = models.DateField()
    name_en = models.CharField(max_length=255)
    name_cy = models.CharField(max_length=255)
    objective_en = models.CharField(max_length=255)
    objective_cy = models.CharField(max_length=255)
    definition_en = models.TextField()
    definition_cy = models.TextField()
    area = models.CharField(max_length=32)  # the owning area
    owner = models.CharField(max_length=128)  # the team answerable for it
    kind = models.CharField(max_length=8, choices=MeasureKind.choices)
    numerator = models.CharField(max_length=200)
    denominator = models.CharField(max_length=200, blank=True, default="")
    params = models.JSONField(default=dict, blank=True)  # keyword arguments of both
    scale = models.DecimalField(max_digits=10, decimal_places=2, default=1)
    unit = models.CharField(max_length=16)  # "%", "count", "days", "ms", "rps", "GBP"
    direction = models.CharField(max_length=8, choices=Direction.choices)
    target = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    # Amber between the target and this value (red beyond it).
    amber = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    published = models.BooleanField(default=False)  # on the public performance page
    sort = models.PositiveIntegerField(default=0)
    change_note = models.TextField(blank=True, default="")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["sort", "code", "version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="reporting_measure_version"),
        ]

    def __str__(self) -> str:
        return f"{self.code} v{self.version} from {self.effective_from}"


class CostInput(models.Model):
    """A monthly running cost of the service (hosting, licences, staff time on filing),
    in force from ``effective_from`` until the next row of the same code."""

    code = models.SlugField(max_length=64)
    label = models.CharField(max_length=255)
    monthly_amount = models.DecimalField(max_digits=14, decimal_places=2)
    effective_from = models.DateField()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["code", "effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "effective_from"], name="reporting_cost_from"),
        ]

    def __str__(self) -> str:
        return f"{self.code} £{self.monthly_amount}/month from {self.effective_from}"


class ProbeResult(models.Model):
    """One call of the readiness endpoint by ``reporting_probe``."""

    at = models.DateTimeField(db_index=True)
    url = models.CharField(max_length=500)
    ok = models.BooleanField()
    status_code = models.PositiveIntegerField(null=True, blank=True)
    latency_ms = models.PositiveIntegerField(null=True, blank=True)
    cause = models.CharField(max_length=500, blank=True, default="")
    # The probe before this one, as it was when this one was stored: availability reads
    # only the probes where something changed (a failure, a change of state, a gap), so
    # a quarter of minute-by-minute probes is a few rows to read, not 130,000.
    previous_ok = models.BooleanField(null=True, blank=True)
    gap_seconds = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {'up' if self.ok else 'down'}"


class MetricSample(models.Model):
    """The platform's request-latency histogram (from /metrics) at one instant: the
    cumulative count of requests at or under each bound, in seconds."""

    at = models.DateTimeField(db_index=True)
    url = models.CharField(max_length=500)
    count = models.FloatField()
    buckets = models.JSONField(default=dict)  # {"0.1": 12.0, ..., "+Inf": 40.0}
    # The previous sample of the same URL; ``reset`` when the counters went down (a
    # restarted process) or there was none: the increase over a period is then read
    # from the samples at its edges and at each reset, not from every sample.
    previous_at = models.DateTimeField(null=True, blank=True)
    reset = models.BooleanField(default=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.count:.0f} requests"


class Satisfaction(models.TextChoices):
    VERY_SATISFIED = "very-satisfied", _("Very satisfied")
    SATISFIED = "satisfied", _("Satisfied")
    NEITHER = "neither", _("Neither satisfied nor dissatisfied")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")
    VERY_DISSATISFIED = "very-dissatisfied", _("Very dissatisfied")


class Feedback(models.Model):
    """One answer to the question on a completion page. Nothing identifies who gave it."""

    journey = models.CharField(max_length=32)  # "filing", "registration"
    rating = models.CharField(max_length=20, choices=Satisfaction.choices)
    comment = models.TextField(blank=True, default="")
    at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.journey} {self.rating}"


class FrozenError(Exception):
    pass


class Pack(models.Model):
    """A published period: every measure's value frozen with its definition version and
    inputs (the records behind each number). Never changed or deleted once made; a
    correction is a new edition."""

    period = models.CharField(max_length=16)  # "2025-Q1", "2025-04", "2025-26"
    edition = models.PositiveIntegerField(default=1)
    start = models.DateField()
    end = models.DateField()
    as_of = models.DateTimeField()  # the instant the figures were taken at
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    measures = models.JSONField()  # list of frozen measure results
    statutory = models.JSONField(default=list)  # the statutory tables as they stood
    digest = models.CharField(max_length=64)  # SHA-256 of measures and statutory, in the audit

    class Meta:
        ordering = ["-start", "-edition"]
        constraints = [
            models.UniqueConstraint(fields=["period", "edition"], name="reporting_pack_edition"),
        ]

    def __str__(self) -> str:
        return f"{self.period} edition {self.edition}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and Pack.objects.filter(pk=self.pk).exists():
            raise FrozenError("A published pack never changes: publish a new edition.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise FrozenError("A published pack is never deleted.")


class PackEmail(models.Model):
    """The monthly pack's email to one viewer: makes the monthly job idempotent."""

    period = models.CharField(max_length=16)
    email = models.EmailField()
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["period", "email"], name="reporting_pack_email_once"),
        ]

    def __str__(self) -> str:
        return f"{self.period} to {self.email}"
