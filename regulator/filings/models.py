"""Models of the filings area: the statutory figures the rules apply, and the Companies
House snapshot that company donors are checked against."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StatutoryFigure(models.Model):
    """A figure set by law (a threshold, a limit, a period in days or months), in force
    from ``effective_from`` up to and including ``effective_to`` (open when blank).

    Parliament changes them by statutory instrument, so every figure the rules use lives
    here with its dates; the rules look them up by the date that matters (the date of
    receipt, the polling day), never by today. ``verified`` is False where a value or a
    start date has not been confirmed against the instrument: ``note`` says what to check.
    """

    code = models.CharField(max_length=64)
    value = models.DecimalField(max_digits=14, decimal_places=2)
    unit = models.CharField(max_length=16, default="GBP")  # GBP | days | months
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=255)
    verified = models.BooleanField(default=True)
    note = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["code", "effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "effective_from"], name="figure_code_from"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.value} from {self.effective_from}"


class Company(models.Model):
    """One company as the Companies House bulk snapshot (BasicCompanyData) lists it."""

    company_number = models.CharField(max_length=8, primary_key=True)
    name = models.CharField(max_length=255)
    status = models.CharField(max_length=64, blank=True, default="")
    category = models.CharField(max_length=128, blank=True, default="")
    country_of_origin = models.CharField(max_length=64, blank=True, default="")
    accounts_category = models.CharField(max_length=64, blank=True, default="")
    incorporated_on = models.DateField(null=True, blank=True)
    dissolved_on = models.DateField(null=True, blank=True)
    imported_at = models.DateTimeField()

    class Meta:
        ordering = ["company_number"]
        verbose_name_plural = "companies"

    def __str__(self) -> str:
        return f"{self.company_number} {self.name}"


# --- Online filing: returns, their versions and lifecycle ---------------------------------


class ReturnKind(models.TextChoices):
    QUARTERLY_CENTRAL = (
        "quarterly-central",
        _("Quarterly donations and loans report (central party)"),
    )
    QUARTERLY_UNIT = "quarterly-unit", _("Quarterly donations and loans report (accounting unit)")
    WEEKLY_PRE_POLL = "weekly-pre-poll", _("Weekly pre-poll report")
    DONEE = "donee", _("Regulated donee's report")
    CAMPAIGNER_PRE_POLL = "campaigner-pre-poll", _("Non-party campaigner's pre-poll report")
    CAMPAIGN_SPENDING = "campaign-spending", _("Campaign spending return")
    ACCOUNTS = "accounts", _("Statement of accounts")
    NIL = "nil", _("Nil return")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    VALIDATED = "validated", _("Checked")
    DECLARED = "declared", _("Declared")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under-review", _("Under review")
    QUERIED = "queried", _("Queried")
    AMENDED = "amended", _("Replaced by an amendment")
    ACCEPTED = "accepted", _("Accepted")
    PUBLISHED = "published", _("Published")


EDITABLE = frozenset({Status.DRAFT, Status.VALIDATED, Status.DECLARED})


class FiledReturn(models.Model):
    """A return an entity files for a period; its content lives in its versions."""

    entity = models.ForeignKey(
        "register.RegulatedEntity", on_delete=models.PROTECT, related_name="filed_returns"
    )
    accounting_unit = models.ForeignKey(
        "register.AccountingUnit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=32, choices=ReturnKind.choices)
    period_name = models.CharField(max_length=255)
    due_date = models.DateField(null=True, blank=True)
    # A party's campaign spending return: the constituencies it contested in each part of
    # the UK (england, scotland, wales, northern-ireland → seats), asked when the return
    # is started, so the party's limit is checked (PPERA 2000 Sch. 9 para 3).
    seats_contested = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    is_late = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        # One return per entity, kind and period (and accounting unit, where there is
        # one): services.return_create refuses a second with a link to the first, and
        # these hold when two requests pass that check at once (migration 0011).
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "kind", "period_name"],
                condition=models.Q(accounting_unit__isnull=True),
                name="filings_one_return_per_period",
            ),
            models.UniqueConstraint(
                fields=["entity", "accounting_unit", "kind", "period_name"],
                condition=models.Q(accounting_unit__isnull=False),
                name="filings_one_unit_return_per_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entity_id} {self.get_kind_display()} {self.period_name}"

    @property
    def current(self) -> ReturnVersion:
        # Every filed return is created with its first version, in one transaction.
        return self.versions.latest("number")


class ReturnVersion(models.Model):
    """One version of a return. An amendment is a new version pointing at the one it
    replaces and saying what changed. A submitted version never changes (services refuse)."""

    filed_return = models.ForeignKey(FiledReturn, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    amends = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="amended_by"
    )
    change_note = models.TextField(blank=True, default="")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField()
    validated_at = models.DateTimeField(null=True, blank=True)
    findings = models.JSONField(default=list, blank=True)
    receipt_reference = models.CharField(max_length=32, null=True, blank=True, unique=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    idempotency_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    finance_return_id = models.BigIntegerField(null=True, blank=True)
    # A nil return: the filer has declared there is nothing to report for the period
    # (no transactions of the return's kinds); the return cannot hold rows while it says so.
    nothing_to_report = models.BooleanField(default=False)

    class Meta:
        ordering = ["filed_return", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["filed_return", "number"], name="filings_version_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.filed_return_id} v{self.number} ({self.status})"

    @property
    def entity(self) -> Any:
        return self.filed_return.entity

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def errors(self) -> list[dict[str, object]]:
        return [f for f in self.findings if f.get("severity") == "error"]

    @property
    def warnings(self) -> list[dict[str, object]]:
        return [f for f in self.findings if f.get("severity") == "warning"]


class DraftTransaction(models.Model):
    """One transaction of a version as typed rows of our CSV template (column → text):
    the rule engine reads them through the template's reader.

    The valid rows of an uploaded file that has errors are stored once, when the file
    arrives, but held: ``version`` blank, ``upload`` set and ``row`` the row of the file.
    They are not in the return (``version.transactions`` does not see them) until the
    filer keeps them, which moves them all in one statement; discarding deletes them."""

    # No index of its own: the (version, row) index below serves every lookup by version,
    # and one index fewer makes a 100,000-row upload cheaper to store and to keep.
    version = models.ForeignKey(
        ReturnVersion,
        on_delete=models.CASCADE,
        related_name="transactions",
        null=True,
        blank=True,
        db_index=False,
    )
    upload = models.ForeignKey(
        "Upload", on_delete=models.CASCADE, null=True, blank=True, related_name="held_rows"
    )
    kind = models.CharField(max_length=16)  # rules.inputs.TransactionKind
    row = models.PositiveIntegerField()
    data = models.JSONField()

    class Meta:
        ordering = ["version", "row"]
        indexes = [models.Index(fields=["version", "row"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(version__isnull=False, upload__isnull=True)
                | models.Q(version__isnull=True, upload__isnull=False),
                name="filings_draft_in_return_or_held",
            )
        ]

    def __str__(self) -> str:
        return f"{self.version_id or 'held'} row {self.row}"

    @property
    def counterparty(self) -> str:
        return str(
            self.data.get("DonorName")
            or self.data.get("LenderName")
            or self.data.get("SupplierName")
            or ""
        )

    @property
    def value(self) -> str:
        return str(self.data.get("Value") or self.data.get("TotalExpenditure") or "")


class UploadStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for your decision")
    SAVED = "saved", _("Saved")
    DISCARDED = "discarded", _("Discarded")


class Upload(models.Model):
    """A CSV file uploaded to a version. A clean file is saved at once; one with errors is
    held (its valid rows stored as ``held_rows``, nothing in the return) until the filer
    keeps the valid rows or discards the file."""

    version = models.ForeignKey(ReturnVersion, on_delete=models.CASCADE, related_name="uploads")
    kind = models.CharField(max_length=16)
    file_name = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField()
    status = models.CharField(
        max_length=16, choices=UploadStatus.choices, default=UploadStatus.PENDING
    )
    error_rows = models.JSONField(default=list, blank=True)
    problems = models.JSONField(default=list, blank=True)
    row_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.file_name


class Declaration(models.Model):
    version = models.OneToOneField(
        ReturnVersion, on_delete=models.CASCADE, related_name="declaration"
    )
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(max_length=32)
    declared_at = models.DateTimeField()
    statement = models.TextField()

    def __str__(self) -> str:
        return f"{self.version_id} declared by {self.declared_by_id}"


class Query(models.Model):
    """An analyst's question about a submitted version, and the filer's answer."""

    version = models.ForeignKey(ReturnVersion, on_delete=models.PROTECT, related_name="queries")
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    asked_at = models.DateTimeField()
    question = models.TextField()
    answer = models.TextField(blank=True, default="")
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["asked_at"]
        verbose_name_plural = "queries"

    def __str__(self) -> str:
        return self.question[:40]


class StatusChange(models.Model):
    version = models.ForeignKey(ReturnVersion, on_delete=models.PROTECT, related_name="history")
    from_status = models.CharField(max_length=16, blank=True, default="")
    to_status = models.CharField(max_length=16)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField()
    note = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.version_id} {self.from_status}→{self.to_status}"


class Reminder(models.Model):
    """One reminder (or late notice) per return and milestone: what makes
    ``filings_reminders`` idempotent."""

    filed_return = models.ForeignKey(
        FiledReturn, on_delete=models.CASCADE, related_name="reminders"
    )
    milestone = models.CharField(max_length=16)  # "due-14", "due-3", "late"
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["filed_return", "milestone"], name="filings_one_reminder"
            )
        ]

    def __str__(self) -> str:
        return f"{self.filed_return_id} {self.milestone}"


class FilerToken(models.Model):
    """A key for the filing API, held by one filer user: parties' accounting software acts
    as that user (and only within that user's memberships). Only a hash is stored; the
    key is shown once. ``prefix`` identifies it in logs and the audit chain."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="filer_tokens"
    )
    name = models.CharField(max_length=200)
    prefix = models.CharField(max_length=16, unique=True)
    key_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


