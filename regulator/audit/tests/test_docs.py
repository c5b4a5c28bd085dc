"""docs/audit.md's stand-alone verifier works exactly as printed, and the page documents
every verification code."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from regulator.audit.models import AuditEvent
from regulator.audit.tests.factories import chain_build
from regulator.audit.verify import VerifyErrorCode
from regulator.core.testing import database_url_for_processes

DOC = Path(settings.BASE_DIR) / "docs" / "audit.md"


def _snippet() -> str:
    text = DOC.read_text()
    block = text.split("<!-- verify-chain -->", 1)[1]
    return block.split("```python\n", 1)[1].split("```", 1)[0]


def _database(tmp_path: Path) -> str:
    """What the verifier takes: a SQLite file's path, or a PostgreSQL URL."""
    url = database_url_for_processes(tmp_path, scheme="postgresql")
    return url.removeprefix("sqlite:///")


def _run(script: Path, database: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(script), database],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.django_db(transaction=True)
def test_the_stand_alone_verifier_in_the_docs_works(tmp_path: Path, tamper) -> None:
    events = chain_build(5)
    script = tmp_path / "verify_chain.py"
    script.write_text(_snippet())
    database = _database(tmp_path)
    result = _run(script, database)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"valid: 5 events, head {events[-1].hash}"

    if connection.vendor == "sqlite":
        with sqlite3.connect(database) as db:
            db.execute("DROP TRIGGER audit_auditevent_no_update")
            db.execute("UPDATE audit_auditevent SET action = 'forged' WHERE seq = 3")
    else:
        with tamper():
            AuditEvent.objects.filter(seq=3).update(action="forged")
    result = _run(script, database)
    assert result.returncode == 1
    assert "broken at #3" in result.stderr


def test_every_verification_code_is_documented() -> None:
    text = DOC.read_text()
    assert [code for code in VerifyErrorCode if f"`{code}`" not in text] == []
