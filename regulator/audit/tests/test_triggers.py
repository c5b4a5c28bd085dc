"""The database itself refuses to change or remove audit events and checkpoints."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from regulator.audit import triggers
from regulator.audit.models import AuditChainHead, AuditCheckpoint, AuditEvent
from regulator.audit.services import audit_record, checkpoint_write
from regulator.audit.tests.factories import chain_build
from regulator.audit.types import Actor
from regulator.audit.verify import chain_verify

EXPECTED_TRIGGERS = {
    "postgresql": {
        f"{table}_{suffix}"
        for table in triggers.APPEND_ONLY_TABLES
        for suffix in ("no_update_delete", "no_truncate")
    },
    "sqlite": {
        f"{table}_{suffix}"
        for table in triggers.APPEND_ONLY_TABLES
        for suffix in ("no_update", "no_delete")
    },
}


def _refused(sql: str, params: list | None = None) -> str:
    with pytest.raises(DatabaseError) as raised, transaction.atomic(), connection.cursor() as c:
        c.execute(sql, params or [])
    return str(raised.value)


@pytest.mark.django_db
def test_the_triggers_are_installed() -> None:
    assert triggers.installed(connection) == EXPECTED_TRIGGERS[connection.vendor]


@pytest.mark.django_db
@pytest.mark.parametrize("table", triggers.APPEND_ONLY_TABLES)
def test_update_and_delete_are_refused(table: str) -> None:
    chain_build(3)
    checkpoint_write(actor=Actor.system("test"))
    before = list(AuditEvent.objects.values_list("seq", "hash"))
    column = "key_id" if table == "audit_auditcheckpoint" else "action"
    message = _refused(f"UPDATE {table} SET {column} = 'forged'")  # noqa: S608
    assert "append-only" in message
    assert "UPDATE" in message
    message = _refused(f"DELETE FROM {table}")  # noqa: S608
    assert "append-only" in message
    assert "DELETE" in message
    # The ORM is refused the same way.
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(seq=1).update(action="forged")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditCheckpoint.objects.all().delete()
    assert list(AuditEvent.objects.values_list("seq", "hash")) == before
    assert chain_verify().ok


@pytest.mark.django_db
@pytest.mark.parametrize("table", triggers.APPEND_ONLY_TABLES)
def test_truncate_is_refused(table: str) -> None:
    chain_build(2)
    checkpoint_write(actor=Actor.system("test"))
    if connection.vendor == "postgresql":
        message = _refused(f"TRUNCATE {table}")
        assert "TRUNCATE" in message
    else:
        # SQLite has no TRUNCATE: its "truncate optimisation" of DELETE without WHERE is
        # switched off by the triggers, so DELETE is refused row by row.
        message = _refused(f"DELETE FROM {table}")  # noqa: S608
    assert "append-only" in message
    # Two events, the checkpoint's, and the records area's declaring the checkpoint.
    assert AuditEvent.objects.count() == 4
    assert AuditCheckpoint.objects.count() == 1


@pytest.mark.django_db
def test_the_chain_head_stays_updatable() -> None:
    chain_build(2)
    AuditChainHead.objects.filter(pk=1).update(seq=2)
    event = audit_record(actor=None, action="test.after")
    assert event.seq == 3


def _rows_left() -> dict[str, int]:
    from django.apps import apps

    counts = {
        model._meta.db_table: model._base_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed
    }
    return {table: rows for table, rows in counts.items() if rows}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("as_the_test_runner", [True, False])
def test_flush_between_tests_works_and_puts_the_triggers_back(as_the_test_runner: bool) -> None:
    """Both ways of flushing (the test runner's keeps sequences, and on PostgreSQL
    deletes the rows of the tables holding any; a person's resets them) empty every
    table, rows that refer to each other included, and give the post-migrate rows back."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType

    user_model = get_user_model()

    chain_build(3)
    checkpoint_write(actor=Actor.system("test"))
    user = user_model.objects.create_user("flushed@example.org")
    group = Group.objects.create(name="flushed")
    group.permissions.add(Permission.objects.order_by("id")[0])
    user.groups.add(group)
    assert _rows_left()
    runner = {"reset_sequences": False} if as_the_test_runner else {}
    call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True, **runner)
    assert _rows_left() == {}
    call_command("flush", interactive=False, verbosity=0, **runner)
    assert ContentType.objects.exists()
    assert not user_model.objects.exists()
    assert AuditEvent.objects.count() == 0
    assert AuditCheckpoint.objects.count() == 0
    assert triggers.installed(connection) == EXPECTED_TRIGGERS[connection.vendor]
    chain_build(1)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.all().delete()


@pytest.mark.django_db
def test_flush_is_refused_under_production_settings(settings) -> None:
    from django.core.management.base import CommandError

    settings.SETTINGS_MODULE = "config.settings.production"
    chain_build(1)
    with pytest.raises(CommandError, match="append-only"):
        call_command("flush", interactive=False, verbosity=0)
    assert AuditEvent.objects.count() == 1
