"""The Commission's published CSV layouts and the conventions of their cells.

One place that knows the columns, in order, and how each kind of cell is written in the
published files (and their quirks: a byte-order mark, '£10,000.00', 'dd/mm/yyyy',
'True'/'False'/blank, leading spaces, company numbers that lost their leading zeros).
The importer, the bulk upload and the exporters all use it; the cells themselves are
read and written by ``core.cells``.
"""

from __future__ import annotations

import datetime as dt
import re

from regulator.core.cells import clean_name
from regulator.core.errors import InvalidValueError
from regulator.finance.types import LAYOUTS

# '[De-registered 11/11/22]', in any capitalisation ('[De-Registered …]', '[DE-REGISTERED …]')
# and with or without the hyphen.
_DEREGISTERED = re.compile(r"\s*\[\s*de-?registered\s+([^\]]*?)\s*\]\s*$", re.IGNORECASE)
_DEREGISTERED_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")


def detect_layout(header: list[str]) -> str | None:
    """Which published layout a header is, if it is exactly one of them."""
    for name, columns in LAYOUTS.items():
        if header == columns:
            return name
    return None


def split_deregistration(name: str) -> tuple[str, dt.date | None]:
    """'Scottish Libertarian Party [De-registered 11/11/22]' → ('Scottish Libertarian Party',
    2022-11-11). The register keeps deregistration as a date, never in the name. A
    deregistration note whose date is not a real date raises ``InvalidValueError`` (the
    importer rejects that row with the reason)."""
    match = _DEREGISTERED.search(name)
    if not match:
        return clean_name(name), None
    text = match.group(1)
    date = _DEREGISTERED_DATE.match(text)
    try:
        if date is None:
            raise ValueError(text)
        day, month, year = (int(part) for part in date.groups())
        if year < 100:
            year += 2000
        return clean_name(name[: match.start()]), dt.date(year, month, day)
    except ValueError:
        raise InvalidValueError(
            f"the deregistration date {text!r} in the name is not a date (expected dd/mm/yy)"
        ) from None
