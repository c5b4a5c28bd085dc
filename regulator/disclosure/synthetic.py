"""Synthetic published data in the Commission's exact layouts, for the demo and the
benchmarks: a few parties getting most of the money, heavy-tailed values, repeat donors
under spelling variants, company donors with numbers (some that lost their leading
zeros), public funds, pre-poll weeks, impermissible and returned gifts. Every name is
fictional. Row ``i`` depends only on the seed and ``i``, so a bigger run repeats a smaller
one's rows exactly (the import stays idempotent) and any slice can be made on its own.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import math
import random
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from regulator.core.cells import format_amount, format_bool, format_date
from regulator.finance import types as finance_types

SEED = 20261130
FIRST = [
    "Alys", "Bryn", "Carys", "Dafydd", "Eira", "Ffion", "Gethin", "Heledd", "Iolo", "Jac",
    "Kiera", "Lowri", "Macsen", "Nia", "Owain", "Pedr", "Rhian", "Siôn", "Tegan", "Wyn",
    "Amara", "Basil", "Cosima", "Dorian", "Elspeth", "Fergus", "Gwendolen", "Horatio",
    "Imogen", "Jasper", "Lavinia", "Montague", "Ottoline", "Percival", "Rosalind", "Tobias",
]  # fmt: skip
LAST = [
    "Harborne", "Ashcombe", "Brackenridge", "Caldicot", "Dunmore", "Everleigh", "Farthingale",
    "Glenister", "Hollowell", "Inchcape", "Jessop", "Kettleby", "Lockwood", "Marchbank",
    "Netherby", "Oakenshaw", "Pendleford", "Quarrington", "Rookwood", "Saltonstall",
    "Thistlewood", "Underhill", "Vellacott", "Whitcombe", "Yardley", "Zouche", "Penhallow",
    "Treharne", "Llewellyn-Pryce", "Ap Rhys", "O'Callaghan", "MacAskill", "Fairweather",
]  # fmt: skip
COMPANY_WORDS = [
    "Acorn", "Beacon", "Cedar", "Dovetail", "Ember", "Foxglove", "Granite", "Heron", "Ironbridge",
    "Juniper", "Kestrel", "Larch", "Meridian", "Northgate", "Orchard", "Pennant", "Quayside",
    "Riverside", "Slate", "Thornbury", "Upland", "Vale", "Willow", "Yew",
]  # fmt: skip
COMPANY_KINDS = ["Holdings Ltd", "Ltd", "Limited", "PLC", "Group Ltd", "Investments Limited", "LLP"]
PARTY_WORDS = [
    "Progress", "Unity", "Heritage", "Green Future", "Liberty", "Common Ground", "New Dawn",
    "People's Voice", "Coastal", "Valleys", "Highland", "Borders", "Renewal", "Forward",
]  # fmt: skip
UNITS = ["Ashford Vale", "Brynmawr North", "Carrick East", "Dunmere", "Elmswell", "Fenwick",
         "Glasdir", "Hartmoor", "Isleham", "Kingsbridge West"]  # fmt: skip
POSTCODES = ["SW1A 2AA", "EC1Y 8YZ", "CF10 1EP", "EH1 1YZ", "BT1 5GS", "LS18 5PX", "M1 1AE"]

ENTITY_BASE_ID = 910000
N_PARTIES, N_DONEES, N_THIRD = 24, 30, 12
ELECTION = dt.date(2024, 7, 4)


def _entities() -> list[tuple[int, str, str, str, str]]:
    """(id, name, type, register, donee type)."""
    rng = random.Random(SEED)  # noqa: S311 - synthetic data, not security
    out = []
    for i in range(N_PARTIES):
        word = PARTY_WORDS[i % len(PARTY_WORDS)]
        name = f"{word} Party" if i < len(PARTY_WORDS) else f"{word} Alliance"
        register = "Northern Ireland" if i % 11 == 10 else "Great Britain"
        out.append((ENTITY_BASE_ID + i, name, "Political Party", register, ""))
    for i in range(N_DONEES):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)} MP"
        out.append(
            (
                ENTITY_BASE_ID + 100 + i,
                name,
                "Regulated Donee",
                "Great Britain",
                "MP - Member of Parliament",
            )
        )
    for i in range(N_THIRD):
        name = f"Campaign for {COMPANY_WORDS[i]} Communities"
        out.append((ENTITY_BASE_ID + 200 + i, name, "Third Party", "", ""))
    return out


ENTITIES = _entities()
# Heavy concentration: entity k gets weight 1/(k+1)^1.6, so a few parties dominate.
ENTITY_WEIGHTS = [1 / (k + 1) ** 1.6 for k in range(len(ENTITIES))]


class Donor:
    __slots__ = ("company_number", "ec_id", "name", "postcode", "status", "variants")

    def __init__(self, index: int) -> None:
        rng = random.Random(SEED * 7 + index)  # noqa: S311 - synthetic data, not security
        roll = rng.random()
        self.ec_id = 500000 + index
        self.company_number = ""
        self.postcode = ""
        if roll < 0.58:
            self.status = "Individual"
            first, last = rng.choice(FIRST), rng.choice(LAST)
            middle = rng.choice("ABCDEFGHJKLMNPRST")
            self.name = f"{first} {last}"
            title = rng.choice(["Mr", "Ms", "Mrs", "Dr", "Sir", "Dame", "Lord"])
            self.variants = [
                f"{title} {first} {last}", f" {first} {last}", f"{first} {middle} {last}",
                f"{last}, {first}", f"{title} {first} {middle}. {last}", f"{first} {last[:-1]}",
                f"{first.upper()} {last.upper()}",
            ]  # fmt: skip
        elif roll < 0.82:
            self.status = "Company"
            name = f"{rng.choice(COMPANY_WORDS)} {rng.choice(COMPANY_WORDS)} {rng.choice(COMPANY_KINDS)}"
            self.name = name
            prefix = "SC" if rng.random() < 0.08 else ("NI" if rng.random() < 0.03 else "")
            digits = rng.randint(10000, 15999999 if not prefix else 999999)
            self.company_number = prefix + str(digits).zfill(8 - len(prefix))
            self.postcode = rng.choice(POSTCODES)
            self.variants = [name, name.upper(), f" {name}", name.replace("Limited", "Ltd")]
        elif roll < 0.90:
            self.status = "Trade Union"
            self.name = f"{rng.choice(COMPANY_WORDS)} Workers' Union"
            self.postcode = rng.choice(POSTCODES)
            self.variants = [self.name, self.name.replace("'", ""), f"The {self.name}"]
        elif roll < 0.96:
            self.status = "Unincorporated Association"
            self.name = f"The {rng.choice(COMPANY_WORDS)} Club"
            self.postcode = rng.choice(POSTCODES)
            self.variants = [self.name, self.name.replace("The ", "")]
        elif roll < 0.98:
            self.status = "Trust"
            self.name = f"{rng.choice(LAST)} Family Trust"
            self.variants = [self.name]
        else:
            self.status = "Limited Liability Partnership"
            self.name = f"{rng.choice(LAST)} & {rng.choice(LAST)} LLP"
            self.company_number = "OC" + str(rng.randint(300000, 449999))
            self.postcode = rng.choice(POSTCODES)
            self.variants = [self.name]


@functools.lru_cache(maxsize=200_000)
def donor(index: int) -> Donor:
    return Donor(index)


def donor_pool_size(n: int) -> int:
    """How many distinct donors the first ``n`` rows can draw on."""
    return max(300, n // 25)


def _heavy_tailed_value(rng: random.Random) -> Decimal:
    # Lognormal around £5k with a long tail; a fifth are round sums.
    value = min(math.exp(rng.gauss(8.6, 1.3)), 5_000_000)
    value = max(value, 500.01)
    if rng.random() < 0.2:
        value = max(round(value, -3), 1000)
    return Decimal(f"{value:.2f}")


def _quarter_name(day: dt.date) -> str:
    return f"Q{(day.month - 1) // 3 + 1} {day.year}"


def _pre_poll_name(day: dt.date) -> str | None:
    dissolution = ELECTION - dt.timedelta(days=35)
    if not dissolution <= day < ELECTION:
        return None
    week = (day - dissolution).days // 7
    start = dissolution + dt.timedelta(days=7 * week)
    end = start + dt.timedelta(days=6)
    return f"Pre-Poll {week + 1} - Party({start:%d/%m/%y} - {end:%d/%m/%y}) UKPGE 2024"


def donation_row(i: int) -> list[str]:
    rng = random.Random(SEED * 31 + i)  # noqa: S311 - synthetic data, not security
    entity = rng.choices(ENTITIES, weights=ENTITY_WEIGHTS)[0]
    entity_id, entity_name, entity_type, register, donee_type = entity
    # Zipf-like donor popularity: repeat donors are common. The pool grows with the row
    # number (not the file size), so row i is the same in every file.
    pool = donor_pool_size(i + 1)
    donor_index = min(int(pool * rng.random() ** 2.2), pool - 1)
    person = donor(donor_index)
    received = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randint(0, 6 * 365 + 1))
    accepted = received + dt.timedelta(days=rng.randint(0, 29))
    value = _heavy_tailed_value(rng)
    donation_type, nature, action = "Cash", "", ""
    status, name, number, postcode = (
        person.status,
        rng.choice(person.variants),
        person.company_number,
        person.postcode,
    )
    roll = rng.random()
    if roll < 0.03 and entity_type == "Political Party":
        status, donation_type = "Public Fund", "Public Funds"
        name = rng.choice(["House of Commons", "House of Lords", "The Electoral Commission"])
        nature = {
            "House of Commons": "Short Money (House of Commons)",
            "House of Lords": "Cranborne Money (House of Lords)",
        }.get(name, "Policy Development Grant")
        number, postcode = "", "SW1A 0AA"
    elif roll < 0.045:
        status, donation_type, action = "Impermissible Donor", "Impermissible Donor", "Returned"
    elif roll < 0.05:
        action = "Returned"
    elif roll < 0.15:
        donation_type = "Non Cash"
        nature = rng.choice(
            [
                "Staff costs",
                "Premises",
                "Administration services",
                "Hospitality",
                "Advertising",
                "Travel",
                "Sponsorship",
                "Other",
            ]
        )
    if number and rng.random() < 0.3:
        number = number.lstrip("0")  # as the published files lose leading zeros
    period = _pre_poll_name(accepted) if entity_type == "Political Party" else None
    pre_poll = period is not None
    if period is None:
        period = (
            _quarter_name(accepted) if entity_type != "Regulated Donee" else f"{accepted:%B %Y}"
        )
    unit_id, unit_name, as_central = (
        "",
        "Central Party" if entity_type == "Political Party" else "",
        "False",
    )
    if entity_type == "Political Party" and rng.random() < 0.3:
        k = rng.randrange(len(UNITS))
        unit_id, unit_name = str(entity_id * 10 + k), f"{UNITS[k]}"
    display_name = entity_name
    if entity_id == ENTITY_BASE_ID + N_PARTIES - 1:
        display_name = f"{entity_name} [De-registered 11/11/24]"
    cells = {
        "ECRef": f"SYN{i:08d}",
        "RegulatedEntityName": display_name,
        "RegulatedEntityType": entity_type,
        "Value": format_amount(value),
        "AcceptedDate": "" if pre_poll else format_date(accepted),
        "AccountingUnitName": unit_name,
        "DonorName": name,
        "AccountingUnitsAsCentralParty": as_central,
        "IsSponsorship": format_bool(nature == "Sponsorship"),
        "DonorStatus": status,
        "RegulatedDoneeType": donee_type,
        "CompanyRegistrationNumber": number,
        "Postcode": "" if status == "Individual" else postcode,
        "DonationType": donation_type,
        "NatureOfDonation": nature,
        "PurposeOfVisit": "",
        "DonationAction": action,
        "ReceivedDate": format_date(received),
        "ReportedDate": format_date(accepted + dt.timedelta(days=rng.randint(5, 40))),
        "IsReportedPrePoll": "True" if pre_poll else "",
        "ReportingPeriodName": period,
        "IsBequest": format_bool(rng.random() < 0.01),
        "IsAggregation": format_bool(rng.random() < 0.1),
        "RegulatedEntityId": str(entity_id),
        "AccountingUnitId": unit_id,
        "DonorId": str(person.ec_id),
        "CampaigningName": "",
        "RegisterName": register,
        "IsIrishSource": format_bool(register == "Northern Ireland" and rng.random() < 0.1),
    }
    return [cells[column] for column in finance_types.DONATION_COLUMNS]


def loan_row(i: int) -> list[str]:
    rng = random.Random(SEED * 37 + i)  # noqa: S311 - synthetic data, not security
    entity_id, entity_name, entity_type, register, _donee = rng.choices(
        ENTITIES, weights=ENTITY_WEIGHTS
    )[0]
    pool = donor_pool_size(i + 1)
    person = donor(min(int(pool * rng.random() ** 2), pool - 1))
    start = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randint(0, 6 * 365))
    value = _heavy_tailed_value(rng) * 2
    ended = rng.random() < 0.4
    repaid = value if ended else Decimal(f"{float(value) * rng.random():.2f}")
    cells = {
        "ECRef": f"SYNL{i:07d}", "RegulatedEntityName": entity_name, "RegulatedEntityType": entity_type,
        "Value": format_amount(value), "LoanStatus": "Ended" if ended else "Outstanding",
        "StartDate": format_date(start), "AccountingUnitName": "Central Party",
        "LoanParticipantName": rng.choice(person.variants), "LoanParticipantType": person.status,
        "CompanyRegistrationNumber": person.company_number, "Postcode": "" if person.status == "Individual" else person.postcode,
        "LoanType": rng.choice(["Loan", "Credit facility"]), "RateOfInterestDescription": rng.choice(["0%", "Base rate + 2%", "5% fixed"]),
        "AmountRepaid": format_amount(repaid), "AmountConverted": format_amount(Decimal("0.00")),
        "AmountOutstanding": format_amount(value - repaid),
        "EndDate": format_date(start + dt.timedelta(days=365 * 3)),
        "DateRepaid": format_date(start + dt.timedelta(days=400)) if ended else "",
        "DateEcLastNotified": format_date(start + dt.timedelta(days=30)), "IsReportedPrePoll": "",
        "ReportingPeriodName": _quarter_name(start), "IsAggregation": "False", "RegulatedEntityId": str(entity_id),
        "AccountingUnitId": "", "LoanParticipantId": str(person.ec_id), "CampaigningName": "", "RegisterName": register,
        "IsIrishSource": "False",
    }  # fmt: skip
    return [cells[column] for column in finance_types.LOAN_COLUMNS]


SPEND_CATEGORIES = [
    "Unsolicited material to electors", "Advertising", "Overheads and general administration",
    "Rallies and other events", "Transport", "Market research/canvassing", "Media",
    "Campaign broadcasts", "Manifesto or Referendum material",
]  # fmt: skip


def spending_row(i: int) -> list[str]:
    rng = random.Random(SEED * 41 + i)  # noqa: S311 - synthetic data, not security
    parties = ENTITIES[:N_PARTIES]
    entity_id, entity_name, entity_type, _register, _d = rng.choices(
        parties, weights=ENTITY_WEIGHTS[:N_PARTIES]
    )[0]
    total = Decimal(f"{min(math.exp(rng.gauss(7, 1.5)), 2_000_000):.2f}")
    england = (total * Decimal("0.8")).quantize(Decimal("0.01"))
    incurred = ELECTION - dt.timedelta(days=rng.randint(1, 364))
    supplier = f"{rng.choice(COMPANY_WORDS)} {rng.choice(['Print', 'Media', 'Events', 'Digital', 'Research'])} Ltd"
    cells = {
        "ECRef": f"SYNS{i:07d}", "RegulatedEntityName": entity_name,
        "ReportingPeriodName": "UK Parliamentary general election 04/07/2024", "RegulatedEntityType": entity_type,
        "TotalExpenditure": format(total.normalize(), "f"), "DateIncurred": format_date(incurred),
        "ExpenseCategoryName": rng.choice(SPEND_CATEGORIES), "SupplierName": supplier,
        "FullAddress": f"{rng.randint(1, 200)} High Street, {rng.choice(UNITS)}, {rng.choice(POSTCODES)}, United Kingdom",
        "AmountInEngland": format_amount(england), "AmountInScotland": format_amount(total - england),
        "AmountInWales": "£0.00", "AmountInNorthernIreland": "£0.00",
        "DateOfClaimForPayment": format_date(incurred + dt.timedelta(days=10)),
        "DatePaid": format_date(incurred + dt.timedelta(days=20)),
        "RedactedSupportingInvoiceId": str(800000 + i), "RegulatedEntityId": str(entity_id),
        "SupplierId": str(700000 + i % 5000), "JointCampaignName": "", "UnregisteredCampaignerName": "",
        "CampaigningName": "", "IsOutsideSection75": "False",
    }  # fmt: skip
    return [cells[column] for column in finance_types.SPENDING_COLUMNS]


def rows(kind: str, n: int, start: int = 0) -> Iterator[list[str]]:
    for i in range(start, start + n):
        if kind == "donations":
            yield donation_row(i)
        elif kind == "loans":
            yield loan_row(i)
        else:
            yield spending_row(i)


def write_csv(path: Path, kind: str, n: int) -> Path:
    """A file in the Commission's exact layout (BOM, £ amounts, dd/mm/yyyy)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(finance_types.LAYOUTS[kind])
        writer.writerows(rows(kind, n))
    return path


