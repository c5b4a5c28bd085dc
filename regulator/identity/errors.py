"""Error codes of the identity area (tests import these rather than retype strings)."""

from __future__ import annotations

from enum import StrEnum


class IdentityError(StrEnum):
    API_KEY_INVALID = "api-key-invalid"
    API_KEY_REVOKED = "api-key-revoked"
