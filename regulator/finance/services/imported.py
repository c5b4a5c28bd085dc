"""The fast path of the Commission's published files into the published rows: rows go in
as plain tuples through ``core.bulk`` (one ``COPY`` on PostgreSQL), unchanged rows are
recognised by their leaf hash alone, and the file's audit event carries one Merkle root
over the leaves of every row it wrote (``ImportBatch``), instead of an event a row.

A first load into an empty table (``BULK_LOAD_MIN_ROWS`` or more) drops the table's
secondary indexes (and on PostgreSQL its foreign keys) and builds them again once the
rows are in, in the same transaction (the unique index on ``ec_ref`` and the batch's leaf
index stay): building an index once is many times cheaper than keeping twenty up to date
a row at a time, and a foreign key added to a full table is checked in one pass. On
PostgreSQL the table is locked against readers meanwhile: it was empty.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import BinaryField, F, Func, Value

from regulator.core import clock, merkle
from regulator.core.bulk import rows_insert
from regulator.finance import row_proof, search
from regulator.finance import types as finance_types
from regulator.finance.answer_cache import published_changed
from regulator.finance.models import TRANSACTION_MODELS, ImportBatch, Return
from regulator.finance.services.periods import period_ensure
from regulator.finance.services.published import (
    UpsertResult,
    published_change_announce,
    records_upsert_published,
)
from regulator.finance.types import ReturnKind
from regulator.register.services import accounting_unit_ensure_published, entity_ensure_published
from regulator.register.types import EntityType, Register

if TYPE_CHECKING:
    from regulator.finance.services.ec_import import Converted

BULK_LOAD_MIN_ROWS = 20_000
SQLITE_BULK_CACHE_KIB = -262_144  # negative: KiB, so 256 MiB
_KEPT_DURING_BULK_LOAD = ("_import",)  # index names ending so stay (the leaf order)


@dataclass
class BatchWriter:
    """An open import batch: its row and the leaf hashes written so far, in leaf order."""

    kind: str
    batch: ImportBatch
    published_at: dt.datetime
    leaves: list[bytes] = field(default_factory=list)
    dropped_indexes: list[str] = field(default_factory=list)
    sqlite_cache_size: int | None = None
    # The table was empty when this transaction took it for a bulk load: every stored
    # row is one this batch wrote, so nothing need be looked up before writing.
    started_empty: bool = False


def batch_open(*, kind: str, source: str, sha256: str) -> BatchWriter:
    batch = ImportBatch.objects.create(kind=kind, source=source[:255], sha256=sha256)
    return BatchWriter(kind=kind, batch=batch, published_at=clock.now())


# PostgreSQL refuses one value of 1 GB or more in a statement, and a bytea parameter
# travels as text twice its size: a file of ten million rows keeps 320 MB of leaves, so
# they are written in pieces of this many bytes (a million leaves), each appended.
LEAVES_PIECE_BYTES = 32 * 1024 * 1024


class _Appended(Func):
    """``a || b`` of two byte strings (``Concat`` would cast them to text)."""

    arg_joiner = " || "
    template = "(%(expressions)s)"
    output_field = BinaryField()


def batch_close(writer: BatchWriter) -> ImportBatch:
    """Build back any dropped indexes and fix the batch's size, root and kept tree."""
    indexes_restore(writer)
    batch = writer.batch
    batch.size = len(writer.leaves)
    batch.root = merkle.root(writer.leaves).hex()
    packed = merkle.pack(writer.leaves)
    batch.chunk_roots = merkle.pack(merkle.chunk_roots(writer.leaves))
    if connection.vendor != "postgresql" or len(packed) <= LEAVES_PIECE_BYTES:
        batch.leaves = packed
        batch.save(update_fields=["size", "root", "leaves", "chunk_roots"])
        return batch
    batch.save(update_fields=["size", "root", "chunk_roots"])
    rows = ImportBatch.objects.filter(pk=batch.pk)
    rows.update(leaves=packed[:LEAVES_PIECE_BYTES])
    for start in range(LEAVES_PIECE_BYTES, len(packed), LEAVES_PIECE_BYTES):
        piece = Value(packed[start : start + LEAVES_PIECE_BYTES], output_field=BinaryField())
        rows.update(leaves=_Appended(F("leaves"), piece))
    batch.leaves = packed
    return batch


def _table(kind: str) -> str:
    return TRANSACTION_MODELS[kind]._meta.db_table


