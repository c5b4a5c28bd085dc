"""Reads of the guidance area: the version in force on a date, documents by audience and
topic, search, sections and their permanent anchors, readable differences between
versions, and the statutory figures and deadlines that higher areas give through the
hooks of ``types`` (figures are never copied into guidance text: a block names a
figure's code and the page shows the value in force on the date read)."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from regulator.core import clock
from regulator.guidance import search
from regulator.guidance.models import Block, Document, Poll, SearchEntry, Version
from regulator.guidance.types import (
    DEADLINE_CALCULATORS,
    FIGURE_HISTORY_PROVIDERS,
    FIGURE_PROVIDERS,
    BlockKind,
    DeadlineRequest,
    Figure,
    FigureRequest,
    SectionRef,
    VersionStatus,
)

FIGURE_TOKEN = re.compile(r"\[\[([a-z0-9_]+)\]\]")


# --- Figures and deadlines (through the hooks) ----------------------------------------


def figure_in_force(code: str, on: dt.date) -> Figure | None:
    """The statutory figure ``code`` in force on ``on``, from whichever area provides it."""
    for answer in FIGURE_PROVIDERS.collect(FigureRequest(code=code, on=on)):
        if isinstance(answer, Figure):
            return answer
    return None


def figure_history(code: str) -> list[Figure]:
    for answer in FIGURE_HISTORY_PROVIDERS.collect(FigureRequest(code=code, on=dt.date.min)):
        if answer:
            return list(answer)  # type: ignore[call-overload]  # a provider's list of Figure
    return []


def figure_value(code: str, on: dt.date) -> Decimal | None:
    figure = figure_in_force(code, on)
    return figure.value if figure is not None else None


def figure_codes_in(text: str) -> list[str]:
    return FIGURE_TOKEN.findall(text or "")


def figure_format(code: str, value: Decimal) -> str:
    """A figure as a reader writes it: £11,180, 30 days, 3 months."""
    if code.endswith("_days"):
        count = int(value)
        return ngettext("%(count)s day", "%(count)s days", count) % {"count": count}
    if code.endswith("_months") or code.endswith("_months_audited"):
        count = int(value)
        return ngettext("%(count)s month", "%(count)s months", count) % {"count": count}
    if value == value.to_integral_value():
        return f"£{int(value):,}"
    return f"£{value:,.2f}"


def figure_text(code: str, on: dt.date) -> str:
    figure = figure_in_force(code, on)
    if figure is None:
        return _("(figure %(code)s not in force on %(date)s)") % {
            "code": code,
            "date": on.strftime("%d/%m/%Y"),
        }
    return figure_format(code, figure.value)


def deadline_due(request: DeadlineRequest) -> dt.date | None:
    """When a report is due, from the area that owns the deadline rules."""
    for answer in DEADLINE_CALCULATORS.collect(request):
        if isinstance(answer, dt.date):
            return answer
    return None


# --- Documents and versions ------------------------------------------------------------


def version_in_force(*, document: Document, on: dt.date) -> Version | None:
    """The published version that is the guidance in force on ``on``."""
    return (
        Version.objects.filter(
            document=document, status=VersionStatus.PUBLISHED, effective_from__lte=on
        )
        .order_by("-effective_from", "-number")
        .first()
    )


def version_next(*, document: Document, on: dt.date) -> Version | None:
    """A published version that comes into force after ``on`` (announced ahead)."""
    return (
        Version.objects.filter(
            document=document, status=VersionStatus.PUBLISHED, effective_from__gt=on
        )
        .order_by("effective_from", "number")
        .first()
    )


def versions_published(*, document: Document) -> QuerySet[Version]:
    return Version.objects.filter(document=document, status=VersionStatus.PUBLISHED).order_by(
        "-number"
    )


def version_published_get(*, document: Document, number: int) -> Version | None:
    return versions_published(document=document).filter(number=number).first()


def document_get(*, slug: str) -> Document | None:
    return Document.objects.filter(slug=slug).first()


def document_by_id(*, pk: int) -> Document | None:
    return Document.objects.filter(pk=pk).first()


def documents_all() -> QuerySet[Document]:
    return Document.objects.order_by("audience", "slug")


@dataclass
class Listing:
    document: Document
    version: Version


def documents_in_force(
    *, on: dt.date, audiences: Iterable[str] = (), topics: Iterable[str] = ()
) -> list[Listing]:
    documents = Document.objects.order_by("audience", "topic", "slug")
    audiences, topics = list(audiences), list(topics)
    if audiences:
        documents = documents.filter(audience__in=audiences)
    if topics:
        documents = documents.filter(topic__in=topics)
    found = []
    for document in documents:
        version = version_in_force(document=document, on=on)
        if version is not None:
            found.append(Listing(document=document, version=version))
    return found


@dataclass
class SearchResult:
    document: Document
    version: Version
    title: str
    excerpt: list[tuple[str, bool]]  # (text, matched)


def search_documents(
    *, text: str, language: str, audiences: Iterable[str] = (), topics: Iterable[str] = ()
) -> list[SearchResult]:
    hits = search.hits(text=text, language=language)
    entries = {
        entry.pk: entry
        for entry in SearchEntry.objects.filter(
            pk__in=[hit.entry_id for hit in hits]
        ).select_related("document", "version")
    }
    audiences, topics = set(audiences), set(topics)
    results = []
    for hit in hits:
        entry = entries.get(hit.entry_id)
        if entry is None:
            continue
        if (audiences and entry.document.audience not in audiences) or (
            topics and entry.document.topic not in topics
        ):
            continue
        results.append(
            SearchResult(
                document=entry.document,
                version=entry.version,
                title=entry.title,
                excerpt=_excerpt(hit.excerpt),
            )
        )
    return results


def _excerpt(text: str) -> list[tuple[str, bool]]:
    parts: list[tuple[str, bool]] = []
    for index, piece in enumerate(re.split(r"\[\[|\]\]", text)):
        if piece:
            parts.append((piece, index % 2 == 1))
    return parts


# --- Rendering blocks ---------------------------------------------------------------------


@dataclass
class Segment:
    text: str
    figure: str = ""  # the figure's code when this segment is a figure


@dataclass
class RenderedBlock:
    kind: str
    anchor: str
    segments: list[Segment]
    rows: list[list[str]] = field(default_factory=list)
    items: list[list[Segment]] = field(default_factory=list)  # grouped steps
    figure_code: str = ""
    figure_label: str = ""
    figure_from: dt.date | None = None


def _segments(text: str, on: dt.date) -> list[Segment]:
    out: list[Segment] = []
    position = 0
    for match in FIGURE_TOKEN.finditer(text):
        if match.start() > position:
            out.append(Segment(text[position : match.start()]))
        out.append(Segment(figure_text(match.group(1), on), figure=match.group(1)))
        position = match.end()
    if position < len(text):
        out.append(Segment(text[position:]))
    return out


def block_plain_text(block: Block, language: str, on: dt.date | None) -> str:
    when = on or clock.local_today()
    with translation.override(language):
        text = block.text(language)
        if block.kind == BlockKind.FIGURE:
            return f"{text} {figure_text(block.figure_code, when)}"
        return "".join(segment.text for segment in _segments(text.replace("|", " "), when))


def blocks_rendered(*, version: Version, language: str, on: dt.date) -> list[RenderedBlock]:
    """The blocks of a version ready for the page: figures resolved as in force on
    ``on``, tables split into rows, consecutive steps grouped into one list."""
    rendered: list[RenderedBlock] = []
    for block in version.blocks.order_by("position"):
        text = block.text(language)
        if block.kind == BlockKind.STEP and rendered and rendered[-1].kind == BlockKind.STEP:
            rendered[-1].items.append(_segments(text, on))
            continue
        item = RenderedBlock(kind=block.kind, anchor=block.anchor, segments=_segments(text, on))
        if block.kind == BlockKind.STEP:
            item.items = [item.segments]
        elif block.kind == BlockKind.TABLE:
            item.rows = [
                ["".join(s.text for s in _segments(cell.strip(), on)) for cell in line.split("|")]
                for line in text.splitlines()
                if line.strip()
            ]
        elif block.kind == BlockKind.FIGURE:
            figure = figure_in_force(block.figure_code, on)
            item.figure_code = block.figure_code
            item.figure_label = figure_text(block.figure_code, on)
            item.figure_from = figure.effective_from if figure else None
        rendered.append(item)
    return rendered


@dataclass(frozen=True)
class Section:
    anchor: str
    title: str


def sections(*, version: Version, language: str) -> list[Section]:
    """The "on this page" list: every heading with its permanent anchor."""
    return [
        Section(anchor=block.anchor, title=block.text(language) or block.text_en)
        for block in version.blocks.filter(kind=BlockKind.HEADING).order_by("position")
    ]


# --- Sections others link to (the rules catalogue, contacts' advice) -------------------


def anchors_published() -> set[str]:
    """Every ``document#anchor`` of a section in a version in force today."""
    today = clock.local_today()
    found: set[str] = set()
    for document in Document.objects.all():
        version = version_in_force(document=document, on=today)
        if version is None:
            continue
        for anchor in version.blocks.filter(kind=BlockKind.HEADING).values_list(
            "anchor", flat=True
        ):
            found.add(f"{document.slug}#{anchor}")
    return found


