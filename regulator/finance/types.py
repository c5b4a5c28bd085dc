"""The finance area's public types: the value sets seen in the Commission's published
data (stored as the published label; anything outside these sets is stored as reported and
counted by the importer; each label has a slug, and the API and the search pages accept
either, case-insensitively), the kinds of reporting period and return, the published
layouts' columns, and the hook that announces a change to the published rows."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from regulator.core.hooks import Hook

# label (as published) -> the label shown to users (translated)
ENTITY_TYPES: dict[str, Promise] = {
    "Political Party": _("Political Party"),
    "Regulated Donee": _("Regulated Donee"),
    "Third Party": _("Third Party"),
    "Permitted Participant": _("Permitted Participant"),
}

REGISTERS: dict[str, Promise] = {
    "Great Britain": _("Great Britain"),
    "Northern Ireland": _("Northern Ireland"),
}

DONOR_STATUSES: dict[str, Promise] = {
    "Individual": _("Individual"),
    "Company": _("Company"),
    "Unincorporated Association": _("Unincorporated Association"),
    "Trade Union": _("Trade Union"),
    "Public Fund": _("Public Fund"),
    "Registered Political Party": _("Registered Political Party"),
    "Limited Liability Partnership": _("Limited Liability Partnership"),
    "Friendly Society": _("Friendly Society"),
    "Trust": _("Trust"),
    "Building Society": _("Building Society"),
    "Impermissible Donor": _("Impermissible Donor"),
    "Unidentifiable Donor": _("Unidentifiable Donor"),
    "Other": _("Other"),
    "N/A": _("N/A"),
}

DONATION_TYPES: dict[str, Promise] = {
    "Cash": _("Cash"),
    "Non Cash": _("Non Cash"),
    "Visit": _("Visit"),
    "Public Funds": _("Public Funds"),
    "Impermissible Donor": _("Impermissible Donor"),
    "Permissible Donor Exempt Trust": _("Permissible Donor Exempt Trust"),
    "Exempt Trust": _("Exempt Trust"),
    "Unidentified Donor": _("Unidentified Donor"),
    "Total value of donations not reported individually": _(
        "Total value of donations not reported individually"
    ),
}

NATURES: dict[str, Promise] = {
    "Staff costs": _("Staff costs"),
    "Premises": _("Premises"),
    "Administration services": _("Administration services"),
    "Hospitality": _("Hospitality"),
    "Consultancy services": _("Consultancy services"),
    "Auction prizes": _("Auction prizes"),
    "Travel": _("Travel"),
    "Advertising": _("Advertising"),
    "Sponsorship": _("Sponsorship"),
    "Loan conversion": _("Loan conversion"),
    "Other": _("Other"),
    "Short Money (House of Commons)": _("Short Money (House of Commons)"),
    "Cranborne Money (House of Lords)": _("Cranborne Money (House of Lords)"),
    "Policy Development Grant": _("Policy Development Grant"),
    "Financial Assistance for Parties in NI Assembly": _(
        "Financial Assistance for Parties in NI Assembly"
    ),
    "Assistance for Parties (Scottish Parliament)": _(
        "Assistance for Parties (Scottish Parliament)"
    ),
}

DONATION_ACTIONS: dict[str, Promise] = {
    "Returned": _("Returned"),
    "Forfeited": _("Forfeited"),
    "Deferred": _("Deferred"),
}

LOAN_STATUSES: dict[str, Promise] = {
    "Outstanding": _("Outstanding"),
    "Ended": _("Ended"),
}

LENDER_TYPES: dict[str, Promise] = DONOR_STATUSES

EXPENSE_CATEGORIES: dict[str, Promise] = {
    "Unsolicited material to electors": _("Unsolicited material to electors"),
    "Advertising": _("Advertising"),
    "Overheads and general administration": _("Overheads and general administration"),
    "Rallies and other events": _("Rallies and other events"),
    "Transport": _("Transport"),
    "Market research/canvassing": _("Market research/canvassing"),
    "Media": _("Media"),
    "Campaign broadcasts": _("Campaign broadcasts"),
    "Manifesto or Referendum material": _("Manifesto or Referendum material"),
}

# Published column -> its known set, for the importer's "unknown values" count.
KNOWN_VALUES: dict[str, dict[str, Promise]] = {
    "RegulatedEntityType": ENTITY_TYPES,
    "RegisterName": REGISTERS,
    "DonorStatus": DONOR_STATUSES,
    "DonationType": DONATION_TYPES,
    "NatureOfDonation": NATURES,
    "DonationAction": DONATION_ACTIONS,
    "LoanStatus": LOAN_STATUSES,
    "LoanParticipantType": LENDER_TYPES,
    "ExpenseCategoryName": EXPENSE_CATEGORIES,
}

PUBLIC_FUND_STATUS = "Public Fund"
PUBLIC_FUND_TYPE = "Public Funds"
INDIVIDUAL = "Individual"


@functools.lru_cache(maxsize=256)
def is_individual(status: str) -> bool:
    """'Individual', 'individuals', ' INDIVIDUAL ' all name a person (whose postcode and
    address are never published)."""
    return " ".join(status.split()).lower() in {"individual", "individuals"}


def slug(label: str) -> str:
    return slugify(label.replace("/", " ")) or "none"


def resolve_label(known: dict[str, Promise], text: str) -> str | None:
    """The published label for a label (any case) or slug; None when unknown."""
    wanted = text.strip().lower()
    for label in known:
        if wanted in (label.lower(), slug(label)):
            return label
    return None


def display(known: dict[str, Promise], label: str) -> str:
    """The label in the user's language; a value outside the set as reported."""
    return str(known[label]) if label in known else label


