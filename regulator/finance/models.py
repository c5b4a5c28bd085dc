"""The reported transactions: donations, loans and spending items, as the Commission
publishes them, each belonging to a regulated entity (and accounting unit), a reporting
period and a return (an imported history file counts as a return marked "imported").

Counterparties are kept *as reported* (the name as written, the company number as
written and normalised to Companies House's 8 characters). Enumerated values (donor
status, donation type, ...) are stored as the published label, so a value outside the
known sets is kept as reported rather than lost; ``types.py`` lists the known sets.

Public code reads through ``objects`` (published and not withdrawn only); everything
else must say ``all_objects`` explicitly.
"""

from __future__ import annotations

from typing import TypeVar

from django.db import models

from regulator.finance.types import PeriodKind, ReturnKind


class ReportingPeriod(models.Model):
    """A reporting period by its published name ('Q4 2019', 'November 2025',
    'Pre-Poll 1 - Party(30/05/24 - 05/06/24) UKPGE 2024')."""

    name = models.CharField(max_length=255, unique=True)
    kind = models.CharField(max_length=16, choices=PeriodKind.choices, default=PeriodKind.OTHER)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-end_date", "name"]

    def __str__(self) -> str:
        return self.name


class Return(models.Model):
    """The return a transaction was reported in. Filing (its lifecycle) belongs to the
    filings area; for history imported from the Commission's files there is one return
    per entity and period, marked as imported."""

    kind = models.CharField(max_length=16, choices=ReturnKind.choices)
    entity = models.ForeignKey(
        "register.RegulatedEntity", on_delete=models.PROTECT, related_name="+"
    )
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="returns")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "period"],
                condition=models.Q(kind="imported"),
                name="finance_one_imported_return_per_entity_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.entity_id} {self.period_id} ({self.kind})"


_M = TypeVar("_M", bound=models.Model)


class ImportBatch(models.Model):
    """One imported file's rows, committed to by one Merkle root (``core.merkle``) in
    the file's audit event: each row written by the file (created or changed) is leaf
    ``import_leaf`` of its batch, its leaf hash kept in ``row_digest`` (see
    ``finance.row_proof`` and docs/audit.md, "Rows proven by a Merkle root")."""

    kind = models.CharField(max_length=16)
    source = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField(default=0)
    root = models.CharField(max_length=64, blank=True, default="")
    event_seq = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The tree as it was committed, written once when the batch closes: every leaf hash
    # (32 bytes each, in leaf order) and the root of each aligned block of PROOF_CHUNK
    # leaves. A proof then reads one block and the block roots, never the whole batch,
    # and stays provable after a later file rewrites some of the batch's rows.
    leaves = models.BinaryField(null=True, blank=True, editable=False)
    chunk_roots = models.BinaryField(null=True, blank=True, editable=False)

    def __str__(self) -> str:
        return f"{self.kind} {self.source} ({self.size} rows)"


class PublishedManager(models.Manager[_M]):
    """Published and not withdrawn: the only rows public pages and the API may read."""

    def get_queryset(self) -> models.QuerySet[_M]:
        return super().get_queryset().filter(published_at__isnull=False, withdrawn_at__isnull=True)


