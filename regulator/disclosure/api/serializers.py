"""Items of the open-data API: snake_case, ISO dates, decimal-string amounts, the
counterparty as reported (trimmed) and the Commission's own ids as ``ec_*``."""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any, ClassVar

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from regulator.donors.selectors import donor_id_format
from regulator.finance import selectors as finance_selectors
from regulator.finance import types as finance_types


class EntityRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    type = serializers.CharField()


class UnitRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


def _getter(field: serializers.Field) -> Callable[[Any], Any]:
    if isinstance(field, serializers.SerializerMethodField) or field.source == "*":
        return lambda obj: obj
    return attrgetter(".".join(field.source_attrs))


_Plan = list[tuple[Any, Callable[[Any], Any], Callable[[Any], Any]]]


class _TransactionSerializer(serializers.ModelSerializer):
    """``to_representation`` is DRF's, with the per-row work done once per page: the
    readable fields and how to read each are worked out for the first row and reused
    (DRF recomputes them for every row: half of a 25-row page's time).
    ``test_api.test_the_fast_representation_is_drfs`` keeps it identical."""

    # (The docstring above is the items' description in the OpenAPI schema, kept as it
    # was.) Since issue 22 the plan is worked out once per class, not per page, on a
    # serializer kept for the purpose: DRF also builds the fields again for every
    # request, a fifth of what was left of a page's time. The fields hold nothing of a
    # request: no context is read, and a date-time's time zone is looked up at each call.

    _plan_of_class: ClassVar[_Plan | None] = None  # each class sets its own

    @classmethod
    def _plan(cls) -> _Plan:
        plan: _Plan | None = cls.__dict__.get("_plan_of_class")
        if plan is None:
            plan = [
                (field.field_name, _getter(field), field.to_representation)
                for field in cls()._readable_fields
            ]
            cls._plan_of_class = plan
        return plan

    def to_representation(self, instance: Any) -> dict[str, Any]:
        plan = self._plan()
        result: dict[str, Any] = {}
        for name, read, represent in plan:
            value = read(instance)
            result[name] = None if value is None else represent(value)
        return result

    regulated_entity = serializers.SerializerMethodField()
    accounting_unit = serializers.SerializerMethodField()
    reporting_period = serializers.CharField(source="period.name")
    register_name = serializers.CharField(source="register")
    value = serializers.DecimalField(max_digits=14, decimal_places=2)

    @extend_schema_field(EntityRefSerializer)
    def get_regulated_entity(self, obj: Any) -> dict[str, Any]:
        return {"id": obj.entity_id, "name": obj.entity_name, "type": obj.entity_type}

    @extend_schema_field(UnitRefSerializer(allow_null=True))
    def get_accounting_unit(self, obj: Any) -> dict[str, Any] | None:
        if obj.accounting_unit_id is None:
            return None
        return {"id": obj.accounting_unit_id, "name": obj.accounting_unit_name}

    common = [
        "ec_ref",
        "regulated_entity",
        "accounting_unit",
        "register_name",
        "campaigning_name",
        "reporting_period",
        "value",
        "date",
        "published_at",
        "corrected_at",
        "correction_note",
    ]


class DonationSerializer(_TransactionSerializer):
    donor_name = serializers.SerializerMethodField()
    postcode = serializers.SerializerMethodField()
    donor_id = serializers.SerializerMethodField(
        help_text="The resolved donor (/api/v1/donors/{donor_id}/), e.g. D0000042."
    )

    class Meta:
        model = finance_selectors.transaction_model("donations")
        fields = [
            *_TransactionSerializer.common,
            "donor_name",
            "donor_id",
            "ec_donor_id",
            "donor_status",
            "donee_type",
            "company_number",
            "company_number_reported",
            "postcode",
            "donation_type",
            "nature",
            "purpose_of_visit",
            "donation_action",
            "accepted_date",
            "received_date",
            "reported_date",
            "is_reported_pre_poll",
            "is_sponsorship",
            "is_bequest",
            "is_aggregation",
            "is_irish_source",
            "accounting_units_as_central_party",
            "is_public_fund",
        ]

    def get_donor_id(self, obj: Any) -> str | None:
        return donor_id_format(obj.donor_id) if obj.donor_id else None

    def get_donor_name(self, obj: Any) -> str:
        return " ".join(obj.donor_name.split())

    def get_postcode(self, obj: Any) -> str:
        # Never an individual's.
        return "" if finance_types.is_individual(obj.donor_status or "") else obj.postcode


class LoanSerializer(_TransactionSerializer):
    lender_name = serializers.SerializerMethodField()
    postcode = serializers.SerializerMethodField()
    donor_id = serializers.SerializerMethodField(
        help_text="The resolved lender (/api/v1/donors/{donor_id}/), e.g. D0000042."
    )
    amount_repaid = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    amount_converted = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    amount_outstanding = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)

    class Meta:
        model = finance_selectors.transaction_model("loans")
        fields = [
            *_TransactionSerializer.common,
            "lender_name",
            "donor_id",
            "ec_lender_id",
            "lender_type",
            "company_number",
            "company_number_reported",
            "postcode",
            "loan_type",
            "loan_status",
            "rate_of_interest",
            "amount_repaid",
            "amount_converted",
            "amount_outstanding",
            "start_date",
            "end_date",
            "date_repaid",
            "date_ec_last_notified",
            "is_reported_pre_poll",
            "is_aggregation",
            "is_irish_source",
        ]

    def get_donor_id(self, obj: Any) -> str | None:
        return donor_id_format(obj.donor_id) if obj.donor_id else None

    def get_lender_name(self, obj: Any) -> str:
        return " ".join(obj.lender_name.split())

    def get_postcode(self, obj: Any) -> str:
        return "" if finance_types.is_individual(obj.lender_type or "") else obj.postcode


class SpendingSerializer(_TransactionSerializer):
    supplier_name = serializers.SerializerMethodField()

    class Meta:
        model = finance_selectors.transaction_model("spending")
        fields = [
            *_TransactionSerializer.common,
            "supplier_name",
            "ec_supplier_id",
            "supplier_address",
            "expense_category",
            "amount_england",
            "amount_scotland",
            "amount_wales",
            "amount_northern_ireland",
            "date_incurred",
            "date_of_claim",
            "date_paid",
            "invoice_id",
            "joint_campaign_name",
            "unregistered_campaigner_name",
            "is_outside_section_75",
        ]

    def get_supplier_name(self, obj: Any) -> str:
        return " ".join(obj.supplier_name.split())


SERIALIZERS: dict[str, type[_TransactionSerializer]] = {
    "donations": DonationSerializer,
    "loans": LoanSerializer,
    "spending": SpendingSerializer,
}
