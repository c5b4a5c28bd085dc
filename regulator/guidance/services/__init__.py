"""Writes of the guidance area: documents, versions and their blocks, the review by a
second person, scheduled publication, and the search index. Every write is one
transaction with one audit event; a published version is never changed again (a
correction, or the Welsh that was to follow, is a new version)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _

from regulator.audit.services import audit_record
from regulator.core import clock
from regulator.core.errors import PermissionDeniedError, RegulatorError
from regulator.guidance import search
from regulator.guidance.models import Block, Document, SearchEntry, Version
from regulator.guidance.services.records_seam import version_declare
from regulator.guidance.types import (
    GUIDANCE_PUBLISHED,
    Audience,
    BlockKind,
    GuidanceChange,
    Topic,
    VersionStatus,
    WelshStatus,
)

EDITABLE = {VersionStatus.DRAFT}
OPEN = {VersionStatus.DRAFT, VersionStatus.IN_REVIEW, VersionStatus.SCHEDULED}


class GuidanceErrorCode(StrEnum):
    WRONG_STATUS = "wrong_status"
    OPEN_VERSION_EXISTS = "open_version_exists"
    INVALID = "invalid"
    SAME_PERSON = "same_person"
    SLUG_TAKEN = "slug_taken"


class GuidanceError(RegulatorError):
    """A guidance service refused; ``problems`` lists every reason (for the editor)."""

    def __init__(self, message: str, *, code: str, problems: list[str] | None = None) -> None:
        super().__init__(message, code=code)
        self.problems = problems or [message]


def _refuse_unless_draft(version: Version) -> None:
    if version.status not in EDITABLE:
        raise GuidanceError(_("Only a draft can be changed."), code=GuidanceErrorCode.WRONG_STATUS)


def _locked(version: Version) -> Version:
    return Version.objects.select_for_update().get(pk=version.pk)


# --- Documents and versions ------------------------------------------------------------


@transaction.atomic
def document_create(
    *, slug: str, audience: str, topic: str, title_en: str, title_cy: str = "", actor: Any
) -> Document:
    """A new document with its first draft."""
    slug = slugify(slug)
    if not slug:
        raise GuidanceError(_("Enter an address for the document."), code=GuidanceErrorCode.INVALID)
    if audience not in Audience.values or topic not in Topic.values:
        raise GuidanceError(_("Choose an audience and a topic."), code=GuidanceErrorCode.INVALID)
    if not title_en.strip():
        raise GuidanceError(_("Enter the title in English."), code=GuidanceErrorCode.INVALID)
    if Document.objects.filter(slug=slug).exists():
        raise GuidanceError(
            _("A document with this address already exists."), code=GuidanceErrorCode.SLUG_TAKEN
        )
    now = clock.now()
    document = Document.objects.create(slug=slug, audience=audience, topic=topic, created_at=now)
    Version.objects.create(
        document=document,
        number=1,
        title_en=title_en.strip(),
        title_cy=title_cy.strip(),
        author=_user(actor),
        created_at=now,
    )
    audit_record(
        actor=actor,
        action="guidance.document_created",
        subject=document,
        payload={"slug": slug, "audience": audience, "topic": topic},
    )
    return document


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def version_draft_create(*, document: Document, actor: Any) -> Version:
    """A new draft, a copy of the latest version (its blocks, anchors and titles), for
    the next change. One open version (draft, in review or scheduled) at a time."""
    if document.versions.filter(status__in=OPEN).exists():
        raise GuidanceError(
            _("This document already has a version being prepared."),
            code=GuidanceErrorCode.OPEN_VERSION_EXISTS,
        )
    latest = document.versions.order_by("-number").first()
    if latest is None:
        raise GuidanceError(_("This document has no version."), code=GuidanceErrorCode.INVALID)
    draft = Version.objects.create(
        document=document,
        number=latest.number + 1,
        title_en=latest.title_en,
        title_cy=latest.title_cy,
        summary_en=latest.summary_en,
        summary_cy=latest.summary_cy,
        welsh_status=WelshStatus.READY,
        author=_user(actor),
        created_at=clock.now(),
    )
    Block.objects.bulk_create(
        Block(
            version=draft,
            position=block.position,
            kind=block.kind,
            anchor=block.anchor,
            text_en=block.text_en,
            text_cy=block.text_cy,
            figure_code=block.figure_code,
        )
        for block in latest.blocks.all()
    )
    audit_record(
        actor=actor,
        action="guidance.version_drafted",
        subject=draft,
        payload={"document": document.slug, "number": draft.number, "from": latest.number},
    )
    return draft


VERSION_FIELDS = (
    "title_en",
    "title_cy",
    "summary_en",
    "summary_cy",
    "change_note_en",
    "change_note_cy",
    "welsh_status",
    "welsh_expected_on",
    "effective_from",
)


@transaction.atomic
def version_update(*, version: Version, changes: dict[str, Any], actor: Any) -> Version:
    """Change a draft's titles, summaries, change notes, Welsh status and date of effect."""
    version = _locked(version)
    _refuse_unless_draft(version)
    unknown = set(changes) - set(VERSION_FIELDS)
    if unknown:
        raise GuidanceError(f"Unknown fields: {sorted(unknown)}", code=GuidanceErrorCode.INVALID)
    if "welsh_status" in changes and changes["welsh_status"] not in WelshStatus.values:
        raise GuidanceError(_("Choose whether the Welsh is ready."), code=GuidanceErrorCode.INVALID)
    for name, value in changes.items():
        setattr(version, name, value.strip() if isinstance(value, str) else value)
    version.save()
    audit_record(
        actor=actor,
        action="guidance.version_changed",
        subject=version,
        payload={"fields": sorted(changes)},
    )
    return version


