"""Filers: sign-up with email verification (through the Notify client), mandatory MFA
with TOTP and recovery codes, lockout after failed sign-ins, audit of each step."""

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
from regulator.identity.models import User
from regulator.identity.testing import totp_code
from regulator.identity.tests.factories import PASSWORD, FilerFactory
from regulator.identity.types import UserKind

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _memory_outbox(settings: Any) -> None:
    settings.NOTIFY_BACKEND = "memory"
    # Django's test runner swaps in its own mail backend; put the project's back.
    settings.EMAIL_BACKEND = "regulator.core.notify.NotifyEmailBackend"
    notify.outbox.clear()
    cache.clear()


def actions() -> list[str]:
    return list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))


@pytest.mark.django_db(transaction=True)
def test_sign_up_verify_email_then_set_up_mfa_before_anything_else() -> None:
    client = Client()
    response = client.post(
        reverse("account_signup"),
        {"email": "treasurer@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    user = User.objects.get(email="treasurer@example.org")
    assert user.kind == UserKind.FILER
    # Not signed in until the address is verified.
    assert client.get(reverse("identity:account")).status_code == 302

    [message] = notify.outbox
    assert message.email_address == "treasurer@example.org"
    link = re.search(
        r"http://testserver(/accounts/confirm-email/[^/\s]+/)", message.personalisation["body"]
    )
    assert link, message.personalisation["body"]
    assert client.post(link.group(1)).status_code == 302

    response = client.post(
        reverse("account_login"), {"login": "treasurer@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    # Signed in, but every page sends them to set up a second factor.
    response = client.get(reverse("identity:account"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = client.session["mfa.totp.secret"]
    wrong = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert wrong.status_code == 200
    assert not Authenticator.objects.filter(user=user).exists()
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert notify.outbox[-1].email_address == "treasurer@example.org"  # told of the change
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    assert client.get(reverse("identity:account")).status_code == 200
    assert {"identity.signed_in", "identity.mfa_changed"} <= set(actions())


def test_sign_in_with_mfa_asks_for_the_code_and_accepts_a_recovery_code_once() -> None:
    from regulator.identity.testing import activate_totp

    user = FilerFactory.create()
    activate_totp(user)
    codes = RecoveryCodes(
        Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    ).get_unused_codes()
    client = Client()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("identity:account")).status_code == 302  # not signed in yet
    assert client.post(reverse("mfa_authenticate"), {"code": "123456"}).status_code == 200
    assert client.post(reverse("mfa_authenticate"), {"code": codes[0]}).status_code == 302
    assert client.get(reverse("identity:account")).status_code == 200

    other = Client()
    other.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    reused = other.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert reused.status_code == 200  # a recovery code works once
    assert other.get(reverse("identity:account")).status_code == 302


def test_repeated_failed_sign_ins_lock_the_account_out_and_are_audited() -> None:
    user = FilerFactory.create()
    client = Client()
    for _ in range(5):
        response = client.post(reverse("account_login"), {"login": user.email, "password": "wrong"})
        assert response.status_code == 200
    # The sixth try is refused even with the right password.
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session
    failed = AuditEvent.objects.filter(action="identity.sign_in_failed")
    assert failed.count() == 5
    assert all(event.payload["email"] == user.email for event in failed)
    assert all("password" not in event.payload for event in failed)


def test_a_disabled_filer_cannot_sign_in() -> None:
    user = FilerFactory.create(is_active=False)
    response = Client().post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert "_auth_user_id" not in Client().session
    assert response.status_code in (200, 302)
    # The password was right: the refusal is for the disabled account, not a failed try.
    assert "identity.sign_in_refused_inactive" in actions()
    assert "identity.sign_in_failed" not in actions()


def test_password_reset_email_goes_through_notify() -> None:
    user = FilerFactory.create()
    response = Client().post(reverse("account_reset_password"), {"email": user.email})
    assert response.status_code == 302
    [message] = notify.outbox
    assert message.email_address == user.email
    assert "/accounts/password/reset/key/" in message.personalisation["body"]


def test_a_code_from_the_step_either_side_works_once_and_older_ones_do_not(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A code typed as the 30-second step turns (or on a phone a few seconds out) is
    accepted; one two steps old is not; no code is accepted twice."""
    from allauth.mfa.totp.internal import auth as totp_auth
    from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value

    from regulator.identity.testing import activate_totp

    cache.clear()
    secret = "JBSWY3DPEHPK3PXP"
    totp = TOTP(activate_totp(FilerFactory.create(), secret))
    step = 60_000_000
    monkeypatch.setattr(totp_auth.time, "time", lambda: step * 30 + 15.0)

    def code(counter: int) -> str:
        return format_hotp_value(hotp_value(secret, counter))

    assert totp.validate_code(code(step - 2)) is False
    assert totp.validate_code(code(step + 2)) is False
    for counter in (step - 1, step, step + 1):
        assert totp.validate_code(code(counter)) is True, counter
        assert totp.validate_code(code(counter)) is False, f"{counter} reused"
