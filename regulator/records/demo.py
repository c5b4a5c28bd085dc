"""Demo records: the file plan, and records at every stage: declared (with a second
version), due for destruction and awaiting review, due but held by a litigation hold,
due for redaction of personal data, destroyed with a certificate (two records managers
approved it), and statements of accounts transferred as a bag for The National Archives
(under var/transfers). Idempotent: a second load finds the demo's records and stops."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, TextIO

from django.conf import settings

from regulator.audit.types import Actor
from regulator.core import clock
from regulator.core.demo import OTHER_PARTY_NAME
from regulator.records import selectors, services
from regulator.records.models import Record
from regulator.records.types import Decision, Declaration

ACTOR = Actor.system("manage.py demo_data")
PARTY, OTHER = 900001, 900002


MANAGERS = {"demo-records-manager": "Helen Ashdown", "demo-records-manager-2": "Rhodri Gwilym"}


def _manager(username: str) -> Any:
    from django.contrib.auth.models import Group

    from regulator.identity.services import staff_user_ensure

    user = staff_user_ensure(
        username=username,
        email=f"{username}@demo.example",
        full_name=MANAGERS[username],
        actor=ACTOR,
    )
    user.groups.add(Group.objects.get_or_create(name="records-manager")[0])
    return user


def _declare(
    record_class: str, source: str, source_id: str, title: str, content: bytes, **more: Any
) -> Record:
    return services.record_declare(
        declaration=Declaration(
            record_class=record_class,
            title=title,
            source=source,
            source_id=source_id,
            file_name=more.pop("file_name", f"{source_id}.pdf"),
            **more,
        ),
        content=content,
        actor=ACTOR,
    )


def _pdf(text: str) -> bytes:
    return f"%PDF-1.4\n% {text}\n%%EOF\n".encode()


def load(*, scale: int, stdout: TextIO) -> None:
    services.fileplan_seed(actor=ACTOR)
    if Record.objects.filter(source__startswith="demo.").exists():
        stdout.write("  records: demo records already loaded\n")
        return
    first, second = _manager("demo-records-manager"), _manager("demo-records-manager-2")
    published = dt.date(2019, 1, 31)

    # A certified destruction: an invoice whose six years ran out, approved twice.
    _declare(
        "FIL-DOC",
        "demo.invoice",
        "2018-destroyed",
        "Invoice: leaflets, 2018",
        _pdf("2018"),
        entity=PARTY,
    )
    services.record_event(
        source="demo.invoice",
        source_id="2018-destroyed",
        trigger="return-published",
        occurred_on=dt.date(2018, 7, 31),
        actor=ACTOR,
    )
    batch = services.disposal_batch_create(as_of=clock.local_today(), actor=ACTOR)
    if batch is not None:
        for item in batch.items.all():
            services.disposal_item_decide(item=item, decision=Decision.APPROVE, actor=first)
        services.disposal_batch_approve(batch=batch, actor=first)
        services.disposal_batch_second_approve(batch=batch, actor=second)

    # Due and awaiting review; due but held; due for redaction.
    for number in (1, 2, 3):
        _declare(
            "FIL-DOC",
            "demo.invoice",
            f"2019-{number}",
            f"Invoice {number}: hall hire, 2019",
            _pdf(f"2019 {number}"),
            entity=PARTY,
        )
        services.record_event(
            source="demo.invoice",
            source_id=f"2019-{number}",
            trigger="return-published",
            occurred_on=published,
            actor=ACTOR,
        )
    _declare(
        "FIL-DOC",
        "demo.invoice",
        "2019-other",
        "Invoice: advertising, 2019",
        _pdf("other"),
        entity=OTHER,
    )
    services.record_event(
        source="demo.invoice",
        source_id="2019-other",
        trigger="return-published",
        occurred_on=published,
        actor=ACTOR,
    )
    services.hold_place(
        kind="litigation",
        title=f"Judicial review: {OTHER_PARTY_NAME}",
        reason="Proceedings issued; keep everything about the party until they end.",
        owner=first,
        review_on=clock.local_today() + dt.timedelta(days=90),
        query_entity=OTHER,
        actor=ACTOR,
    )
    _declare(
        "CON-COR",
        "demo.letter",
        "2019-letter",
        "Letter from a member of the public",
        _pdf("letter"),
        personal={"address": "1 High Street, Cardiff"},
        language="Welsh",
    )
    services.record_event(
        source="demo.letter",
        source_id="2019-letter",
        trigger="contact-inactive",
        occurred_on=dt.date(2020, 6, 1),
        actor=ACTOR,
    )

    # Kept: a checkpoint, case evidence (sensitive) and a document in two versions.
    _declare(
        "AUD-CHK",
        "demo.checkpoint",
        "1",
        "Audit chain checkpoint",
        b'{"size": 1}',
        file_name="checkpoint.json",
    )
    _declare(
        "CAS-EVI", "demo.evidence", "1", "Bank statement seized", _pdf("evidence"), entity=PARTY
    )
    _declare("GUI-VER", "demo.guidance", "donations", "Donations to political parties", _pdf("v1"))
    _declare("GUI-VER", "demo.guidance", "donations", "Donations to political parties", _pdf("v2"))

    # Statements of accounts past twenty years: transferred as one bag.
    for year in (2003, 2004):
        _declare(
            "FIL-SOA",
            "demo.accounts",
            str(year),
            f"Statement of accounts {year}",
            _pdf(f"accounts {year}"),
            entity=PARTY,
        )
        services.record_event(
            source="demo.accounts",
            source_id=str(year),
            trigger="return-published",
            occurred_on=dt.date(year + 1, 4, 30),
            actor=ACTOR,
        )
    accounts = selectors.record_class_get(code="FIL-SOA")
    assert accounts is not None
    out = Path(getattr(settings, "RECORDS_TRANSFER_DIR", settings.VAR_DIR / "transfers"))
    consignment = services.records_transfer(
        record_class=accounts, as_of=clock.local_today(), out_dir=out, actor=ACTOR
    )
    stdout.write(
        f"  records: file plan, {Record.objects.count()} records; a hold blocks a due disposal; "
        f"certified destruction; transfer bag {consignment.bag_path}; schedule at /records/schedule/\n"
    )


def sign_ins() -> list[tuple[str, str, str]]:
    from regulator.core.demo import DIRECTORY_PASSWORD

    return [
        ("Records: search, file plan, holds and disposal", "records-manager", DIRECTORY_PASSWORD)
    ]
