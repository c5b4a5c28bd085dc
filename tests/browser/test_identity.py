"""Identity in a real browser: staff single sign-on through the development directory (a
separate process), a filer's sign-in with a second factor, granting and revoking access,
and registering for an API key. axe-core checks every page, the directory's included."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect

from regulator.audit.types import Actor
from regulator.core import notify
from regulator.identity.testing import activate_totp, totp_code
from regulator.identity.tests.directory import PASSWORD, DirectoryServer
from regulator.identity.tests.factories import PASSWORD as FILER_PASSWORD
from regulator.identity.tests.factories import FilerFactory
from regulator.register import services
from regulator.register.models import Membership
from regulator.register.tests.factories import EntityFactory
from regulator.register.types import MembershipRole

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SECRET = "JBSWY3DPEHPK3PXP"


def test_staff_sign_in_through_the_directory_shows_their_roles(
    page: Page,
    directory: DirectoryServer,
    live_server: Any,
    settings: Any,
) -> None:
    directory.point_settings_at(settings)
    directory.allow_redirect(f"{live_server.url}/staff/sso/callback/")
    directory.set_user("browser-officer", ["registration-officer", "publication-approver"])

    page.goto("/")
    page.get_by_role("link", name="Sign in").first.click()
    page.get_by_role("link", name="Sign in with your Commission account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff sign-in")
    page.get_by_role("button", name="Sign in with the staff directory").click()

    expect(page).to_have_url(re.compile(rf"^{re.escape(directory.url)}/accounts/login/"))
    page.get_by_label("Username").fill("browser-officer")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    # Staff land on their own work, role by role (issue 15), not on "Your account".
    expect(page).to_have_url(f"{live_server.url}/staff/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your work")
    expect(page.get_by_role("heading", name="Registration officer")).to_be_visible()
    expect(page.get_by_role("heading", name="Publication approver")).to_be_visible()
    expect(page.get_by_role("link", name="Sign out")).to_be_visible()


def test_a_filer_signs_in_with_a_code_and_gives_then_removes_access(page: Page) -> None:
    cache.clear()
    entity = EntityFactory.create(name="Browser Party")
    treasurer = FilerFactory.create(email="treasurer@browser.example")
    activate_totp(treasurer, SECRET)
    services.membership_grant(
        user=treasurer,
        entity=entity,
        role=MembershipRole.TREASURER,
        granted_by=None,
        actor=Actor.system("test"),
    )
    colleague = FilerFactory.create(email="colleague@browser.example")

    page.goto("/file/")
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.get_by_label("Email").fill(treasurer.email)
    page.get_by_label("Password").fill(FILER_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.get_by_label("Code", exact=True).fill(totp_code(SECRET))
    page.get_by_role("button", name="Sign In").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    page.get_by_role("link", name="Browser Party").click()
    page.get_by_role("link", name="Give someone access").click()

    page.get_by_role("button", name="Give access").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the email address of the person’s account")  # noqa: RUF001
    expect(summary).to_contain_text("Select a role")

    page.get_by_label("Email address of their account").fill(colleague.email)
    page.get_by_label("Campaigns officer").check()
    page.get_by_role("button", name="Give access").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "colleague@browser.example can now act for Browser Party as Campaigns officer."
    )
    page.get_by_role("link", name=re.compile("Remove access colleague@browser.example")).click()
    page.get_by_role("button", name="Remove access").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("can no longer act")
    assert Membership.objects.get(user=colleague).revoked_at is not None


def test_registering_for_an_api_key_in_welsh(page: Page, settings: Any) -> None:
    settings.NOTIFY_BACKEND = "memory"
    notify.outbox.clear()
    page.goto("/cy/api-keys/register/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cael allwedd API")
    page.get_by_role("button", name="Cael allwedd").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Rhowch eich enw neu enw eich sefydliad"
    )
    page.get_by_label("Eich enw neu’ch sefydliad").fill("Desg Ddata")  # noqa: RUF001
    page.get_by_label("Cyfeiriad e-bost").fill("desg@example.org")
    page.get_by_role("button", name="Cael allwedd").click()
    # No key yet: a link goes to the address given, and the key is shown to whoever follows it.
    expect(page.get_by_role("heading", level=1)).to_have_text("Gwiriwch eich e-bost")
    [message] = [m for m in notify.outbox if m.email_address == "desg@example.org"]
    link = re.search(r"https?://\S+(/api-keys/confirm/\S+/)", message.personalisation["body"])
    assert link is not None
    page.goto("/cy" + link.group(1))
    page.get_by_role("button", name="Dangos fy allwedd API").click()
    expect(page.locator("#api-key")).to_have_text(re.compile(r"^[0-9a-f]{8}\.\S+$"))


def test_a_filer_signs_in_in_welsh_with_allauths_pages_in_welsh(page: Page) -> None:
    cache.clear()
    filer = FilerFactory.create(email="cymraeg@browser.example")
    activate_totp(filer, SECRET)

    page.goto("/cy/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mewngofnodi")
    expect(page.get_by_role("link", name="Wedi anghofio eich cyfrinair?")).to_be_visible()
    page.get_by_label("Cyfrinair").fill("not-the-password")
    page.get_by_label("E-bost").fill(filer.email)
    page.get_by_role("button", name="Mewngofnodi").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Mae yna broblem")
    expect(summary).to_contain_text(
        "Nid yw’r cyfeiriad e-bost a/neu’r cyfrinair a roesoch yn gywir."  # noqa: RUF001
    )

    page.get_by_label("Cyfrinair").fill(FILER_PASSWORD)
    page.get_by_role("button", name="Mewngofnodi").click()
    two_factor = "Mae eich cyfrif wedi’i ddiogelu gan ddilysu dau ffactor."  # noqa: RUF001
    expect(page.get_by_text(two_factor)).to_be_visible()
    page.get_by_label("Cod", exact=True).fill("000000")
    page.get_by_role("button", name="Mewngofnodi").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Cod anghywir.")
    page.get_by_label("Cod", exact=True).fill(totp_code(SECRET))
    page.get_by_role("button", name="Mewngofnodi").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Wedi mewngofnodi fel")

    page.goto("/cy/accounts/2fa/recovery-codes/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Codau adfer")
    page.goto("/cy/accounts/2fa/totp/deactivate/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dadactifadu’r ap dilysu")  # noqa: RUF001


def test_signing_up_and_resetting_a_password_in_welsh(page: Page, settings: Any) -> None:
    cache.clear()
    settings.NOTIFY_BACKEND = "memory"
    page.goto("/cy/accounts/signup/")
    # The sign-up page is in the project's own words (regulator/identity/templates/account/).
    expect(page.get_by_role("heading", level=1)).to_have_text("Creu cyfrif")
    page.get_by_label("E-bost").fill("newydd@browser.example")
    page.get_by_label("Cyfrinair", exact=True).fill(FILER_PASSWORD)
    page.get_by_label("Cyfrinair (eto)").fill(FILER_PASSWORD + "x")
    page.get_by_role("button", name="Creu cyfrif").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Rhaid i chi deipio’r un cyfrinair bob tro."  # noqa: RUF001
    )

    page.goto("/cy/accounts/password/reset/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ailosod cyfrinair")
    page.get_by_label("E-bost").fill("neb@browser.example")
    page.get_by_role("button", name="Ailosod fy nghyfrinair").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ailosod cyfrinair")
    expect(page.get_by_text("Rydym wedi anfon e-bost atoch.")).to_be_visible()