class PeriodKind(models.TextChoices):
    QUARTER = "quarter", _("Quarterly report")
    MONTH = "month", _("Monthly report")
    PRE_POLL = "pre-poll", _("Pre-poll weekly report")
    ELECTION = "election", _("Election campaign")
    OTHER = "other", _("Other")


class ReturnKind(models.TextChoices):
    IMPORTED = "imported", _("Imported from published data")
    FILED = "filed", _("Filed online")


# The Commission's published layouts: the columns, in order.
DONATION_COLUMNS = [
    "ECRef",
    "RegulatedEntityName",
    "RegulatedEntityType",
    "Value",
    "AcceptedDate",
    "AccountingUnitName",
    "DonorName",
    "AccountingUnitsAsCentralParty",
    "IsSponsorship",
    "DonorStatus",
    "RegulatedDoneeType",
    "CompanyRegistrationNumber",
    "Postcode",
    "DonationType",
    "NatureOfDonation",
    "PurposeOfVisit",
    "DonationAction",
    "ReceivedDate",
    "ReportedDate",
    "IsReportedPrePoll",
    "ReportingPeriodName",
    "IsBequest",
    "IsAggregation",
    "RegulatedEntityId",
    "AccountingUnitId",
    "DonorId",
    "CampaigningName",
    "RegisterName",
    "IsIrishSource",
]

LOAN_COLUMNS = [
    "ECRef",
    "RegulatedEntityName",
    "RegulatedEntityType",
    "Value",
    "LoanStatus",
    "StartDate",
    "AccountingUnitName",
    "LoanParticipantName",
    "LoanParticipantType",
    "CompanyRegistrationNumber",
    "Postcode",
    "LoanType",
    "RateOfInterestDescription",
    "AmountRepaid",
    "AmountConverted",
    "AmountOutstanding",
    "EndDate",
    "DateRepaid",
    "DateEcLastNotified",
    "IsReportedPrePoll",
    "ReportingPeriodName",
    "IsAggregation",
    "RegulatedEntityId",
    "AccountingUnitId",
    "LoanParticipantId",
    "CampaigningName",
    "RegisterName",
    "IsIrishSource",
]