def _secondary_indexes(table: str) -> list[tuple[str, str]]:
    """(name, CREATE statement) of each index that neither enforces uniqueness nor keeps
    the batch's leaf order."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes"
                " WHERE schemaname = current_schema() AND tablename = %s",
                [table],
            )
        else:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master"
                " WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL",
                [table],
            )
        found = cursor.fetchall()
    return [
        (name, sql)
        for name, sql in found
        if "UNIQUE" not in sql.upper() and not name.endswith(_KEPT_DURING_BULK_LOAD)
    ]


def bulk_load_begin(writer: BatchWriter, expected_rows: int) -> bool:
    """Drop the secondary indexes when the table is empty and the file is large."""
    table = _table(writer.kind)
    if expected_rows < BULK_LOAD_MIN_ROWS:
        return False
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {quote(table)} LIMIT 1")  # noqa: S608 - a model's table
        if cursor.fetchone() is not None:
            return False
        indexes = _secondary_indexes(table)
        if connection.vendor == "sqlite":
            # Building an index sorts the whole table: in SQLite's page cache (2 MB by
            # default) that spills to temporary files. This connection, until restored.
            cursor.execute("PRAGMA cache_size")
            writer.sqlite_cache_size = cursor.fetchone()[0]
            cursor.execute(f"PRAGMA cache_size = {SQLITE_BULK_CACHE_KIB}")
        for name, _sql in indexes:
            cursor.execute(f"DROP INDEX {quote(name)}")
        restore = [sql for _name, sql in indexes]
        if connection.vendor == "postgresql":
            # Foreign keys too: checked row by row at commit they cost more than the
            # COPY; added back, each is checked once for the whole table.
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
                " WHERE conrelid = %s::regclass AND contype = 'f'",
                [table],
            )
            for name, definition in cursor.fetchall():
                cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
                restore.append(
                    f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}"
                )
    # After the indexes: the words are read back from the rows (PostgreSQL).
    restore += search.words_bulk_load_begin(table)
    writer.dropped_indexes = restore
    writer.started_empty = True
    return True


def indexes_restore(writer: BatchWriter) -> None:
    if not writer.dropped_indexes:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The rows' deferred foreign-key checks run now: PostgreSQL builds no index on
            # a table with checks pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            # Each index is one sort of the whole table: let it sort in memory.
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for sql in writer.dropped_indexes:
            cursor.execute(sql)
        if writer.sqlite_cache_size is not None:
            cursor.execute(f"PRAGMA cache_size = {int(writer.sqlite_cache_size)}")
            writer.sqlite_cache_size = None
    writer.dropped_indexes = []


def _by_ref(table: str, column: str, refs: list[str]) -> list[tuple[str, Any]]:
    """(ec_ref, ``column``) of the stored rows among ``refs``: PostgreSQL takes the refs as
    one array parameter; SQLite in slices under its limit of bound variables."""
    quote = connection.ops.quote_name
    select = f"SELECT ec_ref, {quote(column)} FROM {quote(table)}"  # noqa: S608 - names only
    found: list[tuple[str, Any]] = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"{select} WHERE ec_ref = ANY(%s)", [refs])
            return list(cursor.fetchall())
        for start in range(0, len(refs), 900):
            part = refs[start : start + 900]
            marks = ", ".join(["%s"] * len(part))
            cursor.execute(f"{select} WHERE ec_ref IN ({marks})", part)
            found.extend(cursor.fetchall())
    return found


def source_digests(writer: BatchWriter, refs: list[str]) -> dict[str, bytes]:
    """The stored ``source_digest`` of each of these records that has one: the BLAKE2b
    (16 bytes) of the published row's cells, as the import that last wrote it read them.
    A row whose text is the same again is unchanged without being read."""
    if writer.started_empty:
        return {}
    found = _by_ref(_table(writer.kind), "source_digest", [ref for ref in refs if ref])
    return {ref: bytes(digest) for ref, digest in found if digest is not None}


@dataclass(frozen=True)
class _Layout:
    columns: tuple[str, ...]
    attnames: tuple[str, ...]
    defaults: tuple[Any, ...]


def _layout(kind: str) -> _Layout:
    fields = [f for f in TRANSACTION_MODELS[kind]._meta.concrete_fields if not f.primary_key]
    return _Layout(
        columns=tuple(f.column for f in fields),
        attnames=tuple(f.attname for f in fields),
        defaults=tuple(f.get_default() for f in fields),
    )


def records_import_published(
    *, writer: BatchWriter, records: Sequence[dict[str, Any]], actor: Any, source: str
) -> UpsertResult:
    """Create the new records of one chunk, leave identical ones alone, and update the
    changed ones (``records_upsert_published``: one audit event each, as before). Every
    row written becomes the next leaf of the writer's batch. Call inside the file's
    transaction."""
    kind = writer.kind
    table = _table(kind)
    fields = row_proof.leaf_fields(kind)
    hashes = [row_proof.leaf_hash(kind, fields, record) for record in records]
    quote = connection.ops.quote_name
    stored: dict[str, bytes | None] = (
        {}
        if writer.started_empty
        else {
            ref: bytes(digest) if digest else None
            for ref, digest in _by_ref(
                table, "row_digest", [record["ec_ref"] for record in records]
            )
        }
    )
    result = UpsertResult()
    new: list[tuple[dict[str, Any], bytes]] = []
    respelled: list[tuple[bytes, str]] = []
    others: list[tuple[dict[str, Any], bytes]] = []
    for record, digest in zip(records, hashes, strict=True):
        ref = record["ec_ref"]
        if ref not in stored:
            new.append((record, digest))
        elif stored[ref] == digest:
            result.unchanged += 1
            if record.get("source_digest"):
                respelled.append((record["source_digest"], ref))
        else:
            others.append((record, digest))
    if respelled:
        # The same data written differently (or first seen since source digests began):
        # remember the new text so that the next import need not read it.
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {quote(table)} SET source_digest = %s WHERE ec_ref = %s",  # noqa: S608
                respelled,
            )
    if new:
        _insert(writer, new)
        result.created = len(new)
        published_changed(kind)
        published_change_announce(
            kinds=[kind],
            reason=f"imported {source}",
            published={kind: [record["ec_ref"] for record, _digest in new]},
        )
    if others:
        _update(writer, others, result, actor=actor, source=source)
    return result


def _insert(writer: BatchWriter, new: list[tuple[dict[str, Any], bytes]]) -> None:
    layout = _layout(writer.kind)
    now = clock.now()
    sqlite = connection.vendor == "sqlite"
    adapt = connection.ops.adapt_datetimefield_value
    stamps = {
        "published_at": adapt(writer.published_at) if sqlite else writer.published_at,
        "created_at": adapt(now) if sqlite else now,
        "updated_at": adapt(now) if sqlite else now,
    }
    batch_id = writer.batch.pk
    first = len(writer.leaves)
    template = [
        stamps.get(name, default)
        for name, default in zip(layout.attnames, layout.defaults, strict=True)
    ]
    data_positions = [(i, name) for i, name in enumerate(layout.attnames) if name not in stamps]
    digest_at = layout.attnames.index("row_digest")
    batch_at = layout.attnames.index("import_batch_id")
    leaf_at = layout.attnames.index("import_leaf")

    def rows() -> Any:
        leaf = first
        for record, digest in new:
            row = template.copy()
            for i, name in data_positions:
                if name in record:
                    row[i] = record[name]
            row[digest_at] = digest
            row[batch_at] = batch_id
            row[leaf_at] = leaf
            leaf += 1
            yield row

    rows_insert(_table(writer.kind), layout.columns, rows())
    writer.leaves.extend(digest for _record, digest in new)
    if search.is_sqlite():
        fts = search.FTS_TABLES[_table(writer.kind)]
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {fts}(rowid, search_text) SELECT id, search_text"  # noqa: S608
                f" FROM {connection.ops.quote_name(_table(writer.kind))}"
                " WHERE import_batch_id = %s AND import_leaf >= %s",
                [batch_id, first],
            )
    search.vocabulary_forget(_table(writer.kind))


def _update(
    writer: BatchWriter,
    others: list[tuple[dict[str, Any], bytes]],
    result: UpsertResult,
    *,
    actor: Any,
    source: str,
) -> None:
    """Rows already stored whose leaf differs (or that have none yet): compared field by
    field as before; each is then a leaf of this batch."""
    model = TRANSACTION_MODELS[writer.kind]
    before = records_upsert_published(
        kind=writer.kind,
        records=[record for record, _digest in others],
        actor=actor,
        source=source,
    )
    result.updated += before.updated
    result.unchanged += before.unchanged
    result.updated_refs.extend(before.updated_refs)
    by_ref = {record["ec_ref"]: digest for record, digest in others}
    sources = {record["ec_ref"]: record.get("source_digest") for record, _digest in others}
    objects = list(model.all_objects.filter(ec_ref__in=list(by_ref)).only("pk", "ec_ref"))
    for obj in objects:
        obj.source_digest = sources[obj.ec_ref]
        obj.row_digest = by_ref[obj.ec_ref]
        obj.import_batch_id = writer.batch.pk
        obj.import_leaf = len(writer.leaves)
        writer.leaves.append(by_ref[obj.ec_ref])
    model.all_objects.bulk_update(
        objects,
        ["source_digest", "row_digest", "import_batch_id", "import_leaf"],
        batch_size=500,
    )


def _entity_type(label: str) -> str:
    for value, choice_label in EntityType.choices:
        if str(choice_label).lower() == label.lower() or value == finance_types.slug(label):
            return value
    return finance_types.slug(label)


def _register(label: str) -> str:
    if not label:
        return Register.NONE
    return (
        Register.NORTHERN_IRELAND
        if "northern" in label.lower()
        else (Register.GREAT_BRITAIN if "britain" in label.lower() else finance_types.slug(label))
    )


class Resolver:
    """Entities, units, periods and returns by published id/name, created once each."""

    def __init__(self, actor: Any) -> None:
        self.actor = actor
        self.entities: dict[int, Any] = {}
        self.units: dict[int, Any] = {}
        self.periods: dict[str, Any] = {}
        self.pending: list[tuple[dict[str, Any], tuple[int, int]]] = []
        # Every imported return's id, read once (a file names thousands).
        self.returns: dict[tuple[int, int], Any] = {
            (entity_id, period_id): pk
            for entity_id, period_id, pk in Return.objects.filter(
                kind=ReturnKind.IMPORTED
            ).values_list("entity_id", "period_id", "id")
        }

    @staticmethod
    def _fills_blank(entity: Any, item: Converted) -> bool:
        return bool(
            (item.register_label and not entity.register)
            or (item.donee_type and not entity.donee_type)
            or (item.entity_type_label and not entity.entity_type)
        )

    def record(self, item: Converted) -> dict[str, Any]:
        entity = self.entities.get(item.entity_id)
        if entity is None or self._fills_blank(entity, item):
            # A first sight of the entity, or a row that knows what the register lacks
            # (its register, type or donee type): the register backfills it, audited.
            entity, _created = entity_ensure_published(
                entity_id=item.entity_id,
                name=item.entity_name,
                entity_type=_entity_type(item.entity_type_label) if item.entity_type_label else "",
                register=_register(item.register_label),
                donee_type=item.donee_type,
                deregistered_on=item.deregistered_on,
                actor=self.actor,
            )
            self.entities[item.entity_id] = entity
        unit = None
        if item.unit_id:
            unit = self.units.get(item.unit_id)
            if unit is None:
                unit, _created = accounting_unit_ensure_published(
                    unit_id=item.unit_id, entity=entity, name=item.unit_name, actor=self.actor
                )
                self.units[item.unit_id] = unit
        period = self.periods.get(item.period_name)
        if period is None:
            period = self.periods[item.period_name] = period_ensure(name=item.period_name)
        key = (entity.pk, period.pk)
        fields = item.fields
        fields["accounting_unit_id"] = unit.pk if unit else None
        fields["period_id"] = period.pk
        filed_return_id = self.returns.get(key)
        if filed_return_id is None:
            # Every imported return was read at the start: the missing ones are created
            # together, by ``returns_create``, before the chunk is written.
            self.pending.append((fields, key))
        fields["filed_return_id"] = filed_return_id
        return fields

    def returns_create(self) -> None:
        """Create the returns the chunk's records name that do not exist yet (one
        statement) and fill in their ids."""
        if not self.pending:
            return
        missing = list(
            dict.fromkeys(key for _fields, key in self.pending if key not in self.returns)
        )
        created = Return.objects.bulk_create(
            [
                Return(kind=ReturnKind.IMPORTED, entity_id=entity_id, period_id=period_id)
                for entity_id, period_id in missing
            ]
        )
        for key, obj in zip(missing, created, strict=True):
            self.returns[key] = obj.pk
        for fields, key in self.pending:
            fields["filed_return_id"] = self.returns[key]
        self.pending = []
