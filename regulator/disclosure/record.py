"""One published record, for its own page and the API: its fields in the reader's
language and the proof that it is what the Commission's file said (docs/audit.md, "Rows
proven by a Merkle root"). A record that was withdrawn keeps its address and says so."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regulator.finance import selectors as finance_selectors
from regulator.finance import types as finance_types

# (attribute, label, published-label set) shown on a record's page, in order.
_COMMON_HEAD = (("ec_ref", gettext_lazy("Reference"), None),)
_COMMON_TAIL = (
    ("accounting_unit_name", gettext_lazy("Accounting unit"), None),
    ("register", gettext_lazy("Register"), None),
    ("campaigning_name", gettext_lazy("Campaigning name"), None),
    ("value", gettext_lazy("Value"), None),
    ("date", gettext_lazy("Date"), None),
)
FIELDS: dict[str, tuple[tuple[str, Any, Any], ...]] = {
    "donations": (
        *_COMMON_HEAD,
        ("donor_name", gettext_lazy("Donor"), None),
        ("donor_status", gettext_lazy("Donor status"), finance_types.DONOR_STATUSES),
        ("company_number", gettext_lazy("Company number"), None),
        ("donation_type", gettext_lazy("Type of donation"), finance_types.DONATION_TYPES),
        ("nature", gettext_lazy("Nature of donation"), finance_types.NATURES),
        *_COMMON_TAIL,
        ("accepted_date", gettext_lazy("Accepted"), None),
        ("received_date", gettext_lazy("Received"), None),
        ("reported_date", gettext_lazy("Reported"), None),
    ),
    "loans": (
        *_COMMON_HEAD,
        ("lender_name", gettext_lazy("Lender"), None),
        ("lender_type", gettext_lazy("Lender type"), finance_types.LENDER_TYPES),
        ("company_number", gettext_lazy("Company number"), None),
        ("loan_type", gettext_lazy("Type of loan"), None),
        ("loan_status", gettext_lazy("Loan status"), None),
        ("rate_of_interest", gettext_lazy("Rate of interest"), None),
        *_COMMON_TAIL,
        ("start_date", gettext_lazy("Start date"), None),
        ("end_date", gettext_lazy("End date"), None),
        ("amount_repaid", gettext_lazy("Amount repaid"), None),
        ("amount_outstanding", gettext_lazy("Amount outstanding"), None),
    ),
    "spending": (
        *_COMMON_HEAD,
        ("supplier_name", gettext_lazy("Supplier"), None),
        ("expense_category", gettext_lazy("Category"), finance_types.EXPENSE_CATEGORIES),
        *_COMMON_TAIL,
        ("date_incurred", gettext_lazy("Incurred"), None),
        ("date_paid", gettext_lazy("Paid"), None),
    ),
}

REFERENCE = re.compile(r"^[^/\x00-\x1f]{1,64}$")


@dataclass
class RecordView:
    kind: str
    record: Any
    withdrawn: bool
    rows: list[tuple[str, Any, str]] = field(default_factory=list)
    proof: dict[str, Any] | None = None


def _shown(value: Any, labels: Any) -> Any:
    if labels is not None and isinstance(value, str):
        label = finance_types.resolve_label(labels, value)
        return finance_types.display(labels, label) if label else value
    if isinstance(value, str):
        return " ".join(value.split())
    return value


def public_proof(kind: str, record: Any) -> dict[str, Any] | None:
    """The record's inclusion proof as the public may see it. The leaf data is the row as
    imported from the Commission's published file; it is withheld (and the proof still
    given, by its leaf hash) if it ever held an individual's postcode, which the public
    data never shows."""
    proof = finance_selectors.record_inclusion_proof(kind=kind, ec_ref=record.ec_ref)
    if proof is None:
        return None
    status = getattr(record, "donor_status", "") or getattr(record, "lender_type", "") or ""
    private = bool(getattr(record, "postcode", "")) and finance_types.is_individual(status)
    proof["leaf_data_withheld"] = private
    if private:
        proof["leaf_data"] = None
    return proof


def record_view(*, kind: str, ec_ref: str) -> RecordView | None:
    """A published or withdrawn record with its fields and proof; None for a reference
    that is unknown, malformed or not yet published (those stay private)."""
    if kind not in finance_types.TRANSACTION_KINDS or not REFERENCE.match(ec_ref):
        return None
    record = finance_selectors.transaction_get(kind=kind, ec_ref=ec_ref)
    if record is None or record.published_at is None:
        return None
    view = RecordView(kind=kind, record=record, withdrawn=record.withdrawn_at is not None)
    if view.withdrawn:
        return view
    for name, label, labels in FIELDS[kind]:
        value = getattr(record, name, None)
        if value in (None, ""):
            continue
        view.rows.append((str(label), _shown(value, labels), value_kind(name, value)))
    view.proof = public_proof(kind, record)
    return view


MONEY = frozenset({"value", "amount_repaid", "amount_outstanding"})


def value_kind(name: str, value: Any) -> str:
    """How a template shows a value: money, a date, yes/no or text."""
    if isinstance(value, bool):
        return "bool"
    if name in MONEY and isinstance(value, Decimal):
        return "money"
    if isinstance(value, dt.date):
        return "date"
    return "text"


def kind_title(kind: str) -> str:
    return {"donations": _("Donation"), "loans": _("Loan"), "spending": _("Spending item")}[kind]
