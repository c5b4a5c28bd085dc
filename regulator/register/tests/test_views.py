from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from regulator.core import clock
from regulator.register import services
from regulator.register.models import Application, RegulatedEntity
from regulator.register.tests.factories import EntityFactory, filer, image_bytes, officer
from regulator.register.types import ApplicationKind, ApplicationStatus, EntityStatus


def _walk_party_application(client: Client, *, name: str = "Harbour Lights Party") -> str:
    response = client.post("/register/apply/", {"kind": "party-registration"})
    assert response.status_code == 302
    reference = Application.objects.get().reference
    base = f"/register/applications/{reference}"
    assert client.post(f"{base}/register/", {"register": "great-britain"}).status_code == 302
    assert client.post(f"{base}/name/", {"name": name}).status_code == 302
    address = {"address_line_1": "3 Quay Road", "town": "Whitby", "postcode": "yo21 1aa"}
    assert client.post(f"{base}/address/", address).status_code == 302
    officers = {
        "leader": "Lee Leader",
        "treasurer": "Tia Treasurer",
        "nominating_officer": "Nat Nom",
    }
    assert client.post(f"{base}/officers/", officers).status_code == 302
    emblem = SimpleUploadedFile("lights.png", image_bytes("PNG"), content_type="image/png")
    response = client.post(
        f"{base}/emblem/",
        {
            "description": "Lights on the harbour",
            "emblem": emblem,
            "emblem_description": "A lighthouse",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"{base}/check/")
    return reference


@pytest.mark.django_db
def test_party_registration_journey_to_the_public_register(client: Client) -> None:
    applicant = filer()
    client.force_login(applicant)
    reference = _walk_party_application(client)
    check = client.get(f"/register/applications/{reference}/check/")
    assert "Harbour Lights Party" in check.content.decode()
    assert "YO21 1AA" in check.content.decode()
    refused = client.post(f"/register/applications/{reference}/check/", {})
    assert refused.status_code == 400
    assert "Confirm the declaration" in refused.content.decode()
    sent = client.post(f"/register/applications/{reference}/check/", {"declaration": "on"})
    assert sent.status_code == 302
    assert reference in client.get(sent["Location"]).content.decode()

    staff = officer()
    staff_client = Client()
    staff_client.force_login(staff)
    queue = staff_client.get("/register/staff/applications/").content.decode()
    assert reference in queue
    assert "0 of 30 days" in queue
    approved = staff_client.post(
        f"/register/staff/applications/{reference}/", {"action": "approve", "approve-reason": ""}
    )
    assert approved.status_code == 302
    entity = RegulatedEntity.objects.get(name="Harbour Lights Party")

    public = Client()
    page = public.get(f"/register/entities/{entity.pk}/").content.decode()
    assert "Tia Treasurer" in page
    assert "Lights on the harbour" in page
    emblem = entity.emblems.get()
    image = public.get(f"/register/emblems/{emblem.pk}/")
    assert image.status_code == 200
    assert image["Content-Type"] == "image/png"
    # The approved emblem is a record of the register, with exactly the bytes served.
    from regulator.records import selectors as records_selectors

    (record,) = records_selectors.records_of_source(
        source="register.emblem", source_id=str(emblem.pk)
    )
    assert record.record_class.code == "REG-EMB"
    assert record.entity == entity.pk
    assert record.sha256 == hashlib.sha256(image.getvalue()).hexdigest()
    assert "Harbour Lights Party" in public.get("/register/?q=harbour").content.decode()
    assert "Harbour Lights Party" in public.get("/cy/register/?q=harbour").content.decode()

    history = staff_client.get(f"/register/staff/entities/{entity.pk}/history/").content.decode()
    for action in (
        "register.entity_registered",
        "identity.membership_granted",
        "register.emblem_approved",
    ):
        assert action in history


@pytest.mark.django_db
def test_bad_answers_show_field_errors_and_save_nothing(client: Client) -> None:
    EntityFactory.create(name="The Harbour Lights Party")
    client.force_login(filer())
    client.post("/register/apply/", {"kind": "party-registration"})
    application = Application.objects.get()
    base = f"/register/applications/{application.reference}"
    taken = client.post(f"{base}/name/", {"name": "harbour lights"})
    assert taken.status_code == 400
    html = taken.content.decode()
    assert "already the name of a registered party" in html
    assert 'href="#id_name"' in html
    postcode = client.post(
        f"{base}/address/", {"address_line_1": "1 Road", "town": "Town", "postcode": "XYZ"}
    )
    assert "Enter a real UK postcode" in postcode.content.decode()
    officers = client.post(
        f"{base}/officers/", {"leader": "A", "treasurer": "", "nominating_officer": ""}
    )
    assert "Enter the name of the treasurer" in officers.content.decode()
    not_image = SimpleUploadedFile("e.png", b"GIF89a not really", content_type="image/png")
    emblem = client.post(f"{base}/emblem/", {"emblem": not_image, "emblem_description": "x"})
    assert "must be a PNG or JPEG image" in emblem.content.decode()
    application.refresh_from_db()
    assert application.answers == {}
    assert not application.emblem


@pytest.mark.django_db
def test_errors_are_in_welsh_on_welsh_pages(client: Client) -> None:
    client.force_login(filer())
    client.post("/cy/register/apply/", {"kind": "party-registration"})
    application = Application.objects.get()
    response = client.post(
        f"/cy/register/applications/{application.reference}/address/",
        {"address_line_1": "1 Ffordd", "town": "Aberystwyth", "postcode": "nonsense"},
    )
    html = response.content.decode()
    assert 'lang="cy"' in html
    assert "Rhowch god post" in html


@pytest.mark.django_db
def test_other_filers_and_staff_cannot_see_an_application(client: Client) -> None:
    applicant = filer()
    application = services.application_start(
        applicant=applicant, kind=ApplicationKind.PARTY_REGISTRATION, actor=applicant
    )
    client.force_login(filer("someone-else"))
    assert client.get(f"/register/applications/{application.reference}/check/").status_code == 404
    client.force_login(officer())
    assert client.get(f"/register/applications/{application.reference}/name/").status_code == 404
    anonymous = Client().get(f"/register/applications/{application.reference}/name/")
    assert anonymous.status_code == 302
    assert "next=" in anonymous["Location"]


@pytest.mark.django_db
def test_staff_pages_need_a_registration_officer(client: Client) -> None:
    client.force_login(filer())
    assert client.get("/register/staff/applications/").status_code == 403
    assert Client().get("/register/staff/applications/").status_code == 302


@pytest.mark.django_db
def test_queue_shows_age_against_target(client: Client) -> None:
    import datetime as dt

    # At noon: late in the evening, 45 days back can cross the change from summer time
    # and land on the next London day (the age is in London calendar days).
    clock.freeze(dt.datetime(2026, 12, 6, 12, tzinfo=dt.UTC))
    applicant = filer()
    application = services.application_start(
        applicant=applicant, kind=ApplicationKind.PARTY_REGISTRATION, actor=applicant
    )
    Application.objects.filter(pk=application.pk).update(
        status=ApplicationStatus.SUBMITTED, submitted_at=clock.now() - dt.timedelta(days=45)
    )
    client.force_login(officer())
    html = client.get("/register/staff/applications/").content.decode()
    assert "45 of 30 days: overdue" in html


@pytest.mark.django_db
def test_refusal_and_changes_from_the_review_page(client: Client) -> None:
    EntityFactory.create(name="The Harbour Lights", id=5)
    applicant = filer()
    applicant_client = Client()
    applicant_client.force_login(applicant)
    reference = _walk_party_application(applicant_client, name="Harbour Light Party")
    applicant_client.post(f"/register/applications/{reference}/check/", {"declaration": "on"})
    client.force_login(officer())
    review = client.get(f"/register/staff/applications/{reference}/").content.decode()
    assert "Similar names already on the register" in review
    assert "The Harbour Lights" in review
    empty = client.post(f"/register/staff/applications/{reference}/", {"action": "refuse"})
    assert empty.status_code == 400
    assert "Enter the reasons for refusing" in empty.content.decode()
    client.post(
        f"/register/staff/applications/{reference}/",
        {"action": "changes", "changes-note": "Choose a less similar name"},
    )
    detail = applicant_client.get(f"/register/applications/{reference}/").content.decode()
    assert "Choose a less similar name" in detail
    applicant_client.post(f"/register/applications/{reference}/check/", {"declaration": "on"})
    client.post(
        f"/register/staff/applications/{reference}/",
        {"action": "refuse", "refuse-reason": "Likely to mislead voters"},
    )
    assert Application.objects.get(reference=reference).status == ApplicationStatus.REFUSED
    assert not RegulatedEntity.objects.filter(name="Harbour Light Party").exists()


@pytest.mark.django_db
def test_member_applies_for_a_change_and_deregistered_entities_are_shown(client: Client) -> None:
    from regulator.register.services import membership_grant

    entity = EntityFactory.create(name="Meadow Party")
    treasurer = filer()
    membership_grant(user=treasurer, entity=entity, role="treasurer", granted_by=None, actor=None)
    client.force_login(treasurer)
    response = client.post(f"/register/entities/{entity.pk}/changes/", {"kind": "deregistration"})
    assert response.status_code == 302
    reference = Application.objects.get().reference
    client.post(
        f"/register/applications/{reference}/deregistration/",
        {"deregistered_on_0": "31", "deregistered_on_1": "12", "deregistered_on_2": "2026"},
    )
    client.post(f"/register/applications/{reference}/check/", {"declaration": "on"})
    staff = Client()
    staff.force_login(officer())
    staff.post(f"/register/staff/applications/{reference}/", {"action": "approve"})
    entity.refresh_from_db()
    assert entity.status == EntityStatus.DEREGISTERED
    assert entity.name == "Meadow Party"
    page = Client().get(f"/register/entities/{entity.pk}/").content.decode()
    assert "Deregistered on 31 December 2026" in page
    other = filer("other")
    client.force_login(other)
    assert client.get(f"/register/entities/{entity.pk}/changes/").status_code == 404


@pytest.mark.django_db
def test_unapproved_emblems_are_not_served(client: Client) -> None:
    from django.core.files.base import ContentFile

    from regulator.register.models import Emblem

    entity = EntityFactory.create()
    emblem = Emblem(entity=entity, description="x", content_type="image/png")
    emblem.image.save("x.png", ContentFile(image_bytes()), save=True)
    assert client.get(f"/register/emblems/{emblem.pk}/").status_code == 404
