"""Validate a file of transactions without saving anything: the one path the upload,
the API and ``manage.py filings_validate`` share."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _

from regulator.core import clock
from regulator.core.errors import InvalidValueError
from regulator.filings import selectors
from regulator.filings.figures import FigureTable
from regulator.filings.parsing import ParsedFile, read_transactions
from regulator.filings.rules import validate
from regulator.filings.rules.base import Finding
from regulator.filings.rules.engine import has_errors
from regulator.filings.rules.inputs import (
    GiftInput,
    Nation,
    PriorGift,
    ReturnContext,
    TransactionKind,
)
from regulator.filings.rules.periods import parse_period

ENTITY_TYPES = {
    "political party": "political-party",
    "political-party": "political-party",
    "third party": "third-party",
    "third-party": "third-party",
    "non-party campaigner": "third-party",
    "regulated donee": "regulated-donee",
    "regulated-donee": "regulated-donee",
    "permitted participant": "permitted-participant",
    "permitted-participant": "permitted-participant",
}
REGISTERS = {
    "great britain": "great-britain",
    "great-britain": "great-britain",
    "gb": "great-britain",
    "northern ireland": "northern-ireland",
    "northern-ireland": "northern-ireland",
    "ni": "northern-ireland",
}


def entity_type_from(text: str) -> str:
    found = ENTITY_TYPES.get(" ".join(text.split()).lower())
    if found is None:
        raise InvalidValueError(
            _(
                "“%(value)s” is not a kind of regulated entity. Use Political Party, Third "
                "Party, Regulated Donee or Permitted Participant."
            )
            % {"value": text}
        )
    return found


def register_from(text: str) -> str:
    """great-britain, northern-ireland, or "" for blank: a register not known is never
    assumed (the rules then ask for it where it matters)."""
    folded = " ".join(text.split()).lower()
    if not folded:
        return ""
    found = REGISTERS.get(folded)
    if found is None:
        raise InvalidValueError(
            _("“%(value)s” is not a register. Use Great Britain or Northern Ireland.")
            % {"value": text}
        )
    return found


def seats_from(text: str) -> dict[Nation, int]:
    """'england=533,scotland=59,wales=40,northern-ireland=18' → {Nation: seats}."""
    seats: dict[Nation, int] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, _sep, number = part.partition("=")
        try:
            nation = Nation(name.strip().lower().replace(" ", "-"))
            seats[nation] = int(number)
        except ValueError as exc:
            raise InvalidValueError(
                _(
                    "“%(value)s” is not a number of seats for a part of the UK. Write, for "
                    "example, england=533,scotland=59,wales=40,northern-ireland=18."
                )
                % {"value": part}
            ) from exc
        if seats[nation] < 0:
            raise InvalidValueError(
                _("“%(value)s”: the number of seats cannot be negative.") % {"value": part}
            )
    return seats


@contextmanager
def collector_paused() -> Iterator[None]:
    """Reading and checking a file makes a few objects per row that all live until the
    end: the cyclic garbage collector would walk them again and again (a third of the
    time of a 100,000-row file) and find nothing to free. Reference counting still frees
    what is dropped. Usable as a decorator."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@dataclass
class ValidationResult:
    parsed: ParsedFile
    findings: list[Finding]

    @property
    def has_errors(self) -> bool:
        return has_errors(self.findings)

    def as_list(self) -> list[dict[str, Any]]:
        return [finding.as_dict() for finding in self.findings]


def context_for(
    *,
    kind: TransactionKind,
    entity_type: str,
    accounting_unit: str = "central",
    period_name: str | None = None,
    register: str = "great-britain",
    today: dt.date | None = None,
    figures: FigureTable | None = None,
    seats_contested: Mapping[Nation, int] | None = None,
    donee_type: str = "",
    holiday_nation: str = "",
    prior_gifts: Sequence[PriorGift] = (),
) -> ReturnContext:
    period = None
    if period_name:
        period = parse_period(period_name)
        if period is None:
            raise InvalidValueError(
                _(
                    "“%(value)s” is not a reporting period we know. Use a name such as Q1 "
                    "2025 or Pre-Poll 1 - Party(30/05/24 - 05/06/24) UKPGE 2024."
                )
                % {"value": period_name}
            )
    unit = accounting_unit.strip()
    return ReturnContext(
        entity_type=entity_type_from(entity_type),
        figures=figures or selectors.figure_table(),
        today=today or clock.local_today(),
        is_central=unit.lower() in {"", "central", "central party"},
        accounting_unit="" if unit.lower() in {"", "central", "central party"} else unit,
        register=register_from(register),
        kind=kind,
        period=period,
        seats_contested=dict(seats_contested or {}),
        donee_type=donee_type,
        holiday_nation=holiday_nation,
        prior_gifts=prior_gifts,
    )


def validate_items(items: Sequence[Any], ctx: ReturnContext) -> list[Finding]:
    """Look up the companies the items name, then run every rule."""
    numbers = {i.company_number for i in items if isinstance(i, GiftInput) and i.company_number}
    if numbers:
        ctx.companies = selectors.company_facts(numbers)
    return validate(items, ctx)


def validate_file(
    source: str | Path | bytes | IO[bytes], *, ctx: ReturnContext
) -> ValidationResult:
    """Read and validate; UnreadableFileError when the file cannot be read at all."""
    with collector_paused():
        return _validate_file(source, ctx)


def _validate_file(source: str | Path | bytes | IO[bytes], ctx: ReturnContext) -> ValidationResult:
    parsed = read_transactions(source, ctx.kind)
    ctx.layout = parsed.layout
    findings = parsed.findings + validate_items(parsed.items, ctx)
    findings.sort(key=lambda f: f.row or 0)
    return ValidationResult(parsed=parsed, findings=findings)
