"""Transfer to The National Archives: a BagIt bag in the Transfer Digital Records layout
(payload under ``data/``, SHA-256 manifests, ``bag-info.txt``, ``file-metadata.csv`` and
``file-ffid.csv`` with PRONOM identifiers from FIDO), made with the Library of Congress's
``bagit``. Each record's bytes are checked as they are read and again against the bag's
manifest; the records transferred become tombstones pointing at the consignment, each
with a certificate."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import bagit
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from regulator.audit.services import audit_record
from regulator.audit.types import as_actor
from regulator.core import clock
from regulator.core.cells import neutralise_formula
from regulator.records import formats, selectors
from regulator.records.models import Consignment, Record, RecordClass
from regulator.records.services.disposal import certificate_issue
from regulator.records.services.records import reference_next
from regulator.records.services.store import (
    RecordsError,
    blob_read,
    blob_remove_if_unused,
    integrity_failure,
)
from regulator.records.types import RecordsErrorCode, RecordState

METADATA_COLUMNS = (
    "file_path",
    "file_name",
    "date_last_modified",
    "end_date",
    "description",
    "closure_type",
    "closure_start_date",
    "closure_period",
    "foi_exemption_code",
    "title_closed",
    "title_alternate",
    "language",
    "rights_copyright",
)
FFID_COLUMNS = (
    "file_path",
    "extension",
    "identification_basis",
    "puid",
    "format_name",
    "ffid_software",
    "ffid_software_version",
    "ffid_signature_file",
)


def _payload_name(record: Record) -> str:
    suffix = Path(record.file_name).suffix.lower()[:10] if record.file_name else ""
    return f"{record.reference}{suffix}"


def _write_csv(path: Path, columns: tuple[str, ...], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: neutralise_formula(str(v)) for k, v in row.items()})


def records_transfer(
    *, record_class: RecordClass, as_of: dt.date, out_dir: Path, actor: Any
) -> Consignment:
    """Export the class's records due for transfer by ``as_of`` (and not held) as one bag
    under ``out_dir``; they become tombstones pointing at the consignment."""
    records = list(selectors.transfer_due(record_class=record_class, as_of=as_of))
    if not records:
        raise RecordsError(
            _("No records of %(code)s are due for transfer by %(date)s.")
            % {"code": record_class.code, "date": as_of.isoformat()},
            code=RecordsErrorCode.NOTHING_TO_TRANSFER,
        )
    now = clock.now()
    with transaction.atomic():
        reference = reference_next("TDR")
    series = f"{getattr(settings, 'RECORDS_SERIES_PREFIX', 'REG')} {record_class.code}"
    bag_dir = Path(out_dir) / reference
    bag_dir.mkdir(parents=True, exist_ok=False)
    metadata: list[dict[str, str]] = []
    ffid: list[dict[str, str]] = []
    try:
        for record in records:
            assert record.blob is not None
            data = blob_read(blob=record.blob, where="export", record=record)
            name = _payload_name(record)
            (bag_dir / name).write_bytes(data)
            closed = record_class.closed
            metadata.append(
                {
                    "file_path": f"data/{name}",
                    "file_name": name,
                    "date_last_modified": record.declared_at.date().isoformat(),
                    "end_date": record.declared_at.date().isoformat(),
                    "description": record.description or record.title,
                    "closure_type": "Closed" if closed else "Open",
                    "closure_start_date": record.declared_at.date().isoformat() if closed else "",
                    "closure_period": str(record_class.closure_period_years) if closed else "",
                    "foi_exemption_code": record_class.foi_exemption_code if closed else "",
                    "title_closed": "TRUE" if closed else "FALSE",
                    "title_alternate": record.title if closed else "",
                    "language": record.language,
                    "rights_copyright": "Crown Copyright",
                }
            )
            found = formats.identify(bag_dir / name)
            ffid.append(
                {
                    "file_path": f"data/{name}",
                    "extension": Path(name).suffix.lstrip("."),
                    "identification_basis": found.basis,
                    "puid": found.puid,
                    "format_name": found.format_name,
                    "ffid_software": formats.SOFTWARE,
                    "ffid_software_version": formats.SOFTWARE_VERSION,
                    "ffid_signature_file": found.signature_file,
                }
            )
        bag = bagit.make_bag(
            str(bag_dir),
            {
                "Source-Organization": str(getattr(settings, "RECORDS_SOURCE_ORGANIZATION", "")),
                "Consignment-Series": series,
                "Consignment-Export-Datetime": now.isoformat(),
                "Contact-Name": str(getattr(settings, "RECORDS_CONTACT_NAME", "")),
                "Contact-Email": str(getattr(settings, "RECORDS_CONTACT_EMAIL", "")),
                "Internal-Sender-Identifier": reference,
                "Consignment-Type": "standard",
            },
            checksums=["sha256"],
        )
        _write_csv(bag_dir / "file-metadata.csv", METADATA_COLUMNS, metadata)
        _write_csv(bag_dir / "file-ffid.csv", FFID_COLUMNS, ffid)
        bag.save()  # the tag manifest now covers the two CSV files
        bagit.Bag(str(bag_dir)).validate()
        manifest = bagit.Bag(str(bag_dir)).entries
        for record in records:
            listed = manifest[f"data/{_payload_name(record)}"]["sha256"]
            if listed != record.sha256:
                assert record.blob is not None
                raise integrity_failure(record.blob, listed, "export", record)
    except BaseException:
        shutil.rmtree(bag_dir, ignore_errors=True)
        raise
    who = as_actor(actor)
    with transaction.atomic():
        consignment = Consignment.objects.create(
            reference=reference,
            record_class=record_class,
            series=series,
            created_at=now,
            bag_path=str(bag_dir),
            file_count=len(records),
        )
        blobs = []
        for record in records:
            locked = (
                Record.objects.select_for_update()
                .select_related("rule", "record_class")
                .get(pk=record.pk)
            )
            certificate_issue(
                record=locked,
                method="transferred",
                approvers=[who.label],
                holds_checked=[h.reference for h in selectors.holds_active()],
                consignment=reference,
            )
            blobs.append(locked.blob)
            locked.state = RecordState.TRANSFERRED
            locked.consignment = consignment
            locked.blob = None
            locked.disposed_at = now
            locked.expires_on = None
            locked.save(update_fields=["state", "consignment", "blob", "disposed_at", "expires_on"])
            audit_record(
                actor=who,
                action="records.record_transferred",
                subject=locked,
                payload={"consignment": reference, "sha256": locked.sha256},
            )
        audit_record(
            actor=who,
            action="records.consignment_exported",
            subject=consignment,
            payload={"reference": reference, "class": record_class.code, "files": len(records)},
        )
    for blob in blobs:
        if blob is not None:
            blob_remove_if_unused(blob=blob)
    return consignment