SPENDING_COLUMNS = [
    "ECRef",
    "RegulatedEntityName",
    "ReportingPeriodName",
    "RegulatedEntityType",
    "TotalExpenditure",
    "DateIncurred",
    "ExpenseCategoryName",
    "SupplierName",
    "FullAddress",
    "AmountInEngland",
    "AmountInScotland",
    "AmountInWales",
    "AmountInNorthernIreland",
    "DateOfClaimForPayment",
    "DatePaid",
    "RedactedSupportingInvoiceId",
    "RegulatedEntityId",
    "SupplierId",
    "JointCampaignName",
    "UnregisteredCampaignerName",
    "CampaigningName",
    "IsOutsideSection75",
]

LAYOUTS: dict[str, list[str]] = {
    "donations": DONATION_COLUMNS,
    "loans": LOAN_COLUMNS,
    "spending": SPENDING_COLUMNS,
}

# The dates a record's search date falls back through, per kind (``derived``).
SEARCH_DATE_FIELDS: dict[str, tuple[str, ...]] = {
    "donations": ("accepted_date", "received_date", "reported_date"),
    "loans": ("start_date", "date_ec_last_notified"),
    "spending": ("date_incurred", "date_paid", "date_of_claim"),
}

# The kinds of transaction, as the API, the exports and the answer cache name them.
TRANSACTION_KINDS = ("donations", "loans", "spending")


@dataclass(frozen=True)
class GiftRecord:
    """A donation or loan record as the rules of filing count it in a source's totals
    (``selectors.gift_records``): who gave, what, and when it was accepted (a loan: when
    it started), with what was done with it (DonationAction)."""

    kind: str  # donations | loans
    source_name: str
    source_status: str
    company_number: str
    value: Decimal
    accepted: dt.date | None
    received: dt.date | None
    action: str = ""


@dataclass(frozen=True)
class PublishedChange:
    """Which kinds of published rows changed, and why (for the log of follow-on work);
    and which records, by kind: newly public, corrected, and withdrawn (the disclosure
    area's subscriptions and webhooks say what changed). A large publication is one
    change carrying every reference, never one change per record."""

    kinds: tuple[str, ...]
    reason: str
    published: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    corrected: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    withdrawn: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


# Fired after a change to published rows has committed (the donors area subscribes:
# newly public donations and loans need a donor; a withdrawn one must leave its page).
PUBLISHED_CHANGED: Hook[PublishedChange] = Hook("finance.published_changed")


@dataclass(frozen=True)
class DonorLookup:
    """A donor or lender as a return reports it, asked of donor resolution (a higher
    area) by an area that cannot import it (filings, its sibling): who is this?"""

    name: str
    status: str = ""
    company_number: str = ""


@dataclass(frozen=True)
class DonorHistory:
    """The resolved donor a reported name belongs to and what it has given before
    (published donations and loans, every recipient)."""

    donor_id: str
    name: str
    url: str
    donations_count: int
    donations_total: Decimal
    loans_count: int
    loans_total: Decimal
    recipients: int
    first_year: str = ""
    last_year: str = ""


# Asked with a list of lookups; each subscriber (donors) answers {lookup: history}, only
# for the lookups it knows. Filings' review page shows the donors of a return with it.
DONOR_HISTORIES: Hook[list[DonorLookup]] = Hook("finance.donor_histories")


@dataclass(frozen=True)
class NameCountWithin:
    """The spans, statuses and entities a name's matches are counted within, each optional
    (none: every match). ``statuses``: any of them (the donor status of donations, the
    status of loans; spending has none); ``entities``: any of these regulated entities'
    ids."""

    value_min: Decimal | None = None
    value_max: Decimal | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    statuses: tuple[str, ...] = ()
    entities: tuple[int, ...] = ()


# The status each kind's name words carry (migration finance/0011), by the column's name,
# which is also its filter's.
NAME_COUNT_STATUS = {"donations": "donor_status", "loans": "loan_status"}
