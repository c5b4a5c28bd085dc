"""News feeds (RSS 0.9x/2.0, RSS 1.0, Atom) read with ``feedparser``, and the watch terms
each entry contains (whole words or phrases, any case, in its title or summary).

No database here."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import feedparser


class FormatError(ValueError):
    def __init__(self, where: str, why: str) -> None:
        super().__init__(f"{where}: {why}")
        self.where, self.why = where, why


@dataclass(frozen=True)
class EntryRow:
    guid: str
    title: str
    link: str
    published: dt.datetime | None
    summary: str


@dataclass(frozen=True)
class Feed:
    updated: dt.datetime | None
    entries: list[EntryRow]


TAG = re.compile(r"<[^>]+>")


def _moment(value: Any) -> dt.datetime | None:
    if not value:
        return None
    return dt.datetime.fromtimestamp(calendar.timegm(value), tz=dt.UTC)


def parse(url: str, body: bytes) -> Feed:
    parsed = feedparser.parse(body)
    if parsed.bozo and not parsed.entries:
        raise FormatError(url, f"is not a readable feed ({parsed.get('bozo_exception')})")
    if not parsed.get("version") and not parsed.entries:
        raise FormatError(url, "is not an RSS or Atom feed")
    entries = []
    for entry in parsed.entries:
        link = str(entry.get("link") or "")
        title = str(entry.get("title") or "").strip()
        guid = str(entry.get("id") or link or title).strip()
        if not guid:
            continue
        summary = TAG.sub(" ", str(entry.get("summary") or "")).strip()
        entries.append(
            EntryRow(
                guid=guid[:500],
                title=title[:500],
                link=link[:1000],
                published=_moment(entry.get("published_parsed") or entry.get("updated_parsed")),
                summary=" ".join(summary.split()),
            )
        )
    updated = _moment(parsed.feed.get("updated_parsed") or parsed.feed.get("published_parsed"))
    return Feed(updated=updated, entries=entries)


def term_pattern(term: str) -> re.Pattern[str]:
    words = [re.escape(word) for word in term.split()]
    return re.compile(r"\b" + r"\s+".join(words) + r"\b", re.IGNORECASE)


def terms_in(text: str, terms: list[str]) -> list[str]:
    """The watch terms the text contains, in the order given."""
    return [term for term in terms if term.strip() and term_pattern(term).search(text)]
