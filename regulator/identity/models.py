"""Users and API keys. Staff roles come from the directory's ``roles`` claim at every
sign-in and are held as Django groups named by the role slug (``types.StaffRole``). Who
acts for which regulated entity is the register's (``register.Membership``)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from regulator.identity.types import UserKind


class User(AbstractUser):
    email = models.EmailField(_("email address"), unique=True)
    kind = models.CharField(max_length=16, choices=UserKind.choices, default=UserKind.FILER)
    full_name = models.CharField(max_length=255, blank=True, default="")

    REQUIRED_FIELDS = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email or self.username


class ApiKey(models.Model):
    """A key for the open-data API. Only a hash is stored; the key itself is shown once,
    to whoever follows the link emailed to ``email`` (until then the key does not exist:
    ``key_hash`` is blank and ``confirmed_at`` unset). The first characters (``prefix``)
    identify the key in logs and the audit chain without revealing it."""

    prefix = models.CharField(max_length=16, unique=True)
    key_hash = models.CharField(max_length=128, blank=True, default="")
    name = models.CharField(_("organisation or name"), max_length=200)
    email = models.EmailField(_("email address"))
    created_at = models.DateTimeField()
    # Set when the emailed link was followed: only then does the key work.
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # SHA-256 of the emailed link's token, until the link is followed (then blank).
    confirm_token_hash = models.CharField(max_length=64, blank=True, default="")
    confirm_expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["email"])]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.confirmed_at is not None
