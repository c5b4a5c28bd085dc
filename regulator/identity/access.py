"""Declared access of the identity area's URLs (and allauth's, which identity routes);
see regulator/core/access.py."""

from __future__ import annotations

from regulator.core.access import Access
from regulator.identity.types import StaffRole

# --- The identity area's own URLs (and allauth's, which identity routes) -----------------
# A key may end in "*" to declare every URL name it matches (e.g. "admin:*"); the matrix
# then requests each matching URL that needs no arguments.

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
    # Where signing in leads: staff to their work, everyone else to their account.
    "identity:landing": Access.signed_in(ok_statuses=(302,)),
    "identity:staff_home": Access.staff(*StaffRole.values),
    # Replacing a filer's authenticator app (theirs cannot be switched off); staff: 403.
    "identity:mfa_replace": Access.filer(),
    "identity:api_key_register": Access.public(),
    # The emailed link: with an unknown token it says the link is not valid (200).
    "identity:api_key_confirm": Access.public(kwargs=lambda world: {"token": "not-a-token"}),
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
    # The admin's sign-in form (rate-limited and audited): everyone sees it; a platform
    # administrator already signed in is sent on to the admin.
    "admin_login": Access.public(ok_statuses=(200, 302)),
    "admin:index": Access.staff("platform-admin"),
}
