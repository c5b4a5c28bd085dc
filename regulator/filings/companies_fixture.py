"""A synthetic Companies House snapshot in the published BasicCompanyData format, for
tests and the demo (no real snapshot is at hand, and tests never go online).

Besides ordinary live companies it holds the edge cases the rules must get right: a
company dissolved before a donation date, one dissolved after it, an overseas company, a
dormant one, one in liquidation, one incorporated after the donation, and numbers that a
published file writes without their leading zeros.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from dataclasses import dataclass
from pathlib import Path

from regulator.filings.companies_format import COLUMNS, HEADER_LINE


@dataclass(frozen=True)
class SyntheticCompany:
    number: str
    name: str
    status: str = "Active"
    category: str = "Private Limited Company"
    country_of_origin: str = "United Kingdom"
    incorporated_on: dt.date | None = dt.date(2005, 4, 1)
    dissolved_on: dt.date | None = None
    accounts_category: str = "FULL"
    post_town: str = "LONDON"
    postcode: str = "EC1Y 8YZ"


# The edge cases, by the role they play in tests.
EDGE_CASES: dict[str, SyntheticCompany] = {
    "dissolved_2023": SyntheticCompany(
        "04118001",
        "LAPSED HOLDINGS LIMITED",
        status="Dissolved",
        dissolved_on=dt.date(2023, 6, 30),
        accounts_category="TOTAL EXEMPTION FULL",
    ),
    "dissolved_2025": SyntheticCompany(
        "05220002", "LATE CLOSING LIMITED", status="Dissolved", dissolved_on=dt.date(2025, 9, 1)
    ),
    "overseas": SyntheticCompany(
        "FC031234",
        "OFFSHORE TRADING INC",
        category="Other company type",
        country_of_origin="Cayman Islands",
        accounts_category="NO ACCOUNTS FILED",
    ),
    "dormant": SyntheticCompany(
        "08209948",
        "QUIET SHELL LTD",
        accounts_category="DORMANT",
        incorporated_on=dt.date(2012, 9, 11),
    ),
    "liquidation": SyntheticCompany(
        "03330003", "WINDING DOWN PLC", status="Liquidation", category="Public Limited Company"
    ),
    "new_2024": SyntheticCompany(
        "15440004", "FRESH START LIMITED", incorporated_on=dt.date(2024, 2, 1)
    ),
    "leading_zero": SyntheticCompany(
        "01377507", "OLD ESTABLISHED WORKS LIMITED", incorporated_on=dt.date(1978, 7, 3)
    ),
    "scottish": SyntheticCompany(
        "SC123456", "GLEN MILLS LIMITED", post_town="GLASGOW", postcode="G1 1AA"
    ),
    "llp": SyntheticCompany(
        "OC301234", "PARTNERS IN PRINT LLP", category="Limited Liability Partnership"
    ),
}

_WORDS = [
    "NORTH",
    "HARBOUR",
    "BRIDGE",
    "OAK",
    "MERIDIAN",
    "VALLEY",
    "CASTLE",
    "FORGE",
    "RIVER",
    "SUMMIT",
    "CROWN",
    "ATLAS",
    "BEACON",
    "ORCHARD",
    "STONE",
    "WILLOW",
]
_KINDS = ["SERVICES", "HOLDINGS", "CONSULTING", "TRADING", "ENGINEERING", "MEDIA", "FOODS"]


def synthetic_companies(count: int, *, seed: int = 2024) -> list[SyntheticCompany]:
    """The edge cases, then ``count`` ordinary live companies (deterministic by seed)."""
    generator = random.Random(seed)  # noqa: S311 - synthetic data, not a secret
    companies = list(EDGE_CASES.values())
    used = {c.number for c in companies}
    while len(companies) < count + len(EDGE_CASES):
        number = f"{generator.randint(1_000_000, 14_999_999):08d}"
        if number in used:
            continue
        used.add(number)
        name = f"{generator.choice(_WORDS)} {generator.choice(_WORDS)} {generator.choice(_KINDS)} LIMITED"
        companies.append(
            SyntheticCompany(
                number,
                name,
                incorporated_on=dt.date(generator.randint(1980, 2020), generator.randint(1, 12), 1),
            )
        )
    return companies


def _date(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _row(company: SyntheticCompany) -> dict[str, str]:
    row = dict.fromkeys(COLUMNS, "")
    row.update(
        {
            "CompanyName": company.name,
            "CompanyNumber": company.number,
            "RegAddress.AddressLine1": "1 HIGH STREET",
            "RegAddress.PostTown": company.post_town,
            "RegAddress.Country": "UNITED KINGDOM",
            "RegAddress.PostCode": company.postcode,
            "CompanyCategory": company.category,
            "CompanyStatus": company.status,
            "CountryOfOrigin": company.country_of_origin,
            "DissolutionDate": _date(company.dissolved_on),
            "IncorporationDate": _date(company.incorporated_on),
            "Accounts.AccountRefDay": "31",
            "Accounts.AccountRefMonth": "3",
            "Accounts.AccountCategory": company.accounts_category,
            "Mortgages.NumMortCharges": "0",
            "Mortgages.NumMortOutstanding": "0",
            "Mortgages.NumMortPartSatisfied": "0",
            "Mortgages.NumMortSatisfied": "0",
            "SICCode.SicText_1": "99999 - Dormant Company"
            if company.accounts_category == "DORMANT"
            else "70229 - Management consultancy activities other than financial management",
            "LimitedPartnerships.NumGenPartners": "0",
            "LimitedPartnerships.NumLimPartners": "0",
            "URI": f"http://business.data.gov.uk/id/company/{company.number}",
        }
    )
    return row


def snapshot_text(companies: list[SyntheticCompany]) -> str:
    """The snapshot as the published file writes it: the header as published (not
    quoted, spaces after some commas), then every value quoted, CRLF line ends."""
    out = io.StringIO()
    out.write(HEADER_LINE + "\r\n")
    writer = csv.DictWriter(out, fieldnames=COLUMNS, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    for company in companies:
        writer.writerow(_row(company))
    return out.getvalue()


def write_snapshot(path: Path, companies: list[SyntheticCompany]) -> Path:
    path.write_text(snapshot_text(companies), encoding="utf-8")
    return path
