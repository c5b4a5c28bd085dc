"""The analyst's review of a submitted return (issue 15, item 4): before the accept button
the page shows the findings of the checks, the donors with the donor each resolves to and
that donor's published history, the totals by kind against the previous period's return
with the difference, and whether the return came in late and by how many days. Accepting
needs a reason and a confirmation: without them the page says what is missing (English
and Welsh) and nothing changes; with them the reason is kept with the acceptance, in the
audit chain, and shown afterwards.

Here rather than in regulator/filings/tests: the donors come from the donors area, which
filings may not import (its sibling); the page reaches it through finance's
``DONOR_HISTORIES`` hook, and this test sets up real donors on the other side of it."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from regulator.audit.models import AuditEvent
from regulator.core import clock
from regulator.core.testing import clock_frozen_at
from regulator.donors.models import Donor, DonorName, ResolutionRun
from regulator.filings import services
from regulator.filings.models import FiledReturn, ReturnKind, ReturnVersion, Status, StatusChange
from regulator.filings.review import review_summary
from regulator.filings.rules.inputs import TransactionKind
from regulator.filings.services import FilingError, FilingErrorCode
from regulator.filings.tests.factories import TEMPLATE_DONATION, filing_world
from regulator.finance.tests.factories import donation as published_donation
from regulator.identity.testing import signed_in_client

pytestmark = pytest.mark.django_db

_frozen = clock_frozen_at(dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC))

TEXT = {
    "en": {
        "prefix": "",
        "reason": "Enter why you are accepting the return, for example what you checked",
        "confirm": "Confirm that you accept the return",
        "late": "31 days late",
        "previous": "against the previous period (Q2 2026)",
        "resolved": "Not resolved yet: a donor not seen before",
        "why": "Why it was accepted",
    },
    "cy": {
        "prefix": "/cy",
        "reason": "Rhowch pam rydych chi\u2019n derbyn y ffurflen, er enghraifft beth a wiriwyd gennych",
        "confirm": "Cadarnhewch eich bod yn derbyn y ffurflen",
        "late": "31 diwrnod yn hwyr",
        "previous": "o\u2019i gymharu \u00e2\u2019r cyfnod blaenorol (Q2 2026)",
        "resolved": "Heb ei ddatrys eto: rhoddwr nas gwelwyd o\u2019r blaen",
        "why": "Pam y cafodd ei derbyn",
    },
}


@pytest.fixture
def world() -> dict[str, Any]:
    return filing_world()


def _rows(*rows: dict[str, str]) -> list[dict[str, str]]:
    return [dict(TEMPLATE_DONATION, **row) for row in rows]


def _submitted(
    world: dict[str, Any], period: str, rows: list[dict[str, str]], key: str
) -> ReturnVersion:
    filed = services.return_create(
        entity=world["entity"],
        kind=ReturnKind.QUARTERLY_CENTRAL,
        period_name=period,
        actor=world["treasurer"],
    )
    version = filed.current
    for row in rows:
        services.transaction_add(
            version=version, kind=TransactionKind.DONATION, data=row, actor=world["treasurer"]
        )
    version = services.version_validate(version=version, actor=world["treasurer"])
    assert version.status == Status.VALIDATED, version.findings
    services.version_declare(version=version, user=world["treasurer"])
    return services.version_submit(version=version, user=world["treasurer"], idempotency_key=key)


def _known_donor(world: dict[str, Any]) -> Donor:
    """A donor resolution already knows, with one published donation to another party."""
    run = ResolutionRun.objects.create(started_at=clock.now(), status=ResolutionRun.Status.FINISHED)
    donor = Donor.objects.create(
        donor_id="D0000042",
        display_name="Gwen Known-Donor",
        donor_status="Individual",
        first_run=run,
        last_run=run,
    )
    DonorName.objects.create(donor=donor, name="Gwen Known-Donor", record_count=1)
    from regulator.finance.tests.factories import EntityFactory

    other: Any = EntityFactory()
    record = published_donation(
        "Gwen Known-Donor", entity=other, value="2500.00", date=dt.date(2024, 3, 1)
    )
    record.donor_id = 42
    record.save(update_fields=["donor_id"])
    return donor


@pytest.fixture
def reviewed(world: dict[str, Any]) -> ReturnVersion:
    """Q3 2026 (due 30 October 2026) submitted on 30 November; Q2 2026 before it."""
    clock.freeze(dt.datetime(2026, 7, 20, 12, tzinfo=dt.UTC))
    _submitted(
        world,
        "Q2 2026",
        _rows(
            {
                "DonorName": "Old Donor",
                "Value": "10000.00",
                "ReceivedDate": "02/05/2026",
                "AcceptedDate": "03/05/2026",
            },
        ),
        "q2",
    )
    clock.freeze(dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC))
    _known_donor(world)
    return _submitted(
        world,
        "Q3 2026",
        _rows(
            {
                "DonorName": "Gwen Known-Donor",
                "Value": "12000.00",
                "ReceivedDate": "02/08/2026",
                "AcceptedDate": "03/08/2026",
            },
            {
                "DonorName": "Gwen  known-donor",
                "Value": "3000.00",
                "ReceivedDate": "04/08/2026",
                "AcceptedDate": "05/08/2026",
            },
            {
                "DonorName": "Brand New Donor",
                "Value": "15000.00",
                "ReceivedDate": "06/08/2026",
                "AcceptedDate": "07/08/2026",
            },
        ),
        "q3",
    )


def test_the_summary_compares_totals_with_the_previous_period_and_says_how_late(
    reviewed: ReturnVersion,
) -> None:
    summary = review_summary(reviewed)
    assert summary.previous is not None
    assert summary.previous.period_name == "Q2 2026"
    (donations,) = summary.totals
    assert (donations.name, donations.count, str(donations.total)) == ("Donations", 3, "30000.00")
    assert (donations.previous_count, str(donations.previous_total)) == (1, "10000.00")
    assert str(donations.difference) == "20000.00"
    assert summary.late is not None
    assert summary.late.due == dt.date(2026, 10, 30)
    assert summary.late.days_late == 31
    # The late warning the checks gave is among the findings shown.
    assert any(f["code"] == "report_late" for f in summary.warnings)
    # One donor reported under two spellings is one line, resolved to the known donor.
    by_name = {d.name.casefold(): d for d in summary.donors}
    known = by_name["gwen known-donor"]
    assert known.count == 2
    assert str(known.total) == "15000.00"
    assert known.history is not None
    assert known.history.donor_id == "D0000042"
    assert known.history.donations_count == 1
    assert str(known.history.donations_total) == "2500.00"
    assert known.history.url.endswith("/donors/D0000042/")
    assert by_name["brand new donor"].history is None


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_review_page_shows_checks_donors_totals_and_lateness_before_the_accept_button(
    world: dict[str, Any], reviewed: ReturnVersion, language: str
) -> None:
    text = TEXT[language]
    client = signed_in_client(world["analyst"])
    body = client.get(
        f"{text['prefix']}/filing/returns/{reviewed.filed_return_id}/"
    ).content.decode()
    accept = body.index('value="accept"')
    for marker in (
        'id="review-late"',
        'id="review-checks"',
        'id="review-totals"',
        'id="review-donors"',
    ):
        assert marker in body, marker
        assert body.index(marker) < accept, marker
    assert text["late"] in body
    assert text["previous"] in body
    # Money as money, the difference signed.
    assert "£30,000.00" in body
    assert "£10,000.00" in body
    assert "+£20,000.00" in body
    assert "30000.00" not in body.replace("£30,000.00", "")
    assert f'href="{text["prefix"]}/donors/D0000042/"' in body
    assert text["resolved"] in body


@pytest.mark.parametrize("language", ["en", "cy"])
def test_accepting_without_a_reason_or_confirmation_is_refused_and_changes_nothing(
    world: dict[str, Any], reviewed: ReturnVersion, language: str
) -> None:
    text = TEXT[language]
    client = signed_in_client(world["analyst"])
    url = f"{text['prefix']}/filing/returns/{reviewed.filed_return_id}/review/"
    events = AuditEvent.objects.count()
    response = client.post(url, {"action": "accept", "reason": "   "})
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    assert re.search(r"<title>\s*(Error|Gwall):", body)
    assert text["reason"] in body
    assert text["confirm"] in body
    assert 'href="#id_reason"' in body
    assert 'href="#id_confirm_accept"' in body
    reviewed.refresh_from_db()
    assert reviewed.status == Status.SUBMITTED
    assert reviewed.finance_return_id is None
    assert AuditEvent.objects.count() == events
    # A reason without the confirmation is refused too.
    response = client.post(url, {"action": "accept", "reason": "Checked"})
    assert text["confirm"] in response.content.decode()
    reviewed.refresh_from_db()
    assert reviewed.status == Status.SUBMITTED


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_reason_is_kept_audited_and_shown_after_acceptance(
    world: dict[str, Any], reviewed: ReturnVersion, language: str
) -> None:
    text = TEXT[language]
    client = signed_in_client(world["analyst"])
    pk = reviewed.filed_return_id
    reason = "Totals agree with the bank statements; the new donor is on the register."
    response = client.post(
        f"{text['prefix']}/filing/returns/{pk}/review/",
        {"action": "accept", "reason": f"  {reason} ", "confirm_accept": "on"},
    )
    assert response.status_code == 302
    reviewed.refresh_from_db()
    assert reviewed.status == Status.ACCEPTED
    change = StatusChange.objects.get(version=reviewed, to_status=Status.ACCEPTED)
    assert change.note == reason
    event = AuditEvent.objects.filter(action="filings.return_accepted").latest("pk")
    assert event.payload["note"] == reason
    body = client.get(f"{text['prefix']}/filing/returns/{pk}/").content.decode()
    assert text["why"] in body
    assert re.search(r'id="acceptance-reason">[^<]*the new donor is on the register', body)


def test_the_service_refuses_a_blank_reason_and_changes_nothing(
    world: dict[str, Any], reviewed: ReturnVersion
) -> None:
    with pytest.raises(FilingError) as refused:
        services.version_accept(version=reviewed, analyst=world["analyst"], reason=" \n ")
    assert refused.value.code == FilingErrorCode.REASON_REQUIRED
    reviewed.refresh_from_db()
    assert reviewed.status == Status.SUBMITTED
    assert not StatusChange.objects.filter(version=reviewed, to_status=Status.ACCEPTED).exists()


def test_a_return_without_an_earlier_period_says_so(world: dict[str, Any]) -> None:
    version = _submitted(
        world,
        "Q4 2026",
        _rows({"DonorName": "Only Donor"}),
        "q4",
    )
    summary = review_summary(version)
    assert summary.previous is None
    assert summary.late is None
    assert summary.totals[0].difference is None
    body = (
        signed_in_client(world["analyst"])
        .get(f"/filing/returns/{version.filed_return_id}/")
        .content.decode()
    )
    assert "there is no return for an earlier period" in body
    assert "Submitted on time" in body
    assert FiledReturn.objects.count() == 1