def section_exists(ref: SectionRef | str) -> bool:
    return str(ref) in anchors_published()


def section_url(ref: SectionRef | str) -> str:
    """The page and anchor of a section (in the active language)."""
    section = ref if isinstance(ref, SectionRef) else SectionRef.parse(ref)
    return reverse("guidance:document", kwargs={"slug": section.document}) + f"#{section.anchor}"


def section_title(ref: SectionRef | str, language: str) -> str | None:
    section = ref if isinstance(ref, SectionRef) else SectionRef.parse(ref)
    document = document_get(slug=section.document)
    if document is None:
        return None
    version = version_in_force(document=document, on=clock.local_today())
    if version is None:
        return None
    block = version.blocks.filter(kind=BlockKind.HEADING, anchor=section.anchor).first()
    return block.text(language) or block.text_en if block else None


# --- Differences between versions ---------------------------------------------------------


@dataclass(frozen=True)
class DiffLine:
    op: str  # "same" | "added" | "removed"
    text: str


def _lines(version: Version, language: str) -> list[str]:
    lines = [f"# {version.title(language)}"]
    for block in version.blocks.order_by("position"):
        text = block.text(language)
        if block.kind == BlockKind.FIGURE:
            text = f"{text} [[{block.figure_code}]]"
        prefixes: dict[str, str] = {BlockKind.HEADING: "## ", BlockKind.STEP: "- "}
        prefix = prefixes.get(block.kind, "")
        lines.extend(f"{prefix}{line}" for line in text.splitlines() if line.strip())
    return lines