COMPANIES_HOUSE_HEADER = (
    "CompanyName, CompanyNumber,RegAddress.CareOf,RegAddress.POBox,RegAddress.AddressLine1, "
    "RegAddress.AddressLine2,RegAddress.PostTown,RegAddress.County,RegAddress.Country,"
    "RegAddress.PostCode,CompanyCategory,CompanyStatus,CountryOfOrigin,DissolutionDate,"
    "IncorporationDate,Accounts.AccountRefDay,Accounts.AccountRefMonth,Accounts.NextDueDate,"
    "Accounts.LastMadeUpDate,Accounts.AccountCategory,Returns.NextDueDate,Returns.LastMadeUpDate,"
    "Mortgages.NumMortCharges,Mortgages.NumMortOutstanding,Mortgages.NumMortPartSatisfied,"
    "Mortgages.NumMortSatisfied,SICCode.SicText_1,SICCode.SicText_2,SICCode.SicText_3,"
    "SICCode.SicText_4,LimitedPartnerships.NumGenPartners,LimitedPartnerships.NumLimPartners,"
    "URI,"
    + ",".join(f"PreviousName_{k}.CONDATE, PreviousName_{k}.CompanyName" for k in range(1, 11))
    + ",ConfStmtNextDueDate, ConfStmtLastMadeUpDate"
)


