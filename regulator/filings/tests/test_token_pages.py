"""A filer's API tokens in the browser: the key is shown once and only its hash kept; it
works against the filing API until revoked; only its own user sees or revokes it; only a
member of some entity may create one, after a recent sign-in; both steps are audited."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from regulator.audit.models import AuditEvent
from regulator.audit.types import Actor
from regulator.core.testing import clock_frozen_at
from regulator.filings.models import FilerToken
from regulator.filings.services import filer_token_issue
from regulator.filings.tests.factories import filing_world
from regulator.identity.testing import signed_in_client
from regulator.identity.tests.factories import FilerFactory

pytestmark = pytest.mark.django_db

NAME_REQUIRED = "Enter what will use the token"


_frozen = clock_frozen_at(dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC))


def _api(key: str) -> int:
    response = Client().get("/api/v1/filings/returns/", HTTP_AUTHORIZATION=f"Filer-Token {key}")
    return int(response.status_code)


def _create(client: Client, name: str = "Ledger") -> tuple[FilerToken, str]:
    response = client.post("/filing/tokens/new/", {"name": name})
    assert response.status_code == 200
    assert "no-store" in response.get("Cache-Control", "")
    body = response.content.decode()
    match = re.search(r'<code id="token-key">(ft_[^<]+)</code>', body)
    assert match, "the key is shown"
    key = match.group(1)
    token = FilerToken.objects.get(name=name)
    return token, key


def test_create_shows_the_key_once_and_it_works_until_revoked(world: dict[str, Any]) -> None:
    treasurer = world["treasurer"]
    client = signed_in_client(treasurer)
    assert client.get("/filing/tokens/new/").status_code == 200
    token, key = _create(client)
    assert token.user == treasurer
    assert token.key_hash != key
    assert key not in token.key_hash
    assert key.startswith(f"ft_{token.prefix}_")
    # Never shown again: not on the list, not on the revoke page.
    listing = client.get("/filing/tokens/").content.decode()
    assert "Ledger" in listing
    assert f"ft_{token.prefix}_" in listing
    assert key not in listing
    assert key not in client.get(f"/filing/tokens/{token.pk}/revoke/").content.decode()
    issued = AuditEvent.objects.get(action="filings.filer_token_issued")
    assert issued.payload["prefix"] == token.prefix
    assert key not in str(issued.payload)

    # The key authenticates against the filing API as the treasurer.
    assert _api(key) == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    listing = client.get("/filing/tokens/").content.decode()
    assert "30 November 2026" in listing

    response = client.post(f"/filing/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    assert response["Location"] == "/filing/tokens/"
    token.refresh_from_db()
    assert not token.is_active
    assert _api(key) == 401
    assert AuditEvent.objects.filter(action="filings.filer_token_revoked").count() == 1
    # Revoking again changes nothing.
    again = client.post(f"/filing/tokens/{token.pk}/revoke/", follow=True)
    assert "already been revoked" in again.content.decode()
    assert AuditEvent.objects.filter(action="filings.filer_token_revoked").count() == 1


def test_revoking_asks_for_confirmation(world: dict[str, Any]) -> None:
    client = signed_in_client(world["treasurer"])
    token, key = _create(client)
    page = client.get(f"/cy/filing/tokens/{token.pk}/revoke/")
    assert page.status_code == 200
    assert 'method="post"' in page.content.decode()
    token.refresh_from_db()
    assert token.is_active
    assert _api(key) == 200


def test_another_user_cannot_see_or_revoke_a_token(world: dict[str, Any]) -> None:
    token, key = filer_token_issue(
        user=world["treasurer"], name="Treasurer's ledger", actor=Actor.system("tests")
    )
    for user in (world["agent"], filing_world()["treasurer"]):
        client = signed_in_client(user)
        assert client.get(f"/filing/tokens/{token.pk}/revoke/").status_code == 404
        assert client.post(f"/filing/tokens/{token.pk}/revoke/").status_code == 404
        assert "Treasurer&#x27;s ledger" not in client.get("/filing/tokens/").content.decode()
    for staff in (world["analyst"], world["approver"]):
        assert signed_in_client(staff).post(f"/filing/tokens/{token.pk}/revoke/").status_code == 403
    anonymous = Client().post(f"/filing/tokens/{token.pk}/revoke/")
    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous["Location"]
    token.refresh_from_db()
    assert token.is_active
    assert _api(key) == 200
    assert not AuditEvent.objects.filter(action="filings.filer_token_revoked").exists()


@pytest.mark.parametrize(("prefix", "language"), [("", "en"), ("/cy", "cy")])
def test_a_token_needs_a_name(world: dict[str, Any], prefix: str, language: str) -> None:
    response = signed_in_client(world["treasurer"]).post(
        f"{prefix}/filing/tokens/new/", {"name": "  "}
    )
    body = response.content.decode()
    assert response.status_code == 200
    with translation.override(language):
        message = translation.gettext(NAME_REQUIRED)
        error = translation.gettext("Error:")
    if language == "cy":
        assert message != NAME_REQUIRED
    assert re.search(r"<title>\s*" + re.escape(error), body)
    assert message in body
    assert not FilerToken.objects.exists()
    assert not AuditEvent.objects.filter(action="filings.filer_token_issued").exists()


def test_only_a_member_of_some_entity_may_create_one(world: dict[str, Any]) -> None:
    loner: Any = FilerFactory()  # a filer with no membership
    client = signed_in_client(loner)
    assert client.get("/filing/tokens/").status_code == 200
    assert 'href="/filing/tokens/new/"' not in client.get("/filing/tokens/").content.decode()
    assert client.get("/filing/tokens/new/").status_code == 403
    assert client.post("/filing/tokens/new/", {"name": "Mine"}).status_code == 403
    staff = signed_in_client(world["analyst"])
    assert staff.get("/filing/tokens/").status_code == 403
    assert staff.post("/filing/tokens/new/", {"name": "Mine"}).status_code == 403
    assert not FilerToken.objects.exists()


def test_creating_one_needs_a_recent_sign_in(world: dict[str, Any]) -> None:
    client = Client()
    client.force_login(world["treasurer"])  # no record of a recent sign-in
    response = client.post("/filing/tokens/new/", {"name": "Ledger"})
    assert response.status_code == 302
    assert "/reauthenticate/" in response["Location"]
    assert not FilerToken.objects.exists()


def test_the_dashboard_links_to_the_tokens(world: dict[str, Any]) -> None:
    body = signed_in_client(world["treasurer"]).get("/cy/filing/").content.decode()
    assert 'href="/cy/filing/tokens/"' in body
