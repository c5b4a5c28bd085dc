"""Tables of contacts: people and organisations, their links to the register and to each
other, merges, staff teams, interactions, enquiries and their clocks, reply templates and
the shared mailbox's messages. The register's facts are never copied here: an entity or
officer is a foreign key, read through register's selectors."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language

from regulator.contacts.types import (
    Channel,
    ContactKind,
    EnquiryKind,
    EnquiryState,
    EntityRole,
    InteractionKind,
    Language,
    LanguageSource,
    LawfulBasis,
    MailStatus,
    PauseReason,
    RelationKind,
)


class Team(models.Model):
    """A team of staff that owns a queue and may restrict sensitive interactions."""

    slug = models.SlugField(max_length=50, unique=True)
    name_en = models.CharField(max_length=100)
    name_cy = models.CharField(max_length=100)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="contact_teams", blank=True
    )

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.slug

    @property
    def name(self) -> str:
        """The team's name in the language of the page."""
        return self.name_cy if (get_language() or "").startswith("cy") else self.name_en


class Contact(models.Model):
    kind = models.CharField(max_length=16, choices=ContactKind.choices)
    name = models.CharField(max_length=255)
    email = models.EmailField(blank=True, default="")
    phone = models.CharField(max_length=40, blank=True, default="")
    address = models.TextField(blank=True, default="")
    # The recorded preference (Welsh Language Standards): what, when, how.
    language = models.CharField(max_length=2, choices=Language.choices, blank=True, default="")
    language_recorded_at = models.DateTimeField(null=True, blank=True)
    language_source = models.CharField(
        max_length=16, choices=LanguageSource.choices, blank=True, default=""
    )
    lawful_basis = models.CharField(
        max_length=32, choices=LawfulBasis.choices, default=LawfulBasis.PUBLIC_TASK
    )
    # A retention class of the records area's file plan, by code (checked on creation).
    retention_class = models.CharField(max_length=50, default="CON-COR")
    # Set by the daily job when nothing has happened with the contact for a while: the
    # retention clock of their correspondence runs from this day (trigger contact-inactive).
    inactive_since = models.DateField(null=True, blank=True)
    bulk_opt_out = models.BooleanField(default=False)
    donor_id = models.CharField(max_length=12, blank=True, default="")
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from"
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["email"]), models.Index(fields=["merged_into"])]

    def __str__(self) -> str:
        return self.name


