"""Public guidance pages: the index with search and filters, a document as in force on
any date (with "on this page", permanent anchors, print styles and a PDF), its versions
and the differences between them, the Atom feed of changes, and key dates.

Under /cy/ a document whose Welsh is to follow says so and when, and links to the
English: it never shows English silently."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from regulator.core import clock, limits
from regulator.core.cells import parse_date
from regulator.core.errors import InvalidValueError
from regulator.guidance import keydates, selectors
from regulator.guidance.models import Document, Version
from regulator.guidance.types import Audience, Topic


def _language() -> str:
    return "cy" if translation.get_language() == "cy" else "en"


def _on(request: HttpRequest) -> tuple[dt.date, str]:
    raw = request.GET.get("on", "").strip()
    if not raw:
        return clock.local_today(), ""
    try:
        day = parse_date(raw)
    except InvalidValueError:
        day = None
    if day is None:
        return clock.local_today(), _("Enter a real date, for example 27/03/2024.")
    return day, ""


@limits.public_page
def index(request: HttpRequest) -> HttpResponse:
    language = _language()
    today = clock.local_today()
    audiences = [a for a in request.GET.getlist("audience") if a in Audience.values]
    topics = [t for t in request.GET.getlist("topic") if t in Topic.values]
    text = request.GET.get("q", "").strip()[:200]
    results = (
        selectors.search_documents(text=text, language=language, audiences=audiences, topics=topics)
        if text
        else []
    )
    listing = selectors.documents_in_force(on=today, audiences=audiences, topics=topics)
    return render(
        request,
        "guidance/index.html",
        {
            "q": text,
            "results": results,
            "listing": listing,
            "language": language,
            "audiences": [(value, label, value in audiences) for value, label in Audience.choices],
            "topics": [(value, label, value in topics) for value, label in Topic.choices],
            "feed_url": reverse("guidance:feed"),
        },
    )


def _document(slug: str) -> Document:
    document = selectors.document_get(slug=slug)
    if document is None:
        raise Http404
    return document


def _page(
    request: HttpRequest, document: Document, version: Version, on: dt.date, **extra: Any
) -> HttpResponse:
    language = _language()
    welsh_missing = language == "cy" and not version.welsh_ready
    english_url = translation.override("en")
    with english_url:
        english = reverse("guidance:document", kwargs={"slug": document.slug})
    context = {
        "document": document,
        "version": version,
        "title": version.title(language)
        if not welsh_missing
        else version.title_cy or version.title_en,
        "summary": version.summary(language),
        "blocks": []
        if welsh_missing
        else selectors.blocks_rendered(version=version, language=language, on=on),
        "sections": [] if welsh_missing else selectors.sections(version=version, language=language),
        "welsh_missing": welsh_missing,
        "english_url": english,
        "on": on,
        "today": clock.local_today(),
        "next_version": selectors.version_next(document=document, on=on),
        "versions_url": reverse("guidance:versions", kwargs={"slug": document.slug}),
        "pdf_url": reverse("guidance:pdf", kwargs={"slug": document.slug}),
        "language": language,
        **extra,
    }
    return render(request, "guidance/document.html", context)


@limits.public_page
def document(request: HttpRequest, slug: str) -> HttpResponse:
    doc = _document(slug)
    on, error = _on(request)
    version = selectors.version_in_force(document=doc, on=on)
    if version is None:
        upcoming = selectors.version_next(document=doc, on=on)
        if upcoming is None:
            raise Http404
        return render(
            request,
            "guidance/not_in_force.html",
            {"document": doc, "version": upcoming, "on": on, "title": upcoming.title(_language())},
            status=404,
        )
    return _page(request, doc, version, on, date_error=error, date_value=request.GET.get("on", ""))


@limits.public_page
def version(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    doc = _document(slug)
    found = selectors.version_published_get(document=doc, number=number)
    if found is None:
        raise Http404
    on = found.effective_from or clock.local_today()
    return _page(request, doc, found, on, permanent_version=True)


@limits.public_page
def versions(request: HttpRequest, slug: str) -> HttpResponse:
    doc = _document(slug)
    items = list(selectors.versions_published(document=doc))
    if not items:
        raise Http404
    language = _language()
    rows = []
    for index, item in enumerate(items):
        previous = items[index + 1] if index + 1 < len(items) else None
        rows.append(
            {
                "version": item,
                "note": item.change_note(language),
                "diff_url": reverse(
                    "guidance:diff",
                    kwargs={"slug": slug, "old": previous.number, "new": item.number},
                )
                if previous
                else "",
            }
        )
    return render(
        request,
        "guidance/versions.html",
        {"document": doc, "rows": rows, "title": items[0].title(language)},
    )


@limits.public_page
def diff(request: HttpRequest, slug: str, old: int, new: int) -> HttpResponse:
    doc = _document(slug)
    before = selectors.version_published_get(document=doc, number=old)
    after = selectors.version_published_get(document=doc, number=new)
    if before is None or after is None or old == new:
        raise Http404
    language = _language()
    if language == "cy" and not (before.welsh_ready and after.welsh_ready):
        language = "en"
    return render(
        request,
        "guidance/diff.html",
        {
            "document": doc,
            "before": before,
            "after": after,
            "lines": selectors.version_diff(old=before, new=after, language=language),
            "title": after.title(language),
            "shown_language": language,
            "note": after.change_note(language),
        },
    )


@limits.public_page
def pdf(request: HttpRequest, slug: str) -> HttpResponse:
    from regulator.guidance import pdf as pdf_module

    doc = _document(slug)
    on, _error = _on(request)
    found = selectors.version_in_force(document=doc, on=on)
    if found is None:
        raise Http404
    language = _language()
    if language == "cy" and not found.welsh_ready:
        language = "en"
    data = pdf_module.document_pdf(version=found, language=language, on=on)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{slug}-v{found.number}-{language}.pdf"'
    return response


@limits.public_page
def key_dates(request: HttpRequest) -> HttpResponse:
    today = clock.local_today()
    dates = keydates.key_dates(today=today, language=_language())
    return render(
        request,
        "guidance/key_dates.html",
        {"dates": dates, "today": today, "ics_url": reverse("guidance:key_dates_ics")},
    )


@limits.public_page
def key_dates_ics(request: HttpRequest) -> HttpResponse:
    dates = keydates.key_dates(today=clock.local_today(), language=_language())
    body = keydates.icalendar(
        dates, stamp=clock.now(), calendar_name=_("Political finance key dates")
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="key-dates.ics"'
    return response
