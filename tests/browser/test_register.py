"""The register in a real browser: an applicant registers a party, a registration officer
approves it, and it appears on the public register and in the API. axe-core audits every
page (tests/browser/conftest.py)."""

from __future__ import annotations

import io
import itertools
import re
from typing import Any

import pytest
from django.contrib.auth.models import Group
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from regulator.audit.models import AuditEvent
from regulator.identity.models import User
from regulator.identity.types import StaffRole, UserKind
from regulator.register.models import Membership, RegulatedEntity
from tests.browser.sessions import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (80, 80), "navy").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def test_party_registered_online_approved_and_published(
    page: Page, browser: Browser, live_server: Any, media: None
) -> None:
    RegulatedEntity.objects.create(
        id=52, name="Harbour Lights", entity_type="political-party", register="great-britain"
    )
    applicant = User.objects.create_user(
        username="applicant",
        email="applicant@example.org",
        password="x",
        kind=UserKind.FILER,
        full_name="Tia Treasurer",
    )
    sign_in(page.context, live_server, applicant)

    page.goto("/register/apply/")
    page.get_by_label("Register a political party").check()
    page.get_by_role("button", name="Start").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Which register should the party be on?"
    )
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select which register")
    page.get_by_label("Great Britain").check()
    page.get_by_role("button", name="Continue").click()

    # A name identical to a registered party's once normalised is refused on its field.
    page.get_by_label("Party name").fill("The Harbour-Lights Party")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("#id_name-error")).to_contain_text("already the name of a registered party")
    page.get_by_label("Party name").fill("Harbour Light Party")
    page.get_by_role("button", name="Continue").click()

    page.get_by_label("Address line 1").fill("3 Quay Road")
    page.get_by_label("Town or city").fill("Whitby")
    page.get_by_label("Postcode").fill("not a postcode")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("#id_postcode-error")).to_contain_text("Enter a real UK postcode")
    page.get_by_label("Postcode").fill("yo21 1aa")
    page.get_by_role("button", name="Continue").click()

    page.get_by_label("Full name of the party leader").fill("Lee Leader")
    page.get_by_label("Full name of the treasurer").fill("Tia Treasurer")
    page.get_by_label("Full name of the nominating officer").fill("Nat Nominating")
    page.get_by_role("button", name="Continue").click()

    page.get_by_label("Party description (optional)").fill("Lights for every harbour")
    page.get_by_label("Party emblem (optional)").set_input_files(
        {"name": "emblem.png", "mimeType": "image/png", "buffer": _png()}
    )
    page.get_by_label("Describe the emblem (optional)").fill("A navy square")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before sending your application"
    )
    expect(page.locator(".govuk-summary-list")).to_contain_text("YO21 1AA")
    page.get_by_role("button", name="Accept and send").click()
    expect(page.locator("#id_declaration-error")).to_contain_text("Confirm the declaration")
    page.get_by_label("I confirm that the information I have given is correct").check()
    page.get_by_role("button", name="Accept and send").click()
    expect(page.locator(".govuk-panel__title")).to_have_text("Application sent")
    reference = page.locator(".govuk-panel__body strong").inner_text()
    assert re.fullmatch(r"RA-[A-Z0-9]{8}", reference)

    staff = User.objects.create_user(
        username="officer", email="officer@example.org", password="x", kind=UserKind.STAFF
    )
    staff.groups.add(Group.objects.get_or_create(name=StaffRole.REGISTRATION_OFFICER)[0])
    officer_context = browser.new_context(base_url=live_server.url, locale="en-GB")
    officer_page = officer_context.new_page()
    sign_in(officer_context, live_server, staff)
    officer_page.goto("/register/staff/applications/")
    officer_page.get_by_role("link", name=reference).click()
    expect(officer_page.locator("main")).to_contain_text("Similar names already on the register")
    expect(officer_page.locator("main")).to_contain_text("Harbour Lights")
    officer_page.get_by_role("button", name="Approve").click()
    expect(officer_page.locator("main")).to_contain_text("Approved")
    officer_context.close()

    entity = RegulatedEntity.objects.get(name="Harbour Light Party")
    assert Membership.objects.get(entity=entity).user == applicant

    page.goto("/register/?q=harbour+light+party")
    page.get_by_role("link", name="Harbour Light Party").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Harbour Light Party")
    expect(page.locator("main")).to_contain_text("Nat Nominating")
    expect(page.locator("main")).to_contain_text("Lights for every harbour")
    expect(page.get_by_role("img", name="A navy square")).to_be_visible()

    page.get_by_role("link", name="Cymraeg").click()
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(page.get_by_role("heading", level=1)).to_have_text("Harbour Light Party")

    api = page.request.get("/api/v1/entities/?q=Harbour+Light+Party")
    assert api.ok
    assert api.headers["access-control-allow-origin"] == "*"
    assert [r["id"] for r in api.json()["results"]] == [entity.pk]
    detail = page.request.get(f"/api/v1/entities/{entity.pk}/").json()
    assert {o["full_name"] for o in detail["officers"]} == {
        "Lee Leader",
        "Tia Treasurer",
        "Nat Nominating",
    }

    # Every step is in the audit chain, and the chain links hold.
    events = list(AuditEvent.objects.order_by("seq"))
    actions = [e.action for e in events]
    for action in (
        "register.application_started",
        "register.application_answers_saved",
        "register.application_emblem_saved",
        "register.application_submitted",
        "register.entity_registered",
        "register.officer_appointed",
        "register.emblem_approved",
        "identity.membership_granted",
        "register.application_approved",
    ):
        assert action in actions, action
    for before, after in itertools.pairwise(events):
        assert after.prev_hash == before.hash
