"""Where the resolver's records come from: one function, ``donor_records_source``.

By default it reads the finance area's published donations and loans (record keys
'donation:<pk>' and 'loan:<pk>'); tests and the benchmark may read the Commission's
published CSV files (donations and loans layouts) or the synthetic generator instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from regulator.core import cells
from regulator.core.errors import InvalidValueError
from regulator.donors import synthetic
from regulator.donors.linkage import DonorRecord
from regulator.finance import selectors as finance_selectors


class UnsupportedLayoutError(InvalidValueError):
    code = "unsupported_layout"


def records_from_csv(path: str | Path) -> Iterator[DonorRecord]:
    """Donors as reported in a published donations or loans CSV. The record key is
    'ec:<ECRef>' (an exact duplicate row yields the same key, and counts once)."""
    header, rows = cells.read_rows(Path(path))
    layout = finance_selectors.ec_layout_detect(header)
    if layout == "donations":
        name_col, status_col = "DonorName", "DonorStatus"
    elif layout == "loans":
        name_col, status_col = "LoanParticipantName", "LoanParticipantType"
    else:
        raise UnsupportedLayoutError(
            f"{Path(path).name} is not a published donations or loans file: its header "
            "does not match either layout."
        )
    for number, row in rows:
        ref = row["ECRef"].strip() or f"{Path(path).name}:{number}"
        if layout == "donations":
            when = row["AcceptedDate"] or row["ReceivedDate"] or row["ReportedDate"]
        else:
            when = row["StartDate"]
        try:
            date = cells.parse_date(when)
        except InvalidValueError:
            date = None
        yield DonorRecord(
            record_key=f"ec:{ref}",
            name=row[name_col],
            donor_status=row[status_col],
            company_number=row["CompanyRegistrationNumber"],
            postcode=row["Postcode"],
            recipient_entity_id=row["RegulatedEntityId"].strip(),
            date=date,
        )


def records_from_finance(*, chunk_size: int = 20000) -> Iterator[DonorRecord]:
    """Every published (and not withdrawn) donation and loan, read through finance's
    published-only managers, in primary-key order."""
    donations = (
        finance_selectors.transactions_published("donations")
        .order_by("pk")
        .values_list(
            "pk", "donor_name", "donor_status", "company_number", "postcode", "entity_id", "date"
        )
    )
    for pk, name, status, company, postcode, entity_id, when in donations.iterator(
        chunk_size=chunk_size
    ):
        yield DonorRecord(
            record_key=f"donation:{pk}",
            name=name,
            donor_status=status,
            company_number=company,
            postcode=postcode,
            recipient_entity_id=str(entity_id),
            date=when,
        )
    loans = (
        finance_selectors.transactions_published("loans")
        .order_by("pk")
        .values_list(
            "pk", "lender_name", "lender_type", "company_number", "postcode", "entity_id", "date"
        )
    )
    for pk, name, status, company, postcode, entity_id, when in loans.iterator(
        chunk_size=chunk_size
    ):
        yield DonorRecord(
            record_key=f"loan:{pk}",
            name=name,
            donor_status=status,
            company_number=company,
            postcode=postcode,
            recipient_entity_id=str(entity_id),
            date=when,
        )


def donor_records_source(
    *,
    csv_paths: Iterable[str | Path] = (),
    synthetic_count: int = 0,
    seed: int = 7,
) -> Iterator[DonorRecord]:
    """Every record the resolver should see: the published donations and loans, or, when
    CSV files or a synthetic count are given (tests, the benchmark), those instead."""
    if not csv_paths and not synthetic_count:
        yield from records_from_finance()
        return
    for path in csv_paths:
        yield from records_from_csv(path)
    if synthetic_count:
        for record, _donor in synthetic.iter_records(synthetic_count, seed=seed):
            yield record
