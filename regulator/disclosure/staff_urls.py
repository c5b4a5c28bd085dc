"""The publication approvers' pages (included by ``regulator/disclosure/urls.py``)."""

from __future__ import annotations

from django.urls import path

from regulator.disclosure import staff_views

RECORD = "publication/records/<slug:kind>/<str:ec_ref>/"

urlpatterns = [
    path("publication/records/", staff_views.record_list, name="staff_records"),
    path(RECORD, staff_views.record_detail, name="staff_record"),
    path(f"{RECORD}publish/", staff_views.record_publish, name="staff_record_publish"),
    path(f"{RECORD}withdraw/", staff_views.record_withdraw, name="staff_record_withdraw"),
    path(f"{RECORD}correct/", staff_views.record_correct, name="staff_record_correct"),
]
