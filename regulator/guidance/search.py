"""Full-text search of guidance in English and Welsh.

SQLite (the embedded default): an FTS5 table, ``guidance_searchentry_fts`` (rowid = the
``SearchEntry`` id), with the Porter stemmer over unicode61 with diacritics removed, so
"donation" finds "donations" and "rhodd" finds "rhoddion" by prefix, and ŵ and ŷ fold
to w and y. PostgreSQL: ``to_tsvector`` over the folded title and body with the ``english``
configuration for English and ``simple`` for Welsh (PostgreSQL has no Welsh
dictionary), each behind a GIN expression index made by the migration, queried with
``websearch_to_tsquery`` and ranked by ``ts_rank``. Both index only the version in force
today, kept by ``services`` whenever a version is published or comes into force.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.db import connection

FTS_TABLE = "guidance_searchentry_fts"
_WORD = re.compile(r"\w+", re.UNICODE)
CONFIGS = {"en": "english", "cy": "simple"}


@dataclass(frozen=True)
class Hit:
    entry_id: int
    excerpt: str


def fold_text(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def fold_words(text: str) -> list[str]:
    return _WORD.findall(fold_text(text))[:12]


def is_sqlite() -> bool:
    return connection.vendor == "sqlite"


def entry_index(*, entry_id: int, title: str, body: str) -> None:
    if not is_sqlite():
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [entry_id])  # noqa: S608
        cursor.execute(
            f"INSERT INTO {FTS_TABLE}(rowid, title, body) VALUES (%s, %s, %s)",  # noqa: S608
            [entry_id, title, body],
        )


def entry_unindex(*, entry_id: int) -> None:
    if not is_sqlite():
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [entry_id])  # noqa: S608


def hits(*, text: str, language: str, limit: int = 50) -> list[Hit]:
    """The entries of ``language`` matching ``text``, best first, with an excerpt whose
    matched words are wrapped in ``[[`` and ``]]`` (the page marks them safely)."""
    words = fold_words(text)
    if not words:
        return []
    with connection.cursor() as cursor:
        if is_sqlite():
            match = " AND ".join(f'"{word}"*' for word in words)
            cursor.execute(
                f"SELECT f.rowid, snippet({FTS_TABLE}, 1, '[[', ']]', '…', 24) "  # noqa: S608
                f"FROM {FTS_TABLE} f JOIN guidance_searchentry e ON e.id = f.rowid "
                f"WHERE {FTS_TABLE} MATCH %s AND e.language = %s ORDER BY bm25({FTS_TABLE}, 5.0, 1.0) "
                "LIMIT %s",
                [match, language, limit],
            )
        else:
            config = CONFIGS.get(language, "simple")
            vector = f"to_tsvector('{config}', folded)"
            query = f"websearch_to_tsquery('{config}', %s)"
            cursor.execute(
                f"SELECT id, ts_headline('{config}', body, {query}, "  # noqa: S608
                "'StartSel=[[,StopSel=]],MaxWords=35,MinWords=15,ShortWord=2') "
                f"FROM guidance_searchentry WHERE language = %s AND {vector} @@ {query} "
                f"ORDER BY ts_rank({vector}, {query}) DESC, id LIMIT %s",
                [" ".join(words), language, " ".join(words), " ".join(words), limit],
            )
        return [Hit(entry_id=row[0], excerpt=row[1] or "") for row in cursor.fetchall()]
