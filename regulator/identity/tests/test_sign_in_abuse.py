"""Sign-in under abuse (issue 14, findings 4 and 7): a filer's last authenticator cannot be
removed, only replaced after the old one or a recovery code (audited and emailed); filer
sign-up, email confirmation, failed MFA codes, rate-limited attempts and admin sign-in
failures are audit events, and /admin/login/ is rate-limited."""

from __future__ import annotations

import re
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from regulator.audit.models import AuditEvent
from regulator.core import notify
from regulator.identity.testing import KNOWN_BASE32, activate_totp, sign_in, totp_code
from regulator.identity.tests.factories import PASSWORD, FilerFactory

pytestmark = pytest.mark.django_db

REPLACE = "/account/authenticator/replace/"


@pytest.fixture(autouse=True)
def _setup(settings: Any) -> None:
    settings.NOTIFY_BACKEND = "memory"
    settings.EMAIL_BACKEND = "regulator.core.notify.NotifyEmailBackend"
    notify.outbox.clear()
    cache.clear()


def _events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("seq"))


def _filer_with_app() -> Any:
    user = FilerFactory.create()
    activate_totp(user)
    return user


# --- Finding 4: mandatory MFA that cannot be switched off ------------------------------


def test_a_filers_authenticator_cannot_be_switched_off() -> None:
    user = _filer_with_app()
    client = Client()
    sign_in(client, user)
    page = client.get(reverse("mfa_deactivate_totp"))
    assert page.status_code == 200
    assert "cannot be switched off" in page.content.decode()
    assert REPLACE in page.content.decode()
    client.post(reverse("mfa_deactivate_totp"))
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    # So the password alone never signs in: the code is still asked for.
    fresh = Client()
    response = fresh.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")


def _replace_with(client: Client, old_code: str) -> str:
    first = client.get(REPLACE)
    assert first.status_code == 200
    assert "Step 1 of 2" in first.content.decode()
    checked = client.post(REPLACE, {"code": old_code})
    assert checked.status_code == 302
    step_two = client.get(REPLACE)
    assert "Step 2 of 2" in step_two.content.decode()
    secret = str(step_two.context["secret"])
    assert secret != KNOWN_BASE32
    wrong = client.post(REPLACE, {"code": "000000"})
    assert wrong.status_code == 400
    done = client.post(REPLACE, {"code": totp_code(secret)})
    assert done.status_code == 302
    return secret


def test_replacing_the_app_needs_a_code_from_the_old_one_and_is_audited_and_emailed() -> None:
    user = _filer_with_app()
    client = Client()
    sign_in(client, user)
    refused = client.post(REPLACE, {"code": "123456"})
    assert refused.status_code == 400
    assert "The code is not right" in refused.content.decode()
    assert len(_events("identity.mfa_failed")) == 1
    secret = _replace_with(client, totp_code())
    totp = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    assert totp.wrap().validate_code(totp_code(secret))
    [replaced] = _events("identity.mfa_replaced")
    assert replaced.payload == {}
    assert notify.outbox[-1].email_address == user.email
    assert "replaced" in notify.outbox[-1].personalisation["subject"]


def test_replacing_the_app_with_a_recovery_code_uses_it_up() -> None:
    user = _filer_with_app()
    codes = RecoveryCodes(
        Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    ).get_unused_codes()
    client = Client()
    sign_in(client, user)
    _replace_with(client, codes[0])
    other = Client()
    sign_in(other, user)
    assert other.post(REPLACE, {"code": codes[0]}).status_code == 400


def test_guessing_codes_to_replace_the_app_is_limited(settings: Any) -> None:
    settings.MFA_REPLACE_RATE = "3/5m"
    user = _filer_with_app()
    client = Client()
    sign_in(client, user)
    statuses = [client.post(REPLACE, {"code": f"00000{n}"}).status_code for n in range(3)]
    assert statuses == [400, 400, 400]
    limited = client.post(REPLACE, {"code": totp_code()})
    assert limited.status_code == 429
    assert (
        Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
        .wrap()
        .validate_code(totp_code())
    )


def test_staff_have_no_authenticator_to_replace() -> None:
    from regulator.identity.tests.factories import StaffFactory

    client = Client()
    sign_in(client, StaffFactory.create())
    assert client.get(REPLACE).status_code == 403


# --- Finding 7: audit gaps -------------------------------------------------------------


def test_sign_up_and_email_confirmation_are_audited() -> None:
    client = Client()
    client.post(
        reverse("account_signup"),
        {"email": "newfiler@example.org", "password1": PASSWORD, "password2": PASSWORD},
        REMOTE_ADDR="198.51.100.4",
    )
    [signed_up] = _events("identity.signed_up")
    assert signed_up.payload == {"email": "newfiler@example.org", "ip": "198.51.100.4"}
    [message] = notify.outbox
    link = re.search(
        r"http://testserver(/accounts/confirm-email/[^/\s]+/)", message.personalisation["body"]
    )
    assert link
    client.post(link.group(1))
    [confirmed] = _events("identity.email_confirmed")
    assert confirmed.payload["email"] == "newfiler@example.org"
    assert "password" not in str(signed_up.payload)


def test_a_wrong_second_factor_code_is_audited() -> None:
    user = _filer_with_app()
    client = Client()
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert client.post(reverse("mfa_authenticate"), {"code": "000000"}).status_code == 200
    [failed] = _events("identity.mfa_failed")
    assert failed.subject_id == str(user.pk)
    assert "000000" not in str(failed.payload)


def test_a_lockout_is_audited_once_not_per_attempt() -> None:
    user = FilerFactory.create()
    client = Client()
    for _ in range(9):
        client.post(reverse("account_login"), {"login": user.email, "password": "wrong"})
    [limited] = _events("identity.rate_limited")
    assert limited.payload["action"] == "login_failed"
    assert limited.payload["email"] == user.email


def test_allauths_rate_limited_pages_are_audited(settings: Any) -> None:
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "reset_password": "2/m/ip"}
    client = Client()
    statuses = [
        client.post(reverse("account_reset_password"), {"email": f"x{n}@example.org"}).status_code
        for n in range(4)
    ]
    assert statuses[-1] == 429
    [limited] = _events("identity.rate_limited")
    assert limited.payload["path"] == reverse("account_reset_password")


def test_the_admin_sign_in_is_rate_limited_and_its_failures_audited(settings: Any) -> None:
    settings.ADMIN_LOGIN_RATE = "3/5m"
    client = Client()
    page = client.get("/admin/login/")
    assert page.status_code == 200
    statuses = [
        client.post("/admin/login/", {"username": "admin", "password": f"guess{n}"}).status_code
        for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    failed = _events("identity.admin_sign_in_failed")
    assert len(failed) == 3
    assert failed[0].payload == {"username": "admin", "ip": "127.0.0.1"}
    assert len(_events("identity.rate_limited")) == 1
