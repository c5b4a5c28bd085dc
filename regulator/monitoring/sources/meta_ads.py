"""Meta's Ad Library: the API and the report CSV.

- API: ``GET /<version>/ads_archive?ad_reached_countries=['GB']&
  ad_type=POLITICAL_AND_ISSUE_ADS&fields=…&access_token=…`` answers
  ``{"data": [ad, …], "paging": {"cursors": …, "next": URL}}``; the next page is
  ``paging.next`` (which carries the token and every parameter) until it is absent. An ad
  has ``id, page_id, page_name, bylines, ad_delivery_start_time, ad_delivery_stop_time,
  currency, spend{lower_bound, upper_bound}`` (whole units of ``currency``, strings; the
  top bucket has no upper bound).
- Report CSV: ``Page ID, Page name, Disclaimer, Amount spent (GBP), Number of ads in
  Library``; small amounts read ``≤100`` (at most £100: certainly spent, nothing).

No database here."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from regulator.monitoring.sources.http import Client, FetchError

FIELDS = (
    "id,page_id,page_name,bylines,ad_delivery_start_time,ad_delivery_stop_time,currency,"
    "spend,impressions,ad_snapshot_url,publisher_platforms"
)
REPORT_COLUMNS = (
    "Page ID",
    "Page name",
    "Disclaimer",
    "Amount spent (GBP)",
    "Number of ads in Library",
)


class FormatError(ValueError):
    def __init__(self, where: str, why: str) -> None:
        super().__init__(f"{where}: {why}")
        self.where, self.why = where, why


@dataclass(frozen=True)
class MetaAdRow:
    ad_id: str
    page_id: str
    page_name: str
    bylines: str
    start: dt.date | None
    stop: dt.date | None
    spend_min_pence: int
    spend_max_pence: int | None


@dataclass(frozen=True)
class ReportRow:
    page_id: str
    page_name: str
    disclaimer: str
    spend_gbp_pence: int
    ads: int


def first_params(token: str, since: str = "") -> dict[str, Any]:
    params: dict[str, Any] = {
        "ad_reached_countries": "['GB']",
        "ad_type": "POLITICAL_AND_ISSUE_ADS",
        "ad_active_status": "ALL",
        "fields": FIELDS,
        "limit": 500,
        "access_token": token,
    }
    if since:
        params["ad_delivery_date_min"] = since
    return params


def pages(client: Client, url: str, token: str, since: str = "") -> Iterator[list[dict[str, Any]]]:
    """Each page's ads, following ``paging.next``."""
    params: dict[str, Any] | None = first_params(token, since)
    next_url: str | None = url
    seen: set[str] = set()
    while next_url:
        if next_url in seen:
            raise FetchError(next_url, "paging.next repeats a page already read")
        seen.add(next_url)
        body = client.get_json(next_url, params)
        params = None  # paging.next carries every parameter
        if isinstance(body, dict) and isinstance(body.get("error"), dict):
            raise FetchError(next_url, str(body["error"].get("message", "error"))[:200])
        if not isinstance(body, dict) or not isinstance(body.get("data"), list):
            raise FetchError(next_url, "the answer has no data list")
        yield body["data"]
        paging = body.get("paging") or {}
        next_url = paging.get("next") if isinstance(paging, dict) else None


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise FormatError("date", f"{value!r} is not a date") from None


def _bound(ad_id: str, value: Any) -> int | None:
    if value is None or value == "":
        return None
    try:
        number = int(str(value).replace(",", ""))
    except ValueError:
        raise FormatError(f"ad {ad_id}", f"spend bound {value!r} is not a whole number") from None
    if number < 0:
        raise FormatError(f"ad {ad_id}", f"spend bound {value!r} is negative")
    return number * 100


def ad_row(item: dict[str, Any]) -> MetaAdRow:
    ad_id = str(item.get("id") or "").strip()
    if not ad_id:
        raise FormatError("ad", "has no id")
    page_id = str(item.get("page_id") or "").strip()
    if not page_id:
        raise FormatError(f"ad {ad_id}", "has no page_id")
    spend = item.get("spend") or {}
    low: int | None = 0
    high: int | None = None
    # Spend in another currency than pounds is not converted: certainly 0, top unknown.
    if str(item.get("currency") or "GBP").upper() == "GBP":
        low = _bound(ad_id, spend.get("lower_bound")) or 0
        high = _bound(ad_id, spend.get("upper_bound"))
    return MetaAdRow(
        ad_id=ad_id,
        page_id=page_id,
        page_name=str(item.get("page_name") or "").strip(),
        bylines=str(item.get("bylines") or "").strip(),
        start=_date(item.get("ad_delivery_start_time")),
        stop=_date(item.get("ad_delivery_stop_time")),
        spend_min_pence=low or 0,
        spend_max_pence=high,
    )


def report_amount(value: str) -> int:
    """Pence certainly spent: ``≤100`` is nothing certain; ``1,234`` is £1,234."""
    text = value.strip().replace(",", "").replace("£", "")
    if text.startswith(("≤", "<=", "<")):
        return 0
    if not text:
        return 0
    try:
        pounds = float(text)
    except ValueError:
        raise FormatError("Amount spent (GBP)", f"{value!r} is not an amount") from None
    if pounds < 0:
        raise FormatError("Amount spent (GBP)", f"{value!r} is negative")
    return round(pounds * 100)


def report_rows(handle: IO[bytes]) -> Iterator[tuple[int, ReportRow]]:
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
    reader = csv.DictReader(text)
    header = [name.strip() for name in reader.fieldnames or []]
    reader.fieldnames = header
    missing = [column for column in REPORT_COLUMNS if column not in header]
    if missing:
        raise FormatError("row 1", f"column {missing[0]} is missing from the header")
    for number, row in enumerate(reader, start=2):
        page_id = (row.get("Page ID") or "").strip()
        if not page_id:
            raise FormatError(f"row {number}", "Page ID is empty")
        try:
            amount = report_amount(row.get("Amount spent (GBP)") or "")
        except FormatError as exc:
            raise FormatError(f"row {number}, column {exc.where}", exc.why) from None
        ads_text = (row.get("Number of ads in Library") or "0").strip().replace(",", "")
        if not ads_text.isdigit():
            raise FormatError(
                f"row {number}, column Number of ads in Library", f"{ads_text!r} is not a number"
            )
        yield (
            number,
            ReportRow(
                page_id=page_id,
                page_name=(row.get("Page name") or "").strip(),
                disclaimer=(row.get("Disclaimer") or "").strip(),
                spend_gbp_pence=amount,
                ads=int(ads_text),
            ),
        )
