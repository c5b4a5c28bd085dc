"""A read-only view of the audit chain for staff with admin access: nobody can add,
change or delete events or checkpoints here (the database refuses it too)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from regulator.audit.models import AuditCheckpoint, AuditEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    actions = None

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = (
        "seq",
        "occurred_at",
        "actor_type",
        "actor_label",
        "action",
        "subject_type",
        "subject_id",
    )
    list_filter = ("actor_type",)
    search_fields = ("action", "subject_type", "subject_id", "actor_label", "hash")
    ordering = ("-seq",)
    show_full_result_count = False
    readonly_fields = (
        "seq",
        "occurred_at",
        "actor_type",
        "actor_id",
        "actor_label",
        "action",
        "subject_type",
        "subject_id",
        "payload",
        "prev_hash",
        "hash",
    )


@admin.register(AuditCheckpoint)
class AuditCheckpointAdmin(ReadOnlyAdmin):
    list_display = ("size", "head_hash", "created_at", "key_id")
    ordering = ("-size",)
    readonly_fields = ("size", "head_hash", "created_at", "key_id", "signature")
