"""The register of regulated entities.

The public id of an entity is the Commission's published ``RegulatedEntityId`` (52 for
the party whose register entry is PP52), used as the primary key so that every published
file, URL and API filter speaks the same number. Entities with no published id get a new
one from the same number space (see ``services.entity_id_allocate``).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class EntityType(models.TextChoices):
    POLITICAL_PARTY = "political-party", _("Political Party")
    THIRD_PARTY = "third-party", _("Third Party")
    REGULATED_DONEE = "regulated-donee", _("Regulated Donee")
    PERMITTED_PARTICIPANT = "permitted-participant", _("Permitted Participant")


class Register(models.TextChoices):
    GREAT_BRITAIN = "great-britain", _("Great Britain")
    NORTHERN_IRELAND = "northern-ireland", _("Northern Ireland")
    NONE = "", _("None")


class EntityStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    DEREGISTERED = "deregistered", _("Deregistered")


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