class EntityLink(models.Model):
    """A contact's role at a regulated entity (optionally as one of its officers)."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="entity_links")
    entity = models.ForeignKey(
        "register.RegulatedEntity", on_delete=models.PROTECT, related_name="+"
    )
    officer = models.ForeignKey(
        "register.Officer", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(max_length=32, choices=EntityRole.choices)
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["entity_id", "role", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "entity", "role"],
                condition=models.Q(ended_on__isnull=True),
                name="contacts_one_open_link_per_role",
            )
        ]

    def __str__(self) -> str:
        return f"{self.contact_id} {self.role} at {self.entity_id}"


class Relation(models.Model):
    """'from_contact works for / represents / is agent of to_contact'."""

    from_contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="relations")
    to_contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=RelationKind.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["from_contact", "to_contact", "kind"], name="contacts_relation_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.from_contact_id} {self.kind} {self.to_contact_id}"


class Merge(models.Model):
    """A duplicate folded into a survivor: who, when, why, and what the duplicate held."""

    survivor = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="merges")
    merged = models.OneToOneField(Contact, on_delete=models.PROTECT, related_name="+")
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    merged_at = models.DateTimeField()
    reason = models.TextField()
    snapshot = models.JSONField(default=dict)

    def __str__(self) -> str:
        return f"{self.merged_id} into {self.survivor_id}"


class Enquiry(models.Model):
    reference = models.CharField(max_length=16, unique=True)
    kind = models.CharField(max_length=32, choices=EnquiryKind.choices)
    state = models.CharField(max_length=16, choices=EnquiryState.choices, default=EnquiryState.NEW)
    channel = models.CharField(max_length=16, choices=Channel.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    language = models.CharField(max_length=2, choices=Language.choices, default=Language.ENGLISH)
    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="enquiries")
    entity = models.ForeignKey(
        "register.RegulatedEntity",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="enquiries")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    nation = models.CharField(max_length=20, default="england-and-wales")
    received_on = models.DateField()
    due_on = models.DateField()
    paused_since = models.DateField(null=True, blank=True)
    pause_reason = models.CharField(max_length=16, choices=PauseReason.choices, blank=True)
    extension = models.PositiveSmallIntegerField(default=0)  # working days, or months (SAR)
    extension_reason = models.TextField(blank=True, default="")
    # What a FOI/EIR/SAR request names, held from disposal while it is open (RECORDS SEAM).
    holds = models.JSONField(default=list, blank=True)
    # A stage 2 complaint follows its stage 1; an internal review follows its FOI or EIR.
    follows = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="follow_ons"
    )
    reminded_on = models.DateField(null=True, blank=True)
    answered_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["team", "state", "due_on"])]
        verbose_name_plural = "enquiries"

    def __str__(self) -> str:
        return self.reference


class ClockEvent(models.Model):
    """A pause, a resumption or an extension of an enquiry's clock."""

    class Kind(models.TextChoices):
        PAUSED = "paused"
        RESUMED = "resumed"
        EXTENDED = "extended"

    enquiry = models.ForeignKey(Enquiry, on_delete=models.CASCADE, related_name="clock_events")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    on = models.DateField()
    reason = models.TextField(blank=True, default="")
    due_before = models.DateField()
    due_after = models.DateField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.enquiry_id} {self.kind} {self.on}"


class Interaction(models.Model):
    kind = models.CharField(max_length=16, choices=InteractionKind.choices)
    occurred_at = models.DateTimeField()
    summary = models.CharField(max_length=200)
    body = models.TextField(blank=True, default="")
    language = models.CharField(max_length=2, choices=Language.choices, blank=True, default="")
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.PROTECT, related_name="interactions"
    )
    entity = models.ForeignKey(
        "register.RegulatedEntity",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    enquiry = models.ForeignKey(
        Enquiry, null=True, blank=True, on_delete=models.PROTECT, related_name="interactions"
    )
    restricted_to = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    guidance_slug = models.CharField(max_length=100, blank=True, default="")
    # Notify's id of a sent email, or the mailbox's Message-ID of a received one.
    external_id = models.CharField(max_length=255, blank=True, default="")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Files that came with it, each kept as a record: [{record, sha256, name, size}].
    attachments = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            models.Index(fields=["contact", "occurred_at"]),
            models.Index(fields=["entity", "occurred_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.summary}"


class ReplyTemplate(models.Model):
    slug = models.SlugField(max_length=50, unique=True)
    title = models.CharField(max_length=100)
    subject_en = models.CharField(max_length=200)
    body_en = models.TextField()
    subject_cy = models.CharField(max_length=200)
    body_cy = models.TextField()

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.slug


class MailMessage(models.Model):
    """One message taken from the shared mailbox, kept whole even when it cannot be read."""

    message_id = models.CharField(max_length=255, unique=True)
    mailbox_uid = models.CharField(max_length=40, blank=True, default="")
    raw = models.BinaryField()
    sender = models.CharField(max_length=255, blank=True, default="")
    subject = models.CharField(max_length=255, blank=True, default="")
    received_at = models.DateTimeField()
    status = models.CharField(max_length=16, choices=MailStatus.choices)
    problem = models.TextField(blank=True, default="")
    enquiry = models.ForeignKey(
        Enquiry, null=True, blank=True, on_delete=models.PROTECT, related_name="mail"
    )

    class Meta:
        ordering = ["-received_at", "-pk"]

    def __str__(self) -> str:
        return self.message_id


class Counter(models.Model):
    """The last enquiry number issued (ENQ-000001 onwards)."""

    name = models.CharField(max_length=20, primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}: {self.last}"
