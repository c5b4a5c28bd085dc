"""The restore drill, for real: a file database (or a PostgreSQL database) with data,
uploaded files and signed checkpoints is backed up, restored into a new, empty database
and media folder, and verified (counts, checksums, the audit chain against the
checkpoints). Runs against the vendor of the suite's own database."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)

SEED = """
import django; django.setup()
from pathlib import Path
from django.conf import settings
from django.core.management import call_command
from regulator.audit.actors import Actor
from regulator.register.services import entity_ensure_published
for number in range(1, 31):
    entity_ensure_published(entity_id=number, name=f"Party {number}", entity_type="political-party",
                            actor=Actor.system("seed"))
emblems = Path(settings.MEDIA_ROOT) / "emblems"
emblems.mkdir(parents=True, exist_ok=True)
(emblems / "party-1.png").write_bytes(b"\\x89PNG fake but bytes are bytes" * 100)
call_command("audit_checkpoint")
"""


@dataclass
class Site:
    env: dict[str, str]
    home: Path

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [sys.executable, *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if check:
            assert result.returncode == 0, result.stdout + result.stderr
        return result


def _site(base: Path, name: str, database_url: str) -> Site:
    home = base / name
    home.mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DATABASE_URL": database_url,
        "REGULATOR_VAR_DIR": str(home / "var"),
        "MEDIA_ROOT": str(home / "media"),
        "AUDIT_SIGNING_KEY_FILE": str(home / "var" / "signing-key.pem"),
        "AUDIT_CHECKPOINT_STORE": str(home / "var" / "checkpoints.jsonl"),
        "LOG_LEVEL": "WARNING",
    }
    return Site(env=env, home=home)


@pytest.fixture
def sites(tmp_path: Path) -> Iterator[tuple[Site, Site]]:
    if connection.vendor == "sqlite":
        yield (
            _site(tmp_path, "old", f"sqlite:///{tmp_path / 'old.sqlite3'}"),
            _site(tmp_path, "new", f"sqlite:///{tmp_path / 'new.sqlite3'}"),
        )
        return
    config = settings.DATABASES["default"]
    base = f"postgres://{config['USER']}@{config['HOST'] or '127.0.0.1'}:{config['PORT'] or 5432}"
    names = [f"regulator_drill_{uuid.uuid4().hex[:8]}" for _ in range(2)]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield (
            _site(tmp_path, "old", f"{base}/{names[0]}"),
            _site(tmp_path, "new", f"{base}/{names[1]}"),
        )
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            for name in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_then_restore_on_a_new_machine_is_complete_and_verified(
    sites, tmp_path: Path
) -> None:
    old, new = sites
    old.run("manage.py", "migrate", "--no-input", "-v", "0")
    old.run("-c", SEED)
    backup = tmp_path / "backup"
    made = old.run("manage.py", "core_backup", str(backup))
    assert "Backed up" in made.stdout
    assert (backup / "manifest.json").exists()
    assert not any("PRIVATE" in p.read_text(errors="ignore") for p in backup.glob("*.pem"))

    restored = new.run("manage.py", "core_restore", str(backup))
    assert "counts match" in restored.stdout
    assert "Restore complete and verified" in restored.stdout
    assert (new.home / "media" / "emblems" / "party-1.png").read_bytes() == (
        old.home / "media" / "emblems" / "party-1.png"
    ).read_bytes()

    # Restoring again over the data it just wrote is refused and changes nothing.
    again = new.run("manage.py", "core_restore", str(backup), check=False)
    assert again.returncode == 1
    assert "not empty" in again.stderr


def test_a_damaged_backup_is_refused_before_anything_is_touched(sites, tmp_path: Path) -> None:
    old, new = sites
    old.run("manage.py", "migrate", "--no-input", "-v", "0")
    backup = tmp_path / "backup"
    old.run("manage.py", "core_backup", str(backup))
    with (backup / "media.tar").open("ab") as handle:
        handle.write(b"tampered")
    result = new.run("manage.py", "core_restore", str(backup), check=False)
    assert result.returncode == 1
    assert "media.tar does not match its checksum" in result.stderr
    assert not (new.home / "media").exists()
    refused = old.run("manage.py", "core_backup", str(backup), check=False)
    assert refused.returncode == 1
    assert "already exists" in refused.stderr
