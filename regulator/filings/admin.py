"""Read-only admin views: statutory figures change only by a data migration, and the
Companies House snapshot only by ``manage.py companies_import`` (both audited)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from regulator.filings.models import Company, StatutoryFigure


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(StatutoryFigure)
class StatutoryFigureAdmin(ReadOnlyAdmin):
    list_display = ["code", "value", "unit", "effective_from", "effective_to", "verified"]
    list_filter = ["verified", "unit"]
    search_fields = ["code", "source", "note"]


@admin.register(Company)
class CompanyAdmin(ReadOnlyAdmin):
    list_display = ["company_number", "name", "status", "category", "dissolved_on"]
    list_filter = ["status", "category"]
    search_fields = ["company_number", "name"]
