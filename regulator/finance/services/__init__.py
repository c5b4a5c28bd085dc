"""Writes to the finance tables, by subject: ``periods`` (reporting periods and returns),
``published`` (the published rows: import upserts, publication, withdrawal, correction),
``ec_import`` (the Commission's published files), ``filed`` (accepted filed returns) and
``donor_links`` (the donors area's resolved donor numbers). Other areas change
transactions only through these; each records what it did in the audit chain inside the
same transaction, and every record's derived fields come from ``finance.derived``."""

from __future__ import annotations

from regulator.finance.derived import derived_fields, is_individual
from regulator.finance.services.answers import (
    answers_stale_drop,
)
from regulator.finance.services.donor_links import (
    BATCH_SIZE,
    DONOR_LINK_MODELS,
    donor_ids_assign,
)
from regulator.finance.services.ec_import import (
    CHUNK_ROWS,
    CONVERTERS,
    NO_PERIOD,
    Converted,
    ImportErrorCode,
    ImportSummary,
    RowError,
    RowProblem,
    RowReader,
    convert_donation,
    convert_loan,
    convert_spending,
    ec_file_import,
    tables_analyse,
)
from regulator.finance.services.filed import (
    REF_LETTERS,
    filed_records_supersede,
    filed_ref,
    filed_ref_number,
    filed_return_publish,
    filed_return_record,
)
from regulator.finance.services.periods import (
    imported_return_ensure,
    period_ensure,
    period_shape,
)
from regulator.finance.services.published import (
    NON_DATA_FIELDS,
    FinanceError,
    FinanceErrorCode,
    UpsertResult,
    data_fields,
    published_change_announce,
    record_correct,
    record_publish,
    record_withdraw,
    records_upsert_published,
)

__all__ = [
    "BATCH_SIZE",
    "CHUNK_ROWS",
    "CONVERTERS",
    "DONOR_LINK_MODELS",
    "NON_DATA_FIELDS",
    "NO_PERIOD",
    "REF_LETTERS",
    "Converted",
    "FinanceError",
    "FinanceErrorCode",
    "ImportErrorCode",
    "ImportSummary",
    "RowError",
    "RowProblem",
    "RowReader",
    "UpsertResult",
    "answers_stale_drop",
    "convert_donation",
    "convert_loan",
    "convert_spending",
    "data_fields",
    "derived_fields",
    "donor_ids_assign",
    "ec_file_import",
    "filed_records_supersede",
    "filed_ref",
    "filed_ref_number",
    "filed_return_publish",
    "filed_return_record",
    "imported_return_ensure",
    "is_individual",
    "period_ensure",
    "period_shape",
    "published_change_announce",
    "record_correct",
    "record_publish",
    "record_withdraw",
    "records_upsert_published",
    "tables_analyse",
]