# --- Blocks ------------------------------------------------------------------------------


def _block_values(
    kind: str, anchor: str, text_en: str, text_cy: str, figure_code: str
) -> dict[str, str]:
    if kind not in BlockKind.values:
        raise GuidanceError(_("Choose the kind of block."), code=GuidanceErrorCode.INVALID)
    anchor = slugify(anchor or (text_en if kind == BlockKind.HEADING else ""))
    if kind == BlockKind.HEADING and not anchor:
        raise GuidanceError(_("Enter the heading in English."), code=GuidanceErrorCode.INVALID)
    if kind == BlockKind.FIGURE and not figure_code.strip():
        raise GuidanceError(_("Enter the code of the figure."), code=GuidanceErrorCode.INVALID)
    if kind != BlockKind.FIGURE and not text_en.strip():
        raise GuidanceError(_("Enter the text in English."), code=GuidanceErrorCode.INVALID)
    return {
        "kind": kind,
        "anchor": anchor if kind == BlockKind.HEADING else "",
        "text_en": text_en.strip(),
        "text_cy": text_cy.strip(),
        "figure_code": figure_code.strip() if kind == BlockKind.FIGURE else "",
    }


@transaction.atomic
def block_add(
    *,
    version: Version,
    kind: str,
    text_en: str = "",
    text_cy: str = "",
    anchor: str = "",
    figure_code: str = "",
    actor: Any,
) -> Block:
    """Add a block at the end of a draft."""
    version = _locked(version)
    _refuse_unless_draft(version)
    values = _block_values(kind, anchor, text_en, text_cy, figure_code)
    last = version.blocks.aggregate(last=Max("position"))["last"] or 0
    block = Block.objects.create(version=version, position=last + 1, **values)
    audit_record(
        actor=actor,
        action="guidance.block_added",
        subject=version,
        payload={"block": block.pk, "kind": kind, "anchor": block.anchor},
    )
    return block


@transaction.atomic
def block_update(
    *,
    block: Block,
    kind: str,
    text_en: str,
    text_cy: str,
    anchor: str = "",
    figure_code: str = "",
    actor: Any,
) -> Block:
    version = _locked(block.version)
    _refuse_unless_draft(version)
    values = _block_values(kind, anchor or block.anchor, text_en, text_cy, figure_code)
    for name, value in values.items():
        setattr(block, name, value)
    block.save()
    audit_record(
        actor=actor,
        action="guidance.block_changed",
        subject=version,
        payload={"block": block.pk, "kind": kind, "anchor": block.anchor},
    )
    return block


@transaction.atomic
def block_delete(*, block: Block, actor: Any) -> None:
    version = _locked(block.version)
    _refuse_unless_draft(version)
    payload = {"block": block.pk, "kind": block.kind, "anchor": block.anchor}
    block.delete()
    _renumber(version)
    audit_record(actor=actor, action="guidance.block_removed", subject=version, payload=payload)


