"""The authorisation matrix: every URL of the project is declared, and each declared URL
answers every kind of user as declared (see regulator/core/access.py).

A new view without a declaration fails ``test_every_url_is_declared``; a view that lets
the wrong people through (or answers 500) fails ``test_declared_access``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import Client, override_settings

from regulator.core.access import Access
from regulator.core.testing import kept_for_the_module
from regulator.identity.testing import sign_in
from tests.authorisation import matrix

DECLARED = matrix.declarations()
ROUTES = matrix.project_routes()
# Checked: every exactly declared name. A wildcard ("admin:*") only declares: the admin's
# own views check is_staff and model permissions; "admin:index" is checked.
CHECKED = sorted(route.name for route in ROUTES if matrix.is_exactly_declared(route.name, DECLARED))


def test_every_url_is_declared() -> None:
    undeclared = [
        f"{route.name}  ({route.route})"
        for route in ROUTES
        if matrix.declaration_for(route.name, DECLARED) is None
    ]
    assert not undeclared, (
        "These URLs have no declaration in any regulator/<area>/access.py "
        "(see regulator/core/access.py for the format):\n  " + "\n  ".join(undeclared)
    )


def test_every_declaration_names_a_url() -> None:
    names = {route.name for route in ROUTES}
    stale = [key for key in DECLARED if not key.endswith("*") and key not in names]
    assert not stale, f"Declared but no such URL name: {stale}"


def _signed_in_world() -> tuple[matrix.World, dict[str, str]]:
    world = matrix.build_world()
    sessions = {}
    for who, user in world.users.items():
        if user is not None:
            client = Client()
            sign_in(client, user)
            sessions[who] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return world, sessions


@pytest.fixture(scope="module")
def signed_in_world(
    django_db_setup: Any, django_db_blocker: Any
) -> Iterator[tuple[matrix.World, dict[str, str]]]:
    """The world and a session for each of its users, made once for the module's ~250
    tests (each test rolls back to them). Each request starts a new client from the
    user's session, so a sign-out or a rotated session in one test leaves the next one
    signed in. Signed in "recently" for the module's whole run: the matrix checks who may
    reach a view, not how recently they signed in (identity's tests check that)."""
    with override_settings(ACCOUNT_REAUTHENTICATION_TIMEOUT=24 * 3600):
        yield from kept_for_the_module(django_db_blocker, _signed_in_world)


@pytest.mark.django_db
@pytest.mark.parametrize("name", CHECKED)
def test_declared_access(name: str, signed_in_world: tuple[matrix.World, dict[str, str]]) -> None:
    declared = matrix.declaration_for(name, DECLARED)
    assert declared is not None
    accesses: tuple[Access, ...] = declared if isinstance(declared, tuple) else (declared,)
    world, sessions = signed_in_world
    # An earlier test's change to these rows was rolled back; its change to the objects
    # in memory was not.
    for kept in [world.entity_a, world.entity_b, *world.users.values()]:
        if kept is not None:
            kept.refresh_from_db()
    problems: list[str] = []
    for who, user in world.users.items():
        admitting = [a for a in accesses if matrix.admits(a, who, world)]
        # An admitted user is checked with the declaration that admits them; a refused one
        # with each declaration's method and object.
        for access in admitting[:1] or accesses:
            client = Client(raise_request_exception=False)
            if user is not None:
                client.cookies[settings.SESSION_COOKIE_NAME] = sessions[who]
            url = matrix.url_for(name, access, world)
            method = getattr(client, access.method.lower())
            response = method(url)
            status = response.status_code
            location = response.get("Location", "")
            if status >= 500 and status not in access.ok_statuses:
                problems.append(f"{who}: {access.method} {url} -> {status} (server error)")
            elif admitting and matrix.unchecked(admitting[0], who):
                continue
            elif admitting:
                if status not in access.ok_statuses:
                    problems.append(
                        f"{who}: {access.method} {url} -> {status} {location} "
                        f"(admitted: expected {access.ok_statuses})"
                    )
            elif not matrix.is_refusal(status, location):
                problems.append(
                    f"{who}: {access.method} {url} -> {status} {location} (should be refused)"
                )
    assert not problems, f"{name}:\n  " + "\n  ".join(problems)
