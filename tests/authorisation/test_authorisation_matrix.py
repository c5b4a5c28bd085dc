"""The authorisation matrix: every URL of the project is declared, and each declared URL
answers every kind of user as declared (see regulator/core/access.py).

A new view without a declaration fails ``test_every_url_is_declared``; a view that lets
the wrong people through (or answers 500) fails ``test_declared_access``."""

from __future__ import annotations

import pytest
from django.test import Client

from regulator.core.access import Access
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


@pytest.mark.django_db
@pytest.mark.parametrize("name", CHECKED)
def test_declared_access(name: str) -> None:
    declared = matrix.declaration_for(name, DECLARED)
    assert declared is not None
    accesses: tuple[Access, ...] = declared if isinstance(declared, tuple) else (declared,)
    world = matrix.build_world()
    problems: list[str] = []
    for who, user in world.users.items():
        admitting = [a for a in accesses if matrix.admits(a, who, world)]
        # An admitted user is checked with the declaration that admits them; a refused one
        # with each declaration's method and object.
        for access in admitting[:1] or accesses:
            client = Client(raise_request_exception=False)
            if user is not None:
                sign_in(client, user)
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
