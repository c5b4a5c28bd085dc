"""Each signed audit checkpoint is kept as a record (AUD-CHK) holding exactly the
statement published at /audit/checkpoints.json."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from regulator.audit.services import checkpoint_write
from regulator.audit.tests.factories import chain_build
from regulator.audit.types import Actor
from regulator.records import selectors, services
from regulator.records.checkpoints import SOURCE
from regulator.records.models import Record

pytestmark = pytest.mark.django_db


def test_a_written_checkpoint_is_a_record_of_exactly_what_was_published(
    plan: None, manager: Any
) -> None:
    chain_build(3)
    checkpoint = checkpoint_write(actor=Actor.system("test"))
    (record,) = Record.objects.filter(source=SOURCE)
    assert record.record_class.code == "AUD-CHK"
    assert record.source_id == f"{checkpoint.size}-{checkpoint.head_hash[:16]}"
    stored = json.loads(services.record_content(record=record, actor=manager))
    published = Client().get("/audit/checkpoints.json").json()
    entries = published["checkpoints"] if isinstance(published, dict) else published
    assert stored in entries
    assert stored["signature"] == checkpoint.signature
    assert selectors.record_get(reference=record.reference) == record
