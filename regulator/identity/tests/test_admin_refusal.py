"""The Django admin is for platform administrators only: a signed-in user who is not one
never sees its pages, nor its password form or its sign-in form (which would offer to
sign in as someone else). Issue 15, item 3."""

from __future__ import annotations

import pytest
from django.test import Client

from regulator.identity.testing import sign_in
from regulator.identity.tests.factories import FilerFactory, StaffFactory
from regulator.identity.types import StaffRole

pytestmark = pytest.mark.django_db

REFUSED = "You do not have permission to see this page"


def _client(user) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def test_staff_who_are_not_platform_admins_get_the_403_page_not_the_admins_forms() -> None:
    officer = StaffFactory.create(roles=[StaffRole.REGISTRATION_OFFICER])
    client = _client(officer)
    for url in (
        "/admin/password_change/",
        "/admin/password_change/done/",
        "/admin/",
        "/admin/audit/",
    ):
        response = client.get(url)
        assert response.status_code == 403, url
        html = response.content.decode()
        assert REFUSED in html, url
        assert "Django administration" not in html
        assert 'name="old_password"' not in html
    # The admin's sign-in form is not offered either: back to their own pages.
    response = client.get("/admin/login/?next=/admin/password_change/")
    assert response.status_code == 302
    assert response["Location"] == "/signed-in/"
    posted = client.post("/admin/login/", {"username": "someone", "password": "x"})
    assert posted.status_code == 302
    assert posted["Location"] == "/signed-in/"


def test_a_filer_asking_for_the_admins_password_form_gets_their_own() -> None:
    client = _client(FilerFactory.create())
    response = client.get("/admin/password_change/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/change/"
    assert client.get("/admin/").status_code == 403


def test_platform_admins_and_anonymous_visitors_are_as_before() -> None:
    admin = StaffFactory.create(roles=[StaffRole.PLATFORM_ADMIN], is_staff=True)
    client = _client(admin)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/password_change/").status_code == 200
    assert client.get("/admin/login/").status_code == 302  # on to the admin
    anonymous = Client()
    response = anonymous.get("/admin/password_change/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert anonymous.get("/admin/login/").status_code == 200
