"""Demo data for published finance: the Electoral Commission's own published files
(``tests/data/ec/``: a quarter of donations in 2019 and in 2024, the first pre-poll week of
the 2024 general election, the 2019 general election's campaign spending; Open Government
Licence v3.0), imported through the normal importer, so the public side shows real
parties, donees, campaigners, accounting units and donors. The samples hold no loans,
so the only loans are a few synthetic ones of the demo cast's fictional parties (lenders
named like real people and companies), with a few donations from the same fictional
companies. Idempotent: a file already imported (by its bytes) is left as it is.

``--scale N`` (N > 1, for load tests) adds the synthetic generator's 2,000 * N donations,
100 * N loans and 500 * N spending items of fictional entities (``disclosure.synthetic``)
and writes a Companies House snapshot of its company donors."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import random
from decimal import Decimal
from pathlib import Path
from typing import TextIO

from django.conf import settings

from regulator.audit.types import Actor
from regulator.core.cells import format_amount, format_date
from regulator.disclosure import synthetic
from regulator.finance import types as finance_types
from regulator.finance.selectors import file_already_imported
from regulator.finance.services import ec_file_import

DONATIONS_PER_SCALE = 2000
LOANS_PER_SCALE = 100
SPENDING_PER_SCALE = 500
# The Commission's published files the demo imports, oldest first (the later quarter's
# rows win where an entity's name changed).
PUBLISHED_FILES = (
    ("donations", "donations-2019-q4.csv"),
    ("donations", "donations-2024-q1.csv"),
    ("donations", "donations-2024-prepoll-week1.csv"),
    ("spending", "spending-ukpge-2019.csv"),
)
ATTRIBUTION = (
    "Contains public sector information licensed under the Open Government Licence v3.0. "
    "Source: The Electoral Commission."
)
LOANS = 18


def published_dir() -> Path:
    return Path(settings.BASE_DIR) / "tests" / "data" / "ec"


def demo_dir() -> Path:
    return Path(settings.VAR_DIR) / "demo"


def _import(kind: str, path: Path, actor: Actor, stdout: TextIO) -> None:
    sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    if file_already_imported(kind=kind, sha256=sha256):
        # Importing the same bytes again would change nothing but add an empty batch
        # to the proofs page: a second `make demo` leaves the data as it was.
        stdout.write(f"  {kind}: {path.name} was imported before; left as it is\n")
        return
    summary = ec_file_import(kind=kind, path=path, actor=actor)
    if not summary.ok:
        raise RuntimeError(f"{path}: {summary.error}")
    stdout.write(
        f"  {kind}: {path.name}: read {summary.read}, created {summary.created}, "
        f"unchanged {summary.unchanged}, updated {summary.updated}\n"
    )


def load(*, scale: int, stdout: TextIO) -> None:
    actor = Actor.system("manage.py demo_data")
    folder = demo_dir()
    for kind, name in PUBLISHED_FILES:
        _import(kind, published_dir() / name, actor, stdout)
    stdout.write(f"  published data: {ATTRIBUTION}\n")
    _import("loans", cast_loans_write(folder / "loans-demo-cast.csv"), actor, stdout)
    _import("donations", cast_donations_write(folder / "donations-demo-cast.csv"), actor, stdout)
    counts = {
        "donations": DONATIONS_PER_SCALE * scale,
        "loans": LOANS_PER_SCALE * scale,
        "spending": SPENDING_PER_SCALE * scale,
    }
    if scale > 1:
        for kind, n in counts.items():
            path = synthetic.write_csv(folder / f"{kind}-synthetic-x{scale}.csv", kind, n)
            _import(kind, path, actor, stdout)
        snapshot = folder / "BasicCompanyData-synthetic.csv"
        companies = synthetic.write_companies_house_snapshot(snapshot, counts["donations"])
        stdout.write(f"  Companies House snapshot: {companies} companies in {snapshot}\n")
    subscriptions_load(stdout=stdout)


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def cast_donations_write(path: Path) -> Path:
    """Donations from the cast's fictional company lenders to the cast's parties, in the
    Commission's donations layout (what monitoring's demo checks at its loopback Companies
    House). The same bytes every time."""
    from regulator.core.demo import DEMO_FILERS, LENDER_COMPANIES

    parties = [f for f in DEMO_FILERS if f.entity_type == "political-party" and f.role != "agent"]
    rows = []
    for i, (name, number, postcode) in enumerate(LENDER_COMPANIES * 2):
        party = parties[i % len(parties)]
        received = dt.date(2024, 2, 5) + dt.timedelta(days=45 * i)
        cells = dict.fromkeys(finance_types.DONATION_COLUMNS, "")
        cells.update(
            {
                "ECRef": f"DEMOD{i + 1:04d}",
                "RegulatedEntityName": party.entity_name,
                "RegulatedEntityType": "Political Party",
                "Value": format_amount(Decimal(12_500 + 2_500 * i)),
                "AcceptedDate": format_date(received + dt.timedelta(days=2)),
                "AccountingUnitName": "Central Party",
                "DonorName": name,
                "AccountingUnitsAsCentralParty": "False",
                "IsSponsorship": "False",
                "DonorStatus": "Company",
                "CompanyRegistrationNumber": number,
                "Postcode": postcode,
                "DonationType": "Cash",
                "ReceivedDate": format_date(received),
                "ReportedDate": format_date(received + dt.timedelta(days=40)),
                "ReportingPeriodName": f"Q{(received.month - 1) // 3 + 1} {received.year}",
                "IsBequest": "False",
                "IsAggregation": "False",
                "RegulatedEntityId": str(party.entity_id),
                "DonorId": str(990_101 + i % len(LENDER_COMPANIES)),
                "RegisterName": "Great Britain",
                "IsIrishSource": "False",
            }
        )
        rows.append([cells[column] for column in finance_types.DONATION_COLUMNS])
    return _write(path, finance_types.DONATION_COLUMNS, rows)


def cast_loans_write(path: Path) -> Path:
    """A few loans to the demo cast's fictional parties and campaigner, in the
    Commission's loans layout: lenders named like real people (the synthetic data's
    first and last names) and companies, some ended and some outstanding. The same bytes
    every time, so a second load imports nothing."""
    from regulator.core.demo import DEMO_FILERS, LENDER_COMPANIES

    rng = random.Random(900_001)  # noqa: S311 - demo data, not security
    entities = {
        filer.entity_id: (
            filer.entity_name,
            "Political Party" if filer.entity_type == "political-party" else "Third Party",
        )
        for filer in DEMO_FILERS
    }
    ids = sorted(entities)
    rows = []
    lender_ids: dict[str, str] = {}
    for i in range(LOANS):
        entity_id = ids[i % len(ids)]
        name, entity_type = entities[entity_id]
        if i % 4 == 3:
            lender, number, postcode = LENDER_COMPANIES[i // 4 % len(LENDER_COMPANIES)]
            lender_type = "Company"
        else:
            lender = f"{rng.choice(synthetic.FIRST)} {rng.choice(synthetic.LAST)}"
            number, postcode, lender_type = "", "", "Individual"
        start = dt.date(2024, 1, 8) + dt.timedelta(days=29 * i)
        value = Decimal(rng.choice((12_000, 15_000, 20_000, 25_000, 40_000, 60_000)))
        ended = i % 3 == 0
        repaid = (
            value
            if ended
            else (value * Decimal(rng.choice(("0", "0.25", "0.5")))).quantize(Decimal("0.01"))
        )
        cells = {
            "ECRef": f"DEMOL{i + 1:04d}",
            "RegulatedEntityName": name,
            "RegulatedEntityType": entity_type,
            "Value": format_amount(value),
            "LoanStatus": "Ended" if ended else "Outstanding",
            "StartDate": format_date(start),
            "AccountingUnitName": "Central Party" if entity_type == "Political Party" else "",
            "LoanParticipantName": lender,
            "LoanParticipantType": lender_type,
            "CompanyRegistrationNumber": number,
            "Postcode": postcode,
            "LoanType": "Credit facility" if i % 5 == 4 else "Loan",
            "RateOfInterestDescription": rng.choice(("0%", "Base rate + 2%", "5% fixed")),
            "AmountRepaid": format_amount(repaid),
            "AmountConverted": format_amount(Decimal("0.00")),
            "AmountOutstanding": format_amount(value - repaid),
            "EndDate": format_date(start + dt.timedelta(days=3 * 365)),
            "DateRepaid": format_date(start + dt.timedelta(days=200)) if ended else "",
            "DateEcLastNotified": format_date(start + dt.timedelta(days=30)),
            "IsReportedPrePoll": "",
            "ReportingPeriodName": f"Q{(start.month - 1) // 3 + 1} {start.year}",
            "IsAggregation": "False",
            "RegulatedEntityId": str(entity_id),
            "AccountingUnitId": "",
            "LoanParticipantId": lender_ids.setdefault(lender, str(990_001 + len(lender_ids))),
            "CampaigningName": "",
            "RegisterName": "Great Britain",
            "IsIrishSource": "False",
        }
        rows.append([cells[column] for column in finance_types.LOAN_COLUMNS])
    return _write(path, finance_types.LOAN_COLUMNS, rows)


def subscriptions_load(*, stdout: TextIO) -> None:
    """Demo followers (confirmed at once): the demo party by email, daily, and parties'
    guidance changes, weekly in Welsh; they fire with the return the filing demo publishes
    (the periodic job ``disclosure_digests_send`` sends the digest to the development
    outbox, var/notify-outbox.jsonl)."""
    from regulator.core.demo import DEMO_FILERS
    from regulator.disclosure.services import subscriptions

    party = DEMO_FILERS[0]
    for target, value, label, language, frequency in (
        ("entity", str(party.entity_id), party.entity_name, "en", "daily"),
        ("guidance", "parties", "Canllawiau i bleidiau", "cy", "weekly"),
    ):
        if subscriptions.subscription_exists(
            email="follower@demo.example", target=target, value=value
        ):
            continue
        _sub, token = subscriptions.subscription_start(
            email="follower@demo.example",
            target=target,
            value=value,
            label=label,
            language=language,
            frequency=frequency,
        )
        subscriptions.subscription_confirm(token=token, include_earlier=True)
    stdout.write(
        "  subscriptions: follower@demo.example follows the demo party and parties' guidance\n"
    )
