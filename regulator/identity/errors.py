"""Error codes of the identity area (tests import these rather than retype strings)."""

from __future__ import annotations

from enum import StrEnum


class IdentityError(StrEnum):
    NO_FILER_ACCOUNT = "no-filer-account"
    ROLE_NOT_GRANTABLE = "role-not-grantable"
    ALREADY_MEMBER = "already-member"
    MEMBERSHIP_NOT_ACTIVE = "membership-not-active"
    CANNOT_REVOKE_OWN = "cannot-revoke-own"
    API_KEY_INVALID = "api-key-invalid"
    API_KEY_REVOKED = "api-key-revoked"
