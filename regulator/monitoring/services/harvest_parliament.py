"""Harvest the Register of Members' Financial Interests (categories 3, 4 and 6, every
``Skip``/``Take`` page) and match each member with a donation (category 3) to a regulated
donee of the register by name (an analyst confirms or links elsewhere)."""

from __future__ import annotations

import re
from typing import IO, Any

from django.conf import settings

from regulator.monitoring.models import MemberInterest, Snapshot
from regulator.monitoring.services.harvest_common import (
    HarvestResult,
    batches,
    canonical,
    harvest,
    read_lines,
)
from regulator.monitoring.services.matching import match_refresh
from regulator.monitoring.sources import parliament as fmt
from regulator.monitoring.sources.http import Client
from regulator.monitoring.types import SourceKind, SubjectKind
from regulator.register import selectors as register_selectors
from regulator.register.types import EntityType

KIND = SourceKind.PARLIAMENT
FILE = "parliament-interests-3-4-6.jsonl"
FIELDS = [
    "member_id",
    "member_name",
    "category",
    "summary",
    "donor_name",
    "donor_status",
    "donor_company_number",
    "value_pence",
    "received",
    "accepted",
    "registered",
    "snapshot",
]


def _parse(snapshot: Snapshot, spool: IO[bytes]) -> int:
    count = 0
    for batch in batches(fmt.interest_row(item) for item in read_lines(spool)):
        MemberInterest.objects.bulk_create(
            [
                MemberInterest(
                    interest_id=row.interest_id,
                    member_id=row.member_id,
                    member_name=row.member_name[:200],
                    category=row.category,
                    summary=row.summary[:500],
                    donor_name=row.donor_name[:300],
                    donor_status=row.donor_status[:100],
                    donor_company_number=row.donor_company_number[:10],
                    value_pence=row.value_pence,
                    received=row.received,
                    accepted=row.accepted,
                    registered=row.registered,
                    snapshot=snapshot,
                )
                for row in batch
            ],
            update_conflicts=True,
            unique_fields=["interest_id"],
            update_fields=FIELDS,
        )
        count += len(batch)
    return count


# Honorifics and post-nominals, which the register's donee names carry and Parliament's
# display names may not ("Rt Hon Sir Keir Starmer KCB KC MP" / "Keir Starmer").
HONORIFICS = re.compile(
    r"\b(the|rt|right|hon|honourable|sir|dame|lord|lady|baroness|baron|mr|mrs|ms|miss|mx|dr|"
    r"prof|professor|mp|kc|qc|kcb|kbe|dbe|cbe|obe|mbe|pc)\b\.?",
    re.IGNORECASE,
)


def bare_name(name: str) -> str:
    return " ".join(HONORIFICS.sub(" ", name).split()) or name


def donee_names() -> list[tuple[int, str, str]]:
    donees = set(
        register_selectors.entities_all()
        .filter(entity_type=EntityType.REGULATED_DONEE)
        .values_list("pk", flat=True)
    )
    return [
        (entity_id, bare_name(name), kind)
        for entity_id, name, kind in register_selectors.entity_name_candidates()
        if entity_id in donees
    ]


def members_match() -> int:
    """Match every member with a registered donation to a regulated donee."""
    names = donee_names()
    members = (
        MemberInterest.objects.filter(category=3)
        .values_list("member_id", "member_name")
        .distinct()
        .order_by("member_id")
    )
    count = 0
    for member_id, member_name in members:
        match_refresh(
            subject_kind=SubjectKind.MEMBER,
            subject_key=str(member_id),
            name=bare_name(member_name),
            names=names,
        )
        count += 1
    return count


def parliament_interests_harvest(*, actor: Any, client: Client | None = None) -> HarvestResult:
    api = client or Client(timeout=getattr(settings, "MONITORING_HTTP_TIMEOUT", 30.0))
    url = str(getattr(settings, "MONITORING_PARLIAMENT_URL", ""))

    def fetch(spool: IO[bytes]) -> None:
        for category in fmt.CATEGORIES:
            for page in fmt.pages(api, url, category):
                for item in page:
                    spool.write(canonical(item))

    result = harvest(kind=KIND, actor=actor, file_name=FILE, fetch=fetch, parse=_parse)
    if result.new:
        members_match()
    return result
