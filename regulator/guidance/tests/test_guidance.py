"""Guidance: publication through review, the version in force on a date, search in both
languages, the answers, key dates and the feeds."""

from __future__ import annotations

import datetime as dt

import feedparser
import pytest
from django.test import Client

from regulator.audit.types import Actor
from regulator.core.testing import clock_frozen_at
from regulator.guidance import answer_flows, answers, keydates, selectors, services
from regulator.guidance.models import Version
from regulator.guidance.tests.factories import editors, guidance_published

pytestmark = pytest.mark.django_db
frozen = clock_frozen_at(dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC))


def test_the_shipped_guidance_is_published_with_two_versions_of_one_document() -> None:
    guidance_published()
    document = selectors.document_get(slug="donations-to-parties")
    assert document is not None
    assert [v.number for v in selectors.versions_published(document=document)] == [2, 1]
    in_force = [
        selectors.version_in_force(document=document, on=dt.date(year, 6, 1))
        for year in (2023, 2024)
    ]
    assert [version.number if version else None for version in in_force] == [1, 2]
    assert "donations-to-parties#aggregation" in selectors.anchors_published()


def test_figures_render_as_in_force_on_the_date_read() -> None:
    guidance_published()
    client = Client()
    old = client.get("/guidance/donations-to-parties/?on=01/06/2023").content.decode()
    new = client.get("/guidance/donations-to-parties/").content.decode()
    assert "£7,500" in old
    assert "£11,180" not in old
    assert "£11,180" in new


def test_search_finds_guidance_in_english_and_welsh() -> None:
    guidance_published()
    english = selectors.search_documents(text="company donors", language="en")
    assert english
    assert english[0].document.slug == "donations-to-parties"
    welsh = selectors.search_documents(text="cwmnïau", language="cy")
    assert any(r.document.slug == "donations-to-parties" for r in welsh)
    page = Client().get("/cy/guidance/?q=rhoddion").content.decode()
    assert "Rhoddion i bleidiau gwleidyddol" in page


def test_an_author_cannot_approve_their_own_version() -> None:
    author, reviewer = editors()
    document = services.document_create(
        slug="test-doc",
        audience="parties",
        topic="donations",
        title_en="Test",
        title_cy="Prawf",
        actor=author,
    )
    version = document.versions.get()
    services.version_update(
        version=version, changes={"effective_from": dt.date(2026, 1, 1)}, actor=author
    )
    services.block_add(
        version=version, kind="heading", text_en="First", text_cy="Cyntaf", actor=author
    )
    services.version_submit(version=version, actor=author)
    from regulator.core.errors import PermissionDeniedError

    with pytest.raises(PermissionDeniedError):
        services.version_approve(version=version, actor=author)
    services.version_approve(
        version=version, actor=reviewer, publish_at=dt.datetime(2026, 12, 5, tzinfo=dt.UTC)
    )
    version.refresh_from_db()
    assert version.status == "scheduled"
    from regulator.core import clock

    clock.freeze(dt.datetime(2026, 12, 6, tzinfo=dt.UTC))
    assert services.versions_publish_due(actor=Actor.system("tests")) == 1
    assert Version.objects.get(pk=version.pk).status == "published"


def test_welsh_to_follow_is_said_never_shown_as_english() -> None:
    author, reviewer = editors()
    document = services.document_create(
        slug="welsh-later", audience="candidates", topic="spending", title_en="Later", actor=author
    )
    version = document.versions.get()
    services.version_update(
        version=version,
        changes={
            "effective_from": dt.date(2026, 1, 1),
            "welsh_status": "pending",
            "welsh_expected_on": dt.date(2027, 1, 8),
        },
        actor=author,
    )
    services.block_add(
        version=version, kind="paragraph", text_en="Only English so far.", actor=author
    )
    services.version_submit(version=version, actor=author)
    services.version_approve(version=version, actor=reviewer)
    page = Client().get("/cy/guidance/welsh-later/").content.decode()
    assert "Only English so far." not in page
    assert "8 Ionawr 2027" in page or "8 January 2027" in page


def test_the_diff_between_versions_is_readable() -> None:
    guidance_published()
    page = Client().get("/guidance/donations-to-parties/changes/1/2/").content.decode()
    assert "Adding up gifts from one source" in page
    assert "<ins>" in page


def test_the_donation_answer_uses_the_figures_of_the_date_of_receipt() -> None:
    flow = answer_flows.FLOWS["report-a-donation"]
    params = {
        "recipient": "central-party",
        "value": "9000",
        "received": "2023-06-01",
        "reported": "no",
        "year_total": "0",
    }
    assert flow.decide(answers.answers_read(flow, params)).tone == "yes"
    params["received"] = "2024-06-01"
    assert flow.decide(answers.answers_read(flow, params)).tone == "no"


def test_an_answer_end_to_end_without_javascript() -> None:
    guidance_published()
    client = Client()
    first = client.get("/guidance/answers/when-is-my-return-due/")
    assert "What are you reporting?" in first.content.decode()
    wrong = client.get("/guidance/answers/when-is-my-return-due/?asked=return")
    assert wrong.status_code == 400
    done = client.get(
        "/guidance/answers/when-is-my-return-due/?return=quarterly&period_end-day=31&period_end-month=3&period_end-year=2026"
    )
    assert done.status_code == 302
    result = client.get(done["Location"]).content.decode()
    assert "30/04/2026" in result
    assert "/guidance/party-reporting-deadlines/#quarterly-reports" in result


def test_key_dates_page_calendar_and_api() -> None:
    guidance_published()
    dates = keydates.key_dates(today=dt.date(2026, 11, 30), language="en")
    assert any(item.category == "timetable" for item in dates)
    assert any("Quarterly" in item.title for item in dates)
    client = Client()
    ics = client.get("/guidance/key-dates.ics").content.decode()
    assert ics.startswith("BEGIN:VCALENDAR\r\n")
    assert "BEGIN:VEVENT" in ics
    api = client.get("/api/v1/key-dates/").json()
    assert api["results"]
    assert {"id", "date", "title", "category"} <= set(api["results"][0])
    assert client.get("/api/v1/key-dates/?lang=xx").status_code == 400


def test_guidance_atom_feed_validates() -> None:
    guidance_published()
    body = Client().get("/guidance/feed/?audience=parties").content
    feed = feedparser.parse(body)
    assert not feed.bozo, feed.get("bozo_exception")
    assert any("version 2" in entry.title for entry in feed.entries)


def test_pdf_of_a_document_in_welsh() -> None:
    guidance_published()
    response = Client().get("/cy/guidance/donations-to-parties/document.pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
