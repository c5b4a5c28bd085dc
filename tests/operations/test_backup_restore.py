"""The restore drill, for real: a file database (or a PostgreSQL database) with data,
uploaded files and signed checkpoints is backed up, restored into a new, empty database
and media folder, and verified (counts, checksums, the audit chain against the
checkpoints). Runs against the vendor of the suite's own database."""

from __future__ import annotations

from pathlib import Path

from tests.operations.drill_sites import Site

SEED = """
import django; django.setup()
from pathlib import Path
from django.conf import settings
from django.core.management import call_command
from regulator.audit.types import Actor
from regulator.register.services import entity_ensure_published
for number in range(1, 31):
    entity_ensure_published(entity_id=number, name=f"Party {number}", entity_type="political-party",
                            actor=Actor.system("seed"))
emblems = Path(settings.MEDIA_ROOT) / "emblems"
emblems.mkdir(parents=True, exist_ok=True)
(emblems / "party-1.png").write_bytes(b"\\x89PNG fake but bytes are bytes" * 100)
call_command("audit_checkpoint")
"""


def test_backup_then_restore_on_a_new_machine_is_complete_and_verified(
    sites: tuple[Site, Site], tmp_path: Path
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


def test_a_damaged_backup_is_refused_before_anything_is_touched(
    sites: tuple[Site, Site], tmp_path: Path
) -> None:
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
