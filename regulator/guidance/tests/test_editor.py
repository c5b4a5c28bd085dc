"""The staff editor through its pages: a contacts manager drafts a document as blocks,
sends it for review, cannot approve it; a second one approves it and it is published."""

from __future__ import annotations

import pytest

from regulator.guidance import selectors
from regulator.guidance.models import Version
from regulator.guidance.tests.factories import editors
from regulator.identity.testing import signed_in_client
from regulator.identity.tests.factories import FilerFactory

pytestmark = pytest.mark.django_db


def test_draft_review_and_publish_through_the_editor() -> None:
    author, reviewer = editors()
    client = signed_in_client(author)
    response = client.post(
        "/guidance/staff/documents/new/",
        {
            "slug": "editor-doc",
            "audience": "parties",
            "topic": "donations",
            "title_en": "Editor doc",
            "title_cy": "Dogfen",
        },
    )
    assert response.status_code == 302
    version = Version.objects.get(document__slug="editor-doc")
    edit = f"/guidance/staff/versions/{version.pk}/"
    for kind, en, cy in (
        ("heading", "What to do", "Beth i'w wneud"),
        (
            "must",
            "You must report over [[central_reporting_threshold]].",
            "Rhaid i chi adrodd dros [[central_reporting_threshold]].",
        ),
    ):
        client.post(f"{edit}blocks/", {"new-kind": kind, "new-text_en": en, "new-text_cy": cy})
    assert [b.kind for b in version.blocks.order_by("position")] == ["heading", "must"]
    page = client.get(edit)
    assert page.status_code == 200
    assert "Send for review by a second person" in page.content.decode()
    # Not ready: no date in force.
    client.post(f"{edit}submit/")
    assert Version.objects.get(pk=version.pk).status == "draft"
    client.post(
        edit,
        {
            "title_en": "Editor doc",
            "title_cy": "Dogfen",
            "welsh_status": "ready",
            "effective_from": "01/01/2026",
        },
    )
    client.post(f"{edit}submit/")
    assert Version.objects.get(pk=version.pk).status == "in-review"
    assert "Record the decision" in signed_in_client(reviewer).get(edit).content.decode()
    # The author cannot approve their own version.
    refused = client.post(f"{edit}review/", {"decision": "approve"})
    assert refused.status_code == 403
    second = signed_in_client(reviewer)
    assert second.post(f"{edit}review/", {"decision": "approve"}).status_code == 302
    assert Version.objects.get(pk=version.pk).status == "published"
    page = second.get("/guidance/editor-doc/").content.decode()
    assert "£11,180" in page
    assert 'id="what-to-do"' in page
    assert selectors.section_exists("editor-doc#what-to-do")
    # The published version is a record of exactly what was published, in both languages.
    import json

    from regulator.records import selectors as records_selectors
    from regulator.records import services as records_services

    (record,) = records_selectors.records_of_source(
        source="guidance.version", source_id=f"{version.document_id}/1"
    )
    assert record.record_class.code == "GUI-VER"
    kept = json.loads(records_services.record_content(record=record, actor=reviewer))
    assert kept["title"] == {"en": "Editor doc", "cy": "Dogfen"}
    assert [block["text"]["cy"] for block in kept["blocks"]] == [
        "Beth i'w wneud",
        "Rhaid i chi adrodd dros [[central_reporting_threshold]].",
    ]
    assert kept["effective_from"] == "2026-01-01"


def test_the_editor_is_for_contacts_managers_only() -> None:
    client = signed_in_client(FilerFactory())
    assert client.get("/guidance/staff/").status_code == 403
