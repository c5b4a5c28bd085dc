"""The cases area's errors: a stable code and a message in the active language."""

from __future__ import annotations

from regulator.cases.types import CasesErrorCode
from regulator.core.errors import InvalidValueError


class CasesError(InvalidValueError):
    code = "cases_error"


def error(code: CasesErrorCode, message: str) -> CasesError:
    return CasesError(message, code=str(code))
