"""Two sites for restore drills: an old machine with data and a new, empty one, each with
its own database (of the suite's vendor), media folder, signing key and checkpoints, run
through ``manage.py`` in a subprocess. Registered as a plugin in the root conftest."""

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
