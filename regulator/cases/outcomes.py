"""A published outcome as the Commission lays it out: one row per published case, built
here once and read by the public page, the CSV and the API so that all three agree.

Pure: it reads a ``Case`` already fetched (with its offence, entity and sanctions) and
the active language; it queries nothing else. The filters of the page and the API are
checked here too (``filters_parse``), with the same messages."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from regulator.cases.types import OUTCOME_WORDS, Finding, PaymentStatus, SanctionKind
from regulator.core.cells import neutralise_formula
from regulator.register.types import EntityType

OFFENCE_CODE = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
FIRST_YEAR, LAST_YEAR = 2001, 2100  # PPERA 2000 came into force in 2001
MAX_Q = 200
MAX_ID = 2**63 - 1


def pounds(pence: int | None) -> str:
    """£1,234.50 (always two decimals, as the Commission prints amounts)."""
    if pence is None:
        return ""
    return f"£{pence // 100:,}.{pence % 100:02d}"


@dataclass(frozen=True)
class OutcomeRow:
    reference: str
    subject: str
    entity_id: int | None
    entity_type: str  # the entity type's slug ("political-party"), "" when not registered
    entity_type_label: str
    offence_code: str
    investigated_for: str
    finding: str  # the Finding's value
    decision_words: str  # finding (with any reasonable excuse) and outcome words
    sanction: str  # each sanction with its amount: "Fixed monetary penalty £200.00"
    decision: str  # all of it: finding, sanction and amount, outcome words
    sanction_kinds: list[str] = field(default_factory=list)
    amount_pence: int | None = None
    payment_status: str = ""
    payment_status_label: str = ""
    reasonable_excuse: bool = False
    summary: str = ""  # in the reader's language (English where no Welsh was written)
    summary_en: str = ""
    summary_cy: str = ""
    published_on: dt.date | None = None

    @property
    def amount(self) -> str:
        return pounds(self.amount_pence)


def _investigated_for(case: Any) -> str:
    offence = case.offence
    if offence is None:
        return str(case.matter)
    return f"{offence.provision}: {offence.description}"


def outcome_row(case: Any) -> OutcomeRow:
    """The published row of a case (its words in the active language)."""
    sanctions = [s for s in case.sanctions.all() if not s.dropped]
    kinds = [s.kind for s in sanctions]
    monetary = [s.amount_pence for s in sanctions if s.amount_pence is not None]
    amount = sum(monetary) if monetary else None
    sanction_parts = []
    for item in sanctions:
        label = str(SanctionKind(item.kind).label)
        sanction_parts.append(
            f"{label} {pounds(item.amount_pence)}" if item.amount_pence is not None else label
        )
    finding = str(Finding(case.finding).label) if case.finding in Finding.values else ""
    if case.reasonable_excuse:
        finding = f"{finding} ({_('reasonable excuse')})" if finding else _("Reasonable excuse")
    words = OUTCOME_WORDS.get(case.outcome_words)
    outcome = str(words) if words is not None else ""
    decision_words = "; ".join(part for part in (finding, outcome) if part)
    decision = "; ".join(part for part in (finding, *sanction_parts, outcome) if part)
    entity = case.entity
    status = case.payment_status if case.payment_status in PaymentStatus.values else ""
    return OutcomeRow(
        reference=case.reference,
        subject=case.subject_name,
        entity_id=entity.pk if entity is not None else None,
        entity_type=entity.entity_type if entity is not None else "",
        entity_type_label=str(EntityType(entity.entity_type).label)
        if entity is not None and entity.entity_type in EntityType.values
        else "",
        offence_code=case.offence.code if case.offence is not None else "",
        investigated_for=_investigated_for(case),
        finding=case.finding,
        decision_words=decision_words,
        sanction="; ".join(sanction_parts),
        decision=decision,
        sanction_kinds=kinds,
        amount_pence=amount,
        payment_status=status,
        payment_status_label=str(PaymentStatus(status).label) if status else "",
        reasonable_excuse=bool(case.reasonable_excuse),
        summary=case.public_summary,
        summary_en=case.public_summary_en,
        summary_cy=case.public_summary_cy,
        published_on=case.published_on,
    )


# --- filters -----------------------------------------------------------------------------

FILTER_NAMES = ("entity", "offence", "sanction", "year", "q")


@dataclass
class Filters:
    entity_id: int | None = None
    offence: str = ""
    sanction: str = ""
    year: int | None = None
    q: str = ""
    # (parameter, message) for each value that could not be used
    errors: list[tuple[str, str]] = field(default_factory=list)

    def selector_arguments(self) -> dict[str, Any]:
        return {
            "entity_id": self.entity_id,
            "offence": self.offence,
            "sanction": self.sanction,
            "year": self.year,
            "q": self.q,
        }


def _sanction_value(raw: str) -> str | None:
    key = " ".join(raw.split()).casefold()
    for value, label in SanctionKind.choices:
        if key in (str(value).casefold(), str(label).casefold()):
            return str(value)
    return None


def filters_parse(params: Any) -> Filters:
    """The filters of a query (``request.GET`` or a DRF ``query_params``): each value
    checked, a bad one left out with a message naming it (in the active language)."""
    found = Filters()

    def one(name: str) -> str:
        value = str(params.get(name, "") or "")
        if "\x00" in value:
            found.errors.append((name, _("The value contains a character that is not allowed.")))
            return ""
        return value.strip()

    entity = one("entity")
    if entity:
        if entity.isascii() and entity.isdigit() and 0 < int(entity) <= MAX_ID:
            found.entity_id = int(entity)
        else:
            found.errors.append(
                ("entity", _("The entity must be a regulated entity's number, for example 52."))
            )
    offence = one("offence")
    if offence:
        if OFFENCE_CODE.match(offence):
            found.offence = offence
        else:
            found.errors.append(
                ("offence", _("The offence must be an offence's code, for example late-accounts."))
            )
    sanction = one("sanction")
    if sanction:
        value = _sanction_value(sanction)
        if value is None:
            found.errors.append(
                (
                    "sanction",
                    _("The sanction must be one of: %(kinds)s.")
                    % {"kinds": ", ".join(SanctionKind.values)},
                )
            )
        else:
            found.sanction = value
    year = one("year")
    if year:
        if year.isascii() and year.isdigit() and FIRST_YEAR <= int(year) <= LAST_YEAR:
            found.year = int(year)
        else:
            found.errors.append(
                (
                    "year",
                    _("The year must be a year from %(first)s to %(last)s, for example 2024.")
                    % {"first": FIRST_YEAR, "last": LAST_YEAR},
                )
            )
    q = one("q")
    if len(q) > MAX_Q:
        found.errors.append(("q", _("Search for %(most)s characters or fewer.") % {"most": MAX_Q}))
    else:
        found.q = q
    return found


# The CSV's columns (page download and the API's ?format=csv), in order.
CSV_COLUMNS = (
    "reference",
    "subject",
    "entity_type",
    "regulated_entity_id",
    "investigated_for",
    "decision",
    "sanctions",
    "amount",
    "payment_status",
    "summary_of_reasons",
    "summary_of_reasons_cy",
    "published_on",
)


def csv_cells(row: OutcomeRow) -> list[str]:
    """A row's cells as text, before formula neutralising (the writer does that)."""
    return [
        row.reference,
        row.subject,
        row.entity_type_label,
        "" if row.entity_id is None else str(row.entity_id),
        row.investigated_for,
        row.decision,
        row.sanction,
        ""
        if row.amount_pence is None
        else f"{row.amount_pence // 100}.{row.amount_pence % 100:02d}",
        row.payment_status_label,
        row.summary_en,
        row.summary_cy,
        row.published_on.isoformat() if row.published_on else "",
    ]


def csv_lines(rows: Iterable[OutcomeRow]) -> Iterator[str]:
    """The CSV, line by line: a header, then each row with every text cell that a
    spreadsheet would run as a formula neutralised (``core.cells``)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(CSV_COLUMNS)
    yield flush()
    for row in rows:
        writer.writerow([neutralise_formula(cell) for cell in csv_cells(row)])
        yield flush()
