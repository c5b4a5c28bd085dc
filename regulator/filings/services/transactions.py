"""The transactions of a draft: added one at a time (question pages, API) or many at
once (uploads), removed, and read back into the rules' typed input and checked."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction

from regulator.audit.services import audit_record
from regulator.core import cells
from regulator.core.bulk import rows_insert
from regulator.filings import parsing, selectors
from regulator.filings.columns import FIELD_COLUMNS
from regulator.filings.models import DraftTransaction, FiledReturn, ReturnVersion, Upload
from regulator.filings.rules.base import Finding
from regulator.filings.rules.inputs import Layout, Nation, TransactionKind
from regulator.filings.services.states import (
    back_to_draft,
    locked,
    require_editable,
    require_kind,
)
from regulator.filings.validation import collector_paused, context_for, validate_items
from regulator.register import selectors as register_selectors


def _clean_row(kind: TransactionKind, data: dict[str, Any]) -> dict[str, str]:
    columns = parsing.TEMPLATES[kind]
    return {column: str(data.get(column, "") or "").strip() for column in columns}


@transaction.atomic
def transaction_add(
    *, version: ReturnVersion, kind: TransactionKind, data: dict[str, Any], actor: Any
) -> DraftTransaction:
    """One transaction typed on the question pages or sent through the API (template
    columns → text)."""
    version = locked(version)
    require_editable(version)
    require_kind(version, kind)
    last = last_row(version)
    item = DraftTransaction.objects.create(
        version=version, kind=kind, row=last + 1, data=_clean_row(kind, data)
    )
    back_to_draft(version, actor)
    audit_record(
        actor=actor,
        action="filings.transaction_added",
        subject=item,
        payload={"version": version.pk, "kind": str(kind), "row": item.row},
    )
    return item


@transaction.atomic
def transaction_remove(*, item: DraftTransaction, actor: Any) -> None:
    if item.version is None:  # a held row of a pending upload is in no return yet
        raise DraftTransaction.DoesNotExist("This row is not in a return.")
    version = locked(item.version)
    require_editable(version)
    audit_record(
        actor=actor,
        action="filings.transaction_removed",
        subject=item,
        payload={"version": version.pk, "row": item.row, "data": item.data},
    )
    item.delete()
    back_to_draft(version, actor)


def last_row(version: ReturnVersion) -> int:
    return version.transactions.order_by("-row").values_list("row", flat=True).first() or 0


def insert_rows(
    *,
    kind: str,
    rows: Iterable[tuple[int, dict[str, str]]],
    version: ReturnVersion | None = None,
    upload: Upload | None = None,
) -> int:
    """Insert many draft rows ((row number, template columns)), either in ``version`` or
    held for ``upload``, through the one raw bulk insert (``core.bulk``), each row's
    columns serialised once, as the field's ``json.dumps`` would."""
    encode = parsing.row_encoder(parsing.TEMPLATES[TransactionKind(kind)])
    version_id = version.pk if version is not None else None
    upload_id = upload.pk if upload is not None else None
    return rows_insert(
        DraftTransaction._meta.db_table,
        ("version_id", "upload_id", "kind", "row", "data"),
        ((version_id, upload_id, kind, number, encode(row)) for number, row in rows),
    )


def bulk_add(version: ReturnVersion, kind: str, rows: Sequence[dict[str, str]]) -> int:
    last = last_row(version)
    return insert_rows(
        kind=kind,
        rows=((last + number, row) for number, row in enumerate(rows, start=1)),
        version=version,
    )


# --- Reading rows into the rules' input ------------------------------------------------------


def items_from_rows(
    kind: TransactionKind, rows: Iterable[tuple[int, dict[str, str]]]
) -> tuple[list[Any], list[Finding]]:
    """Typed input of stored rows (template columns), and the unreadable cells."""
    findings: list[Finding] = []
    row_cells = parsing.Cells(findings)
    reader = parsing.READERS[kind, Layout.TEMPLATE]
    items = []
    for number, row in rows:
        row_cells.row = number
        items.append(reader(row, number, row_cells))
    return items, findings


def context(filed_return: FiledReturn, kind: TransactionKind) -> Any:
    """The rules' context of a stored return, from the register and the return: the
    recipient (its kind, accounting unit, register, donee type and nation), the period,
    the seats it contested (party spending), and its gifts in earlier returns of the year
    (``selectors.prior_gifts``). A register entry that does not say which register is
    left blank, never assumed to be Great Britain."""
    entity = filed_return.entity
    ctx = context_for(
        kind=kind,
        entity_type=entity.entity_type,
        accounting_unit=filed_return.accounting_unit.name
        if filed_return.accounting_unit
        else "central",
        period_name=filed_return.period_name,
        register=entity.register or "",
        donee_type=entity.donee_type or "",
        holiday_nation=register_selectors.entity_nation(entity_id=entity.pk),
        seats_contested={
            Nation(name): int(seats) for name, seats in (filed_return.seats_contested or {}).items()
        },
    )
    if kind != TransactionKind.SPENDING:
        ctx.prior_gifts = selectors.prior_gifts(
            entity_id=entity.pk,
            accounting_unit_id=filed_return.accounting_unit_id,
            period=ctx.period,
            figures=ctx.figures,
            exclude_return_id=filed_return.pk,
        )
    return ctx


@collector_paused()
def rows_check(
    filed_return: FiledReturn,
    kind: TransactionKind,
    rows: Sequence[tuple[int, dict[str, str]]],
    documented_rows: frozenset[int] | None = None,
) -> list[Finding]:
    items, findings = items_from_rows(kind, rows)
    ctx = context(filed_return, kind)
    ctx.layout = Layout.FORM
    ctx.documented_rows = documented_rows
    findings = findings + once_per_cell(kind, findings, validate_items(items, ctx))
    findings.sort(key=lambda f: f.row or 0)
    return findings


def once_per_cell(
    kind: TransactionKind, cell_findings: list[Finding], rule_findings: list[Finding]
) -> list[Finding]:
    """The rules' findings less those on a cell already reported as unreadable: a cell
    that is not a date is read as blank, and "the date is missing" would report it twice
    (once under the rules' own name for the field)."""
    unreadable = {(f.row, str(f.params.get("column", ""))) for f in cell_findings}
    if not unreadable:
        return rule_findings
    columns = FIELD_COLUMNS.get(kind, {})
    return [f for f in rule_findings if (f.row, columns.get(f.field, f.field)) not in unreadable]


_KINDS = frozenset(str(k) for k in TransactionKind)


def finding_dict(finding: Finding, kind: str, row_data: dict[str, str] | None) -> dict[str, Any]:
    # A rule names its field as the rules' input does ("accepted"); the filer sees the
    # column of the template ("AcceptedDate"), as a cell that cannot be read is named.
    columns = FIELD_COLUMNS.get(TransactionKind(kind), {}) if kind in _KINDS else {}
    column = str(finding.params.get("column") or columns.get(finding.field, finding.field) or "")
    value = str(finding.params.get("value", "")) if "value" in finding.params else ""
    if not value and row_data and column in row_data:
        value = row_data[column]
    return {
        "row": finding.row,
        "kind": kind,
        "code": str(finding.code),
        "severity": str(finding.severity),
        "column": column,
        "value": cells.neutralise_formula(value),
        "params": {k: str(v) for k, v in finding.params.items()},
    }
