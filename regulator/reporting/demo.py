"""Demo data of reporting: a full quarter, 2026-Q3 (July to September 2026), lived through
the other areas' own services with the clock set to each moment, so every available
measure is computed from the demo's own data:

- returns due in the quarter (the "Q2 2026" reports, due 30/07/2026) of the demo cast's
  entities: one filed on time through the filing API and published within the
  publication deadline, one filed late, one missing; a statement of accounts filed and
  published late; (the demo party's own Q2 2026 return, from the filings demo, counts too);
- registration applications decided within and outside the 20-working-day target;
- answers to the feedback question; cost inputs;
- a probe history of every minute of the quarter with outages inside working hours,
  outside them, on the August bank holiday and across an evening, and an hour with no
  probe (unknown); metric samples every five minutes.

The measures of areas not built yet (cases, contacts, monitoring) stay "not yet
available". Idempotent: each part is made only when it is missing."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from regulator.audit.types import Actor
from regulator.core import clock

ACTOR = Actor.system("manage.py demo_data")
QUARTER = "2026-Q3"
LONDON = ZoneInfo("Europe/London")
PROBE_URL = "http://127.0.0.1:8000/readyz"
METRICS_URL = "http://127.0.0.1:8000/metrics"
BUCKETS = ("0.01", "0.025", "0.05", "0.075", "0.1", "0.25", "0.5", "0.75", "1.0", "2.5", "5.0")
# Share of requests at or under each bound (the rest slower than 5 s).
SHARES = (0.05, 0.2, 0.45, 0.62, 0.74, 0.9, 0.96, 0.985, 0.993, 0.998, 0.9995)


def _at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=LONDON)


# (start, end, cause): inside working hours; a Saturday night; the Summer bank holiday
# (31/08/2026); across an evening (40 working minutes on each side)
OUTAGES = [
    (
        _at(2026, 7, 14, 10, 2),
        _at(2026, 7, 14, 10, 47),
        "database: OperationalError",
    ),
    (_at(2026, 8, 15, 2, 0), _at(2026, 8, 15, 5, 0), "HTTP 502"),
    (
        _at(2026, 8, 31, 11, 0),
        _at(2026, 8, 31, 12, 30),
        "unreachable: ConnectionError",
    ),
    (
        _at(2026, 9, 16, 16, 50),
        _at(2026, 9, 17, 9, 40),
        "task_queue: oldest task waited 1250.0 s",
    ),
]
UNPROBED = (_at(2026, 9, 2, 13, 0), _at(2026, 9, 2, 14, 0))


def load(*, scale: int, stdout: Any) -> None:
    from regulator.reporting.periods import period_parse

    period = period_parse(QUARTER)
    try:
        _returns(stdout)
        _applications(stdout)
        _feedback(period, stdout)
    finally:
        clock.freeze(None)
    _costs(stdout)
    _probes(period, stdout)


def sign_ins() -> list[tuple[str, str, str]]:
    from regulator.core.demo import DIRECTORY_PASSWORD

    return [
        (
            f"Performance dashboard ({QUARTER}; publish a pack there)",
            "performance-viewer",
            DIRECTORY_PASSWORD,
        )
    ]


def _user(email: str) -> Any:
    from regulator.identity import selectors as identity_selectors

    return identity_selectors.user_by_email(email=email)


# The staff who decide in the demo's quarter, named like real people.
STAFF_NAMES = {
    "demo-data-analyst": "Nerys Cadwaladr",
    "demo-data-approver": "Graham Oyelaran",
    "demo-data-officer": "Catriona Baird",
}


def _staff(username: str) -> Any:
    from regulator.identity.services import staff_user_ensure

    return staff_user_ensure(
        username=username,
        email=f"{username}@staff.example",
        full_name=STAFF_NAMES[username],
        actor=ACTOR,
    )


def _pdf(title: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text=title)
    return bytes(pdf.output())


REPORTING_DONORS = {"Q2 2026": "Bernard Achterberg"}


def _donations_csv(period: str) -> bytes:
    return (
        "DonorName,DonorStatus,CompanyRegistrationNumber,OnElectoralRegister,IsIrishSource,"
        "Value,DonationType,NatureOfDonation,ReceivedDate,AcceptedDate,IsAggregation,"
        "DonationAction\r\n"
        f"{REPORTING_DONORS.get(period, 'Eluned Parry')},Individual,,Yes,No,15000.00,Cash,,"
        "12/05/2026,13/05/2026,No,\r\n"
    ).encode()


def _file(
    entity: Any,
    filer: Any,
    kind: str,
    period: str,
    *,
    created: dt.datetime,
    submitted: dt.datetime | None,
    published: dt.datetime | None = None,
    through_api: bool = False,
) -> None:
    from regulator.filings import services

    analyst, approver = _staff("demo-data-analyst"), _staff("demo-data-approver")
    clock.freeze(created)
    version = services.return_create(
        entity=entity, kind=kind, period_name=period, actor=filer
    ).current
    if kind == "accounts":
        # Over £250,000, so audited: due six months after the year end (30/06/2026).
        services.accounts_figures_set(
            version=version,
            total_income=Decimal("312400.00"),
            total_expenditure=Decimal("287950.40"),
            audited=True,
            auditor_name="Fairweather Ashcombe & Co LLP",
            actor=filer,
        )
        services.attachment_add(
            version=version,
            source=_pdf(f"{entity.name}: statement of accounts"),
            file_name="accounts.pdf",
            actor=filer,
        )
    elif kind != "nil":
        services.upload_receive(
            version=version,
            kind="donations",  # type: ignore[arg-type]  # filings' TransactionKind (a StrEnum) is not behind its doors
            source=_donations_csv(period),
            # The filing API stores what it is sent under this name (filings.api).
            file_name="api.csv" if through_api else "donations.csv",
            actor=filer,
        )
    if submitted is None:
        return
    clock.freeze(submitted - dt.timedelta(minutes=10))
    version = services.version_validate(version=version, actor=filer)
    services.version_declare(version=version, user=filer)
    clock.freeze(submitted)
    version = services.version_submit(
        version=version, user=filer, idempotency_key=f"demo-reporting-{entity.pk}-{kind}-{period}"
    )
    if published is None:
        return
    clock.freeze(published - dt.timedelta(days=2))
    version = services.version_review_start(version=version, analyst=analyst)
    version = services.version_accept(version=version, analyst=analyst)
    clock.freeze(published)
    services.version_publish(version=version, approver=approver)


def _returns(stdout: Any) -> None:
    from regulator.core.demo import DEMO_FILERS
    from regulator.filings import selectors as filing_selectors
    from regulator.register import selectors as register_selectors

    treasurers = {f.entity_id: _user(f.email) for f in DEMO_FILERS if f.role != "agent"}
    plan = [
        # entity, kind, period, created, submitted, published, through the API
        (
            900002,
            "quarterly-central",
            "Q2 2026",
            _at(2026, 7, 1, 10),
            _at(2026, 7, 20, 15),
            _at(2026, 8, 10, 11),
            True,
        ),
        (900002, "nil", "Q2 2026", _at(2026, 7, 2, 9), None, None, False),
        (900003, "nil", "Q2 2026", _at(2026, 7, 6, 14), _at(2026, 8, 3, 16), None, False),
        (
            900002,
            "accounts",
            "Accounts 2025",
            _at(2026, 4, 2, 10),
            _at(2026, 5, 6, 12),
            _at(2026, 7, 27, 10),
            False,
        ),
    ]
    made = 0
    for entity_id, kind, period, created, submitted, published, api in plan:
        entity = register_selectors.entity_get(entity_id=entity_id)
        filer = treasurers.get(entity_id)
        if entity is None or filer is None:
            stdout.write("  reporting: returns skipped (the demo cast is not loaded)\n")
            return
        due = filing_selectors.returns_due(
            start=dt.date(2026, 6, 1), end=dt.date(2026, 8, 31), as_of=clock.now(), kinds=[kind]
        )
        if due.filter(entity_id=entity_id, period_name=period).exists():
            continue
        _file(
            entity,
            filer,
            kind,
            period,
            created=created,
            submitted=submitted,
            published=published,
            through_api=api,
        )
        made += 1
    stdout.write(f"  reporting: {made} returns of {QUARTER} filed\n")


APPLICATIONS = [
    # name, submitted, decided, approve
    ("Orchard Valley Alliance", _at(2026, 7, 6, 10), _at(2026, 7, 20, 15), True),
    ("Kestrel Ridge League", _at(2026, 7, 13, 11), _at(2026, 8, 28, 12), False),
    ("Tidewater Forum", _at(2026, 8, 3, 9), _at(2026, 8, 24, 16), True),
]


def _applications(stdout: Any) -> None:
    from regulator.core.demo import DEMO_FILERS
    from regulator.register import services
    from regulator.register.types import ApplicationKind

    applicant = _user(DEMO_FILERS[-1].email)
    if applicant is None:
        return
    officer = _staff("demo-data-officer")
    made = 0
    for name, submitted, decided, approve in APPLICATIONS:
        if _named(name):
            continue
        clock.freeze(submitted - dt.timedelta(hours=1))
        application = services.application_start(
            applicant=applicant, kind=ApplicationKind.PARTY_REGISTRATION, actor=applicant
        )
        application = services.application_answers_save(
            application=application,
            step="all",
            answers={
                "register": "great-britain",
                "name": name,
                "address_line_1": "14 Windsor Place",
                "town": "Cardiff",
                "postcode": "CF10 1AA",
                "leader": "Angharad Wynne",
                "treasurer": "Colin Threlfall",
                "nominating_officer": "Yusuf Mahmood",
            },
            actor=applicant,
        )
        clock.freeze(submitted)
        application = services.application_submit(
            application=application, declaration=True, actor=applicant
        )
        clock.freeze(decided)
        if approve:
            services.application_approve(application=application, officer=officer)
        else:
            services.application_refuse(
                application=application, officer=officer, reason="The emblem was not supplied."
            )
        made += 1
    stdout.write(f"  reporting: {made} registration applications decided\n")


def _named(name: str) -> bool:
    from regulator.register import selectors as register_selectors

    return any(
        (application.answers or {}).get("name") == name
        for application in register_selectors.applications_decided(
            start=dt.date(2026, 7, 1), end=dt.date(2026, 9, 30), as_of=clock.now()
        )
    )


def _feedback(period: Any, stdout: Any) -> None:
    from regulator.reporting import selectors, services

    if selectors.feedback_responses(start=period.start, end=period.end, as_of=clock.now()).exists():
        return
    chooser = random.Random(21)  # noqa: S311 - demo answers, not secrets
    ratings = ["very-satisfied"] * 9 + ["satisfied"] * 7 + ["neither"] * 2 + ["dissatisfied"] * 2
    for number in range(48):
        day = period.start + dt.timedelta(days=chooser.randrange(92))
        clock.freeze(_at(day.year, day.month, day.day, 9 + chooser.randrange(8)))
        services.feedback_record(
            journey="filing" if number % 4 else "registration", rating=chooser.choice(ratings)
        )
    stdout.write("  reporting: 48 feedback answers\n")


def _costs(stdout: Any) -> None:
    from regulator.reporting import services

    for code, label, amount in (
        ("hosting", "Hosting and licences", Decimal("4200.00")),
        ("support", "Service team time on filing", Decimal("6500.00")),
    ):
        services.cost_input_set(
            code=code,
            label=label,
            monthly_amount=amount,
            effective_from=dt.date(2025, 1, 1),
            actor=ACTOR,
        )


def _state(moment: dt.datetime) -> tuple[bool, str] | None:
    """Down (with its cause), up, or None when the probe did not run."""
    if UNPROBED[0] <= moment < UNPROBED[1]:
        return None
    for start, end, cause in OUTAGES:
        if start <= moment < end:
            return False, cause
    return True, ""


def _probes(period: Any, stdout: Any) -> None:
    from regulator.reporting import selectors, services

    low = _at(period.start.year, period.start.month, 1)
    high = _at(2026, 10, 1)
    if selectors.probe_count_between(low, high):
        stdout.write("  reporting: probe history already loaded\n")
        return
    probes, samples = [], []
    count = 0.0
    moment = low
    while moment < high:
        state = _state(moment)
        if state is not None:
            probes.append((moment.astimezone(dt.UTC), state[0], state[1]))
        local = moment.astimezone(LONDON)
        if local.minute % 5 == 0 and state is not None and state[0]:
            busy = local.weekday() < 5 and 9 <= local.hour < 18
            count += 240.0 if busy else 24.0
            buckets = {b: round(count * s, 1) for b, s in zip(BUCKETS, SHARES, strict=True)}
            buckets["+Inf"] = count
            samples.append((moment.astimezone(dt.UTC), count, buckets))
        moment += dt.timedelta(minutes=1)
    services.probe_results_insert(rows=probes, url=PROBE_URL)
    services.metric_samples_insert(rows=samples, url=METRICS_URL)
    stdout.write(f"  reporting: {len(probes)} probes and {len(samples)} metric samples\n")
