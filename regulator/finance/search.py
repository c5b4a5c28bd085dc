"""Name search that tolerates case, punctuation, word order and small misspellings.

SQLite: an FTS5 table per kind (rowid = the record's id) kept in step by the services
that write records (``index_records``), queried with a prefix term per word plus the
close spellings that exist in the index's vocabulary (found with rapidfuzz), so
"harborn" finds "Harborne" and "harbone" does too.
PostgreSQL: full-text (``simple`` configuration) OR every word trigram-similar
(``pg_trgm``'s ``<%`` word similarity) over ``search_text``, both GIN-indexed (the
tsvector is a stored generated column, ``search_vector``, added by the migration).
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Iterable
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from rapidfuzz import fuzz, process

FTS_TABLES = {
    "finance_donation": "finance_donation_fts",
    "finance_loan": "finance_loan_fts",
    "finance_spendingitem": "finance_spendingitem_fts",
}
_WORD = re.compile(r"[^\w]+", re.UNICODE)
_VOCABULARY: dict[str, tuple[float, list[str]]] = {}
VOCABULARY_TTL_SECONDS = 60.0


def fold(*parts: str) -> str:
    """Lower case, accents and punctuation removed, words separated by one space."""
    text = " ".join(part for part in parts if part)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(_WORD.sub(" ", text.lower().replace("_", " ")).split())


def is_sqlite() -> bool:
    return connection.vendor == "sqlite"


def index_records(table: str, rows: Iterable[tuple[int, str]]) -> None:
    """Put (id, search_text) rows into the SQLite full-text index (replacing any old
    entry). PostgreSQL indexes the column itself, so this is a no-op there."""
    if not is_sqlite():
        return
    rows = list(rows)
    if not rows:
        return
    fts = FTS_TABLES[table]
    with connection.cursor() as cursor:
        cursor.executemany(f"DELETE FROM {fts} WHERE rowid = %s", [(pk,) for pk, _ in rows])  # noqa: S608
        cursor.executemany(
            f"INSERT INTO {fts}(rowid, search_text) VALUES (%s, %s)",  # noqa: S608
            rows,
        )
    _VOCABULARY.pop(table, None)


def unindex_records(table: str, ids: Iterable[int]) -> None:
    if not is_sqlite():
        return
    with connection.cursor() as cursor:
        cursor.executemany(
            f"DELETE FROM {FTS_TABLES[table]} WHERE rowid = %s",  # noqa: S608
            [(pk,) for pk in ids],
        )
    _VOCABULARY.pop(table, None)


def _vocabulary(table: str) -> list[str]:
    cached = _VOCABULARY.get(table)
    if cached and time.monotonic() - cached[0] < VOCABULARY_TTL_SECONDS:
        return cached[1]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT term FROM {FTS_TABLES[table]}_vocab")  # noqa: S608
        terms = [row[0] for row in cursor.fetchall()]
    _VOCABULARY[table] = (time.monotonic(), terms)
    return terms


def _fts_query(table: str, words: list[str]) -> str:
    vocabulary = _vocabulary(table)
    clauses = []
    for word in words:
        alternatives = {f'"{word}"*'}
        if len(word) >= 4:
            for term, _score, _index in process.extract(
                word, vocabulary, scorer=fuzz.ratio, score_cutoff=80, limit=10
            ):
                alternatives.add(f'"{term}"')
        clauses.append("(" + " OR ".join(sorted(alternatives)) + ")")
    return " AND ".join(clauses)


def text_filter(queryset: QuerySet[Any], text: str) -> QuerySet[Any]:
    """Restrict a transaction queryset to records whose names match ``text``."""
    words = fold(text).split()
    if not words:
        return queryset
    table = queryset.model._meta.db_table
    if is_sqlite():
        match = _fts_query(table, words)
        return queryset.filter(
            id__in=RawSQL(  # noqa: S611 - fixed table names; the query text is a parameter
                f"SELECT rowid FROM {FTS_TABLES[table]} WHERE {FTS_TABLES[table]} MATCH %s",  # noqa: S608
                [match],
            )
        )
    trigram = " AND ".join([f"%s <%% {table}.search_text"] * len(words))
    return queryset.extra(  # noqa: S610
        where=[f"({table}.search_vector @@ plainto_tsquery('simple', %s) OR ({trigram}))"],
        params=[" ".join(words), *words],
    )