def write_companies_house_snapshot(path: Path, n_donations: int) -> int:
    """A BasicCompanyData-format snapshot of the synthetic company donors (every value
    quoted, dd/mm/yyyy dates), with edge cases: a company dissolved before its donations,
    an overseas company and a dormant one. Returns the number of companies."""
    header = list(COMPANIES_HOUSE_HEADER.split(","))
    seen: dict[str, Donor] = {}
    for index in range(donor_pool_size(n_donations)):
        donor = Donor(index)
        if donor.company_number and donor.company_number not in seen:
            seen[donor.company_number] = donor
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
        writer.writerow(header)
        for k, (number, donor) in enumerate(sorted(seen.items())):
            status, category, country, dissolved, accounts = (
                "Active",
                "Private Limited Company",
                "United Kingdom",
                "",
                "FULL",
            )
            if donor.status == "Limited Liability Partnership":
                category = "Limited Liability Partnership"
            elif "PLC" in donor.name:
                category = "PLC"
            if k % 17 == 3:
                status, dissolved = "Dissolved", "01/06/2018"  # before any synthetic donation
            elif k % 23 == 5:
                country = "Jersey"  # overseas
            elif k % 19 == 7:
                accounts = "DORMANT"
            values = {
                "CompanyName": donor.name.upper(), " CompanyNumber": number,
                "RegAddress.AddressLine1": f"{k + 1} Market Street", "RegAddress.PostTown": "ASHFORD",
                "RegAddress.Country": "UNITED KINGDOM", "RegAddress.PostCode": donor.postcode,
                "CompanyCategory": category, "CompanyStatus": status, "CountryOfOrigin": country,
                "DissolutionDate": dissolved, "IncorporationDate": "14/03/2005",
                "Accounts.AccountCategory": accounts, "URI": f"http://business.data.gov.uk/id/company/{number}",
            }  # fmt: skip
            writer.writerow([values.get(name, "") for name in header])
    return len(seen)
