"""Each published version of a guidance document is a record (class ``GUI-VER``, kept ten
years, then offered to The National Archives): what the regulator told the regulated
community, in both languages, exactly as published, provable years later when someone
says "the guidance said so"."""

from __future__ import annotations

import json
from typing import Any

from regulator.guidance.models import Version
from regulator.records import services as records_services
from regulator.records.types import Declaration

SOURCE = "guidance.version"


def version_content(version: Version) -> bytes:
    """The version as published: its metadata and every block, in both languages, as
    canonical JSON (sorted keys, UTF-8)."""
    document = version.document
    published = {
        "document": document.slug,
        "audience": document.audience,
        "number": version.number,
        "title": {"en": version.title_en, "cy": version.title_cy},
        "summary": {"en": version.summary_en, "cy": version.summary_cy},
        "change_note": {"en": version.change_note_en, "cy": version.change_note_cy},
        "welsh": version.welsh_status,
        "effective_from": version.effective_from.isoformat() if version.effective_from else None,
        "published_at": version.published_at.isoformat() if version.published_at else None,
        "blocks": [
            {
                "kind": block.kind,
                "anchor": block.anchor,
                "text": {"en": block.text_en, "cy": block.text_cy},
                "figure": block.figure_code,
            }
            for block in version.blocks.order_by("position")
        ],
    }
    return json.dumps(published, sort_keys=True, ensure_ascii=False, indent=1).encode("utf-8")


def version_declare(*, version: Version, actor: Any) -> None:
    records_services.record_declare(
        declaration=Declaration(
            record_class="GUI-VER",
            title=f"Guidance: {version.title_en} (version {version.number})",
            source=SOURCE,
            source_id=f"{version.document_id}/{version.number}",  # slugs may be long
            file_name=f"{version.document.slug}-v{version.number}.json",
        ),
        content=version_content(version),
        actor=actor,
    )
