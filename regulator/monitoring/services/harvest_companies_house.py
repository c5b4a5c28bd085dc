"""Harvest Companies House for every company donor and lender in published and filed data:
each company's profile, officers and persons with significant control, within 600
requests in any 5 minutes (429 ``Retry-After`` honoured). Resumable: each company's
answers are kept as they arrive (``HarvestItem``), so a harvest stopped half-way by a
failure continues with the next company when run again; the snapshot is taken once every
company is fetched, and the staging rows are then cleared.

Each profile keeps the statuses the harvests have seen (``history``: status, detail and
the first day a harvest saw it; the last day is the next entry's first, or the profile's
``fetched_at`` for the latest), which the company-donor rule reads against the day of
each donation."""

from __future__ import annotations

import datetime as dt
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _

from regulator.core import clock
from regulator.finance import selectors as finance_selectors
from regulator.monitoring.models import CompanyProfile, HarvestItem, Snapshot
from regulator.monitoring.services.harvest_common import (
    HarvestResult,
    canonical,
    fail,
    harvest,
    read_lines,
)
from regulator.monitoring.sources import companies_house as fmt
from regulator.monitoring.sources.http import Client, FetchError
from regulator.monitoring.types import SourceKind

KIND = SourceKind.COMPANIES_HOUSE
FILE = "companies-house-profiles.jsonl"
# A harvest left unfinished longer than this starts again from the first company.
RESUME_WITHIN = dt.timedelta(hours=48)


def company_numbers() -> list[str]:
    """Every company number of a donor or lender, published or filed."""
    numbers: set[str] = set()
    for kind in ("donations", "loans"):
        numbers.update(
            finance_selectors.transactions_all(kind)
            .exclude(company_number="")
            .values_list("company_number", flat=True)
            .distinct()
        )
    return sorted(numbers)


def _staged(numbers: list[str]) -> set[str]:
    staged = HarvestItem.objects.filter(kind=KIND)
    oldest = staged.order_by("fetched_at").values_list("fetched_at", flat=True).first()
    if oldest is not None and clock.now() - oldest > RESUME_WITHIN:
        staged.delete()
        return set()
    return set(staged.filter(key__in=numbers).values_list("key", flat=True))


def _history(profile: CompanyProfile | None, row: fmt.ProfileRow, today: dt.date) -> list[Any]:
    history = list(profile.history) if profile is not None else []
    if history and (history[-1]["status"], history[-1]["detail"]) == (
        row.status,
        row.status_detail,
    ):
        return history
    return [*history, {"status": row.status, "detail": row.status_detail, "from": today}]


def _parse(snapshot: Snapshot, spool: IO[bytes]) -> int:
    today = clock.local_today()
    count = 0
    for payload in read_lines(spool):
        row = fmt.profile_row(payload)
        profile = CompanyProfile.objects.filter(company_number=row.company_number).first()
        CompanyProfile.objects.update_or_create(
            company_number=row.company_number,
            defaults={
                "found": row.found,
                "name": row.name[:300],
                "status": row.status[:60],
                "status_detail": row.status_detail[:100],
                "date_of_creation": row.date_of_creation,
                "date_of_cessation": row.date_of_cessation,
                "officers": row.officers,
                "psc": row.psc,
                "history": [
                    {**entry, "from": str(entry["from"])} for entry in _history(profile, row, today)
                ],
                "snapshot": snapshot,
                "fetched_at": snapshot.fetched_at,
            },
        )
        count += 1
    return count


def companies_house_harvest(
    *, actor: Any, client: Client | None = None, numbers: list[str] | None = None
) -> HarvestResult:
    key = getattr(settings, "COMPANIES_HOUSE_API_KEY", "")
    base = getattr(settings, "MONITORING_COMPANIES_HOUSE_URL", "")
    wanted = company_numbers() if numbers is None else sorted(set(numbers))
    if client is None and not key:
        raise fail(KIND, _("COMPANIES_HOUSE_API_KEY is not set"), actor)
    api = client or fmt.client(key, timeout=getattr(settings, "MONITORING_HTTP_TIMEOUT", 30.0))
    done = _staged(wanted)
    for number in wanted:
        if number in done:
            continue
        try:
            payload = fmt.fetch(api, base, number)
        except FetchError as exc:
            reason = _(
                "%(reason)s (%(done)d of %(total)d companies fetched; a re-run continues)"
            ) % {"reason": str(exc), "done": len(done), "total": len(wanted)}
            raise fail(KIND, reason, actor) from exc
        HarvestItem.objects.update_or_create(
            kind=KIND, key=number, defaults={"payload": payload, "fetched_at": clock.now()}
        )
        done.add(number)

    def fetch(spool: IO[bytes]) -> None:
        for start in range(0, len(wanted), 500):
            chunk = HarvestItem.objects.filter(kind=KIND, key__in=wanted[start : start + 500])
            for item in chunk.order_by("key").iterator():
                spool.write(canonical(item.payload))

    result = harvest(kind=KIND, actor=actor, file_name=FILE, fetch=fetch, parse=_parse)
    if not result.new:
        # Seen again unchanged: the latest status of each holds until today.
        CompanyProfile.objects.filter(company_number__in=wanted).update(fetched_at=clock.now())
    HarvestItem.objects.filter(kind=KIND).delete()
    return result
