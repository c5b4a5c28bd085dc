"""The register of regulated entities.

The public id of an entity is the Commission's published ``RegulatedEntityId`` (52 for
the party whose register entry is PP52), used as the primary key so that every published
file, URL and API filter speaks the same number. Entities with no published id get a new
one from the same number space (see ``services.entity_id_allocate``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from regulator.register.types import (
    EDITABLE_STATUSES,
    ApplicationKind,
    ApplicationStatus,
    EntityStatus,
    EntityType,
    MembershipRole,
    OfficerRole,
    Register,
)


class RegulatedEntity(models.Model):
    id = models.PositiveBigIntegerField(primary_key=True)
    entity_type = models.CharField(max_length=32, choices=EntityType.choices)
    register = models.CharField(max_length=32, choices=Register.choices, blank=True, default="")
    name = models.CharField(max_length=255)
    status = models.CharField(
        max_length=16, choices=EntityStatus.choices, default=EntityStatus.REGISTERED
    )
    # For regulated donees: MP, MSP, councillor ... as the published RegulatedDoneeType.
    donee_type = models.CharField(max_length=100, blank=True, default="")
    registered_on = models.DateField(null=True, blank=True)
    deregistered_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["entity_type", "status"]),
            models.Index(fields=["name"]),
        ]
        verbose_name_plural = "regulated entities"

    def __str__(self) -> str:
        return self.name

    @property
    def register_entry(self) -> str:
        """The Commission's register entry number: PP52 for party 52, else the id."""
        if self.entity_type == EntityType.POLITICAL_PARTY:
            return f"PP{self.pk}"
        return str(self.pk)


class AccountingUnit(models.Model):
    """A local branch of a party with its own reporting duties. The id is the published
    ``AccountingUnitId`` where one exists."""

    id = models.PositiveBigIntegerField(primary_key=True)
    entity = models.ForeignKey(
        RegulatedEntity, on_delete=models.PROTECT, related_name="accounting_units"
    )
    name = models.CharField(max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)
    deregistered_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["entity", "name"])]

    def __str__(self) -> str:
        return self.name


class EntityName(models.Model):
    """A name the entity has held: a renamed party keeps its id and its old names."""

    entity = models.ForeignKey(RegulatedEntity, on_delete=models.PROTECT, related_name="names")
    name = models.CharField(max_length=255)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["entity", "valid_from", "id"]

    def __str__(self) -> str:
        return self.name


class RegisteredAddress(models.Model):
    """The entity's registered address (public for parties on the real register)."""

    entity = models.OneToOneField(
        RegulatedEntity, on_delete=models.PROTECT, related_name="address", primary_key=True
    )
    line_1 = models.CharField(max_length=255)
    line_2 = models.CharField(max_length=255, blank=True, default="")
    town = models.CharField(max_length=100)
    postcode = models.CharField(max_length=8)

    def __str__(self) -> str:
        return ", ".join(p for p in (self.line_1, self.line_2, self.town, self.postcode) if p)


class Officer(models.Model):
    entity = models.ForeignKey(RegulatedEntity, on_delete=models.PROTECT, related_name="officers")
    role = models.CharField(max_length=32, choices=OfficerRole.choices)
    full_name = models.CharField(max_length=255)
    appointed_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["entity", "role", "-appointed_on", "id"]
        indexes = [models.Index(fields=["entity", "role", "ended_on"])]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.role})"


class PartyDescription(models.Model):
    entity = models.ForeignKey(
        RegulatedEntity, on_delete=models.PROTECT, related_name="descriptions"
    )
    text = models.CharField(max_length=255)
    approved_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["entity", "approved_on", "id"]

    def __str__(self) -> str:
        return self.text


class Emblem(models.Model):
    """A party emblem. Served to the public only once approved (``approved_on`` set)."""

    entity = models.ForeignKey(RegulatedEntity, on_delete=models.PROTECT, related_name="emblems")
    image = models.ImageField(upload_to="register/emblems/")
    description = models.CharField(max_length=255)
    content_type = models.CharField(max_length=32)
    approved_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["entity", "approved_on", "id"]

    def __str__(self) -> str:
        return self.description


class IdCounter(models.Model):
    """The last id handed out in a number space ("entity", "accounting-unit"); a new id is
    allocated with this row locked, above every id already in the table."""

    sequence = models.CharField(max_length=32, primary_key=True)
    last_id = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.sequence}: {self.last_id}"


class Application(models.Model):
    """An application to register, a notification, or a change to a registration.

    ``answers`` holds the question pages' answers (JSON, one key per question); the
    applicant's contact details stay here and are never shown on the public register."""

    reference = models.CharField(max_length=16, unique=True)
    kind = models.CharField(max_length=32, choices=ApplicationKind.choices)
    status = models.CharField(
        max_length=32, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="register_applications"
    )
    entity = models.ForeignKey(
        RegulatedEntity,
        on_delete=models.PROTECT,
        related_name="applications",
        null=True,
        blank=True,
    )
    answers = models.JSONField(default=dict, blank=True)
    emblem = models.ImageField(upload_to="register/emblems/pending/", blank=True, default="")
    emblem_content_type = models.CharField(max_length=32, blank=True, default="")
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="register_decisions",
        null=True,
        blank=True,
    )
    decision_reason = models.TextField(blank=True, default="")
    changes_requested = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["submitted_at", "id"]
        indexes = [models.Index(fields=["status", "submitted_at"])]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class Membership(models.Model):
    """A filer acts for a regulated entity through a membership with a role. A membership
    is never deleted, only revoked, so the history of who could act for whom stays."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships"
    )
    entity = models.ForeignKey(
        "register.RegulatedEntity", on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(max_length=32, choices=MembershipRole.choices)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="memberships_granted",
        null=True,
        blank=True,
    )
    granted_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="memberships_revoked",
        null=True,
        blank=True,
    )

    class Meta:
        # Kept from when memberships were the identity area's (moved: register/0003).
        db_table = "identity_membership"
        indexes = [
            models.Index(
                fields=["user", "entity", "revoked_at"], name="identity_me_user_id_94c848_idx"
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "entity", "role"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_active_membership_per_role",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} as {self.role} of {self.entity_id}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
