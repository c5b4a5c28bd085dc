"""Query parameters every API list reads the same way."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from rest_framework.request import Request

from regulator.core.api.errors import ApiError

# The largest id a database row can have (a signed 64-bit integer): a longer number is no
# id of ours, and SQLite or PostgreSQL would fail on it (a 500) rather than find nothing.
MAX_ID = 2**63 - 1


def id_in_range(value: int) -> bool:
    return -MAX_ID <= value <= MAX_ID


def enum_values(request: Request, parameter: str, choices: Any) -> list[str]:
    """Values of a repeatable enumerated parameter, each given as the published label
    (any case) or its slug; anything else is a 400 naming the parameter."""
    lookup: dict[str, str] = {}
    for value, label in choices:
        if not value:
            continue
        lookup[str(value).casefold()] = str(value)
        lookup[str(label).casefold()] = str(value)
        with translation.override("en"):
            # The published (English) label, whatever language the request uses.
            lookup[str(label).casefold()] = str(value)
    out = []
    for raw in request.query_params.getlist(parameter):
        for item in raw.split(","):
            key = " ".join(item.split()).casefold()
            if not key:
                continue
            if key not in lookup:
                allowed = ", ".join(sorted(set(lookup.values())))
                raise ApiError(
                    f"'{item}' is not a valid {parameter}; use one of: {allowed} "
                    "(or the published label)",
                    parameter=parameter,
                )
            out.append(lookup[key])
    return out
