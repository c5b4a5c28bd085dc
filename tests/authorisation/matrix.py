"""The machinery of the authorisation matrix (see regulator/core/access.py)."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from regulator.core.access import Access
from regulator.identity.models import User
from regulator.identity.types import StaffRole, UserKind
from regulator.register.models import Membership
from regulator.register.types import MembershipRole


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name", or "<unnamed> route" when the pattern has no name
    route: str
    needs_arguments: bool


def _walk(patterns: list[Any], namespace: tuple[str, ...], prefix: str) -> Iterator[Route]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + ((pattern.namespace,) if pattern.namespace else ())
            yield from _walk(pattern.url_patterns, inner, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            needs = bool(re.search(r"<\w+(:\w+)?>|\(\?P<", route))
            name = ":".join((*namespace, pattern.name or f"<unnamed> {route}"))
            yield Route(name=name, route=route, needs_arguments=needs)


def project_routes() -> list[Route]:
    seen: dict[str, Route] = {}
    for route in _walk(get_resolver().url_patterns, (), "/"):
        seen.setdefault(route.name, route)
    return list(seen.values())


def declarations() -> dict[str, Access | tuple[Access, ...]]:
    """Every area's ACCESS, merged (regulator/<area>/access.py)."""
    merged: dict[str, Access | tuple[Access, ...]] = {}
    root = Path(settings.BASE_DIR) / "regulator"
    for area in sorted(p.name for p in root.iterdir() if (p / "__init__.py").exists()):
        module_name = f"regulator.{area}.access"
        if find_spec(module_name) is None:
            continue
        module = import_module(module_name)
        merged.update(getattr(module, "ACCESS", {}))
    return merged


def declaration_for(name: str, declared: dict[str, Any]) -> Access | tuple[Access, ...] | None:
    if name in declared:
        return declared[name]
    for key, value in declared.items():
        if key.endswith("*") and fnmatch.fnmatchcase(name, key):
            return value
    return None


def is_exactly_declared(name: str, declared: dict[str, Any]) -> bool:
    return name in declared


# --- The world every declared URL is requested in ------------------------------------------


@dataclass
class World:
    entity_a: Any
    entity_b: Any
    users: dict[str, User | None] = field(default_factory=dict)

    @property
    def filer_a(self) -> User:
        user = self.users["filer-a:treasurer"]
        assert user is not None
        return user

    @property
    def filer_b(self) -> User:
        user = self.users["filer-b:treasurer"]
        assert user is not None
        return user

    def membership_to_revoke(self, entity: Any) -> Membership:
        from regulator.audit.types import Actor
        from regulator.register.services import membership_grant

        user, _ = User.objects.get_or_create(
            username=f"matrix-viewer-{entity.pk}",
            defaults={"email": f"viewer-{entity.pk}@matrix.test", "kind": UserKind.FILER},
        )
        return membership_grant(
            user=user,
            entity=entity,
            role=MembershipRole.VIEWER,
            granted_by=None,
            actor=Actor.system("matrix"),
        )


def build_world() -> World:
    from django.contrib.auth.models import Group

    from regulator.audit.types import Actor
    from regulator.identity.testing import activate_totp
    from regulator.register.models import RegulatedEntity
    from regulator.register.services import membership_grant
    from regulator.register.types import EntityType

    entity_a = RegulatedEntity.objects.create(
        id=990001,
        name="Matrix Party A",
        entity_type=EntityType.POLITICAL_PARTY,
        register="great-britain",
    )
    entity_b = RegulatedEntity.objects.create(
        id=990002,
        name="Matrix Party B",
        entity_type=EntityType.POLITICAL_PARTY,
        register="great-britain",
    )
    world = World(entity_a=entity_a, entity_b=entity_b)
    world.users["anonymous"] = None
    system = Actor.system("matrix")

    def filer(label: str) -> User:
        user = User.objects.create_user(
            username=f"matrix-{label.replace(':', '-')}",
            email=f"{label.replace(':', '-')}@matrix.test",
            password="matrix-password-1",
            kind=UserKind.FILER,
        )
        activate_totp(user)
        return user

    # Entity A's treasurer first: other areas' declarations take "the first member of
    # entity A" as its filer.
    for role in [
        MembershipRole.TREASURER,
        *[r for r in MembershipRole if r != MembershipRole.TREASURER],
    ]:
        user = filer(f"filer-a:{role}")
        membership_grant(user=user, entity=entity_a, role=role, granted_by=None, actor=system)
        world.users[f"filer-a:{role}"] = user
    user = filer("filer-b:treasurer")
    membership_grant(
        user=user, entity=entity_b, role=MembershipRole.TREASURER, granted_by=None, actor=system
    )
    world.users["filer-b:treasurer"] = user
    for staff_role in StaffRole:
        staff = User.objects.create_user(
            username=f"matrix-staff-{staff_role}",
            email=f"staff-{staff_role}@matrix.test",
            kind=UserKind.STAFF,
            is_staff=staff_role == StaffRole.PLATFORM_ADMIN,
        )
        staff.groups.add(Group.objects.get_or_create(name=str(staff_role))[0])
        world.users[f"staff:{staff_role}"] = staff
    return world


def admits(access: Access, who: str, world: World) -> bool:
    user = world.users[who]
    if access.kind == "public":
        return True
    if user is None:
        return False
    if access.kind == "signed-in":
        return True
    if access.kind == "filer":
        return user.kind == UserKind.FILER
    if access.kind == "staff":
        return who.startswith("staff:") and who.split(":", 1)[1] in access.roles
    if access.kind == "member":
        if not who.startswith("filer-a:"):
            return False
        return not access.roles or who.split(":", 1)[1] in access.roles
    raise AssertionError(f"unknown access kind {access.kind!r}")


def unchecked(access: Access, who: str) -> bool:
    """``Access.member()`` without roles promises access to "the filer of entity A" (its
    treasurer here); whether entity A's other members get through is the view's business
    (e.g. an application only its applicant sees), so only "never a 500" is checked."""
    return (
        access.kind == "member"
        and not access.roles
        and who.startswith("filer-a:")
        and who != "filer-a:treasurer"
    )


SIGN_IN_PATHS = ("/accounts/login/", "/admin/login/", "/staff/sign-in/")


def is_refusal(status: int, location: str) -> bool:
    if status in (401, 403, 404, 405):
        return True
    if status in (301, 302, 303):
        return urlparse(location).path.startswith(SIGN_IN_PATHS)
    return False


def url_for(name: str, access: Access, world: World) -> str:
    kwargs = access.kwargs(world) if access.kwargs else {}
    return reverse(name, kwargs=kwargs or None)
