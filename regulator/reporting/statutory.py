"""The statutory reports: the annual report on the use of investigatory powers and
sanctions (PPERA 2000 Schedule 19C, paragraph 13) and the Welsh Language Standards
monitoring figures. Each row names the selector of the area that will own its figure
(cases, contacts), resolved by name like the catalogue's measures: until that area
provides it the row says "not yet available", never a number."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from regulator.reporting import catalogue
from regulator.reporting.periods import Period, period_containing

C = "regulator.cases.selectors."
K = "regulator.contacts.selectors."

# (key, English label, Welsh label, selector, params)
POWERS_AND_SANCTIONS: list[tuple[str, str, str, str, dict[str, Any]]] = [
    (
        "disclosure-notices",
        "Notices to produce documents or information (Schedule 19B, paragraph 1)",
        "Hysbysiadau i gyflwyno dogfennau neu wybodaeth (Atodlen 19B, paragraff 1)",
        C + "notices_issued",
        {"notice_type": "disclosure"},
    ),
    (
        "investigation-notices",
        "Investigation notices (Schedule 19B, paragraph 3)",
        "Hysbysiadau ymchwilio (Atodlen 19B, paragraff 3)",
        C + "notices_issued",
        {"notice_type": "investigation"},
    ),
    (
        "warrants",
        "Entry and search warrants obtained",
        "Gwarantau mynediad a chwilio a gafwyd",
        C + "warrants_obtained",
        {},
    ),
    (
        "court-orders",
        "Court orders obtained",
        "Gorchmynion llys a gafwyd",
        C + "court_orders_obtained",
        {},
    ),
    (
        "fixed-penalties",
        "Fixed monetary penalties imposed",
        "Cosbau ariannol penodedig a osodwyd",
        C + "sanctions_imposed",
        {"sanction_type": "fixed-monetary-penalty"},
    ),
    (
        "variable-penalties",
        "Variable monetary penalties imposed",
        "Cosbau ariannol amrywiadwy a osodwyd",
        C + "sanctions_imposed",
        {"sanction_type": "variable-monetary-penalty"},
    ),
    (
        "compliance-notices",
        "Compliance notices issued",
        "Hysbysiadau cydymffurfio a gyhoeddwyd",
        C + "sanctions_imposed",
        {"sanction_type": "compliance-notice"},
    ),
    (
        "restoration-notices",
        "Restoration notices issued",
        "Hysbysiadau adfer a gyhoeddwyd",
        C + "sanctions_imposed",
        {"sanction_type": "restoration-notice"},
    ),
    (
        "stop-notices",
        "Stop notices issued",
        "Hysbysiadau stop a gyhoeddwyd",
        C + "sanctions_imposed",
        {"sanction_type": "stop-notice"},
    ),
    (
        "enforcement-undertakings",
        "Enforcement undertakings accepted",
        "Ymgymeriadau gorfodi a dderbyniwyd",
        C + "sanctions_imposed",
        {"sanction_type": "enforcement-undertaking"},
    ),
    (
        "forfeitures",
        "Forfeiture orders applied for",
        "Gorchmynion fforffedu y gwnaed cais amdanynt",
        C + "sanctions_imposed",
        {"sanction_type": "forfeiture"},
    ),
]

WELSH_LANGUAGE: list[tuple[str, str, str, str, dict[str, Any]]] = [
    (
        "welsh-received",
        "Correspondence received in Welsh",
        "Gohebiaeth a dderbyniwyd yn Gymraeg",
        K + "welsh_correspondence_received",
        {},
    ),
    (
        "welsh-answered-in-welsh",
        "Welsh correspondence answered in Welsh",
        "Gohebiaeth Gymraeg a atebwyd yn Gymraeg",
        K + "welsh_correspondence_answered_in_welsh",
        {},
    ),
    (
        "welsh-calls",
        "Telephone calls taken in Welsh",
        "Galwadau ffôn a gymerwyd yn Gymraeg",
        K + "welsh_calls_taken",
        {},
    ),
    (
        "welsh-complaints",
        "Complaints about compliance with the Standards",
        "Cwynion am gydymffurfio â\u2019r Safonau",
        K + "welsh_language_complaints",
        {},
    ),
]

TABLES = {
    "powers-and-sanctions": (
        _("Use of investigatory powers and sanctions"),
        POWERS_AND_SANCTIONS,
    ),
    "welsh-language": (_("Welsh Language Standards monitoring figures"), WELSH_LANGUAGE),
}


@dataclass
class Row:
    key: str
    label_en: str
    label_cy: str
    selector: str
    value: int | None
    available: bool

    @property
    def label(self) -> str:
        return self.label_cy if (get_language() or "en").startswith("cy") else self.label_en


@dataclass
class Table:
    code: str
    year: str
    rows: list[Row]

    @property
    def title(self) -> str:
        return str(TABLES[self.code][0])

    @property
    def available(self) -> bool:
        return any(row.available for row in self.rows)

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "year": self.year, "rows": [asdict(r) for r in self.rows]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Table:
        return cls(data["code"], data["year"], [Row(**row) for row in data["rows"]])


def table_compute(code: str, year: Period, as_of: dt.datetime) -> Table:
    rows = []
    for key, label_en, label_cy, selector, params in TABLES[code][1]:
        function = catalogue.resolve(selector)
        value = None
        if function is not None:
            answer = catalogue.call(
                function, {"start": year.start, "end": year.end, "as_of": as_of, **params}
            )
            value = _count(answer)
        rows.append(Row(key, label_en, label_cy, selector, value, function is not None))
    return Table(code, year.code, rows)


def _count(answer: Any) -> int | None:
    if answer is None:
        return None
    if hasattr(answer, "count") and callable(answer.count) and not isinstance(answer, list):
        return int(answer.count())
    if isinstance(answer, list | tuple | set):
        return len(answer)
    return int(answer)


def tables_for(period: Period, as_of: dt.datetime) -> list[Table]:
    """The statutory tables of the financial year a period ends in."""
    year = period_containing("year", period.end)
    return [table_compute(code, year, as_of) for code in TABLES]
