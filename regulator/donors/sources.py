"""Where the resolver's records come from: one function, ``donor_records_source``.

Until the finance area's published donations and loans are wired in (see docs/donors.md
for the ten lines that will read them), it reads the Commission's published CSV files
(donations and loans layouts) or the synthetic generator.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from regulator.core.errors import InvalidValueError
from regulator.donors import synthetic
from regulator.donors.linkage import DonorRecord
from regulator.finance import ec_formats


class UnsupportedLayoutError(InvalidValueError):
    code = "unsupported_layout"


def records_from_csv(path: str | Path) -> Iterator[DonorRecord]:
    """Donors as reported in a published donations or loans CSV. The record key is
    'ec:<ECRef>' (an exact duplicate row yields the same key, and counts once)."""
    header, rows = ec_formats.read_rows(Path(path))
    layout = ec_formats.detect_layout(header)
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
            date = ec_formats.parse_date(when)
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


def donor_records_source(
    *, csv_paths: Iterable[str | Path] = (), synthetic_count: int = 0, seed: int = 7
) -> Iterator[DonorRecord]:
    """Every record the resolver should see. Today: published CSV files and/or synthetic
    records; once finance lands, its published donations and loans (docs/donors.md)."""
    for path in csv_paths:
        yield from records_from_csv(path)
    if synthetic_count:
        for record, _donor in synthetic.iter_records(synthetic_count, seed=seed):
            yield record
