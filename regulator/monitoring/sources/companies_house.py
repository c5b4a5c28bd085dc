"""Companies House public data API: ``/company/{n}`` (``company_name, company_status``:
active, dissolved, liquidation, receivership, administration, …; ``company_status_detail``
e.g. ``active-proposal-to-strike-off``; ``date_of_creation``, ``date_of_cessation``),
``/company/{n}/officers`` and ``/company/{n}/persons-with-significant-control`` (each
``{"items": […]}``). The API key is the Basic-auth user name with an empty password; 600
requests in any 5 minutes, then 429 with ``Retry-After``.

No database here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from regulator.monitoring.sources.http import Client, NotFoundError, RateLimit

REQUESTS_PER_WINDOW = 600
WINDOW_SECONDS = 300.0
PAGE = 100


class FormatError(ValueError):
    def __init__(self, where: str, why: str) -> None:
        super().__init__(f"{where}: {why}")
        self.where, self.why = where, why


@dataclass(frozen=True)
class ProfileRow:
    company_number: str
    found: bool
    name: str
    status: str
    status_detail: str
    date_of_creation: dt.date | None
    date_of_cessation: dt.date | None
    officers: list[dict[str, Any]]
    psc: list[dict[str, Any]]


def client(key: str, **extra: Any) -> Client:
    limit = extra.pop("limit", None) or RateLimit(REQUESTS_PER_WINDOW, WINDOW_SECONDS)
    return Client(auth=(key, ""), limit=limit, **extra)


def _items(api: Client, url: str) -> list[dict[str, Any]]:
    """Every item of a list resource (``start_index``/``items_per_page``); a 404 is none."""
    found: list[dict[str, Any]] = []
    start = 0
    while True:
        try:
            body = api.get_json(url, {"items_per_page": PAGE, "start_index": start})
        except NotFoundError:
            return found
        items = body.get("items") if isinstance(body, dict) else None
        if not isinstance(items, list):
            return found
        found.extend(item for item in items if isinstance(item, dict))
        total = body.get("total_results")
        start += len(items)
        if not items or not isinstance(total, int) or start >= total:
            return found


def fetch(api: Client, base: str, number: str) -> dict[str, Any]:
    """The company's three answers as one payload (``profile`` None when not found)."""
    root = f"{base.rstrip('/')}/company/{number}"
    try:
        profile = api.get_json(root)
    except NotFoundError:
        return {"number": number, "profile": None, "officers": [], "psc": []}
    return {
        "number": number,
        "profile": profile,
        "officers": _items(api, f"{root}/officers"),
        "psc": _items(api, f"{root}/persons-with-significant-control"),
    }


def _date(number: str, name: str, value: Any) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise FormatError(f"company {number}, {name}", f"{value!r} is not a date") from None


def _officer(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": str(item.get("name") or ""),
        "role": str(item.get("officer_role") or ""),
        "appointed_on": item.get("appointed_on") or "",
        "resigned_on": item.get("resigned_on") or "",
    }


def _psc(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": str(item.get("name") or ""),
        "kind": str(item.get("kind") or ""),
        "natures_of_control": list(item.get("natures_of_control") or []),
        "notified_on": item.get("notified_on") or "",
        "ceased_on": item.get("ceased_on") or "",
    }


def profile_row(payload: dict[str, Any]) -> ProfileRow:
    number = str(payload.get("number") or "")
    profile = payload.get("profile")
    if profile is None:
        return ProfileRow(number, False, "", "not-found", "", None, None, [], [])
    if not isinstance(profile, dict):
        raise FormatError(f"company {number}", "the profile is not an object")
    return ProfileRow(
        company_number=number,
        found=True,
        name=str(profile.get("company_name") or "").strip(),
        status=str(profile.get("company_status") or "").strip(),
        status_detail=str(profile.get("company_status_detail") or "").strip(),
        date_of_creation=_date(number, "date_of_creation", profile.get("date_of_creation")),
        date_of_cessation=_date(number, "date_of_cessation", profile.get("date_of_cessation")),
        officers=[_officer(i) for i in payload.get("officers") or []],
        psc=[_psc(i) for i in payload.get("psc") or []],
    )
