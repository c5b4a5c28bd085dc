"""The typed input of the rules: one dataclass per kind of transaction, and the context of
the return they belong to. Rules are pure functions over these."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from regulator.filings.figures import FigureTable


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class TransactionKind(StrEnum):
    DONATION = "donations"
    LOAN = "loans"
    SPENDING = "spending"


class ReportKind(StrEnum):
    QUARTERLY = "quarterly"
    PRE_POLL = "pre-poll"
    THIRD_PARTY_PRE_POLL = "third-party-pre-poll"  # weekly, from dissolution (s.95B)
    # Quarterly before dissolution (s.95A), published as "Pre-poll 1 - Third Party
    # (17/12/2023 - 16/03/2024) ...": donations accepted in it, added up (Sch. 11A para 4).
    THIRD_PARTY_QUARTERLY = "third-party-quarterly"
    DONEE = "donee"
    SPENDING = "spending"
    ACCOUNTS = "accounts"  # a financial year: the calendar year (PPERA 2000 s.160(1))


class Layout(StrEnum):
    COMMISSION = "commission"  # the Commission's published layout
    TEMPLATE = "template"  # our own documented CSV template
    FORM = "form"  # typed in on the question pages or sent through the API


class Nation(StrEnum):
    ENGLAND = "england"
    SCOTLAND = "scotland"
    WALES = "wales"
    NORTHERN_IRELAND = "northern-ireland"


@dataclass(frozen=True, slots=True)
class ReportPeriod:
    name: str
    kind: ReportKind
    start: dt.date
    end: dt.date
    poll_date: dt.date | None = None


@dataclass(frozen=True, slots=True)
class CompanyFacts:
    number: str
    name: str
    status: str
    category: str = ""
    country_of_origin: str = ""
    accounts_category: str = ""
    incorporated_on: dt.date | None = None
    dissolved_on: dt.date | None = None


_STATUS_KEYS: dict[str, str] = {}


@dataclass(slots=True)
class GiftInput:
    """What donations and loans share: a value from a source, received and accepted."""

    row: int
    value: Decimal | None = None
    source_name: str = ""
    source_status: str = ""  # DonorStatus / LoanParticipantType, as published
    company_number: str = ""  # normalised to 8 characters, or blank
    received: dt.date | None = None
    accepted: dt.date | None = None
    is_aggregation: bool | None = None
    is_irish_source: bool | None = None
    on_electoral_register: bool | None = None  # None: not given (the Commission's layout)
    outcome: str = ""  # DonationAction: blank (accepted), Returned, Forfeited, ...
    outcome_date: dt.date | None = None
    # The recipient as a row of a published file names it (None where the layout has none).
    recipient_entity_type: str | None = None
    recipient_accounting_unit: str | None = None
    recipient_as_central: bool | None = None
    recipient_entity_id: str | None = None
    recipient_donee_type: str | None = None
    register: str | None = None
    period_name: str = ""
    # The source's kind folded for comparisons ("individual", "company" ...).
    status_key: str = field(init=False, default="")

    def __post_init__(self) -> None:
        status = self.source_status
        key = _STATUS_KEYS.get(status)
        if key is None:
            key = " ".join(status.split()).lower()
            if len(_STATUS_KEYS) < 10_000:  # a file repeats a handful of spellings
                _STATUS_KEYS[status] = key
        self.status_key = key

    @property
    def date_of_receipt(self) -> dt.date | None:
        return self.received or self.accepted

    @property
    def date_of_acceptance(self) -> dt.date | None:
        """The date that orders gifts from one source for aggregation ("add benefits in
        the order that you have accepted them"): acceptance, else receipt (a loan's start
        date is both)."""
        return self.accepted or self.received


@dataclass(slots=True)
class DonationInput(GiftInput):
    donation_type: str = ""
    nature: str = ""


@dataclass(slots=True)
class LoanInput(GiftInput):
    loan_type: str = ""
    rate: str = ""
    status: str = ""  # Outstanding / Ended
    end_date: dt.date | None = None
    date_repaid: dt.date | None = None
    repaid: Decimal | None = None
    converted: Decimal | None = None
    outstanding: Decimal | None = None


@dataclass(slots=True)
class SpendingInput:
    row: int
    total: Decimal | None = None
    england: Decimal | None = None
    scotland: Decimal | None = None
    wales: Decimal | None = None
    northern_ireland: Decimal | None = None
    incurred: dt.date | None = None
    claimed: dt.date | None = None
    paid: dt.date | None = None
    category: str = ""
    supplier: str = ""
    invoice: str = ""
    period_name: str = ""

    def by_nation(self) -> dict[Nation, Decimal]:
        return {
            Nation.ENGLAND: self.england or Decimal(0),
            Nation.SCOTLAND: self.scotland or Decimal(0),
            Nation.WALES: self.wales or Decimal(0),
            Nation.NORTHERN_IRELAND: self.northern_ireland or Decimal(0),
        }


@dataclass(frozen=True, slots=True)
class PriorGift:
    """A gift from a source reported (or filed) earlier in the calendar year to the same
    recipient, in another return: it joins the return's own gifts in the source's totals.
    ``day`` is its date of acceptance (a loan's start), ``value`` over the minimum, and it
    is neither impermissible nor returned or forfeited (those never count)."""

    source_key: str
    day: dt.date
    value: Decimal


@dataclass(slots=True)
class ReturnContext:
    """The return a set of transactions belongs to, and the facts the rules need."""

    entity_type: str  # register.EntityType value: political-party, third-party, ...
    figures: FigureTable
    today: dt.date
    is_central: bool = True
    accounting_unit: str = ""  # its name when not the central party
    # great-britain | northern-ireland | "" when the register entry does not say (the
    # rules then never assume either: see rules.permissibility.register_of).
    register: str = "great-britain"
    # For regulated donees: their kind (members-association, mp, ...), as the register or
    # the published RegulatedDoneeType says; thresholds differ (Sch. 7 para 10(1A)).
    donee_type: str = ""
    # Whose bank holidays move a deadline that falls on one: england-and-wales, scotland
    # or northern-ireland (blank: Northern Ireland for that register, else England and
    # Wales).
    holiday_nation: str = ""
    kind: TransactionKind = TransactionKind.DONATION
    period: ReportPeriod | None = None  # None: each row's own ReportingPeriodName
    layout: Layout = Layout.TEMPLATE
    companies: Mapping[str, CompanyFacts] = field(default_factory=dict)
    # Seats contested in each part of the UK (party spending limits).
    seats_contested: Mapping[Nation, int] = field(default_factory=dict)
    # Gifts to the same recipient in its other returns earlier in the calendar year
    # (accepted records and submitted returns): the engine merges them, in date order,
    # with the return's own gifts when it adds up each source's gifts.
    prior_gifts: Sequence[PriorGift] = ()
    # Rows of a stored return that carry a document (invoice or receipt); None when the
    # documents are not known (a file read on its own), so document rules say nothing.
    documented_rows: frozenset[int] | None = None


@dataclass(slots=True)
class GiftFacts:
    """What the engine works out across rows for one gift: the source's running totals
    in the calendar year (donations and loans together)."""

    source_key: str
    # The source's counted gifts (over the minimum, not impermissible) since its last
    # reportable gift, up to the one that decided this gift: the group it belongs to.
    group_total: Decimal
    year_total: Decimal  # every counted gift from the source this year, prior ones too
    period: ReportPeriod | None
    # Worked out from the thresholds in force at the date of receipt (rules.thresholds):
    reportable: bool = True
    aggregated: bool = False  # reportable only because of its group's total
    threshold: Decimal | None = None  # the threshold that applied, if any


@dataclass(slots=True)
class SpendingFacts:
    period: ReportPeriod | None