@transaction.atomic
def block_move(*, block: Block, up: bool, actor: Any) -> None:
    """Swap a block with the one before (``up``) or after it."""
    version = _locked(block.version)
    _refuse_unless_draft(version)
    blocks = list(version.blocks.order_by("position"))
    index = next(i for i, item in enumerate(blocks) if item.pk == block.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(blocks):
        blocks[index], blocks[other] = blocks[other], blocks[index]
        _renumber(version, blocks)
    audit_record(
        actor=actor,
        action="guidance.block_moved",
        subject=version,
        payload={"block": block.pk, "up": up},
    )


def _renumber(version: Version, blocks: list[Block] | None = None) -> None:
    ordered = blocks if blocks is not None else list(version.blocks.order_by("position"))
    for position, item in enumerate(ordered, start=1):
        item.position = position
    Block.objects.bulk_update(ordered, ["position"])


# --- Review and publication ----------------------------------------------------------------


def version_problems(version: Version) -> list[str]:
    """What stops a draft going to review: every reason, in the editor's language."""
    from regulator.guidance import selectors

    problems: list[str] = []
    blocks = list(version.blocks.order_by("position"))
    if not version.title_en.strip():
        problems.append(_("Enter the title in English."))
    if not blocks:
        problems.append(_("Add at least one block."))
    if version.number > 1 and not version.change_note_en.strip():
        problems.append(_("Enter a change note in English: what changed and why."))
    if version.effective_from is None:
        problems.append(_("Enter the date from which this version is the guidance in force."))
    anchors = [block.anchor for block in blocks if block.kind == BlockKind.HEADING]
    if len(anchors) != len(set(anchors)):
        problems.append(_("Two headings have the same anchor: each section needs its own."))
    on = version.effective_from or clock.local_today()
    for block in blocks:
        codes = [block.figure_code] if block.kind == BlockKind.FIGURE else []
        codes += selectors.figure_codes_in(block.text_en)
        for code in codes:
            if selectors.figure_in_force(code, on) is None:
                problems.append(
                    _("No statutory figure %(code)s is in force on %(date)s.")
                    % {"code": code, "date": on.strftime("%d/%m/%Y")}
                )
    if version.welsh_status == WelshStatus.READY:
        missing_welsh = not version.title_cy.strip() or any(
            block.kind != BlockKind.FIGURE and not block.text_cy.strip() for block in blocks
        )
        if missing_welsh or (version.number > 1 and not version.change_note_cy.strip()):
            problems.append(
                _(
                    "The Welsh is marked as ready but some Welsh text is missing: add it, "
                    "or say when the Welsh will follow."
                )
            )
    elif version.welsh_expected_on is None:
        problems.append(_("Enter the date by which the Welsh will be published."))
    return problems


@transaction.atomic
def version_submit(*, version: Version, actor: Any) -> Version:
    """Send a draft to review by a second person."""
    version = _locked(version)
    _refuse_unless_draft(version)
    problems = version_problems(version)
    if problems:
        raise GuidanceError(problems[0], code=GuidanceErrorCode.INVALID, problems=problems)
    version.status = VersionStatus.IN_REVIEW
    version.submitted_at = clock.now()
    version.author = version.author or _user(actor)
    version.review_comment = ""
    version.save()
    audit_record(
        actor=actor,
        action="guidance.version_submitted",
        subject=version,
        payload={"document": version.document.slug, "number": version.number},
    )
    return version


@transaction.atomic
def version_return(*, version: Version, comment: str, actor: Any) -> Version:
    """The reviewer sends a version back to its author with a comment."""
    version = _locked(version)
    if version.status not in {VersionStatus.IN_REVIEW, VersionStatus.SCHEDULED}:
        raise GuidanceError(
            _("Only a version waiting for review or scheduled can be sent back."),
            code=GuidanceErrorCode.WRONG_STATUS,
        )
    if not comment.strip():
        raise GuidanceError(
            _("Say what needs to change before it can be approved."),
            code=GuidanceErrorCode.INVALID,
        )
    version.status = VersionStatus.DRAFT
    version.review_comment = comment.strip()
    version.publish_at = None
    version.save()
    audit_record(
        actor=actor,
        action="guidance.version_returned",
        subject=version,
        payload={"comment": version.review_comment},
    )
    return version


@transaction.atomic
def version_approve(
    *, version: Version, actor: Any, publish_at: dt.datetime | None = None
) -> Version:
    """A second person approves a version; it is published at ``publish_at`` (now when
    not given or past; ``versions_publish_due`` publishes scheduled ones)."""
    version = _locked(version)
    if version.status != VersionStatus.IN_REVIEW:
        raise GuidanceError(
            _("Only a version waiting for review can be approved."),
            code=GuidanceErrorCode.WRONG_STATUS,
        )
    user = _user(actor)
    if user is None or version.author_id in {None, user.pk}:
        raise PermissionDeniedError(
            _("A second person must review guidance: you cannot approve your own version.")
        )
    now = clock.now()
    version.status = VersionStatus.SCHEDULED
    version.reviewer = user
    version.reviewed_at = now
    version.publish_at = publish_at if publish_at and publish_at > now else now
    version.save()
    audit_record(
        actor=actor,
        action="guidance.version_approved",
        subject=version,
        payload={"publish_at": version.publish_at.isoformat()},
    )
    if version.publish_at <= now:
        _publish(version, actor)
    return version


def _publish(version: Version, actor: Any) -> None:
    version.status = VersionStatus.PUBLISHED
    version.published_at = clock.now()
    version.save()
    audit_record(
        actor=actor,
        action="guidance.version_published",
        subject=version,
        payload={
            "document": version.document.slug,
            "number": version.number,
            "effective_from": version.effective_from,
            "welsh": version.welsh_status,
        },
    )
    _reindex(version.document)
    version_declare(version=version, actor=actor)
    change = GuidanceChange(
        document=version.document.slug,
        title=version.title_en,
        version=version.number,
        audiences=(version.document.audience,),
        change_note=version.change_note_en,
        published_at=version.published_at,
        welsh_ready=version.welsh_ready,
        extra={"title_cy": version.title_cy if version.welsh_ready else ""},
    )
    transaction.on_commit(lambda: GUIDANCE_PUBLISHED.fire(change))


@transaction.atomic
def versions_publish_due(*, actor: Any) -> int:
    """Publish every approved version whose time has come, and bring the search index to
    the versions in force today (a version may come into force on a later date than it
    was published). Returns how many were published."""
    now = clock.now()
    due = list(
        Version.objects.select_for_update()
        .filter(status=VersionStatus.SCHEDULED, publish_at__lte=now)
        .select_related("document")
        .order_by("publish_at", "pk")
    )
    for version in due:
        _publish(version, actor)
    for document in Document.objects.all():
        _reindex(document)
    return len(due)


def _reindex(document: Document) -> None:
    """The search entries of a document: the version in force today, in each language
    whose text is published (Welsh only when it is ready: never English under Welsh)."""
    from regulator.guidance import selectors

    version = selectors.version_in_force(document=document, on=clock.local_today())
    for language in ("en", "cy"):
        existing = SearchEntry.objects.filter(document=document, language=language).first()
        wanted = version is not None and (language == "en" or version.welsh_ready)
        if not wanted or version is None:
            if existing is not None:
                search.entry_unindex(entry_id=existing.pk)
                existing.delete()
            continue
        title = version.title(language)
        body = "\n".join(
            selectors.block_plain_text(block, language, version.effective_from)
            for block in version.blocks.order_by("position")
        )
        entry, _created = SearchEntry.objects.update_or_create(
            document=document,
            language=language,
            defaults={
                "version": version,
                "title": title,
                "body": body,
                "folded": search.fold_text(f"{title}\n{body}"),
            },
        )
        search.entry_index(entry_id=entry.pk, title=title, body=body)


# The shipped guidance and the polls of the key dates (services/seed.py).
from regulator.guidance.services.seed import content_seed, poll_ensure  # noqa: E402

__all__ = [
    "VERSION_FIELDS",
    "GuidanceError",
    "GuidanceErrorCode",
    "block_add",
    "block_delete",
    "block_move",
    "block_update",
    "content_seed",
    "document_create",
    "poll_ensure",
    "version_approve",
    "version_draft_create",
    "version_problems",
    "version_return",
    "version_submit",
    "version_update",
    "versions_publish_due",
]