# --- Documents: invoices and receipts, statements of accounts ---------------------------------


class DocumentType(models.TextChoices):
    """The only kinds of file a return may carry, as read from the bytes themselves."""

    PDF = "application/pdf", "PDF"
    PNG = "image/png", "PNG"
    JPEG = "image/jpeg", "JPEG"


class Attachment(models.Model):
    """A document filed with a version: an invoice or receipt (tied to one spending row or
    to the return as a whole) or the statement of accounts itself.

    The bytes are stored once under MEDIA_ROOT, named by their SHA-256, so the copy an
    amendment makes of this row shares them; the filer's own file name is only a label."""

    version = models.ForeignKey(ReturnVersion, on_delete=models.CASCADE, related_name="attachments")
    # A removed row leaves its document on the return rather than losing it unaudited.
    transaction = models.ForeignKey(
        DraftTransaction,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attachments",
    )
    file = models.FileField(max_length=255)
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    content_type = models.CharField(max_length=32, choices=DocumentType.choices)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["version", "uploaded_at", "id"]
        indexes = [models.Index(fields=["sha256"])]

    def __str__(self) -> str:
        return f"{self.version_id} {self.original_name}"


class AccountsFigures(models.Model):
    """The headline figures of a statement of accounts (PPERA 2000 s.42 and s.43): the
    accounts must be audited, and the auditor named, when income or expenditure exceeds
    £250,000."""

    version = models.OneToOneField(
        ReturnVersion, on_delete=models.CASCADE, related_name="accounts_figures"
    )
    total_income = models.DecimalField(max_digits=14, decimal_places=2)
    total_expenditure = models.DecimalField(max_digits=14, decimal_places=2)
    audited = models.BooleanField(default=False)
    auditor_name = models.CharField(max_length=255, blank=True, default="")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "accounts figures"

    def __str__(self) -> str:
        return f"{self.version_id} income {self.total_income} spent {self.total_expenditure}"
