"""Declared access for every URL, which the authorisation matrix test enforces.

Each area lists the expected access of each of its URL names in
``regulator/<area>/access.py``:

    from regulator.identity.access import Access

    ACCESS = {
        "register:entity_list": Access.public(),
        "register:application_queue": Access.staff("registration-officer"),
        "filings:return_detail": Access.member(kwargs=lambda world: {"pk": make_return(world.entity_a).pk}),
        "filings:return_submit": Access.member("treasurer", "deputy-treasurer", "responsible-person", "donee",
                                               method="POST", kwargs=...),
    }

The matrix test (regulator/identity/tests/test_authorisation_matrix.py) enumerates every
URL pattern of the project, fails for any URL name without a declaration, and for each
declared URL requests it as: anonymous, a filer of entity A, a filer of entity B, and a
staff user of each role, asserting that those the declaration admits get through and
that everyone else is refused (a redirect to sign-in for anonymous users, 403 or 404 for
signed-in users; never a 500). ``kwargs`` receives the matrix's ``World`` (entity_a,
entity_b and the users) and returns the URL's keyword arguments for an object of
entity A. A value may also be a tuple of ``Access`` when several kinds of user are
admitted (e.g. a return's members and finance analysts): any one of them admits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

KwargsFactory = Callable[[Any], dict[str, Any]]


@dataclass(frozen=True)
class Access:
    kind: str  # "public" | "signed-in" | "staff" | "member" | "filer"
    roles: tuple[str, ...] = ()
    method: str = "GET"
    kwargs: KwargsFactory | None = field(default=None, compare=False)
    # Statuses that count as "got through" for an admitted user (a form page may answer
    # 200, a POST may redirect with 302, an API list 200).
    ok_statuses: tuple[int, ...] = (200,)

    @classmethod
    def public(cls, **options: Any) -> Access:
        """Anyone, signed in or not."""
        return cls(kind="public", **options)

    @classmethod
    def signed_in(cls, **options: Any) -> Access:
        """Any signed-in user (filer or staff), e.g. account settings."""
        return cls(kind="signed-in", **options)

    @classmethod
    def filer(cls, **options: Any) -> Access:
        """Any signed-in filer, whatever entity (e.g. their dashboard)."""
        return cls(kind="filer", **options)

    @classmethod
    def staff(cls, *roles: str, **options: Any) -> Access:
        """Staff holding one of these directory roles (platform-admin is not implied)."""
        return cls(kind="staff", roles=tuple(roles), **options)

    @classmethod
    def member(cls, *roles: str, **options: Any) -> Access:
        """A filer whose active membership of the object's entity has one of these roles
        (any role when none is given). The URL's object belongs to entity A."""
        return cls(kind="member", roles=tuple(roles), **options)


# --- The identity area's own URLs (and allauth's, which identity routes) -----------------
# A key may end in "*" to declare every URL name it matches (e.g. "admin:*"); the matrix
# then requests each matching URL that needs no arguments.

GRANTING = ("treasurer", "responsible-person")


def _entity_a(world: Any) -> dict[str, Any]:
    return {"entity_id": world.entity_a.pk}


def _revocable_membership(world: Any) -> dict[str, Any]:
    return {
        "entity_id": world.entity_a.pk,
        "membership_id": world.membership_to_revoke(world.entity_a).pk,
    }


# Pages that work for everyone: a signed-in user may be redirected onwards (302).
_OPEN = Access.public(ok_statuses=(200, 302))
# Pages of one's own account: sign-in required; some redirect onwards (e.g. MFA already set up).
_OWN_ACCOUNT = Access.signed_in(ok_statuses=(200, 302))
# Passwords, second factors and re-authentication belong to filers' local accounts; staff
# authenticate with the directory and are refused here.
_FILER_ACCOUNT = Access.filer(ok_statuses=(200, 302))

ACCESS: dict[str, Access | tuple[Access, ...]] = {
    "identity:filer_start": _OPEN,
    "identity:staff_sign_in": Access.public(),
    # Starting sign-on redirects to the directory (503 when the directory cannot be reached).
    "identity:staff_sso_login": Access.public(method="POST", ok_statuses=(302, 503)),
    # Without a valid state this shows the "sign-in failed" page (401).
    "identity:staff_sso_callback": Access.public(ok_statuses=(401,)),
    "identity:account": Access.signed_in(),
    "identity:entity_memberships": (
        Access.member(*GRANTING, kwargs=_entity_a),
        Access.staff("registration-officer", kwargs=_entity_a),
    ),
    "identity:membership_grant": (
        Access.member(*GRANTING, kwargs=_entity_a),
        Access.staff("registration-officer", kwargs=_entity_a),
    ),
    "identity:membership_revoke": (
        Access.member(*GRANTING, kwargs=_revocable_membership),
        Access.staff("registration-officer", kwargs=_revocable_membership),
    ),
    "identity:api_key_register": Access.public(),
    # allauth: signing in, signing up, passwords and email confirmation are open to all
    # (signed-in users are redirected); the rest needs a signed-in user.
    "account_login": _OPEN,
    "account_logout": _OPEN,
    "account_inactive": _OPEN,
    "account_signup": _OPEN,
    "account_reset_password": _OPEN,
    "account_reset_password_done": _OPEN,
    # With a wrong key these show "the link is not valid".
    "account_reset_password_from_key": Access.public(
        ok_statuses=(200, 302), kwargs=lambda world: {"uidb36": "zz", "key": "not-a-key"}
    ),
    "account_reset_password_from_key_done": _OPEN,
    "account_confirm_email": Access.public(
        ok_statuses=(200, 302), kwargs=lambda world: {"key": "not-a-key"}
    ),
    "account_email_verification_sent": _OPEN,
    "account_confirm_login_code": _OPEN,
    "account_reauthenticate": _FILER_ACCOUNT,
    "account_request_reauthentication_code": _FILER_ACCOUNT,
    "account_confirm_reauthentication_code": _FILER_ACCOUNT,
    "account_email": _FILER_ACCOUNT,
    "account_change_password": _FILER_ACCOUNT,
    "account_set_password": _FILER_ACCOUNT,
    # The second step of sign-in: reached mid-sign-in (before a user is signed in).
    "mfa_authenticate": _OPEN,
    "mfa_index": _FILER_ACCOUNT,
    "mfa_reauthenticate": _FILER_ACCOUNT,
    "mfa_activate_totp": _FILER_ACCOUNT,
    "mfa_deactivate_totp": _FILER_ACCOUNT,
    "mfa_view_recovery_codes": _FILER_ACCOUNT,
    "mfa_generate_recovery_codes": _FILER_ACCOUNT,
    "mfa_download_recovery_codes": _FILER_ACCOUNT,
    "socialaccount_login_cancelled": _OPEN,
    "socialaccount_login_error": Access.public(ok_statuses=(401,)),
    "socialaccount_signup": _OPEN,
    # The Django admin: platform administrators only (the admin sends everyone else to its
    # own sign-in page).
    "admin:*": Access.staff("platform-admin"),
    "admin:index": Access.staff("platform-admin"),
    # Operations endpoints (core), declared here until core has an access.py of its own.
}
