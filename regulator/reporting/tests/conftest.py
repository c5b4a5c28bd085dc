"""Shared set-up of the reporting tests: returns filed through the filings services at
chosen moments (the clock set to each), as a filer, analyst and approver would."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from regulator.core import clock

LONDON = ZoneInfo("Europe/London")


def at(year: int, month: int, day: int, hour: int = 12) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=LONDON)


DONATIONS = (
    b"DonorName,DonorStatus,CompanyRegistrationNumber,OnElectoralRegister,IsIrishSource,"
    b"Value,DonationType,NatureOfDonation,ReceivedDate,AcceptedDate,IsAggregation,"
    b"DonationAction\r\n"
    b"Test Donor,Individual,,Yes,No,15000.00,Cash,,12/05/2025,13/05/2025,No,\r\n"
)


def file_return(
    world: dict[str, Any],
    *,
    kind: str = "quarterly-central",
    period: str = "Q2 2025",
    created: dt.datetime,
    submitted: dt.datetime | None = None,
    published: dt.datetime | None = None,
    through_api: bool = False,
) -> Any:
    from regulator.filings import services
    from regulator.filings.rules.inputs import TransactionKind

    treasurer = world["treasurer"]
    clock.freeze(created)
    filed = services.return_create(
        entity=world["entity"], kind=kind, period_name=period, actor=treasurer
    )
    version = filed.current
    if kind != "nil":
        services.upload_receive(
            version=version,
            kind=TransactionKind.DONATION,
            source=DONATIONS,
            file_name="api.csv" if through_api else "donations.csv",
            actor=treasurer,
        )
    if submitted is not None:
        clock.freeze(submitted)
        version = services.version_validate(version=version, actor=treasurer)
        services.version_declare(version=version, user=treasurer)
        version = services.version_submit(
            version=version, user=treasurer, idempotency_key=f"test-{filed.pk}"
        )
    if published is not None:
        clock.freeze(published)
        version = services.version_review_start(version=version, analyst=world["analyst"])
        version = services.version_accept(version=version, analyst=world["analyst"])
        services.version_publish(version=version, approver=world["approver"])
    clock.freeze(None)
    return filed


@pytest.fixture(autouse=True)
def _catalogue(request: pytest.FixtureRequest) -> None:
    """The catalogue its data migration loads, put back if a transactional test before
    this one flushed it."""
    if request.node.get_closest_marker("django_db") or "db" in request.fixturenames:
        from regulator.reporting.testing import catalogue_ensure

        request.getfixturevalue("db")
        catalogue_ensure()


@pytest.fixture
def world(db: Any) -> dict[str, Any]:
    from regulator.filings.tests.factories import filing_world

    return filing_world()


@pytest.fixture
def quarter_returns(world: dict[str, Any]) -> dict[str, Any]:
    """Four "Q2 2025" returns (due 30/07/2025, in 2025-Q3) of one entity: on time through
    the API and published within 30 days of the due date; late; missing; and one started
    in the quarter that is not due in it."""
    on_time = file_return(
        world,
        created=at(2025, 7, 1),
        submitted=at(2025, 7, 30, 23),
        published=at(2025, 8, 20),
        through_api=True,
    )
    late = file_return(
        world, kind="weekly-pre-poll", created=at(2025, 7, 2), submitted=at(2025, 7, 31, 0)
    )
    missing = file_return(world, kind="nil", created=at(2025, 7, 3))
    other = file_return(world, period="Q3 2025", created=at(2025, 9, 1))
    return {"on_time": on_time, "late": late, "missing": missing, "other": other, **world}
