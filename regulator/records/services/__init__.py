"""Writes of the records area (the one door other areas declare their documents by)."""

from regulator.records.services.disposal import (
    certificate_issue,
    disposal_batch_approve,
    disposal_batch_create,
    disposal_batch_run,
    disposal_batch_second_approve,
    disposal_item_decide,
)
from regulator.records.services.fileplan import fileplan_seed, rule_add
from regulator.records.services.holds import hold_place, hold_release
from regulator.records.services.records import (
    record_content,
    record_correct,
    record_declare,
    record_event,
)
from regulator.records.services.store import (
    RecordsError,
    StoreIntegrityError,
    blob_put,
    blob_read,
    store_verify,
)
from regulator.records.services.transfer import records_transfer

__all__ = [
    "RecordsError",
    "StoreIntegrityError",
    "blob_put",
    "blob_read",
    "certificate_issue",
    "disposal_batch_approve",
    "disposal_batch_create",
    "disposal_batch_run",
    "disposal_batch_second_approve",
    "disposal_item_decide",
    "fileplan_seed",
    "hold_place",
    "hold_release",
    "record_content",
    "record_correct",
    "record_declare",
    "record_event",
    "records_transfer",
    "rule_add",
    "store_verify",
]
