"""The guidance the platform ships with (``content.py``), loaded through the editor's own
steps, and the polls whose key dates are shown."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from regulator.audit.services import audit_record
from regulator.guidance.models import Document, Poll


@transaction.atomic
def poll_ensure(
    *,
    election_id: str,
    country: str,
    name_en: str,
    name_cy: str,
    general_election: bool = False,
    actor: Any,
) -> Poll:
    """Add (or update) a forthcoming poll whose key dates are shown."""
    from regulator.guidance import keydates

    poll_date = keydates.poll_date_of(election_id)
    poll, created = Poll.objects.update_or_create(
        election_id=election_id,
        defaults={
            "country": country,
            "name_en": name_en,
            "name_cy": name_cy,
            "poll_date": poll_date,
            "general_election": general_election,
        },
    )
    audit_record(
        actor=actor,
        action="guidance.poll_added" if created else "guidance.poll_changed",
        subject=poll,
        payload={"election_id": election_id, "poll_date": poll_date},
    )
    return poll


# --- The guidance the platform ships with ----------------------------------------------


def content_seed(*, author: Any, reviewer: Any, actor: Any) -> int:
    """Load ``content.DOCUMENTS`` through the same steps as an editor (draft, review by
    a second person, publication); documents already present are left alone. Returns
    how many versions were published."""
    from regulator.guidance import content
    from regulator.guidance.services import (
        block_add,
        block_delete,
        document_create,
        version_approve,
        version_draft_create,
        version_submit,
        version_update,
    )

    published = 0
    for spec in content.DOCUMENTS:
        if Document.objects.filter(slug=spec["slug"]).exists():
            continue
        first = spec["versions"][0]
        document = document_create(
            slug=spec["slug"],
            audience=spec["audience"],
            topic=spec["topic"],
            title_en=first["title"][0],
            title_cy=first["title"][1],
            actor=author,
        )
        for index, version_spec in enumerate(spec["versions"]):
            if index == 0:
                version = document.versions.get(number=1)
            else:
                version = version_draft_create(document=document, actor=author)
                for block in list(version.blocks.all()):
                    block_delete(block=block, actor=author)
            version_update(
                version=version,
                changes={
                    "title_en": version_spec["title"][0],
                    "title_cy": version_spec["title"][1],
                    "summary_en": version_spec["summary"][0],
                    "summary_cy": version_spec["summary"][1],
                    "change_note_en": version_spec["note"][0],
                    "change_note_cy": version_spec["note"][1],
                    "effective_from": version_spec["effective_from"],
                },
                actor=author,
            )
            for kind, anchor, text_en, text_cy, figure in version_spec["blocks"]:
                block_add(
                    version=version,
                    kind=kind,
                    anchor=anchor,
                    text_en=text_en,
                    text_cy=text_cy,
                    figure_code=figure,
                    actor=author,
                )
            version_submit(version=version, actor=author)
            version_approve(version=version, actor=reviewer)
            published += 1
    for election_id, country, name_en, name_cy, general in content.POLLS:
        poll_ensure(
            election_id=election_id,
            country=country,
            name_en=name_en,
            name_cy=name_cy,
            general_election=general,
            actor=actor,
        )
    return published
