from __future__ import annotations

import io

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from regulator.core.demo import DEMO_FILERS, FILER_PASSWORD, STAFF_NAMES
from regulator.identity import demo as identity_demo
from regulator.identity.models import User
from regulator.identity.testing import totp_code
from regulator.register import demo
from regulator.register.models import Membership

pytestmark = pytest.mark.django_db


def _load() -> None:
    identity_demo.load(scale=1, stdout=io.StringIO())
    demo.cast_load(stdout=io.StringIO())


def test_demo_cast_is_idempotent_and_a_demo_filer_reaches_only_their_own_entity() -> None:
    cache.clear()
    _load()
    counts = (User.objects.count(), Membership.objects.count())
    _load()
    assert (User.objects.count(), Membership.objects.count()) == counts
    # The filers, and the directory's staff the demos give work to (named like people).
    assert counts == (len(DEMO_FILERS) + len(STAFF_NAMES), len(DEMO_FILERS))
    assert all(user.full_name for user in User.objects.all())

    filer = DEMO_FILERS[0]
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": filer.email, "password": FILER_PASSWORD}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    code = totp_code(filer.totp_secret)
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302

    assert (
        client.get(
            reverse("register:entity_memberships", kwargs={"entity_id": filer.entity_id})
        ).status_code
        == 200
    )
    other = DEMO_FILERS[2].entity_id
    assert (
        client.get(reverse("register:entity_memberships", kwargs={"entity_id": other})).status_code
        == 404
    )
    page = client.get(reverse("identity:account")).content.decode()
    assert DEMO_FILERS[0].entity_name in page
    assert DEMO_FILERS[2].entity_name not in page


def test_sign_ins_list_every_staff_role_and_every_filer() -> None:
    rows = identity_demo.sign_ins()
    assert len(rows) == len(DEMO_FILERS) + 9
    assert all(password for _who, _user, password in rows)
