from __future__ import annotations

import io

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from regulator.identity import demo
from regulator.identity.models import Membership, User
from regulator.identity.testing import totp_code

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_a_demo_filer_reaches_only_their_own_entity() -> None:
    cache.clear()
    demo.load(scale=1, stdout=io.StringIO())
    counts = (User.objects.count(), Membership.objects.count())
    demo.load(scale=1, stdout=io.StringIO())
    assert (User.objects.count(), Membership.objects.count()) == counts

    email, entity_id, _name, _role, secret = demo.FILERS[0]
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": email, "password": demo.FILER_PASSWORD}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    code = totp_code(secret)
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302

    assert (
        client.get(
            reverse("identity:entity_memberships", kwargs={"entity_id": entity_id})
        ).status_code
        == 200
    )
    other = demo.FILERS[2][1]
    assert (
        client.get(reverse("identity:entity_memberships", kwargs={"entity_id": other})).status_code
        == 404
    )
    page = client.get(reverse("identity:account")).content.decode()
    assert "Demo Party" in page
    assert "Other Demo Party" not in page


def test_sign_ins_list_every_staff_role_and_every_filer() -> None:
    rows = demo.sign_ins()
    assert len(rows) == len(demo.FILERS) + 9
    assert all(password for _who, _user, password in rows)
