"""Backup and restore of the database and the uploaded files, with a manifest that lets
a restore prove it is complete: row counts per table, SHA-256 of every file, and what
each registered part adds (the audit area adds its chain's head, its checkpoint store and
public key, and checks the restored chain against them).

A backup is a folder:

    manifest.json      what is in it, counts and checksums
    database.sqlite3   (SQLite: an online copy through SQLite's backup API), or
    database.dump      (PostgreSQL: pg_dump --format=custom)
    media.tar          the uploaded files (MEDIA_ROOT)
    ...                what the registered parts write (e.g. audit-checkpoints.jsonl)

Core knows no area: a higher area that keeps something outside the database and the
uploaded files registers a ``BackupPart`` in its ``AppConfig.ready()``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from django.apps import apps
from django.conf import settings
from django.db import connection, connections

from regulator.core import clock
from regulator.core.errors import RegulatorError
from regulator.core.models import CACHE_TABLE, RESPONSE_CACHE_TABLE

MANIFEST = "manifest.json"
FORMAT_VERSION = 1


class BackupError(RegulatorError):
    code = "backup_failed"


class BackupPart(Protocol):
    """What an area adds to every backup, and checks after every restore."""

    name: str

    def facts(self) -> dict[str, Any]:
        """Entries for the manifest, read before the database is copied."""
        ...

    def files_write(self, destination: Path) -> list[str]:
        """Write this part's files into the backup folder; return their names."""
        ...

    def files_restore(self, source: Path) -> None:
        """Put this part's files back from the backup folder."""
        ...

    def verify(self, source: Path, *, options: Mapping[str, Any], stdout: Any, stderr: Any) -> None:
        """Check the restored data (raise ``SystemExit(1)`` when it does not hold)."""
        ...


_parts: dict[str, BackupPart] = {}


def backup_part_register(part: BackupPart) -> None:
    """Called from an area's ``AppConfig.ready()``; registering again replaces."""
    _parts[part.name] = part


def backup_parts() -> list[BackupPart]:
    return [_parts[name] for name in sorted(_parts)]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# The shared cache's tables (rate counters, used TOTP codes; kept public responses)
# change with every request, so their counts at the backup's start need not match the
# copy: they are copied, not counted.
NOT_COUNTED = frozenset({CACHE_TABLE, RESPONSE_CACHE_TABLE})


def table_counts() -> dict[str, int]:
    """Rows in every table of the project's models (what a restore must give back)."""
    counts: dict[str, int] = {}
    existing = set(connection.introspection.table_names())
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if table in NOT_COUNTED:
            continue
        if table in existing and not model._meta.proxy and table not in counts:
            counts[table] = model._default_manager.using("default").count()
    return dict(sorted(counts.items()))


def _tool(name: str) -> str:
    """PostgreSQL's client tools; a dump must be read by a pg_restore at least as new."""
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (folder / name).exists():
            return str(folder / name)
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} is not installed: install PostgreSQL's client tools.")
    return found


