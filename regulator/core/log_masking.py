"""Secrets that travel in URLs never reach a log line: the keys of password-reset and
email-confirmation links (allauth) and of API key confirmation links are replaced with
``***`` in every string of every log event (``mask_secrets``, a structlog processor that
config/settings/logging.py runs for our loggers and for Django's and gunicorn's)."""

from __future__ import annotations

import re
from collections.abc import MutableMapping
from typing import Any

# The path segment after each of these is a secret (Welsh pages carry a /cy prefix first).
_SECRET_AFTER = re.compile(
    r"(/accounts/password/reset/key/|/accounts/confirm-email/|/api-keys/confirm/)"
    r"[^/\s?#\"'<>]+"
)
_SECRET_QUERY = re.compile(r"([?&](?:key|token|code)=)[^&\s#\"'<>]+", re.IGNORECASE)


def mask(text: str) -> str:
    if "/" not in text and "=" not in text:
        return text
    return _SECRET_QUERY.sub(r"\1***", _SECRET_AFTER.sub(r"\1***", text))


def _masked(value: Any) -> Any:
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, tuple | list):
        return type(value)(_masked(item) for item in value)
    return value


def mask_secrets(_logger: Any, _method: str, event_dict: MutableMapping[str, Any]) -> Any:
    """structlog processor: mask secret URL keys in every value of the event."""
    for name, value in list(event_dict.items()):
        if name.startswith("_"):
            continue  # structlog's own record and formatter entries
        event_dict[name] = _masked(value)
    return event_dict
