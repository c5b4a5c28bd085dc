"""Generated files of transactions with a problem of every kind, in both layouts: the
fast paths of reading, validating and storing are checked against straightforward
references on them (test_fast_path.py)."""

from __future__ import annotations

import csv
import io
import random

from regulator.filings.parsing import COMMISSION_LAYOUTS, TEMPLATES
from regulator.filings.rules.inputs import Layout, TransactionKind

AMOUNTS = [
    "",
    "0",
    "-5.00",
    "500.00",
    "500.01",
    "2500",
    "£2,500.00",
    "7,500.01",
    "11180.00",
    "11180.01",
    "12000",
    "25000.00",
    "lots",
    " 600 ",
    "1e3",
    "99999999.999",
]
DATES = [
    "",
    "01/01/2009",
    "31/12/2024",
    "01/01/2025",
    "15/02/2025",
    "31/03/2025",
    "1/4/2025",
    "2025-03-01",
    "30/02/2025",
    "yesterday",
    "01/06/2030",
    " 10/03/2025 ",
]
BOOLEANS = ["", "True", "False", "Yes", "No", "true", "maybe", " True"]
STATUSES = [
    "",
    "Individual",
    "individual ",
    "Company",
    "Limited Liability Partnership",
    "Trade Union",
    "Unincorporated Association",
    "Impermissible Donor",
    "Unidentifiable Donor",
    "Trust",
    "Friendly Society",
    "Registered Party",
    "Public Fund",
    "Martian",
]
COMPANIES = ["", "01234567", "1234567", "SC123456", "NI000001", "not a number", "00000042"]
NAMES = ["", "  ", "Anna Jones", "anna  jones", "ACME Ltd", "Bryn Evans", "The Union", "Zed"]
OUTCOMES = ["", "", "", "Returned", "Forfeited", "Sent to the Commission", "Kept"]
PERIODS = ["", "Q1 2025", "Q2 2025", "Q4 2024", "Nonsense 2025"]
TEXTS = ["", "Cash", "Visit", "Non Cash", "Fixed 3%", "Outstanding", "Ended", "Goods"]
ENTITY_TYPES = ["", "Political Party", "Third Party", "Regulated Donee", "Other"]
UNITS = ["", "Central Party", "Cardiff West", "Bangor"]
REGISTERS = ["", "Great Britain", "Northern Ireland"]

POOLS: dict[str, list[str]] = {
    "Value": AMOUNTS,
    "TotalExpenditure": AMOUNTS,
    "AmountInEngland": AMOUNTS,
    "AmountInScotland": AMOUNTS,
    "AmountInWales": AMOUNTS,
    "AmountInNorthernIreland": AMOUNTS,
    "AmountRepaid": AMOUNTS,
    "AmountConverted": AMOUNTS,
    "AmountOutstanding": AMOUNTS,
    "DonorStatus": STATUSES,
    "LenderStatus": STATUSES,
    "LoanParticipantType": STATUSES,
    "CompanyRegistrationNumber": COMPANIES,
    "DonorName": NAMES,
    "LenderName": NAMES,
    "LoanParticipantName": NAMES,
    "SupplierName": NAMES,
    "DonationAction": OUTCOMES,
    "LoanAction": OUTCOMES,
    "ReportingPeriodName": PERIODS,
    "RegulatedEntityType": ENTITY_TYPES,
    "AccountingUnitName": UNITS,
    "RegisterName": REGISTERS,
}


def _cell(column: str, generator: random.Random) -> str:
    if column in POOLS:
        return generator.choice(POOLS[column])
    if column.endswith("Date") or column.startswith("Date") or column == "DateRepaid":
        return generator.choice(DATES)
    if column.startswith("Is") or column in {
        "OnElectoralRegister",
        "AccountingUnitsAsCentralParty",
    }:
        return generator.choice(BOOLEANS)
    return generator.choice(TEXTS)


def mixed_csv(kind: TransactionKind, layout: Layout, rows: int, seed: int = 1) -> bytes:
    """``rows`` rows of random cells drawn from valid and invalid values, with a few
    blank rows and short rows among them, and sources repeated so that gifts add up."""
    generator = random.Random(seed)
    columns = (TEMPLATES if layout == Layout.TEMPLATE else COMMISSION_LAYOUTS)[kind]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for _ in range(rows):
        draw = generator.random()
        if draw < 0.02:
            writer.writerow([""] * len(columns))
            continue
        cells = [_cell(column, generator) for column in columns]
        if draw < 0.04:
            cells = cells[: len(columns) - 2]
        writer.writerow(cells)
    return out.getvalue().encode("utf-8")