def _pg_args(config: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    args = ["-h", str(config.get("HOST") or "127.0.0.1"), "-p", str(config.get("PORT") or 5432)]
    if config.get("USER"):
        args += ["-U", str(config["USER"])]
    env = {**os.environ}
    if config.get("PASSWORD"):
        env["PGPASSWORD"] = str(config["PASSWORD"])
    return args, env


def _dump_database(destination: Path) -> str:
    config = settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        target = destination / "database.sqlite3"
        source = sqlite3.connect(str(config["NAME"]))
        try:
            copy = sqlite3.connect(str(target))
            with copy:
                source.backup(copy)
            copy.close()
        finally:
            source.close()
        return target.name
    if connection.vendor == "postgresql":
        target = destination / "database.dump"
        args, env = _pg_args(config)
        subprocess.run(  # noqa: S603 - arguments come from settings, not from a user
            [
                _tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--no-acl",
                *args,
                "-f",
                str(target),
                str(config["NAME"]),
            ],
            check=True,
            env=env,
            capture_output=True,
            timeout=3600,
        )
        return target.name
    raise BackupError(f"Backups of {connection.vendor} databases are not supported.")


def backup_create(*, destination: Path) -> dict[str, Any]:
    """Write a complete backup into ``destination`` (which must not exist yet)."""
    if destination.exists():
        raise BackupError(f"{destination} already exists: choose a new folder for the backup.")
    destination.mkdir(parents=True)
    counts = table_counts()
    facts: dict[str, Any] = {}
    for part in backup_parts():
        facts.update(part.facts())
    database_file = _dump_database(destination)
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(destination / "media.tar", "w") as archive:
        if media_root.exists():
            archive.add(media_root, arcname="media")
    files = [database_file, "media.tar"]
    for part in backup_parts():
        files += part.files_write(destination)
    manifest = {
        **facts,
        "format": FORMAT_VERSION,
        "created_at": clock.now().isoformat(),
        "vendor": connection.vendor,
        "database_file": database_file,
        "table_counts": counts,
        "files": {name: sha256_of(destination / name) for name in files},
    }
    (destination / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return manifest


@dataclass
class RestoreReport:
    manifest: dict[str, Any]
    counts_match: bool
    differences: dict[str, tuple[int, int]]


def read_manifest(source: Path) -> dict[str, Any]:
    path = source / MANIFEST
    if not path.exists():
        raise BackupError(f"{source} is not a backup: it has no {MANIFEST}.")
    manifest: dict[str, Any] = json.loads(path.read_text())
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"Backup format {manifest.get('format')} is not supported.")
    for name, expected in manifest["files"].items():
        if not (source / name).exists():
            raise BackupError(f"The backup is incomplete: {name} is missing.")
        if sha256_of(source / name) != expected:
            raise BackupError(f"The backup is damaged: {name} does not match its checksum.")
    return manifest


def _database_is_empty() -> bool:
    return not [
        name for name in connection.introspection.table_names() if not name.startswith("sqlite_")
    ]


def _restore_database(source: Path, manifest: dict[str, Any]) -> None:
    config = settings.DATABASES["default"]
    if manifest["vendor"] != connection.vendor:
        raise BackupError(
            f"This backup is of a {manifest['vendor']} database; the target is {connection.vendor}."
        )
    if not _database_is_empty():
        raise BackupError(
            "The target database is not empty: restore only into a new, empty database."
        )
    if connection.vendor == "sqlite":
        connections["default"].close()
        target = Path(str(config["NAME"]))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        shutil.copy2(source / manifest["database_file"], target)
        return
    args, env = _pg_args(config)
    subprocess.run(  # noqa: S603 - arguments come from settings, not from a user
        [
            _tool("pg_restore"),
            "--no-owner",
            "--no-acl",
            "--exit-on-error",
            *args,
            "-d",
            str(config["NAME"]),
            str(source / manifest["database_file"]),
        ],
        check=True,
        env=env,
        capture_output=True,
        timeout=3600,
    )


def backup_restore(*, source: Path) -> RestoreReport:
    """Restore a backup into the configured (empty) database and MEDIA_ROOT, then compare
    row counts with the manifest."""
    manifest = read_manifest(source)
    _restore_database(source, manifest)
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / "media.tar") as archive:
        members = [m for m in archive.getmembers() if m.name.startswith("media")]
        for member in members:
            member.name = member.name.removeprefix("media").lstrip("/") or "."
        archive.extractall(media_root, members=members, filter="data")
    for part in backup_parts():
        part.files_restore(source)
    connections["default"].close()
    restored = table_counts()
    expected: dict[str, int] = manifest["table_counts"]
    differences = {
        table: (count, restored.get(table, -1))
        for table, count in expected.items()
        if restored.get(table, -1) != count
    }
    return RestoreReport(manifest=manifest, counts_match=not differences, differences=differences)
