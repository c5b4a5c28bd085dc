"""The filing pages with Django's test client: every form's bad input gets a clear error
in English and in Welsh and saves nothing; concurrent presses of "Submit" (threads with
their own connections, on a SQLite file or PostgreSQL) give one submitted version."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client

from regulator.audit.models import AuditEvent
from regulator.core.testing import clock_frozen_at, database_url_for_processes
from regulator.filings import services
from regulator.filings.models import (
    Declaration,
    FiledReturn,
    ReturnKind,
    ReturnVersion,
    Status,
    Upload,
)
from regulator.filings.rules.inputs import TransactionKind
from regulator.filings.tests.factories import donations_csv, filing_world
from regulator.identity.testing import signed_in_client

pytestmark = pytest.mark.django_db

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "prefix": "",
        "entity": "Select who the return is for",
        "kind": "Select what you are filing",
        "period": "Enter a reporting period we know, for example Q4 2026",
        "donor": "Enter the donor&#x27;s name",
        "value": "Enter the value of the donation",
        "file_kind": "Select what the file contains",
        "file": "Select a CSV file",
        "empty": "The selected file is empty",
        "columns": "missing columns",
        "confirm": "Confirm that you make the declaration",
        "question": "Enter your question for the filer",
        "change_note": "Say what the amendment changes",
        "error": "Error:",
    },
    "cy": {
        "prefix": "/cy",
        "entity": "Dewiswch ar gyfer pwy mae\u2019r ffurflen",
        "kind": "Dewiswch beth rydych chi\u2019n ei gyflwyno",
        "period": "Rhowch gyfnod adrodd rydyn ni\u2019n ei adnabod, er enghraifft Q4 2026",
        "donor": "Rhowch enw\u2019r rhoddwr",
        "value": "Rhowch werth y rhodd",
        "file_kind": "Dewiswch beth sydd yn y ffeil",
        "file": "Dewiswch ffeil CSV",
        "empty": "Mae\u2019r ffeil a ddewiswyd yn wag",
        "columns": "colofnau ar goll",
        "confirm": "Cadarnhewch eich bod yn gwneud y datganiad",
        "question": "Rhowch eich cwestiwn i\u2019r cyflwynydd",
        "change_note": "Dywedwch beth mae\u2019r diwygiad yn ei newid",
        "error": "Gwall:",
    },
}
LANGUAGES = ["en", "cy"]


_frozen = clock_frozen_at(dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC))


def _draft(world: dict[str, Any]) -> ReturnVersion:
    filed = services.return_create(
        entity=world["entity"],
        kind=ReturnKind.QUARTERLY_CENTRAL,
        period_name="Q4 2026",
        actor=world["treasurer"],
    )
    return filed.current


def _validated(world: dict[str, Any]) -> ReturnVersion:
    version = _draft(world)
    services.upload_receive(
        version=version,
        kind=TransactionKind.DONATION,
        source=donations_csv(3),
        file_name="d.csv",
        actor=world["treasurer"],
    )
    return services.version_validate(version=version, actor=world["treasurer"])


def _declared(world: dict[str, Any]) -> ReturnVersion:
    version = _validated(world)
    services.version_declare(version=version, user=world["treasurer"])
    return version


def _page(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _error_page(response: Any, text: dict[str, str], *messages: str) -> str:
    body = _page(response)
    assert "govuk-error-summary" in body
    assert re.search(r"<title>\s*" + re.escape(text["error"]), body), "title lacks Error:"
    for message in messages:
        assert message in body, message
    return body


@pytest.mark.parametrize("language", LANGUAGES)
def test_return_create_bad_input(world: dict[str, Any], language: str) -> None:
    text = TEXT[language]
    client = signed_in_client(world["treasurer"])
    url = f"{text['prefix']}/filing/new/"
    _error_page(client.post(url, {"period_name": ""}), text, text["entity"], text["kind"])
    _error_page(
        client.post(
            url,
            {"entity": world["entity"].pk, "kind": "quarterly-central", "period_name": "soon"},
        ),
        text,
        text["period"],
    )
    # An entity the user is not a member of is not a choice.
    other = filing_world()["entity"]
    body = _page(
        client.post(
            url, {"entity": other.pk, "kind": "quarterly-central", "period_name": "Q4 2026"}
        )
    )
    assert "govuk-error-summary" in body
    assert not FiledReturn.objects.exists()
    assert not AuditEvent.objects.filter(action="filings.return_created").exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_transaction_add_bad_input(world: dict[str, Any], language: str) -> None:
    text = TEXT[language]
    version = _draft(world)
    client = signed_in_client(world["treasurer"])
    url = f"{text['prefix']}/filing/returns/{version.filed_return_id}/add/"
    _error_page(
        client.post(url, {"DonorStatus": "Individual", "add_another": "No"}),
        text,
        text["donor"],
        text["value"],
    )
    assert version.transactions.count() == 0


@pytest.mark.parametrize("language", LANGUAGES)
def test_upload_bad_input(world: dict[str, Any], language: str) -> None:
    text = TEXT[language]
    version = _draft(world)
    client = signed_in_client(world["treasurer"])
    url = f"{text['prefix']}/filing/returns/{version.filed_return_id}/upload/"
    _error_page(client.post(url, {}), text, text["file_kind"], text["file"])
    _error_page(
        client.post(
            url, {"kind": "donations", "file": SimpleUploadedFile("d.csv", b"", "text/csv")}
        ),
        text,
        text["empty"],
    )
    _error_page(
        client.post(
            url,
            {
                "kind": "donations",
                "file": SimpleUploadedFile("d.csv", b"Name,Amount\nx,1\n", "text/csv"),
            },
        ),
        text,
        text["columns"],
    )
    assert version.transactions.count() == 0
    assert not Upload.objects.exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_declare_without_confirming(world: dict[str, Any], language: str) -> None:
    text = TEXT[language]
    version = _validated(world)
    client = signed_in_client(world["treasurer"])
    url = f"{text['prefix']}/filing/returns/{version.filed_return_id}/declare/"
    _error_page(client.post(url, {}), text, text["confirm"])
    version.refresh_from_db()
    assert version.status == Status.VALIDATED
    assert not Declaration.objects.filter(version=version).exists()


def test_declare_asks_for_the_password_again_when_the_sign_in_is_old(
    world: dict[str, Any],
) -> None:
    version = _validated(world)
    client = Client()
    client.force_login(world["treasurer"])
    response = client.post(f"/filing/returns/{version.filed_return_id}/declare/", {"confirm": "on"})
    assert response.status_code == 302
    assert "/reauthenticate/" in response["Location"]
    version.refresh_from_db()
    assert version.status == Status.VALIDATED


def test_an_agent_cannot_declare_or_submit(world: dict[str, Any]) -> None:
    version = _declared(world)
    client = signed_in_client(world["agent"])
    pk = version.filed_return_id
    assert client.get(f"/filing/returns/{pk}/declare/").status_code == 403
    assert client.post(f"/filing/returns/{pk}/submit/", {"idempotency_key": "a"}).status_code == 403
    version.refresh_from_db()
    assert version.status == Status.DECLARED


@pytest.mark.parametrize("language", LANGUAGES)
def test_query_and_amend_without_text(world: dict[str, Any], language: str) -> None:
    text = TEXT[language]
    version = _declared(world)
    services.version_submit(version=version, user=world["treasurer"], idempotency_key="k")
    pk = version.filed_return_id
    analyst = signed_in_client(world["analyst"])
    detail = f"{text['prefix']}/filing/returns/{pk}/"
    response = analyst.post(
        f"{text['prefix']}/filing/returns/{pk}/review/",
        {"action": "query", "question": "  "},
        follow=True,
    )
    assert text["question"] in _page(response)
    version.refresh_from_db()
    assert version.status == Status.SUBMITTED
    assert not version.queries.exists()

    services.version_review_start(version=version, analyst=world["analyst"])
    services.version_query(version=version, analyst=world["analyst"], question="Why?")
    treasurer = signed_in_client(world["treasurer"])
    response = treasurer.post(
        f"{text['prefix']}/filing/returns/{pk}/amend/", {"change_note": ""}, follow=True
    )
    assert response.redirect_chain[-1][0] == detail
    assert text["change_note"] in _page(response)
    assert ReturnVersion.objects.filter(filed_return_id=pk).count() == 1
    version.refresh_from_db()
    assert version.status == Status.QUERIED


# --- Concurrency -------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_give_one_submitted_version(tmp_path: Path) -> None:
    world = filing_world()
    version = _declared(world)
    presses = 8
    url = database_url_for_processes(tmp_path)
    env = {k: v for k, v in os.environ.items() if not k.startswith("DATABASE_")}
    env.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="config.settings.test",
        REGULATOR_VAR_DIR=str(tmp_path / "var"),
        NOTIFY_BACKEND="memory",
    )
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "regulator.filings.tests.concurrent_submit",
            str(version.filed_return_id),
            str(world["treasurer"].pk),
            str(presses),
        ],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    results = json.loads(run.stdout.strip().splitlines()[-1])
    assert len(results) == presses
    # Every press lands on the one receipt of version 1.
    receipt = f"/filing/returns/{version.filed_return_id}/receipt/1/"
    assert {(r["status"], r["location"]) for r in results} == {(302, receipt)}

    if connection.vendor == "sqlite":
        with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
            versions = db.execute(
                "SELECT status, receipt_reference FROM filings_returnversion"
            ).fetchall()
            submitted = db.execute(
                "SELECT count(*) FROM audit_auditevent WHERE action = 'filings.return_submitted'"
            ).fetchone()[0]
    else:
        versions = list(ReturnVersion.objects.values_list("status", "receipt_reference"))
        submitted = AuditEvent.objects.filter(action="filings.return_submitted").count()
    assert len(versions) == 1
    assert versions[0][0] == Status.SUBMITTED
    assert versions[0][1]
    assert submitted == 1
