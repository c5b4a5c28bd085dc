"""Harvest the watched news feeds (RSS or Atom): one snapshot of every feed's bytes as
fetched; each new entry a ``NewsItem`` with the watch terms its title or summary contains.
An entry already held is left as it was first seen. Every feed must answer: one that
fails fails the harvest (the last good snapshot stays)."""

from __future__ import annotations

import base64
import datetime as dt
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _

from regulator.monitoring.models import NewsItem, Snapshot
from regulator.monitoring.services.harvest_common import (
    HarvestResult,
    canonical,
    harvest,
    read_lines,
)
from regulator.monitoring.sources import news as fmt
from regulator.monitoring.sources.http import Client
from regulator.monitoring.types import SourceKind

KIND = SourceKind.NEWS
FILE = "news-feeds.jsonl"


def _parse(snapshot: Snapshot, spool: IO[bytes]) -> int:
    terms = list(getattr(settings, "MONITORING_NEWS_WATCH_TERMS", []))
    count = 0
    for line in read_lines(spool):
        url = line["feed"]
        feed = fmt.parse(url, base64.b64decode(line["body"]))
        known = set(
            NewsItem.objects.filter(
                feed=url[:500], guid__in=[e.guid for e in feed.entries]
            ).values_list("guid", flat=True)
        )
        new = [entry for entry in feed.entries if entry.guid not in known]
        NewsItem.objects.bulk_create(
            [
                NewsItem(
                    feed=url[:500],
                    guid=entry.guid,
                    title=entry.title,
                    link=entry.link,
                    published=entry.published,
                    summary=entry.summary,
                    terms=fmt.terms_in(f"{entry.title}\n{entry.summary}", terms),
                    snapshot=snapshot,
                )
                for entry in new
            ],
            ignore_conflicts=True,
        )
        count += len(feed.entries)
    return count


def news_harvest(
    *, actor: Any, client: Client | None = None, feeds: list[str] | None = None
) -> HarvestResult:
    urls = list(getattr(settings, "MONITORING_NEWS_FEEDS", []) if feeds is None else feeds)
    api = client or Client(timeout=getattr(settings, "MONITORING_HTTP_TIMEOUT", 30.0))

    def fetch(spool: IO[bytes]) -> dt.datetime | None:
        if not urls:
            raise ValueError(_("MONITORING_NEWS_FEEDS names no feed"))
        latest: dt.datetime | None = None
        for url in urls:
            body = api.get(url).content
            feed = fmt.parse(url, body)  # unreadable: fail before anything is kept
            if feed.updated and (latest is None or feed.updated > latest):
                latest = feed.updated
            spool.write(canonical({"feed": url, "body": base64.b64encode(body).decode("ascii")}))
        return latest

    return harvest(kind=KIND, actor=actor, file_name=FILE, fetch=fetch, parse=_parse)
