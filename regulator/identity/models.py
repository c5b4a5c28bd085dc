"""Users, staff roles and memberships: who may act, and for which regulated entity.

Staff roles come from the directory's ``roles`` claim at every sign-in and are held as
Django groups named by the role slug. A filer acts for a regulated entity through a
``Membership`` with a role; a membership is never deleted, only revoked, so the history
of who could act for whom stays.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class StaffRole(models.TextChoices):
    REGISTRATION_OFFICER = "registration-officer", _("Registration officer")
    FINANCE_ANALYST = "finance-analyst", _("Finance analyst")
    PUBLICATION_APPROVER = "publication-approver", _("Publication approver")
    INVESTIGATOR = "investigator", _("Investigator")
    CASE_DECISION_MAKER = "case-decision-maker", _("Case decision maker")
    CONTACTS_MANAGER = "contacts-manager", _("Contacts manager")
    RECORDS_MANAGER = "records-manager", _("Records manager")
    PERFORMANCE_VIEWER = "performance-viewer", _("Performance viewer")
    PLATFORM_ADMIN = "platform-admin", _("Platform administrator")


class MembershipRole(models.TextChoices):
    TREASURER = "treasurer", _("Treasurer")
    DEPUTY_TREASURER = "deputy-treasurer", _("Deputy treasurer")
    RESPONSIBLE_PERSON = "responsible-person", _("Responsible person")
    DONEE = "donee", _("Regulated donee")
    CAMPAIGNS_OFFICER = "campaigns-officer", _("Campaigns officer")
    AGENT = "agent", _("Agent")
    VIEWER = "viewer", _("Viewer")


# Those who may declare and submit a return (the law makes them answerable for it).
DECLARING_ROLES = frozenset(
    {
        MembershipRole.TREASURER,
        MembershipRole.DEPUTY_TREASURER,
        MembershipRole.RESPONSIBLE_PERSON,
        MembershipRole.DONEE,
    }
)
# Those who may grant and revoke memberships for their entity.
GRANTING_ROLES = frozenset({MembershipRole.TREASURER, MembershipRole.RESPONSIBLE_PERSON})


class UserKind(models.TextChoices):
    STAFF = "staff", _("Staff")
    FILER = "filer", _("Filer")
    API_CLIENT = "api-client", _("API client")


class User(AbstractUser):
    email = models.EmailField(_("email address"), unique=True)
    kind = models.CharField(max_length=16, choices=UserKind.choices, default=UserKind.FILER)
    full_name = models.CharField(max_length=255, blank=True, default="")

    REQUIRED_FIELDS = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email or self.username


class Membership(models.Model):
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
        indexes = [models.Index(fields=["user", "entity", "revoked_at"])]
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


class ApiKey(models.Model):
    """A key for the open-data API. Only a hash is stored; the key itself is shown once
    and emailed to the client. The first characters (``prefix``) identify the key in
    logs and the audit chain without revealing it."""

    prefix = models.CharField(max_length=16, unique=True)
    key_hash = models.CharField(max_length=128)
    name = models.CharField(_("organisation or name"), max_length=200)
    email = models.EmailField(_("email address"))
    created_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["email"])]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
