"""News feeds through a loopback server: an RSS and an Atom feed read with feedparser,
each entry with the watch terms it contains; unchanged feeds add nothing; a feed that
fails keeps the last good snapshot."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from regulator.audit.types import Actor
from regulator.monitoring import services
from regulator.monitoring.models import NewsItem, Snapshot, Source
from regulator.monitoring.testing import Fake, as_json, serving

pytestmark = pytest.mark.django_db
ACTOR = Actor.system("test")

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Local Herald politics</title>
<link>https://herald.example/politics</link><description>Politics</description>
<lastBuildDate>Mon, 01 Jul 2024 09:00:00 GMT</lastBuildDate>
<item><title>Hedgehog Party faces questions over undeclared donation</title>
<link>https://herald.example/1</link><guid>herald-1</guid>
<pubDate>Mon, 01 Jul 2024 08:00:00 GMT</pubDate>
<description>&lt;p&gt;The &lt;b&gt;Hedgehog Party&lt;/b&gt; accepted a £20,000 gift.&lt;/p&gt;</description></item>
<item><title>Summer fete raises money for the library</title>
<link>https://herald.example/2</link><guid>herald-2</guid>
<pubDate>Mon, 01 Jul 2024 07:00:00 GMT</pubDate><description>Cakes.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Politics wire</title>
<id>urn:uuid:wire</id><updated>2024-07-02T10:00:00Z</updated>
<entry><title>Campaign group spending over the limit, say rivals</title>
<id>urn:uuid:wire-1</id><link href="https://wire.example/1"/>
<updated>2024-07-02T10:00:00Z</updated>
<summary>Claims of an overspend and dark money.</summary></entry>
</feed>"""


@pytest.fixture
def feeds(settings: Any) -> Iterator[tuple[Fake, list[str]]]:
    with serving() as server:
        urls = [
            server.feed("/politics.rss", RSS, "application/rss+xml"),
            server.feed("/wire.atom", ATOM, "application/atom+xml"),
        ]
        settings.MONITORING_NEWS_FEEDS = urls
        settings.MONITORING_NEWS_WATCH_TERMS = ["undeclared", "overspend", "dark money"]
        yield server, urls


def test_rss_and_atom_entries_are_kept_with_their_watch_terms(
    feeds: tuple[Fake, list[str]],
) -> None:
    _fake, urls = feeds
    result = services.news_harvest(actor=ACTOR)
    assert result.new
    assert result.rows == 3
    herald = NewsItem.objects.get(guid="herald-1")
    assert herald.feed == urls[0]
    assert herald.terms == ["undeclared"]
    assert "Hedgehog Party accepted" in herald.summary
    assert "<b>" not in herald.summary
    assert herald.published is not None
    assert NewsItem.objects.get(guid="herald-2").terms == []
    wire = NewsItem.objects.get(guid="urn:uuid:wire-1")
    assert wire.terms == ["overspend", "dark money"]
    assert wire.link == "https://wire.example/1"
    assert result.snapshot is not None
    assert result.snapshot.source_updated_at is not None
    again = services.news_harvest(actor=ACTOR)
    assert not again.new
    assert Snapshot.objects.filter(source__kind="news").count() == 1
    assert NewsItem.objects.count() == 3


def test_a_feed_that_fails_keeps_the_last_good_snapshot(feeds: tuple[Fake, list[str]]) -> None:
    fake, _urls = feeds
    good = services.news_harvest(actor=ACTOR)
    fake.feed("/politics.rss", RSS.replace("herald-2", "herald-3"), "application/rss+xml")
    fake.route("/wire.atom", lambda *_a: as_json({"error": "gone"}, 502))
    with pytest.raises(CommandError, match="502"):
        call_command("monitoring_harvest", "news")
    assert Source.objects.get(kind="news").current == good.snapshot
    assert not NewsItem.objects.filter(guid="herald-3").exists()
    fake.route("/wire.atom", lambda *_a: (200, {"Content-Type": "text/html"}, b"<html>no</html>"))
    with pytest.raises(services.HarvestError):
        services.news_harvest(actor=ACTOR)
    assert Source.objects.get(kind="news").current == good.snapshot


def test_the_periodic_job_harvests_configured_sources_once_a_day(
    feeds: tuple[Fake, list[str]], settings: Any
) -> None:
    settings.META_ACCESS_TOKEN = ""
    settings.COMPANIES_HOUSE_API_KEY = ""
    settings.MONITORING_PARLIAMENT_URL = ""
    out = io.StringIO()
    call_command("monitoring_harvest_all", stdout=out)
    assert "meta-ads: not configured" in out.getvalue()
    assert Source.objects.get(kind="news").current is not None
    fake, _urls = feeds
    fake.seen.clear()
    call_command("monitoring_harvest_all", stdout=io.StringIO())
    assert fake.seen == []  # not due again for MONITORING_HARVEST_EVERY_HOURS
