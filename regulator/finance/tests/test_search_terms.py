"""A hostile search text (issue 14, finding 1) is cut down before it reaches an index:
words deduplicated, capped at ``MAX_TERMS``, single letters dropped. The searches the
cut text makes are tested against the samples in ``disclosure/tests/test_abuse_limits.py``."""

from __future__ import annotations

from regulator.finance import search

HOSTILE_LETTERS = " ".join(chr(ord("a") + n % 26) for n in range(100))
HOSTILE_WORDS = " ".join(f"w{n:03d}x" for n in range(30))  # q is at most 200 characters


def test_search_text_is_deduplicated_capped_and_single_letters_dropped() -> None:
    terms = search.search_terms("Smith smith J. Harborne " + HOSTILE_WORDS)
    assert terms.terms[:2] == ("smith", "harborne")
    assert len(terms.terms) == search.MAX_TERMS
    assert terms.repeated == ("smith",)
    assert terms.too_short == ("j",)
    assert len(terms.over_limit) == 30 - (search.MAX_TERMS - 2)
    assert search.search_terms(HOSTILE_LETTERS).terms == ()
