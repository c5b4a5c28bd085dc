"""Staff single sign-on against a real OpenID Connect provider on loopback.

The directory (allauth.idp.oidc under config.settings.idp) runs as its own process; the
test drives the authorisation code flow with PKCE through it, as a browser would, and the
service exchanges the code, fetches the JWKS and verifies the ID token for real."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import parse_qs, urljoin, urlparse

import jwt
import pytest
import requests
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.test import Client, RequestFactory
from django.urls import reverse

from regulator.audit.models import AuditEvent
from regulator.identity import services
from regulator.identity.models import User
from regulator.identity.sso import StrictDirectoryAdapter, verify_id_token
from regulator.identity.tests.directory import CLIENT_ID, PASSWORD, DirectoryServer
from regulator.identity.types import UserKind

pytestmark = pytest.mark.django_db

CALLBACK = "http://testserver/staff/sso/callback/"


@pytest.fixture
def sso(directory: DirectoryServer, settings: Any) -> DirectoryServer:
    directory.point_settings_at(settings)
    directory.allow_redirect(CALLBACK)
    return directory


def directory_callback(client: Client, directory: DirectoryServer, username: str) -> str:
    """Start sign-in at the service, sign in at the directory, return the callback URL
    the directory sends the browser back to."""
    response = client.post(reverse("identity:staff_sso_login"))
    assert response.status_code == 302, response.content[:500]
    authorize = response["Location"]
    query = parse_qs(urlparse(authorize).query)
    assert authorize.startswith(directory.url)
    assert query["code_challenge_method"] == ["S256"]
    assert query["code_challenge"]
    assert query["client_id"] == [CLIENT_ID]

    browser = requests.Session()
    step = browser.get(authorize, allow_redirects=False)
    assert step.status_code == 302, step.text[:500]
    login_url = urljoin(directory.url, step.headers["Location"])
    assert "/accounts/login/" in login_url
    browser.get(login_url)
    step = browser.post(
        login_url,
        data={
            "login": username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": browser.cookies["directory_csrftoken"],
        },
        headers={"Referer": login_url},
        allow_redirects=False,
    )
    for _ in range(5):
        assert step.status_code == 302, step.text[:1000]
        location = urljoin(directory.url, step.headers["Location"])
        if location.startswith(CALLBACK):
            return location
        step = browser.get(location, allow_redirects=False)
    raise AssertionError("the directory never redirected back")


def sign_in_via_directory(client: Client, directory: DirectoryServer, username: str) -> Any:
    callback = directory_callback(client, directory, username)
    parsed = urlparse(callback)
    return client.get(f"{parsed.path}?{parsed.query}")


def staff_user(username: str) -> User:
    return User.objects.get(socialaccount__extra_data__id_token__preferred_username=username)


def roles_of(user: User) -> list[str]:
    return sorted(user.groups.values_list("name", flat=True))


def test_staff_sign_in_maps_the_roles_claim_to_groups(sso: DirectoryServer) -> None:
    sso.set_user("ro-maps", ["registration-officer", "finance-analyst"])
    client = Client()
    response = sign_in_via_directory(client, sso, "ro-maps")
    assert response.status_code == 302
    # Signing in leads to the landing page, which sends staff on to their work (issue 15).
    assert response["Location"] == reverse("identity:landing")
    user = staff_user("ro-maps")
    assert user.kind == UserKind.STAFF
    assert roles_of(user) == ["finance-analyst", "registration-officer"]
    assert not user.has_usable_password()
    page = client.get(reverse("identity:account"))
    assert page.status_code == 200
    assert "Registration officer" in page.content.decode()
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert "identity.staff_roles_changed" in actions
    assert "identity.signed_in" in actions


def test_a_role_removed_in_the_directory_is_removed_at_the_next_sign_in(
    sso: DirectoryServer,
) -> None:
    sso.set_user("ro-removed", ["investigator", "case-decision-maker"])
    sign_in_via_directory(Client(), sso, "ro-removed")
    user = staff_user("ro-removed")
    assert roles_of(user) == ["case-decision-maker", "investigator"]
    assert user.has_perm("register.view_memberships", None) is False

    sso.set_user("ro-removed", ["investigator"])
    response = sign_in_via_directory(Client(), sso, "ro-removed")
    assert response.status_code == 302
    assert roles_of(User.objects.get(pk=user.pk)) == ["investigator"]
    event = (
        AuditEvent.objects.filter(action="identity.staff_roles_changed").order_by("-seq").first()
    )
    assert event is not None
    assert event.payload == {
        "granted": [],
        "removed": ["case-decision-maker"],
    }


def test_unknown_roles_are_ignored_and_recorded(sso: DirectoryServer) -> None:
    sso.set_user("ro-unknown", ["finance-analyst", "wizard"])
    sign_in_via_directory(Client(), sso, "ro-unknown")
    assert roles_of(staff_user("ro-unknown")) == ["finance-analyst"]
    event = AuditEvent.objects.get(action="identity.unknown_roles_ignored")
    assert event.payload == {"roles": ["wizard"]}


def test_platform_admin_opens_the_admin_and_losing_it_closes_it(sso: DirectoryServer) -> None:
    sso.set_user("ro-admin", ["platform-admin"])
    client = Client()
    sign_in_via_directory(client, sso, "ro-admin")
    assert client.get("/admin/").status_code == 200
    sso.set_user("ro-admin", ["performance-viewer"])
    client = Client()
    sign_in_via_directory(client, sso, "ro-admin")
    # Signed in without the role: the platform's 403 page, not the admin's sign-in form.
    assert client.get("/admin/").status_code == 403


def test_a_replayed_authorisation_code_is_refused(sso: DirectoryServer) -> None:
    sso.set_user("ro-replay", ["records-manager"])
    client = Client()
    callback = directory_callback(client, sso, "ro-replay")
    parsed = urlparse(callback)
    assert client.get(f"{parsed.path}?{parsed.query}").status_code == 302
    client.post(reverse("account_logout"))
    replay = client.get(f"{parsed.path}?{parsed.query}")
    assert replay.status_code == 401
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="identity.staff_sign_in_failed").exists()
    # And at the directory, the code alone (without the PKCE verifier kept in the
    # service's session) gets no token.
    token = requests.post(
        f"{sso.url}/identity/o/api/token",
        data={
            "grant_type": "authorization_code",
            "code": parse_qs(parsed.query)["code"][0],
            "redirect_uri": CALLBACK,
            "client_id": CLIENT_ID,
            "client_secret": "test-client-secret-0123456789",
        },
        timeout=10,
    )
    assert token.status_code == 400
    assert "access_token" not in token.json()


def test_a_disabled_account_loses_its_session_at_the_next_request(sso: DirectoryServer) -> None:
    sso.set_user("ro-leaver", ["contacts-manager"])
    client = Client()
    sign_in_via_directory(client, sso, "ro-leaver")
    assert client.get(reverse("identity:account")).status_code == 200
    services.user_disable(user=staff_user("ro-leaver"), actor=None, reason="left")
    response = client.get(reverse("identity:account"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_staff_session_expires_after_a_working_day(sso: DirectoryServer) -> None:
    sso.set_user("ro-day", ["performance-viewer"])
    client = Client()
    sign_in_via_directory(client, sso, "ro-day")
    assert client.session.get_expiry_age() <= 8 * 3600


# --- The ID token check, against the directory's real JWKS --------------------------------


def _adapter(directory: DirectoryServer) -> tuple[StrictDirectoryAdapter, Any]:
    request = RequestFactory().get("/")
    adapter = StrictDirectoryAdapter(request)
    return adapter, adapter.get_provider().app


def _token(directory: DirectoryServer, key: Any, **overrides: Any) -> str:
    kid = requests.get(f"{directory.url}/.well-known/jwks.json", timeout=5).json()["keys"][0]["kid"]
    now = int(time.time())
    claims = {
        "iss": directory.url,
        "aud": CLIENT_ID,
        "sub": "1",
        "iat": now,
        "exp": now + 300,
        "roles": ["platform-admin"],
    }
    claims.update(overrides)
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid})


def _directory_key(directory: DirectoryServer) -> Any:
    return serialization.load_pem_private_key(directory.signing_key_pem(), password=None)


def test_a_token_signed_by_the_directory_for_us_verifies(sso: DirectoryServer) -> None:
    adapter, app = _adapter(sso)
    data = verify_id_token(adapter, app, _token(sso, _directory_key(sso)))
    assert data["roles"] == ["platform-admin"]


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"aud": "someone-else"}, id="wrong-audience"),
        pytest.param({"exp": int(time.time()) - 60, "iat": int(time.time()) - 400}, id="expired"),
        pytest.param({"iss": "https://login.example.invalid"}, id="wrong-issuer"),
    ],
)
def test_tokens_for_someone_else_or_expired_are_refused(
    sso: DirectoryServer, overrides: dict[str, Any]
) -> None:
    adapter, app = _adapter(sso)
    with pytest.raises(OAuth2Error):
        verify_id_token(adapter, app, _token(sso, _directory_key(sso), **overrides))


def test_a_token_signed_with_another_key_is_refused(sso: DirectoryServer) -> None:
    adapter, app = _adapter(sso)
    forger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with pytest.raises(OAuth2Error):
        verify_id_token(adapter, app, _token(sso, forger))


def test_a_tampered_token_is_refused(sso: DirectoryServer) -> None:
    adapter, app = _adapter(sso)
    header, payload, signature = _token(sso, _directory_key(sso), roles=["viewer"]).split(".")
    forged_payload = jwt.utils.base64url_encode(
        jwt.utils.base64url_decode(payload).replace(b'"viewer"', b'"admin!"')
    ).decode()
    with pytest.raises(OAuth2Error):
        verify_id_token(adapter, app, f"{header}.{forged_payload}.{signature}")


def test_an_unsigned_token_is_refused(sso: DirectoryServer) -> None:
    adapter, app = _adapter(sso)
    unsigned = jwt.encode(
        {"iss": sso.url, "aud": CLIENT_ID, "sub": "1", "exp": int(time.time()) + 60},
        "",
        algorithm="none",
    )
    with pytest.raises(OAuth2Error):
        verify_id_token(adapter, app, unsigned)


def test_the_directory_being_down_is_a_clear_503_not_a_500(settings: Any) -> None:
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "directory",
                    "name": "Staff directory",
                    "client_id": "x",
                    "secret": "y",
                    "settings": {"server_url": "http://127.0.0.1:9"},
                }
            ]
        }
    }
    response = Client().post(reverse("identity:staff_sso_login"))
    assert response.status_code == 503
    assert "cannot reach the staff directory" in response.content.decode()
