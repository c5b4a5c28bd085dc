"""The open-data API's introduction in English and Welsh, reachable from the start page
in both languages, and its reference (Swagger UI) made accessible: the page's language,
no inline style or script (the Content Security Policy), deep links off (they sat inside
each operation's button). The reference is checked with axe-core in
tests/browser/test_welsh_and_sign_in.py."""

from __future__ import annotations

import json

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_api_introduction_in_welsh_leads_to_the_reference() -> None:
    client = Client()
    html = client.get("/cy/api/docs/").content.decode()
    assert '<html lang="cy"' in html
    assert '<h1 class="govuk-heading-xl">API data agored</h1>' in html
    assert 'href="/api/v1/docs/" hreflang="en">Agor cyfeirlyfr yr API</a>' in html
    assert 'href="/api/v1/schema/"' in html
    assert 'href="/cy/api-keys/register/"' in html
    assert "http://testserver/api/v1/" in html
    english = client.get("/api/docs/").content.decode()
    assert '<h1 class="govuk-heading-xl">Open data API</h1>' in english
    # Both start pages lead to the introduction in their language.
    assert 'href="/cy/api/docs/"' in client.get("/cy/").content.decode()
    assert 'href="/api/docs/"' in client.get("/").content.decode()


def test_the_reference_page_is_accessible_markup() -> None:
    client = Client()
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "<style" not in html
    assert "<script>" not in html
    assert "core/api-reference.css" in html
    assert "core/api-reference.js" in html
    assert 'href="/cy/api/docs/" lang="cy" hreflang="cy"' in html
    script = client.get("/api/v1/docs/?script=").content.decode()
    settings = json.loads(script.split("const swaggerSettings = ")[1].split(";\n")[0])
    assert settings["deepLinking"] is False
    assert settings["syntaxHighlight"] is False
