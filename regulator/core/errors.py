"""Error types shared by every area. Error codes are enums that tests import."""

from __future__ import annotations

from enum import StrEnum


class RegulatorError(Exception):
    """Base of the platform's own errors: carries a stable code and a message."""

    code: str = "error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code


class InvalidValueError(RegulatorError, ValueError):
    code = "invalid_value"


class PermissionDeniedError(RegulatorError):
    code = "permission_denied"


class CoreErrorCode(StrEnum):
    INVALID_VALUE = "invalid_value"
    PERMISSION_DENIED = "permission_denied"
    NOT_FOUND = "not_found"
