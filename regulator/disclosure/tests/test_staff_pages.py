"""The publication approvers' screen: find, publish, withdraw and correct records, with
errors in English and Welsh, nothing changed on bad input, and nobody else let in."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from regulator.audit.models import AuditEvent
from regulator.finance.models import Donation
from regulator.identity.models import User
from regulator.identity.testing import sign_in
from regulator.identity.types import StaffRole, UserKind

pytestmark = pytest.mark.django_db


def _staff(username: str, role: StaffRole) -> User:
    user = User.objects.create_user(
        username=username, email=f"{username}@example.org", kind=UserKind.STAFF
    )
    user.groups.add(Group.objects.get_or_create(name=str(role))[0])
    return user


@pytest.fixture
def approver(client: Client) -> Client:
    sign_in(client, _staff("approver", StaffRole.PUBLICATION_APPROVER))
    return client


def _url(record: Donation, action: str = "") -> str:
    return f"/publication/records/donations/{record.ec_ref}/{action + '/' if action else ''}"


def _snapshot(record: Donation) -> dict[str, Any]:
    return dict(Donation.all_objects.filter(pk=record.pk).values().get())


def test_an_approver_finds_a_record_by_its_reference(approver, imported_samples):
    record = Donation.objects.order_by("id").first()
    assert record is not None
    response = approver.get("/publication/records/", {"ref": record.ec_ref.lower()})
    assert response.status_code == 302
    assert response["Location"] == _url(record)
    html = approver.get(_url(record)).content.decode()
    assert record.ec_ref in html
    assert record.donor_name.strip() in html
    assert "Withdraw the record" in html

    missing = approver.get("/publication/records/", {"ref": "NOPE123"})
    assert missing.status_code == 404
    assert "No record has the reference NOPE123" in missing.content.decode()
    assert 'href="#id_ref"' in missing.content.decode()
    blank = approver.get("/cy/publication/records/", {"ref": " "})
    assert blank.status_code == 400
    assert "Mae yna broblem" in blank.content.decode()
    assert "Rhowch gyfeirnod y cofnod" in blank.content.decode()


def test_an_approver_publishes_an_unpublished_filed_record(approver, imported_samples):
    record = Donation.objects.order_by("id").first()
    assert record is not None
    Donation.all_objects.filter(pk=record.pk).update(published_at=None)
    listing = approver.get("/publication/records/").content.decode()
    assert f'href="{_url(record)}"' in listing
    assert "Publish" in approver.get(_url(record)).content.decode()

    response = approver.post(_url(record, "publish"))
    assert response.status_code == 302
    assert Donation.objects.filter(pk=record.pk).exists()
    assert f'href="{_url(record)}"' not in approver.get("/publication/records/").content.decode()
    html = approver.get(_url(record)).content.decode()
    assert "Published" in html
    assert "approver" in html  # the history names who published it

    # Publishing twice is refused with a clear error and changes nothing.
    before = _snapshot(record)
    again = approver.post("/cy" + _url(record, "publish"))
    assert again.status_code == 400
    assert "Mae\u2019r cofnod hwn wedi\u2019i gyhoeddi eisoes." in again.content.decode()
    assert _snapshot(record) == before


def test_withdrawing_needs_a_reason_and_leaves_a_note_on_the_entity_page(
    approver, imported_samples
):
    record = Donation.objects.filter(entity_id=52).order_by("id").first()
    assert record is not None
    before = _snapshot(record)
    events = AuditEvent.objects.count()
    for prefix, text in [("", "Enter the reason for withdrawing the record"),
                         ("/cy", "Rhowch y rheswm dros dynnu\u2019r cofnod yn ôl")]:  # fmt: skip
        response = approver.post(prefix + _url(record, "withdraw"), {"withdraw-reason": "   "})
        assert response.status_code == 400
        html = response.content.decode()
        assert text in html
        assert 'href="#id_withdraw-reason"' in html
        assert 'aria-describedby="id_withdraw-reason-hint id_withdraw-reason-error"' in html
    assert _snapshot(record) == before
    assert AuditEvent.objects.count() == events

    response = approver.post(_url(record, "withdraw"), {"withdraw-reason": "Reported twice"})
    assert response.status_code == 302
    assert not Donation.objects.filter(pk=record.pk).exists()
    page = approver.get(_url(record)).content.decode()
    assert "Withdrawn" in page
    assert "Reported twice" in page
    assert "Withdraw the record" not in page
    entity_page = Client().get("/search/entities/52/").content.decode()
    assert record.ec_ref in entity_page
    assert "Reported twice" in entity_page
    again = approver.post(_url(record, "withdraw"), {"withdraw-reason": "Again"})
    assert again.status_code == 400
    assert "This record is already withdrawn." in again.content.decode()


def test_a_correction_changes_the_chosen_fields_with_a_note(approver, imported_samples):
    record = Donation.objects.filter(donor_status="Company").order_by("id").first()
    assert record is not None
    form = {
        f"correct-{name}": value
        for name, value in {
            "value": str(record.value),
            "donor_name": record.donor_name,
            "donor_status": record.donor_status,
            "donation_type": record.donation_type,
            "accepted_date": record.accepted_date.strftime("%d/%m/%Y")
            if record.accepted_date
            else "",
            "received_date": record.received_date.strftime("%d/%m/%Y")
            if record.received_date
            else "",
            "reported_date": record.reported_date.strftime("%d/%m/%Y")
            if record.reported_date
            else "",
            "entity_name": record.entity_name,
            "accounting_unit_name": record.accounting_unit_name,
            "campaigning_name": record.campaigning_name,
        }.items()
    }
    before = _snapshot(record)

    unchanged = approver.post(_url(record, "correct"), {**form, "correct-note": "Nothing"})
    assert unchanged.status_code == 400
    assert "Change at least one field" in unchanged.content.decode()
    bad = {
        **form,
        "correct-value": "lots",
        "correct-accepted_date": "31/02/2024",
        "correct-donor_status": "Martian",
        "correct-note": "",
    }
    response = approver.post("/cy" + _url(record, "correct"), bad)
    assert response.status_code == 400
    html = response.content.decode()
    for anchor in ("value", "accepted_date", "donor_status", "note"):
        assert f'href="#id_correct-{anchor}"' in html
    assert "Rhowch nodyn yn dweud beth a gywirwyd a pham" in html
    assert 'value="lots"' in html  # what was typed comes back to be fixed
    assert _snapshot(record) == before

    good = {
        **form,
        "correct-value": "£1,234.50",
        "correct-donor_name": "Harbour Renamed Ltd",
        "correct-accepted_date": "02/01/2019",
        "correct-note": "Name and value corrected by the party",
    }
    response = approver.post(_url(record, "correct"), good)
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.value == Decimal("1234.50")
    assert record.donor_name == "Harbour Renamed Ltd"
    assert str(record.date) == "2019-01-02"
    assert record.correction_note == "Name and value corrected by the party"
    assert "harbour renamed ltd" in record.search_text
    api = Client().get("/api/v1/donations/", {"q": "harbour renamed"}).json()["results"]
    assert [item["ec_ref"] for item in api] == [record.ec_ref]
    history = approver.get(_url(record)).content.decode()
    assert "Corrected" in history
    assert "Harbour Renamed Ltd" in history
    assert "Name and value corrected by the party" in history


def test_a_donor_who_becomes_an_individual_loses_their_postcode(approver, imported_samples):
    record = Donation.objects.exclude(postcode="").exclude(donor_status="Individual").first()
    assert record is not None
    form = {
        "correct-value": str(record.value),
        "correct-donor_name": record.donor_name,
        "correct-donor_status": "Individual",
        "correct-donation_type": record.donation_type,
        "correct-accepted_date": record.date.strftime("%d/%m/%Y"),
        "correct-entity_name": record.entity_name,
        "correct-note": "The donor is a person",
    }
    assert approver.post(_url(record, "correct"), form).status_code == 302
    record.refresh_from_db()
    assert record.donor_status == "Individual"
    assert record.postcode == ""


def test_nobody_but_an_approver_gets_in_and_nothing_changes(client, imported_samples):
    record = Donation.objects.order_by("id").first()
    assert record is not None
    before = _snapshot(record)
    anonymous = Client()
    assert anonymous.get("/publication/records/").status_code == 302
    assert anonymous.post(_url(record, "withdraw"), {"withdraw-reason": "x"}).status_code == 302
    sign_in(client, _staff("analyst", StaffRole.FINANCE_ANALYST))
    assert client.get("/publication/records/").status_code == 403
    assert client.get(_url(record)).status_code == 404
    for action, data in [
        ("publish", {}),
        ("withdraw", {"withdraw-reason": "x"}),
        ("correct", {"correct-value": "1.00", "correct-note": "x"}),
    ]:
        assert client.post(_url(record, action), data).status_code == 404
    assert _snapshot(record) == before


def test_actions_need_a_csrf_token(imported_samples):
    record = Donation.objects.order_by("id").first()
    assert record is not None
    client = Client(enforce_csrf_checks=True)
    sign_in(client, _staff("approver3", StaffRole.PUBLICATION_APPROVER))
    response = client.post(_url(record, "withdraw"), {"withdraw-reason": "No token"})
    assert response.status_code == 403
    assert Donation.objects.filter(pk=record.pk).exists()
    assert client.get(_url(record, "withdraw")).status_code == 405
