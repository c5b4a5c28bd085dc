"""Tables of the records area: the file plan (functions, activities, classes and their
dated retention rules), the content-addressed store (blobs) and the records declared in
it, retention events, legal holds, disposal batches and certificates, consignments to The
National Archives, and integrity incidents. See docs/records.md."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from regulator.records.types import (
    Action,
    BatchState,
    Decision,
    HoldKind,
    RecordState,
    Trigger,
)


class _Bilingual(models.Model):
    title_en = models.CharField(_("title in English"), max_length=200)
    title_cy = models.CharField(_("title in Welsh"), max_length=200, blank=True, default="")

    class Meta:
        abstract = True

    @property
    def title(self) -> str:
        return self.title_cy if get_language() == "cy" and self.title_cy else self.title_en


class RecordFunction(_Bilingual):
    """The first level of the file plan: what the regulator is for (e.g. regulation)."""

    code = models.CharField(_("code"), max_length=20, unique=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title_en}"


class RecordActivity(_Bilingual):
    function = models.ForeignKey(
        RecordFunction, on_delete=models.PROTECT, related_name="activities"
    )
    code = models.CharField(_("code"), max_length=30, unique=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title_en}"


class RecordClass(_Bilingual):
    """A class of records with one retention rule in force at a time (``rules``)."""

    activity = models.ForeignKey(RecordActivity, on_delete=models.PROTECT, related_name="classes")
    code = models.CharField(_("code"), max_length=40, unique=True)
    description = models.TextField(_("description"), blank=True, default="")
    # Reads of a sensitive class's content are logged, and only records managers see it.
    sensitive = models.BooleanField(_("sensitive"), default=False)
    closed = models.BooleanField(_("closed on transfer"), default=False)
    foi_exemption_code = models.CharField(
        _("FOI exemption codes"), max_length=100, blank=True, default=""
    )
    closure_period_years = models.PositiveSmallIntegerField(_("closure period"), default=0)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title_en}"


class RetentionRule(models.Model):
    """Dated data: a class's rule from ``effective_from``; a later row supersedes it, and
    the older row stays as history (records already declared keep the rule of their
    declaration date)."""

    record_class = models.ForeignKey(RecordClass, on_delete=models.PROTECT, related_name="rules")
    trigger = models.CharField(_("trigger"), max_length=30, choices=Trigger.choices)
    period_years = models.PositiveSmallIntegerField(_("years"), default=0)
    period_months = models.PositiveSmallIntegerField(_("months"), default=0)
    action = models.CharField(
        pgettext_lazy("retention rule", "action"), max_length=20, choices=Action.choices
    )
    fixed_date = models.DateField(_("fixed date"), null=True, blank=True)
    effective_from = models.DateField(_("in force from"))
    authority = models.CharField(_("authority"), max_length=300, blank=True, default="")
    reason = models.TextField(_("reason for the change"), blank=True, default="")
    created_at = models.DateTimeField(_("created at"))
    created_by = models.CharField(_("created by"), max_length=255, blank=True, default="")

    class Meta:
        ordering = ["record_class__code", "-effective_from", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["record_class", "effective_from"], name="records_rule_one_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.trigger} {self.effective_from}"


class Blob(models.Model):
    """Bytes in the store, named by their SHA-256 and written once. Several records may
    share one blob (duplicate uploads store one copy); ``removed_at`` is set when the
    bytes are deleted because no kept record needs them any more."""

    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    size = models.PositiveBigIntegerField(_("size"))
    name = models.CharField(_("storage name"), max_length=200)
    stored_at = models.DateTimeField(_("stored at"))
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)

    def __str__(self) -> str:
        return self.sha256


class Record(models.Model):
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    record_class = models.ForeignKey(RecordClass, on_delete=models.PROTECT, related_name="records")
    # The rule in force when the record was declared (the schedule's history).
    rule = models.ForeignKey(RetentionRule, on_delete=models.PROTECT, related_name="records")
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True, default="")
    source = models.CharField(_("source"), max_length=60)
    source_id = models.CharField(_("source id"), max_length=64)
    version = models.PositiveIntegerField(_("version"), default=1)
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_version"
    )
    entity = models.PositiveIntegerField(_("entity"), null=True, blank=True, db_index=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True, default="")
    media_type = models.CharField(_("media type"), max_length=100, blank=True, default="")
    language = models.CharField(_("language"), max_length=40, default="English")
    personal = models.JSONField(_("personal data"), default=dict, blank=True)
    blob = models.ForeignKey(
        Blob, null=True, blank=True, on_delete=models.PROTECT, related_name="records"
    )
    # Kept after destruction: the tombstone says what was destroyed.
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    declared_at = models.DateTimeField(_("declared at"))
    declared_by = models.CharField(_("declared by"), max_length=255, blank=True, default="")
    trigger_on = models.DateField(_("trigger date"), null=True, blank=True)
    expires_on = models.DateField(_("retention ends"), null=True, blank=True, db_index=True)
    state = models.CharField(
        _("state"), max_length=20, choices=RecordState.choices, default=RecordState.DECLARED
    )
    disposed_at = models.DateTimeField(_("disposed at"), null=True, blank=True)
    consignment = models.ForeignKey(
        "Consignment", null=True, blank=True, on_delete=models.PROTECT, related_name="records"
    )

    class Meta:
        ordering = ["-declared_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_id", "version"], name="records_one_version_per_source"
            )
        ]
        indexes = [
            models.Index(fields=["state", "expires_on"]),
            models.Index(fields=["record_class", "declared_at"]),
        ]

    def __str__(self) -> str:
        return self.reference


class RetentionEvent(models.Model):
    """A trigger event that happened to a source's documents (e.g. return published on
    a date): it starts (or restarts) the retention clock of their records."""

    source = models.CharField(_("source"), max_length=60)
    source_id = models.CharField(_("source id"), max_length=64)
    trigger = models.CharField(_("trigger"), max_length=30, choices=Trigger.choices)
    occurred_on = models.DateField(_("occurred on"))
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        indexes = [models.Index(fields=["source", "source_id"])]

    def __str__(self) -> str:
        return f"{self.source}:{self.source_id} {self.trigger}"


class LegalHold(models.Model):
    """A hold stops every disposal of the records it covers: those linked to it (a case's,
    a request's) and those its query matches (class, entity, dates)."""

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=HoldKind.choices)
    title = models.CharField(_("title"), max_length=200)
    reason = models.TextField(_("reason"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="records_holds"
    )
    review_on = models.DateField(_("review by"))
    subject = models.CharField(_("case or request"), max_length=100, blank=True, default="")
    query_class = models.ForeignKey(
        RecordClass, null=True, blank=True, on_delete=models.PROTECT, related_name="holds"
    )
    query_entity = models.PositiveIntegerField(_("entity"), null=True, blank=True)
    query_from = models.DateField(_("declared from"), null=True, blank=True)
    query_to = models.DateField(_("declared to"), null=True, blank=True)
    records = models.ManyToManyField(Record, blank=True, related_name="holds")
    placed_at = models.DateTimeField(_("placed at"))
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    released_by = models.CharField(_("released by"), max_length=255, blank=True, default="")
    release_reason = models.TextField(_("reason for release"), blank=True, default="")

    class Meta:
        ordering = ["-placed_at", "-pk"]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_active(self) -> bool:
        return self.released_at is None


class DisposalBatch(models.Model):
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    as_of = models.DateField(_("due on"))
    state = models.CharField(
        _("state"), max_length=20, choices=BatchState.choices, default=BatchState.REVIEW
    )
    created_at = models.DateTimeField(_("created at"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    second_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    second_approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.reference


class DisposalItem(models.Model):
    batch = models.ForeignKey(DisposalBatch, on_delete=models.CASCADE, related_name="items")
    record = models.ForeignKey(Record, on_delete=models.PROTECT, related_name="disposal_items")
    decision = models.CharField(
        _("decision"), max_length=20, choices=Decision.choices, default=Decision.PENDING
    )
    extend_to = models.DateField(_("keep until"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True, default="")
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "record"], name="records_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.batch_id}/{self.record_id}"


class DisposalCertificate(models.Model):
    """The certificate of one record's destruction, transfer or redaction; its content
    (``details``) is also stored and declared as a record of class RM-CERT."""

    record = models.OneToOneField(Record, on_delete=models.PROTECT, related_name="certificate")
    certificate_record = models.OneToOneField(
        Record, on_delete=models.PROTECT, related_name="certifies"
    )
    details = models.JSONField(_("details"))
    issued_at = models.DateTimeField(_("issued at"))

    def __str__(self) -> str:
        return f"certificate {self.record_id}"


class Consignment(models.Model):
    reference = models.CharField(_("reference"), max_length=30, unique=True)
    record_class = models.ForeignKey(RecordClass, on_delete=models.PROTECT, related_name="+")
    series = models.CharField(_("series"), max_length=50)
    created_at = models.DateTimeField(_("created at"))
    bag_path = models.CharField(_("bag"), max_length=500)
    file_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.reference


class IntegrityIncident(models.Model):
    """Bytes that did not match their SHA-256 when written, read, exported or verified."""

    blob = models.ForeignKey(Blob, on_delete=models.PROTECT, related_name="incidents")
    record = models.ForeignKey(
        Record, null=True, blank=True, on_delete=models.PROTECT, related_name="incidents"
    )
    detected_at = models.DateTimeField(_("detected at"))
    where = models.CharField(_("where"), max_length=20)
    actual_sha256 = models.CharField(_("actual SHA-256"), max_length=64, blank=True, default="")

    class Meta:
        ordering = ["-detected_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.where} {self.blob_id}"


class Sequence(models.Model):
    """The last number given to each kind of reference (REC, HOLD, DISP, TDR)."""

    prefix = models.CharField(max_length=10, primary_key=True)
    last = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return self.prefix
