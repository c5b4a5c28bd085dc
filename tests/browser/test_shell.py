"""The public shell in a real browser: both languages, the switch, keyboard skip link."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_start_page_in_english_then_welsh_and_back(page: Page) -> None:
    page.goto("/")
    expect(page).to_have_title("Political finance regulation")
    expect(page.get_by_role("heading", level=1)).to_have_text("Political finance regulation")
    expect(page.get_by_role("link", name="Search political finance data")).to_be_visible()

    page.get_by_role("link", name="Cymraeg").click()
    expect(page).to_have_url(re.compile(r"/cy/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Rheoleiddio cyllid gwleidyddol")
    expect(page.locator("html")).to_have_attribute("lang", "cy")

    page.get_by_role("link", name="Datganiad hygyrchedd").click()
    expect(page).to_have_url(re.compile(r"/cy/accessibility-statement/$"))
    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/accessibility-statement/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Accessibility statement")


def test_skip_link_is_the_first_thing_a_keyboard_reaches(page: Page) -> None:
    page.goto("/cookies/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main-content$"))


def test_javascript_enhancement_loads_under_the_content_security_policy(page: Page) -> None:
    page.goto("/privacy/")
    # The nonce'd inline script ran (CSP allowed it) and GOV.UK Frontend initialised.
    expect(page.locator("body")).to_have_class(re.compile(r"govuk-frontend-supported"))


def test_pages_work_without_javascript(browser, live_server) -> None:
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    page.goto("/cy/cookies/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cwcis")
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cookies")
    context.close()


def test_not_found_page_is_accessible(page: Page) -> None:
    response = page.goto("/cy/dim-tudalen/")
    assert response is not None
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Heb ddod o hyd i'r dudalen")
