"""The records pages: the public schedule (and its CSV) in English and Welsh, search
filtered by the viewer's permissions, a record's life, and reads of sensitive classes."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.urls import reverse

from regulator.audit.models import AuditEvent
from regulator.identity.testing import signed_in_client
from regulator.records.testing import record_make
from regulator.records.tests.conftest import staff_with_role

pytestmark = pytest.mark.django_db


def test_the_schedule_is_public_in_english_and_welsh(plan: None, client: Any) -> None:
    english = client.get("/records/schedule/")
    assert english.status_code == 200
    assert "Statements of accounts" in english.content.decode()
    welsh = client.get("/cy/records/schedule/")
    assert welsh.status_code == 200
    body = welsh.content.decode()
    assert "Datganiadau cyfrifon" in body
    assert "Amserlen cadw cofnodion" in body


def test_the_schedule_csv_lists_every_rule(plan: None, client: Any) -> None:
    response = client.get(reverse("records:schedule_csv"))
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {row["class"] for row in rows} >= {"FIL-DOC", "FIL-SOA", "RM-CERT", "CAS-EVI"}
    soa = next(row for row in rows if row["class"] == "FIL-SOA")
    assert soa["years"] == "20"
    assert soa["action"] == "transfer"


def test_search_shows_only_what_the_viewer_may_see(plan: None, manager: Any) -> None:
    open_record = record_make(source_id="open", title="Invoice from printer")
    sensitive = record_make(record_class="CAS-EVI", source_id="ev", title="Invoice seized")
    analyst = staff_with_role("analyst", "finance-analyst")
    found = signed_in_client(analyst).get("/records/?q=invoice").content.decode()
    assert open_record.reference in found
    assert sensitive.reference not in found
    hidden = signed_in_client(analyst).get(f"/records/{sensitive.reference}/")
    assert hidden.status_code == 404
    everything = signed_in_client(manager).get("/records/?q=invoice").content.decode()
    assert open_record.reference in everything
    assert sensitive.reference in everything
    admin = staff_with_role("admin", "platform-admin")
    assert signed_in_client(admin).get("/records/").status_code == 403


def test_a_record_page_shows_its_life_and_sensitive_reads_are_logged(
    plan: None, manager: Any
) -> None:
    record = record_make(record_class="CAS-EVI", source_id="ev2", content=b"evidence")
    client = signed_in_client(manager)
    page = client.get(f"/records/{record.reference}/").content.decode()
    assert "Declared" in page
    welsh = client.get(f"/cy/records/{record.reference}/").content.decode()
    assert "Datganwyd" in welsh
    content = client.get(f"/records/{record.reference}/content/")
    assert content.status_code == 200
    assert content.content == b"evidence"
    read = AuditEvent.objects.get(action="records.record_read")
    assert read.actor_label == manager.get_username()


def test_bad_search_input_is_refused_in_welsh_too(plan: None, manager: Any) -> None:
    client = signed_in_client(manager)
    response = client.get("/cy/records/?declared_from=31/02/2026")
    assert response.status_code == 400
    assert "Rhowch ddyddiad go iawn" in response.content.decode()


def test_integrity_incidents_are_shown_to_records_managers(plan: None, manager: Any) -> None:
    import os
    from pathlib import Path

    from regulator.records import services
    from regulator.records.services.store import store
    from regulator.records.testing import SYSTEM

    record = record_make(source_id="broken", content=b"original")
    assert record.blob is not None
    path = Path(store().path(record.blob.name))
    os.chmod(path, 0o644)
    path.write_bytes(b"broken")
    with pytest.raises(services.StoreIntegrityError):
        services.record_content(record=record, actor=SYSTEM)
    page = signed_in_client(manager).get("/records/").content.decode()
    assert "Integrity incidents" in page
    assert record.reference in page
    analyst = staff_with_role("analyst-2", "finance-analyst")
    assert "Integrity incidents" not in signed_in_client(analyst).get("/records/").content.decode()