class Transaction(models.Model):
    """What donations, loans and spending items share."""

    ec_ref = models.CharField(max_length=32, unique=True)
    entity = models.ForeignKey(
        "register.RegulatedEntity", on_delete=models.PROTECT, related_name="+"
    )
    entity_name = models.CharField(max_length=255)  # as published, deregistration removed
    # Denormalised from the entity so the public filters need no join.
    entity_type = models.CharField(max_length=64, db_index=True)
    register = models.CharField(max_length=64, blank=True, default="")
    accounting_unit = models.ForeignKey(
        "register.AccountingUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    accounting_unit_name = models.CharField(max_length=255, blank=True, default="")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="+")
    filed_return = models.ForeignKey(Return, on_delete=models.PROTECT, related_name="+")
    campaigning_name = models.CharField(max_length=255, blank=True, default="")
    value = models.DecimalField(max_digits=14, decimal_places=2)
    # The date searches and sorting use (per kind: see each model); never null.
    date = models.DateField()
    # Counterparty and entity names folded for search (lower case, no punctuation).
    search_text = models.TextField(blank=True, default="")

    published_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = models.TextField(blank=True, default="")
    corrected_at = models.DateTimeField(null=True, blank=True)
    correction_note = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The Merkle leaf of this row in the import that last wrote it (null: not imported
    # since proofs began, or written by a filed return, which has its own events).
    row_digest = models.BinaryField(null=True, blank=True, editable=False)
    # BLAKE2b of the published row's cells as last imported: the same text again is
    # known unchanged without being read (not data, not in the leaf).
    source_digest = models.BinaryField(null=True, blank=True, editable=False)
    import_batch = models.ForeignKey(
        ImportBatch,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    import_leaf = models.PositiveIntegerField(null=True, blank=True)

    objects = PublishedManager()
    all_objects = models.Manager()  # noqa: DJ012 - the managers belong with the fields they filter

    class Meta:
        abstract = True
        base_manager_name = "all_objects"
        default_manager_name = "all_objects"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None and self.withdrawn_at is None


# The public filter (``PublishedManager``): partial indexes on it let every public count,
# facet and page read only the index, never the table's rows (at a million rows the
# difference is ~1 s against tens of milliseconds).
PUBLISHED = models.Q(published_at__isnull=False, withdrawn_at__isnull=True)


def _published(prefix: str, name: str, *fields: str) -> models.Index:
    """A partial index over published rows: ``fields`` then date, id (the default sort)
    and value (so counts, sums and pages are answered from the index alone)."""
    tail = [field for field in ("date", "id", "value") if field not in fields]
    return models.Index(fields=[*fields, *tail], name=f"{prefix}_p_{name}", condition=PUBLISHED)


def _indexes(prefix: str, *extra: models.Index) -> list[models.Index]:
    return [
        _published(prefix, "date", "date", "id", "value"),
        _published(prefix, "value", "value", "id", "date"),
        _published(prefix, "entity", "entity"),
        _published(prefix, "period", "period"),
        # the entity and accounting-unit facets group by id and published name
        models.Index(
            fields=["entity", "entity_name", "value"], name=f"{prefix}_p_ename", condition=PUBLISHED
        ),
        models.Index(
            fields=["accounting_unit", "accounting_unit_name", "value"],
            name=f"{prefix}_p_uname",
            condition=PUBLISHED,
        ),
        models.Index(fields=["-date", "-id"], name=f"{prefix}_date"),
        models.Index(fields=["-value", "-id"], name=f"{prefix}_value"),
        models.Index(fields=["entity", "-date"], name=f"{prefix}_entity_date"),
        models.Index(fields=["period", "entity"], name=f"{prefix}_period"),
        models.Index(fields=["accounting_unit"], name=f"{prefix}_unit"),
        models.Index(fields=["register", "entity_type"], name=f"{prefix}_register"),
        # A batch's leaves in order (inclusion proofs; kept during a bulk load).
        models.Index(fields=["import_batch", "import_leaf"], name=f"{prefix}_import"),
        # The few withdrawn rows, for the entity page's notes (no scan of a party's rows).
        models.Index(
            fields=["entity", "-withdrawn_at"],
            name=f"{prefix}_withdrawn",
            condition=models.Q(withdrawn_at__isnull=False),
        ),
        # The few rows the public cannot see (not yet published, or withdrawn), by id:
        # SQLite counts a common name's published matches as all its matches less these
        # (``finance.search.name_count``).
        models.Index(fields=["id"], name=f"{prefix}_hidden", condition=~PUBLISHED),
        *extra,
    ]


class Donation(Transaction):
    """``date`` is the accepted date, falling back to received, then reported."""

    donor_name = models.CharField(max_length=255)  # as reported, stray spaces kept
    donor_status = models.CharField(max_length=64, blank=True, default="")
    donee_type = models.CharField(max_length=100, blank=True, default="")
    company_number_reported = models.CharField(max_length=32, blank=True, default="")
    company_number = models.CharField(max_length=8, blank=True, default="", db_index=True)
    # Organisations' postcodes are published; an individual's never is (not even stored).
    postcode = models.CharField(max_length=16, blank=True, default="")
    donation_type = models.CharField(max_length=64, blank=True, default="")
    nature = models.CharField(max_length=128, blank=True, default="")
    purpose_of_visit = models.CharField(max_length=255, blank=True, default="")
    donation_action = models.CharField(max_length=32, blank=True, default="")
    accepted_date = models.DateField(null=True, blank=True)
    received_date = models.DateField(null=True, blank=True)
    reported_date = models.DateField(null=True, blank=True)
    is_reported_pre_poll = models.BooleanField(null=True)
    is_sponsorship = models.BooleanField(null=True)
    is_bequest = models.BooleanField(null=True)
    is_aggregation = models.BooleanField(null=True)
    is_irish_source = models.BooleanField(null=True)
    accounting_units_as_central_party = models.BooleanField(null=True)
    is_public_fund = models.BooleanField(default=False)
    ec_donor_id = models.BigIntegerField(null=True, blank=True)
    # Filled by donor resolution (the donors area) later.
    donor_id = models.BigIntegerField(null=True, blank=True, db_index=True)

    class Meta(Transaction.Meta):
        indexes = _indexes(
            "fin_don",
            models.Index(fields=["donor_status", "-date"], name="fin_don_status"),
            models.Index(fields=["donation_type"], name="fin_don_type"),
            models.Index(fields=["is_public_fund", "-date"], name="fin_don_public"),
            _published("fin_don", "status", "donor_status"),
            _published("fin_don", "estatus", "entity", "donor_status"),
            _published("fin_don", "type", "donation_type"),
            _published("fin_don", "public", "is_public_fund"),
            # A status or public-funds filter with a value range or a sort by value (the
            # keyset's value, id): read in order from these, not sorted from the above.
            models.Index(
                fields=["donor_status", "value", "id", "date"],
                name="fin_don_p_svalue",
                condition=PUBLISHED,
            ),
            models.Index(
                fields=["is_public_fund", "value", "id", "date"],
                name="fin_don_p_pvalue",
                condition=PUBLISHED,
            ),
            # A status and public funds asked together: found from both at once, where
            # the status's index read each row to test the flag (a million donations,
            # individuals' public funds, none: 580 ms against 7 ms).
            models.Index(
                fields=["is_public_fund", "donor_status", "value", "id", "date"],
                name="fin_don_p_psvalue",
                condition=PUBLISHED,
            ),
        )

    def __str__(self) -> str:
        return self.ec_ref


class Loan(Transaction):
    """``date`` is the start date, falling back to the date last notified."""

    lender_name = models.CharField(max_length=255)
    lender_type = models.CharField(max_length=64, blank=True, default="")
    company_number_reported = models.CharField(max_length=32, blank=True, default="")
    company_number = models.CharField(max_length=8, blank=True, default="", db_index=True)
    postcode = models.CharField(max_length=16, blank=True, default="")
    loan_type = models.CharField(max_length=128, blank=True, default="")
    loan_status = models.CharField(max_length=32, blank=True, default="")
    rate_of_interest = models.CharField(max_length=255, blank=True, default="")
    amount_repaid = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    amount_converted = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    amount_outstanding = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    date_repaid = models.DateField(null=True, blank=True)
    date_ec_last_notified = models.DateField(null=True, blank=True)
    is_reported_pre_poll = models.BooleanField(null=True)
    is_aggregation = models.BooleanField(null=True)
    is_irish_source = models.BooleanField(null=True)
    ec_lender_id = models.BigIntegerField(null=True, blank=True)
    donor_id = models.BigIntegerField(null=True, blank=True, db_index=True)

    class Meta(Transaction.Meta):
        indexes = _indexes(
            "fin_loan",
            models.Index(fields=["lender_type"], name="fin_loan_lender_type"),
            models.Index(fields=["loan_status"], name="fin_loan_status"),
            _published("fin_loan", "lender", "lender_type"),
        )

    def __str__(self) -> str:
        return self.ec_ref


class SpendingItem(Transaction):
    """``date`` is the date incurred, falling back to the date paid. ``value`` is the
    published TotalExpenditure."""

    supplier_name = models.CharField(max_length=255, blank=True, default="")
    supplier_address = models.TextField(blank=True, default="")
    expense_category = models.CharField(max_length=128, blank=True, default="")
    amount_england = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    amount_scotland = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    amount_wales = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    amount_northern_ireland = models.DecimalField(
        max_digits=14, decimal_places=2, null=True, blank=True
    )
    date_incurred = models.DateField(null=True, blank=True)
    date_of_claim = models.DateField(null=True, blank=True)
    date_paid = models.DateField(null=True, blank=True)
    invoice_id = models.CharField(max_length=64, blank=True, default="")
    ec_supplier_id = models.BigIntegerField(null=True, blank=True)
    joint_campaign_name = models.CharField(max_length=255, blank=True, default="")
    unregistered_campaigner_name = models.CharField(max_length=255, blank=True, default="")
    is_outside_section_75 = models.BooleanField(null=True)

    class Meta(Transaction.Meta):
        indexes = _indexes(
            "fin_spend",
            models.Index(fields=["expense_category"], name="fin_spend_category"),
            _published("fin_spend", "category", "expense_category"),
        )

    def __str__(self) -> str:
        return self.ec_ref


TRANSACTION_MODELS: dict[str, type[Transaction]] = {
    "donations": Donation,
    "loans": Loan,
    "spending": SpendingItem,
}


# --- Remembered answers over the published data ------------------------------------------


class PublishedGeneration(models.Model):
    """A counter per kind, raised in the same transaction as every change to that kind's
    published rows: an answer remembered under an older number is stale."""

    kind = models.CharField(max_length=16, primary_key=True)
    number = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.kind} #{self.number}"


class RememberedAnswer(models.Model):
    """A count, facet or total over the published rows, kept with the generation it was
    computed at (see ``answer_cache``): over a million rows these take 0.1 to 2 s, and the
    same few (no filter, one entity, one year) are asked again and again."""

    kind = models.CharField(max_length=16)
    key = models.CharField(max_length=64)  # sha256 of what was asked
    generation = models.BigIntegerField()
    payload = models.JSONField()
    computed_at = models.DateTimeField()
    compute_ms = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="finance_answer_kind_key")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key[:12]} @{self.generation}"
