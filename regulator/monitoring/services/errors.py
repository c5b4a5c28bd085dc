"""The monitoring area's errors: a stable code and a message in the active language."""

from __future__ import annotations

from regulator.core.errors import InvalidValueError
from regulator.monitoring.types import MonitoringErrorCode


class MonitoringError(InvalidValueError):
    code = "monitoring_error"


def error(code: MonitoringErrorCode, message: str) -> MonitoringError:
    return MonitoringError(message, code=str(code))


class UnreadableError(MonitoringError):
    """A harvested file that cannot be read: names the row and column."""

    code = str(MonitoringErrorCode.UNREADABLE)
