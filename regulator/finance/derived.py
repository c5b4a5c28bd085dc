"""What a published record means beyond what was reported: the one builder of each kind's
derived fields, called by every path that writes a record (the import of the Commission's
files, the acceptance of a filed return, a publication approver's correction), so that
the three agree.

- ``date``: the date searches and sorting use; the first of the kind's dates that is
  known (donations: accepted, received, reported; loans: started, last notified;
  spending: incurred, paid, claimed), else the caller's fallback.
- ``search_text``: the counterparty, entity, accounting unit and campaigning names,
  folded for search.
- ``is_public_fund`` (donations): the donor's status is "Public Fund" or the donation's
  type is "Public Funds".
- ``postcode`` (donations and loans): an individual's postcode is never published, so it
  is not kept (whatever the spelling of "Individual").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from regulator.finance.search import fold
from regulator.finance.types import (
    PUBLIC_FUND_STATUS,
    PUBLIC_FUND_TYPE,
    SEARCH_DATE_FIELDS,
    is_individual,
)

COUNTERPARTY = {"donations": "donor_name", "loans": "lender_name", "spending": "supplier_name"}
# The field holding the counterparty's type, whose individuals' postcodes are not kept.
COUNTERPARTY_TYPE = {"donations": "donor_status", "loans": "lender_type"}
# Names repeat (a party's name is on every one of its rows): each spelling folded once.
_fold = lru_cache(maxsize=100_000)(fold)
DERIVED_FIELDS = frozenset({"date", "search_text", "is_public_fund"})


def derived_fields(
    kind: str, reported: Mapping[str, Any], *, date_fallback: dt.date | None = None
) -> dict[str, Any]:
    """The derived fields of a record of ``kind`` with these reported fields. ``date`` is
    None when no date is known and no fallback is given (the caller refuses the row)."""
    derived: dict[str, Any] = {
        "date": next(
            (reported[name] for name in SEARCH_DATE_FIELDS[kind] if reported.get(name)),
            date_fallback,
        ),
        "search_text": _fold(
            reported.get(COUNTERPARTY[kind]) or "",
            reported.get("entity_name") or "",
            reported.get("accounting_unit_name") or "",
            reported.get("campaigning_name") or "",
        ),
    }
    if kind == "donations":
        derived["is_public_fund"] = (reported.get("donor_status") or "") == PUBLIC_FUND_STATUS or (
            reported.get("donation_type") or ""
        ) == PUBLIC_FUND_TYPE
    status_field = COUNTERPARTY_TYPE.get(kind)
    if status_field and is_individual(reported.get(status_field) or ""):
        derived["postcode"] = ""
    return derived
