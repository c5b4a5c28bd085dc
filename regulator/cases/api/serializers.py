"""The published outcome as JSON: the fields of ``outcomes.OutcomeRow``, the same row the
page and the CSV show."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from regulator.cases.outcomes import OutcomeRow
from regulator.cases.types import Finding, PaymentStatus, SanctionKind
from regulator.register.types import EntityType


class OutcomeSerializer(serializers.Serializer):
    reference = serializers.CharField(help_text="The case's reference")
    subject = serializers.CharField(help_text="Who was investigated")
    regulated_entity_id = serializers.IntegerField(
        source="entity_id",
        allow_null=True,
        help_text="The Commission's RegulatedEntityId; null for someone not on the register",
    )
    entity_type = serializers.ChoiceField(
        choices=[("", ""), *EntityType.choices], help_text="The entity type's slug"
    )
    entity_type_label = serializers.CharField(help_text="Political Party, Third Party ...")
    offence = serializers.CharField(
        source="offence_code", help_text="The offence's code (a filter value); blank if none"
    )
    investigated_for = serializers.CharField(help_text="The provision and offence, or the matter")
    finding = serializers.ChoiceField(choices=[("", ""), *Finding.choices])
    decision = serializers.CharField(
        help_text="Finding, each sanction with its amount, and the outcome, as published"
    )
    sanction = serializers.CharField(help_text="Each sanction imposed with its amount")
    sanction_kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=SanctionKind.choices)
    )
    amount = serializers.SerializerMethodField(help_text="Total of the monetary penalties, pounds")
    payment_status = serializers.ChoiceField(choices=PaymentStatus.choices)
    payment_status_label = serializers.CharField()
    reasonable_excuse = serializers.BooleanField()
    summary_of_reasons = serializers.CharField(source="summary_en")
    summary_of_reasons_cy = serializers.CharField(
        source="summary_cy", help_text="In Welsh; blank where none was published"
    )
    published_on = serializers.DateField()
    url = serializers.SerializerMethodField()

    def get_amount(self, row: OutcomeRow) -> str | None:
        pence = row.amount_pence
        return None if pence is None else f"{pence // 100}.{pence % 100:02d}"

    def get_url(self, row: OutcomeRow) -> str:
        request: Any = self.context["request"]
        return str(request.build_absolute_uri(f"/api/v1/enforcement/{row.reference}/"))
