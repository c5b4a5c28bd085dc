"""Declared access of every guidance URL (enforced by the authorisation matrix test).
Guidance, its answers and key dates are public; the editor is for contacts managers."""

from __future__ import annotations

from typing import Any

from regulator.core.access import Access

EDITOR = "contacts-manager"


def _published(world: Any) -> dict[str, Any]:
    """The shipped guidance, published (once)."""
    from regulator.audit.types import Actor
    from regulator.guidance import selectors, services
    from regulator.identity.services import staff_user_ensure

    if selectors.document_get(slug="donations-to-parties") is None:
        system = Actor.system("authorisation matrix")
        author = staff_user_ensure(
            username="matrix-author",
            email="author@matrix.example",
            full_name="Author",
            actor=system,
        )
        reviewer = staff_user_ensure(
            username="matrix-reviewer",
            email="reviewer@matrix.example",
            full_name="Reviewer",
            actor=system,
        )
        services.content_seed(author=author, reviewer=reviewer, actor=system)
    return {"slug": "donations-to-parties"}


def _draft(world: Any) -> dict[str, Any]:
    from regulator.audit.types import Actor
    from regulator.guidance import selectors, services

    _published(world)
    document = selectors.document_get(slug="loans-to-parties")
    assert document is not None
    draft = selectors.versions_open().filter(document=document).first()
    if draft is None:
        draft = services.version_draft_create(
            document=document, actor=Actor.system("authorisation matrix")
        )
    return {"pk": draft.pk}


def _block(world: Any) -> dict[str, Any]:
    from regulator.guidance import selectors

    version = selectors.version_get(pk=_draft(world)["pk"])
    assert version is not None
    block = version.blocks.order_by("position").first()
    assert block is not None
    return {"pk": block.pk}


ACCESS = {
    "guidance:index": Access.public(),
    "guidance:feed": Access.public(),
    "guidance:key_dates": Access.public(),
    "guidance:key_dates_ics": Access.public(),
    "guidance:answers": Access.public(),
    "guidance:answer": Access.public(kwargs=lambda world: {"slug": "report-a-donation"}),
    # Without answers the result sends the visitor back to the first question.
    "guidance:answer_result": Access.public(
        kwargs=lambda world: {"slug": "report-a-donation"}, ok_statuses=(302,)
    ),
    "guidance:document": Access.public(kwargs=_published),
    "guidance:pdf": Access.public(kwargs=_published),
    "guidance:versions": Access.public(kwargs=_published),
    "guidance:version": Access.public(kwargs=lambda world: {**_published(world), "number": 1}),
    "guidance:diff": Access.public(kwargs=lambda world: {**_published(world), "old": 1, "new": 2}),
    "guidance:staff_index": Access.staff(EDITOR),
    "guidance:staff_document_new": Access.staff(EDITOR),
    "guidance:staff_draft_new": Access.staff(
        EDITOR,
        method="POST",
        kwargs=lambda world: {**_published(world), "slug": "party-campaign-spending"},
        ok_statuses=(302,),
    ),
    "guidance:staff_version": Access.staff(EDITOR, kwargs=_draft),
    "guidance:staff_block_add": Access.staff(
        EDITOR, method="POST", kwargs=_draft, ok_statuses=(302,)
    ),
    "guidance:staff_version_submit": Access.staff(
        EDITOR, method="POST", kwargs=_draft, ok_statuses=(302,)
    ),
    "guidance:staff_version_review": Access.staff(
        EDITOR, method="POST", kwargs=_draft, ok_statuses=(302,)
    ),
    "guidance:staff_block": Access.staff(EDITOR, kwargs=_block),
    "guidance:staff_block_action": Access.staff(
        EDITOR, method="POST", kwargs=_block, ok_statuses=(302,)
    ),
    "api:key_dates": Access.public(),
}
