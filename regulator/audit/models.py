"""The append-only, hash-chained audit log.

Each event's hash is SHA-256 over the canonical JSON of the event including the previous
event's hash, so changing, removing, inserting or reordering any event breaks every link
after it. ``AuditChainHead`` is a single row that writers lock to serialise appends, so
the chain never forks. ``AuditCheckpoint`` rows are signed statements of the chain's
length and head hash at a moment, published at /audit/checkpoints.json and copied to a
separate store, so that a rewrite of the whole table is caught by comparing against them.

On PostgreSQL and SQLite, triggers (migration 0003) reject UPDATE and DELETE of events
and checkpoints (and TRUNCATE on PostgreSQL). See docs/audit.md.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from regulator.audit.types import ActorType

GENESIS_HASH = "0" * 64


class AuditEvent(models.Model):
    seq = models.PositiveBigIntegerField(_("sequence number"), unique=True)
    occurred_at = models.DateTimeField(_("occurred at"))
    actor_type = models.CharField(_("actor type"), max_length=16, choices=ActorType.choices)
    actor_id = models.CharField(_("actor id"), max_length=64, blank=True, default="")
    actor_label = models.CharField(_("actor"), max_length=255, blank=True, default="")
    action = models.CharField(_("action"), max_length=100)
    subject_type = models.CharField(_("subject type"), max_length=100, blank=True, default="")
    subject_id = models.CharField(_("subject id"), max_length=64, blank=True, default="")
    payload = models.JSONField(_("payload"), default=dict)
    # Unique: each hash is followed by at most one event, so the chain cannot fork even
    # if a writer somehow skipped the head lock.
    prev_hash = models.CharField(_("previous hash"), max_length=64, unique=True)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    class Meta:
        ordering = ["seq"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["subject_type", "subject_id", "seq"]),
            models.Index(fields=["action", "seq"]),
            models.Index(fields=["actor_type", "actor_id", "seq"]),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"


class AuditChainHead(models.Model):
    """The one row (pk=1) holding the chain's length and last hash; appends lock it."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain heads")

    def __str__(self) -> str:
        return f"head #{self.seq}"


class AuditCheckpoint(models.Model):
    """A signed statement: "at ``created_at`` the chain had ``size`` events and its last
    hash was ``head_hash``". Append-only, like the events."""

    size = models.PositiveBigIntegerField(_("size"), unique=True)
    head_hash = models.CharField(_("head hash"), max_length=64)
    created_at = models.DateTimeField(_("created at"))
    key_id = models.CharField(_("key id"), max_length=64)
    signature = models.CharField(_("signature"), max_length=128)
    # The root of the tree of subjects (audit.tree), signed with the rest; empty on the
    # checkpoints written before the tree. The stack is derived, kept to start the next.
    tree_root = models.CharField(_("tree root"), max_length=64, blank=True, default="")
    tree_stack = models.JSONField(_("tree stack"), default=list, blank=True)

    class Meta:
        ordering = ["-size"]
        verbose_name = _("audit checkpoint")
        verbose_name_plural = _("audit checkpoints")

    def __str__(self) -> str:
        return f"checkpoint #{self.size}"
