"""UK Parliament's Register of Members' Financial Interests API.

``GET /api/v1/Interests?CategoryId=3&Skip=0&Take=20`` answers ``{"items": […],
"totalResults": n}``; pages by ``Skip``/``Take`` until ``totalResults``. An item has
``id, summary, registrationDate, member{id, nameDisplayAs}, category{id, name},
fields[{name, value, typeInfo{currencyCode}}]``. Categories: 3 donations and other support
for activities as an MP, 4 gifts and hospitality from UK sources, 6 gifts from outside the
UK. Donation fields include ``DonorName, DonorCompanyName, DonorCompanyIdentifier`` (a
Companies House number), ``DonorStatus, Value, ReceivedDate, AcceptedDate``.

No database here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from regulator.monitoring.sources.http import Client, FetchError

CATEGORIES = (3, 4, 6)
TAKE = 20


class FormatError(ValueError):
    def __init__(self, where: str, why: str) -> None:
        super().__init__(f"{where}: {why}")
        self.where, self.why = where, why


@dataclass(frozen=True)
class InterestRow:
    interest_id: int
    member_id: int
    member_name: str
    category: int
    summary: str
    donor_name: str
    donor_status: str
    donor_company_number: str
    value_pence: int | None
    received: dt.date | None
    accepted: dt.date | None
    registered: dt.date | None


def pages(
    client: Client, url: str, category: int, take: int = TAKE
) -> Iterator[list[dict[str, Any]]]:
    skip = 0
    while True:
        body = client.get_json(url, {"CategoryId": category, "Skip": skip, "Take": take})
        if not isinstance(body, dict) or not isinstance(body.get("items"), list):
            raise FetchError(url, "the answer has no items list")
        items = body["items"]
        total = body.get("totalResults")
        if not isinstance(total, int):
            raise FetchError(url, "the answer has no totalResults")
        yield items
        skip += len(items)
        if not items or skip >= total:
            return


def _fields(item: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for entry in item.get("fields") or []:
        if isinstance(entry, dict) and entry.get("name"):
            found.setdefault(str(entry["name"]), entry.get("value"))
    return found


def _date(where: str, value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise FormatError(where, f"{value!r} is not a date") from None


def _pence(where: str, value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value).replace(",", "").replace("£", "").strip())
    except InvalidOperation:
        raise FormatError(where, f"{value!r} is not an amount") from None
    if amount < 0:
        raise FormatError(where, f"{value!r} is negative")
    return int((amount * 100).to_integral_value())


def interest_row(item: dict[str, Any]) -> InterestRow:
    try:
        interest_id = int(item["id"])
        member = item["member"]
        member_id = int(member["id"])
        category = int(item["category"]["id"])
    except (KeyError, TypeError, ValueError):
        raise FormatError(
            f"interest {item.get('id')!r}", "lacks id, member.id or category.id"
        ) from None
    where = f"interest {interest_id}"
    fields = _fields(item)
    donor = str(fields.get("DonorName") or fields.get("DonorCompanyName") or "").strip()
    return InterestRow(
        interest_id=interest_id,
        member_id=member_id,
        member_name=str(member.get("nameDisplayAs") or "").strip(),
        category=category,
        summary=str(item.get("summary") or "").strip(),
        donor_name=donor,
        donor_status=str(fields.get("DonorStatus") or "").strip(),
        donor_company_number=str(fields.get("DonorCompanyIdentifier") or "").strip().upper(),
        value_pence=_pence(f"{where}, field Value", fields.get("Value")),
        received=_date(f"{where}, field ReceivedDate", fields.get("ReceivedDate")),
        accepted=_date(f"{where}, field AcceptedDate", fields.get("AcceptedDate")),
        registered=_date(f"{where}, registrationDate", item.get("registrationDate")),
    )
