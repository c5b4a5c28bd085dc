"""The one clock: every "now" in the platform comes from here, so tests can move time."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

_frozen: dt.datetime | None = None


def now() -> dt.datetime:
    """The current instant, timezone-aware, in UTC."""
    if _frozen is not None:
        return _frozen
    return timezone.now()


def local_zone() -> ZoneInfo:
    """Deadlines are evaluated in Europe/London whatever the server's zone."""
    return ZoneInfo(settings.REGULATOR_LOCAL_TIME_ZONE)


def to_local(moment: dt.datetime) -> dt.datetime:
    if timezone.is_naive(moment):
        raise ValueError("naive datetimes are refused: give a timezone-aware instant")
    return moment.astimezone(local_zone())


def local_today() -> dt.date:
    return to_local(now()).date()


def freeze(moment: dt.datetime | None) -> None:
    """Pin now() to an instant (tests and replays); None lets time run again."""
    global _frozen
    if moment is not None and timezone.is_naive(moment):
        raise ValueError("freeze() needs a timezone-aware datetime")
    _frozen = moment
