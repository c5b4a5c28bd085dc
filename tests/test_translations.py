"""Every message the platform shows exists in Welsh.

The test extracts the messages from the source as it is now (in a copy of the tree, so the
committed catalogues are not touched) and fails when a message is missing from a Welsh
catalogue, untranslated, or marked fuzzy.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SKIP = shutil.ignore_patterns(
    ".venv", "node_modules", "var", ".git", "*.mo", "__pycache__", ".*cache"
)


def _catalogues(tree: Path) -> dict[Path, polib.POFile]:
    return {
        po.relative_to(tree): polib.pofile(str(po))
        for po in tree.glob("**/locale/cy/LC_MESSAGES/*.po")
        if ".venv" not in po.parts and "node_modules" not in po.parts
    }


def test_every_committed_welsh_message_is_translated() -> None:
    problems = []
    for path, catalogue in _catalogues(ROOT).items():
        for entry in catalogue:
            if entry.obsolete:
                continue
            if "fuzzy" in entry.flags:
                problems.append(f"{path}: fuzzy: {entry.msgid!r}")
            elif entry.msgid_plural and not all(entry.msgstr_plural.values()):
                problems.append(f"{path}: untranslated plural: {entry.msgid!r}")
            elif not entry.msgid_plural and not entry.msgstr:
                problems.append(f"{path}: untranslated: {entry.msgid!r}")
    assert problems == []


def test_one_english_message_has_one_welsh_translation_across_the_areas() -> None:
    # Django merges every area's catalogue into one: the same message translated two ways
    # shows whichever area's app loads first, so a word whose Welsh depends on what it
    # describes ("Published" of a return, of a record, of a date) needs a context.
    seen: dict[tuple[str | None, str], dict[str, str]] = {}
    for path, catalogue in _catalogues(ROOT).items():
        for entry in catalogue:
            if entry.obsolete or entry.msgid_plural or not entry.msgstr:
                continue
            seen.setdefault((entry.msgctxt, entry.msgid), {})[str(path)] = entry.msgstr
    clashes = {key: where for key, where in seen.items() if len(set(where.values())) > 1}
    assert clashes == {}


@pytest.mark.slow_extraction
def test_every_message_in_the_source_is_in_a_welsh_catalogue(tmp_path: Path) -> None:
    copy = tmp_path / "tree"
    shutil.copytree(ROOT, copy, ignore=SKIP, symlinks=True)
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "cy",
            "--no-obsolete",
            "--ignore=.venv",
            "--ignore=node_modules",
            "--ignore=var",
            "--ignore=tests",
        ],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    committed = _catalogues(ROOT)
    missing = []
    for path, extracted in _catalogues(copy).items():
        known = {(e.msgctxt, e.msgid) for e in committed.get(path, [])}
        known_translated = {
            (e.msgctxt, e.msgid)
            for e in committed.get(path, [])
            if (e.msgstr or (all(e.msgstr_plural.values()) and e.msgstr_plural))
            and "fuzzy" not in e.flags
        }
        for entry in extracted:
            key = (entry.msgctxt, entry.msgid)
            if key not in known:
                missing.append(f"{path}: not in the catalogue: {entry.msgid!r}")
            elif key not in known_translated:
                missing.append(f"{path}: untranslated: {entry.msgid!r}")
    assert missing == [], "Run `make messages-extract` and translate:\n" + "\n".join(missing)
