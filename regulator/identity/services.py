"""Writes to identity: staff roles, accounts and API keys. Every change is recorded in
the audit chain, in the same transaction as the change."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
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


def staff_user_with_role(*, username: str, role: StaffRole | str, actor: Any) -> User:
    """A directory-only staff account (made if missing) that holds ``role`` besides the
    roles it has: the demo's investigator, decision makers and approvers."""
    user = staff_user_ensure(
        username=username,
        email=f"{username}@regulator.example",
        full_name=username.replace("-", " ").capitalize(),
        actor=actor,
    )
    roles = set(user.groups.values_list("name", flat=True))
    if str(role) not in roles:
        staff_roles_sync(user=user, claimed_roles=[*roles, str(role)], actor=actor)
    return user


# --- API keys ---------------------------------------------------------------------------

API_KEY_PREFIX_LENGTH = 8


def _key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _new_prefix() -> str:
    while True:
        prefix = secrets.token_hex(API_KEY_PREFIX_LENGTH // 2)
        if not ApiKey.objects.filter(prefix=prefix).exists():
            return prefix


def _new_key(prefix: str) -> str:
    return f"{prefix}.{secrets.token_urlsafe(32)}"


def api_keys_per_email() -> int:
    return int(getattr(settings, "API_KEYS_PER_EMAIL", 3))


def api_keys_held(*, email: str) -> int:
    """Keys an email address holds: working ones, and requested ones whose link is still
    valid (revoked keys and expired requests do not count)."""
    now = clock.now()
    return (
        ApiKey.objects.filter(email__iexact=email.strip(), revoked_at__isnull=True)
        .filter(Q(confirmed_at__isnull=False) | Q(confirm_expires_at__gt=now))
        .count()
    )


@transaction.atomic
def api_key_request(*, name: str, email: str, actor: Any) -> tuple[ApiKey, str]:
    """Record a request for a key and return it with the token of the link to email to
    ``email``. No key exists until that link is followed (``api_key_confirm``), so a key
    asked for in someone else's name never works; one address holds at most
    ``API_KEYS_PER_EMAIL`` keys."""
    name = name.strip()
    email = email.strip()
    if not name or not email:
        raise IdentityServiceError(_("Enter a name and an email address."), code="required")
    limit = api_keys_per_email()
    if api_keys_held(email=email) >= limit:
        raise IdentityServiceError(
            _(
                "This email address already holds %(count)d API keys, the most one address "
                "may hold. Use one of them, or ask us to revoke one you no longer use."
            )
            % {"count": limit},
            code="too_many_keys",
        )
    token = secrets.token_urlsafe(32)
    now = clock.now()
    hours = int(getattr(settings, "API_KEY_CONFIRM_HOURS", 24))
    api_key = ApiKey.objects.create(
        prefix=_new_prefix(),
        name=name[:200],
        email=email,
        created_at=now,
        confirm_token_hash=_key_hash(token),
        confirm_expires_at=now + dt.timedelta(hours=hours),
    )
    audit_record(
        actor=actor,
        action="identity.api_key_requested",
        subject=api_key,
        payload={"prefix": api_key.prefix, "name": api_key.name},
    )
    return api_key, token


def api_key_request_get(token: str) -> ApiKey | None:
    """The request whose emailed link carries ``token``, if the link still works."""
    if not token or len(token) > 100:
        return None
    api_key = ApiKey.objects.filter(
        confirm_token_hash=_key_hash(token), confirmed_at__isnull=True, revoked_at__isnull=True
    ).first()
    if api_key is None or api_key.confirm_expires_at is None:
        return None
    return api_key if api_key.confirm_expires_at > clock.now() else None


@transaction.atomic
def api_key_confirm(*, token: str, actor: Any) -> tuple[ApiKey, str]:
    """Follow the emailed link: make the key, once, and return it with its plain text
    (shown once, never stored). A used or expired link is refused."""
    found = api_key_request_get(token)
    api_key = (
        ApiKey.objects.select_for_update().filter(pk=found.pk, confirmed_at__isnull=True).first()
        if found is not None
        else None
    )
    if api_key is None:
        raise IdentityServiceError(
            _("This link is not valid: it has been used, or it is more than a day old."),
            code="link_invalid",
        )
    key = _new_key(api_key.prefix)
    api_key.key_hash = _key_hash(key)
    api_key.confirmed_at = clock.now()
    api_key.confirm_token_hash = ""
    api_key.save(update_fields=["key_hash", "confirmed_at", "confirm_token_hash"])
    audit_record(
        actor=actor,
        action="identity.api_key_issued",
        subject=api_key,
        payload={"prefix": api_key.prefix, "name": api_key.name},
    )
    return api_key, key


@transaction.atomic
def api_key_issue(*, name: str, email: str, actor: Any) -> tuple[ApiKey, str]:
    """Create a working key at once and return it with its plain text (never stored):
    for the operators' own use (a command, a test), not the public registration, which
    goes through ``api_key_request`` and the emailed link."""
    name = name.strip()
    email = email.strip()
    if not name or not email:
        raise IdentityServiceError(_("Enter a name and an email address."), code="required")
    prefix = _new_prefix()
    key = _new_key(prefix)
    now = clock.now()
    api_key = ApiKey.objects.create(
        prefix=prefix,
        key_hash=_key_hash(key),
        name=name[:200],
        email=email,
        created_at=now,
        confirmed_at=now,
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
    if api_key is None or api_key.confirmed_at is None or not api_key.key_hash:
        return None  # a key whose emailed link has not been followed does not exist yet
    if not hmac.compare_digest(api_key.key_hash, _key_hash(key)):
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


# --- Second factors -------------------------------------------------------------------------


@transaction.atomic
def authenticator_replace(*, user: User, secret: str, actor: Any) -> None:
    """Put a new authenticator app (``secret``, already proven with a code from it) in place
    of the user's old one, in one transaction: there is never a moment without one. The
    caller has checked the old app or a recovery code first (``identity:mfa_replace``)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
    TOTP.activate(user, secret)
    audit_record(actor=actor, action="identity.mfa_replaced", subject=user, payload={})


# --- Sign-in events ----------------------------------------------------------------------

# What the sign-in flows (allauth's adapters, staff single sign-on) record, with no other
# write: each is an event in the audit chain.
SIGN_IN_ACTIONS = frozenset(
    {
        "identity.signed_in",
        "identity.sign_in_failed",
        "identity.sign_in_refused_inactive",
        "identity.signed_up",
        "identity.email_confirmed",
        "identity.mfa_changed",
        "identity.mfa_failed",
        "identity.account_changed",
        "identity.rate_limited",
        "identity.admin_sign_in_failed",
        "identity.staff_sign_in_refused",
        "identity.staff_sign_in_failed",
        "identity.staff_account_created",
    }
)
# A flood of refused attempts is recorded once per client and action in this time, so an
# attacker cannot fill the audit chain by being refused.
ONCE_PER_SECONDS = 60


def sign_in_event_record(
    *,
    actor: Any,
    action: str,
    subject: Any = None,
    payload: dict[str, Any],
    once_per: str | None = None,
) -> None:
    """Record a sign-in event (one of ``SIGN_IN_ACTIONS``). Passwords and codes are never
    part of the payload. With ``once_per`` (e.g. the client's address), the same event of
    the same ``once_per`` is recorded at most once every ``ONCE_PER_SECONDS``, counted in
    the shared cache."""
    if action not in SIGN_IN_ACTIONS:
        raise ValueError(f"{action!r} is not a sign-in event")
    if once_per is not None:
        marker = hashlib.sha256(f"{action}|{once_per}".encode()).hexdigest()[:32]
        if not cache.add(f"audit-once:{marker}", 1, timeout=ONCE_PER_SECONDS):
            return
    with transaction.atomic():
        audit_record(actor=actor, action=action, subject=subject, payload=payload)


def system_actor(command: str) -> Actor:
    return Actor.system(f"manage.py {command}")
