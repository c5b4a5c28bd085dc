"""Demo data of the filings area: a synthetic Companies House snapshot (with its edge
cases), so company donors in the demo are checked as they would be in production. The
statutory figures come with the migrations. Then returns of Demo Party (900001, from
identity's demo) in several states, started by its demo treasurer: a draft with rows, a
submitted return, a queried one and a published one. Idempotent: a return is made only
when the entity has none of that kind for that period."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from regulator.audit.actors import Actor
from regulator.filings.companies_fixture import synthetic_companies, write_snapshot
from regulator.filings.models import Company
from regulator.filings.services import companies_import

ACTOR = Actor.system("manage.py demo_data")
DEMO_ENTITY = 900001
TREASURER = "treasurer@demo-party.example"
ANALYST = "demo-data-analyst"
# period, final state, how many donations
RETURNS = [
    ("Q1 2026", "published", 6),
    ("Q2 2026", "queried", 4),
    ("Q3 2026", "submitted", 5),
    ("Q4 2026", "draft", 3),
]
_MIDDLE_MONTH = {"Q1": "02", "Q2": "05", "Q3": "08", "Q4": "11"}


def load(*, scale: int, stdout: Any) -> None:
    companies = synthetic_companies(200 * scale)
    numbers = [company.number for company in companies]
    present = Company.objects.filter(company_number__in=numbers).count()
    if present == len(numbers):
        stdout.write(f"  companies: {present} already loaded")
        load_returns(stdout=stdout)
        return
    with tempfile.TemporaryDirectory() as folder:
        path = write_snapshot(Path(folder) / "BasicCompanyData-demo.csv", companies)
        summary = companies_import(path=path, actor=Actor.system("manage.py demo_data"))
    stdout.write(f"  companies: {summary.rows} loaded from a synthetic snapshot")
    load_returns(stdout=stdout)


def _csv(period: str, count: int) -> bytes:
    import csv
    import io

    from regulator.filings.parsing import TEMPLATES
    from regulator.filings.rules.inputs import TransactionKind

    quarter, year = period.split()
    month = _MIDDLE_MONTH[quarter]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=TEMPLATES[TransactionKind.DONATION])
    writer.writeheader()
    for number in range(1, count + 1):
        writer.writerow(
            {
                "DonorName": f"Demo Donor {period} {number}",
                "DonorStatus": "Individual",
                "OnElectoralRegister": "Yes",
                "IsIrishSource": "No",
                "Value": f"{12000 + 1000 * number}.00",
                "DonationType": "Cash",
                "ReceivedDate": f"{10 + number:02d}/{month}/{year}",
                "AcceptedDate": f"{11 + number:02d}/{month}/{year}",
                "IsAggregation": "No",
            }
        )
    return buffer.getvalue().encode()


def _analyst() -> Any:
    from regulator.identity.models import User, UserKind

    user = User.objects.filter(username=ANALYST).first()
    if user is None:
        user = User(
            username=ANALYST,
            email="demo-data-analyst@staff.example",
            kind=UserKind.STAFF,
            full_name="Demo analyst (demo data)",
        )
        user.set_unusable_password()
        user.save()
    return user


def _return(entity: Any, treasurer: Any, analyst: Any, period: str, state: str, rows: int) -> None:
    from regulator.filings import lifecycle
    from regulator.filings.rules.inputs import TransactionKind

    filed = lifecycle.return_create(
        entity=entity, kind="quarterly-central", period_name=period, actor=treasurer
    )
    version = filed.current
    lifecycle.upload_receive(
        version=version,
        kind=TransactionKind.DONATION,
        source=_csv(period, rows),
        file_name=f"donations-{period.replace(' ', '-')}.csv",
        actor=treasurer,
    )
    version = lifecycle.version_validate(version=version, actor=treasurer)
    if state == "draft":
        return
    lifecycle.version_declare(version=version, user=treasurer)
    version = lifecycle.version_submit(
        version=version, user=treasurer, idempotency_key=f"demo-{entity.pk}-{period}"
    )
    if state == "submitted":
        return
    version = lifecycle.version_review_start(version=version, analyst=analyst)
    if state == "queried":
        lifecycle.version_query(
            version=version,
            analyst=analyst,
            question="Please confirm the date donation 2 was accepted.",
        )
        return
    version = lifecycle.version_accept(version=version, analyst=analyst)
    if state == "published":
        lifecycle.version_publish(version=version, approver=analyst)


def load_returns(*, stdout: Any) -> int:
    """The demo returns; how many were made now."""
    from regulator.filings.models import FiledReturn
    from regulator.identity.models import User
    from regulator.register.models import RegulatedEntity

    entity = RegulatedEntity.objects.filter(pk=DEMO_ENTITY).first()
    treasurer = User.objects.filter(email=TREASURER).first()
    if entity is None or treasurer is None:
        stdout.write("  returns: skipped (identity's demo filers are not loaded)\n")
        return 0
    analyst = _analyst()
    made = 0
    for period, state, rows in RETURNS:
        if FiledReturn.objects.filter(
            entity=entity, kind="quarterly-central", period_name=period
        ).exists():
            continue
        _return(entity, treasurer, analyst, period, state, rows)
        made += 1
    stdout.write(f"  returns: {made} demo returns made for {entity.name}\n")
    return made