def version_diff(*, old: Version, new: Version, language: str) -> list[DiffLine]:
    """What changed from ``old`` to ``new``, line by line (difflib), with unchanged runs
    longer than six lines cut to their ends."""
    before, after = _lines(old, language), _lines(new, language)
    out: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag == "equal":
            same = before[a1:a2]
            if len(same) > 6:
                same = [*same[:2], "…", *same[-2:]]
            out.extend(DiffLine("same", line) for line in same)
            continue
        out.extend(DiffLine("removed", line) for line in before[a1:a2])
        out.extend(DiffLine("added", line) for line in after[b1:b2])
    return out


# --- Staff: versions being prepared ---------------------------------------------------------


def versions_open() -> QuerySet[Version]:
    return (
        Version.objects.exclude(status=VersionStatus.PUBLISHED)
        .select_related("document", "author")
        .order_by("document__slug", "number")
    )


def version_get(*, pk: int) -> Version | None:
    return Version.objects.filter(pk=pk).select_related("document").first()


def block_get(*, pk: int) -> Block | None:
    return Block.objects.filter(pk=pk).select_related("version").first()


def changes_recent(*, audience: str = "", limit: int = 50) -> list[Version]:
    """Published versions, newest first (the Atom feed of changes)."""
    versions = Version.objects.filter(status=VersionStatus.PUBLISHED).select_related("document")
    if audience:
        versions = versions.filter(document__audience=audience)
    return list(versions.order_by("-published_at", "-pk")[:limit])


def polls_upcoming(*, on: dt.date) -> list[Poll]:
    return list(Poll.objects.filter(poll_date__gte=on).order_by("poll_date"))


def poll_get(*, election_id: str) -> Poll | None:
    return Poll.objects.filter(election_id=election_id).first()


def reference_label(ref: SectionRef | str, language: str) -> str:
    return section_title(ref, language) or str(ref)
