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

# (key, English label, Welsh label, selector, params). A selector may answer one figure
# (a number, or rows to count) or, like cases' ``powers_and_sanctions``, a report whose
# figure the row names in ``params["figure"]``: an attribute, or an attribute and a key
# ("notices", "disclosure"). ``params["money"]`` marks an amount in pence.
PS = C + "powers_and_sanctions"
POWERS_AND_SANCTIONS: list[tuple[str, str, str, str, dict[str, Any]]] = [
    (
        "disclosure-notices",
        "Notices to produce documents or information (Schedule 19B, paragraph 1)",
        "Hysbysiadau i gyflwyno dogfennau neu wybodaeth (Atodlen 19B, paragraff 1)",
        PS,
        {"figure": ("notices", "disclosure")},
    ),
    (
        "investigation-notices",
        "Investigation notices (Schedule 19B, paragraph 3)",
        "Hysbysiadau ymchwilio (Atodlen 19B, paragraff 3)",
        PS,
        {"figure": ("notices", "investigation")},
    ),
    (
        "warrants",
        "Entry and search warrants obtained",
        "Gwarantau mynediad a chwilio a gafwyd",
        PS,
        {"figure": ("warrants",)},
    ),
    (
        "court-orders",
        "Court orders obtained",
        "Gorchmynion llys a gafwyd",
        PS,
        {"figure": ("court_orders",)},
    ),
    (
        "fixed-penalties",
        "Fixed monetary penalties imposed",
        "Cosbau ariannol penodedig a osodwyd",
        PS,
        {"figure": ("sanctions", "fixed")},
    ),
    (
        "variable-penalties",
        "Variable monetary penalties imposed",
        "Cosbau ariannol amrywiadwy a osodwyd",
        PS,
        {"figure": ("sanctions", "variable")},
    ),
    (
        "penalties-total",
        "Monetary penalties imposed: total",
        "Cosbau ariannol a osodwyd: cyfanswm",
        PS,
        {"figure": ("penalties_pence",), "money": True},
    ),
    (
        "compliance-notices",
        "Compliance notices issued",
        "Hysbysiadau cydymffurfio a gyhoeddwyd",
        PS,
        {"figure": ("sanctions", "compliance")},
    ),
    (
        "restoration-notices",
        "Restoration notices issued",
        "Hysbysiadau adfer a gyhoeddwyd",
        PS,
        {"figure": ("sanctions", "restoration")},
    ),
    (
        "stop-notices",
        "Stop notices issued",
        "Hysbysiadau stop a gyhoeddwyd",
        PS,
        {"figure": ("sanctions", "stop")},
    ),
    (
        "enforcement-undertakings",
        "Enforcement undertakings accepted",
        "Ymgymeriadau gorfodi a dderbyniwyd",
        PS,
        {"figure": ("sanctions", "undertaking")},
    ),
    (
        "forfeitures",
        "Forfeiture orders applied for",
        "Gorchmynion fforffedu y gwnaed cais amdanynt",
        PS,
        {"figure": ("forfeitures",)},
    ),
    (
        "referrals",
        "Referrals to the police or prosecutors",
        "Atgyfeiriadau at yr heddlu neu erlynwyr",
        PS,
        {"figure": ("referrals",)},
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
    money: bool = False  # the value is an amount in pence

    @property
    def label(self) -> str:
        return self.label_cy if (get_language() or "en").startswith("cy") else self.label_en

    @property
    def display(self) -> str:
        """The figure as the table shows it: a count, or pounds for an amount."""
        if self.value is None:
            return "\u2013"  # an en dash, as the templates show a missing figure
        if self.money:
            return f"£{self.value // 100:,}.{self.value % 100:02d}"
        return f"{self.value:,}"


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
    # A report answering several rows (cases' powers_and_sanctions) is asked once.
    reports: dict[str, Any] = {}
    for key, label_en, label_cy, selector, params in TABLES[code][1]:
        function = catalogue.resolve(selector)
        value = None
        figure = params.get("figure")
        if function is not None:
            arguments = {"start": year.start, "end": year.end, "as_of": as_of}
            if figure is not None:
                if selector not in reports:
                    reports[selector] = catalogue.call(function, arguments)
                value = _count(_figure(reports[selector], figure))
            else:
                value = _count(catalogue.call(function, {**arguments, **params}))
        rows.append(
            Row(
                key,
                label_en,
                label_cy,
                selector,
                value,
                function is not None,
                money=bool(params.get("money")),
            )
        )
    return Table(code, year.code, rows)


def _figure(report: Any, path: tuple[str, ...]) -> Any:
    """One figure of a report: an attribute, then a key of it (a missing key is 0)."""
    value = getattr(report, path[0])
    for part in path[1:]:
        value = value.get(part, 0)
    return value


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
