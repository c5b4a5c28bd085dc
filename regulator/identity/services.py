"""Writes to identity: staff roles, accounts and API keys. Every change is recorded in
the audit chain, in the same transaction as the change."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext as _

from regulator.audit.services import audit_record
from regulator.audit.types import Actor
from regulator.core import clock
from regulator.core.errors import InvalidValueError
from regulator.identity.models import ApiKey, User
from regulator.identity.types import StaffRole, UserKind


class IdentityServiceError(InvalidValueError):
    """A refused identity change; ``code`` is an ``IdentityError``."""


@dataclass(frozen=True)
class RoleChange:
    granted: tuple[str, ...]
    removed: tuple[str, ...]
    unknown: tuple[str, ...]


@transaction.atomic
def staff_roles_sync(*, user: User, claimed_roles: Iterable[str], actor: Any) -> RoleChange:
    """Make the user's groups exactly the known roles of the directory's ``roles`` claim.

    Unknown role names are ignored (and recorded); a role missing from the claim is
    removed. ``platform-admin`` also opens the Django admin (``is_staff``)."""
    known = {str(role) for role in StaffRole}
    claimed = {str(role) for role in claimed_roles}
    wanted = claimed & known
    unknown = tuple(sorted(claimed - known))
    current = set(user.groups.filter(name__in=known).values_list("name", flat=True))
    granted = tuple(sorted(wanted - current))
    removed = tuple(sorted(current - wanted))
    if removed:
        user.groups.remove(*Group.objects.filter(name__in=removed))
    for name in granted:
        group, _created = Group.objects.get_or_create(name=name)
        user.groups.add(group)
    is_staff = StaffRole.PLATFORM_ADMIN in wanted
    if user.is_staff != is_staff or user.kind != UserKind.STAFF:
        user.is_staff = is_staff
        user.kind = UserKind.STAFF
        user.save(update_fields=["is_staff", "kind"])
    if granted or removed:
        audit_record(
            actor=actor,
            action="identity.staff_roles_changed",
            subject=user,
            payload={"granted": list(granted), "removed": list(removed)},
        )
    if unknown:
        audit_record(
            actor=actor,
            action="identity.unknown_roles_ignored",
            subject=user,
            payload={"roles": [role[:64] for role in unknown[:20]]},
        )
    return RoleChange(granted=granted, removed=removed, unknown=unknown)


@transaction.atomic
def user_disable(*, user: User, actor: Any, reason: str = "") -> User:
    """Disable an account (e.g. the directory reported a leaver). Its sessions stop
    working at the next request: an inactive user is never loaded from a session."""
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
        audit_record(
            actor=actor,
            action="identity.user_disabled",
            subject=user,
            payload={"reason": reason[:200]},
        )
    return user


@transaction.atomic
def staff_user_ensure(*, username: str, email: str, full_name: str, actor: Any) -> User:
    """A staff account that signs in only through the directory (no usable password),
    made if missing: e.g. the system's own reviewer in demo data."""
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, email=email, kind=UserKind.STAFF, full_name=full_name)
        user.set_unusable_password()
        user.save()
        audit_record(actor=actor, action="identity.staff_user_created", subject=user, payload={})
    return user


# --- API keys ---------------------------------------------------------------------------

API_KEY_PREFIX_LENGTH = 8


def _key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


@transaction.atomic
def api_key_issue(*, name: str, email: str, actor: Any) -> tuple[ApiKey, str]:
    """Create a key and return it with its plain text, which is never stored: the caller
    shows it once and emails it."""
    name = name.strip()
    email = email.strip()
    if not name or not email:
        raise IdentityServiceError(_("Enter a name and an email address."), code="required")
    while True:
        prefix = secrets.token_hex(API_KEY_PREFIX_LENGTH // 2)
        if not ApiKey.objects.filter(prefix=prefix).exists():
            break
    key = f"{prefix}.{secrets.token_urlsafe(32)}"
    api_key = ApiKey.objects.create(
        prefix=prefix, key_hash=_key_hash(key), name=name[:200], email=email, created_at=clock.now()
    )
    audit_record(
        actor=actor,
        action="identity.api_key_issued",
        subject=api_key,
        payload={"prefix": prefix, "name": api_key.name},
    )
    return api_key, key


def api_key_check(key: str) -> ApiKey | None:
    """The active key matching this plain text, or None. Constant-time comparison."""
    prefix, _sep, _rest = key.partition(".")
    if len(prefix) != API_KEY_PREFIX_LENGTH:
        return None
    api_key = ApiKey.objects.filter(prefix=prefix).first()
    if api_key is None or not hmac.compare_digest(api_key.key_hash, _key_hash(key)):
        return None
    return api_key


@transaction.atomic
def api_key_revoke(*, api_key: ApiKey, actor: Any) -> ApiKey:
    if api_key.revoked_at is None:
        api_key.revoked_at = clock.now()
        api_key.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            action="identity.api_key_revoked",
            subject=api_key,
            payload={"prefix": api_key.prefix},
        )
    return api_key


# --- Sign-in events ----------------------------------------------------------------------

# What the sign-in flows (allauth's adapters, staff single sign-on) record, with no other
# write: each is an event in the audit chain.
SIGN_IN_ACTIONS = frozenset(
    {
        "identity.signed_in",
        "identity.sign_in_failed",
        "identity.sign_in_refused_inactive",
        "identity.mfa_changed",
        "identity.account_changed",
        "identity.staff_sign_in_refused",
        "identity.staff_sign_in_failed",
        "identity.staff_account_created",
    }
)


def sign_in_event_record(
    *, actor: Any, action: str, subject: Any = None, payload: dict[str, Any]
) -> None:
    """Record a sign-in event (one of ``SIGN_IN_ACTIONS``). Passwords and codes are never
    part of the payload."""
    if action not in SIGN_IN_ACTIONS:
        raise ValueError(f"{action!r} is not a sign-in event")
    with transaction.atomic():
        audit_record(actor=actor, action=action, subject=subject, payload=payload)


def system_actor(command: str) -> Actor:
    return Actor.system(f"manage.py {command}")
