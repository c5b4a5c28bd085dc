"""The published transactions' endpoints, joined into the one API by config/api_urls.py."""

from __future__ import annotations

from django.urls import path, re_path

from regulator.disclosure.api import record_views, views

KINDS = "donations|loans|spending"

urlpatterns = [
    path("v1/donations/", views.DonationList.as_view(), name="donations"),
    path("v1/donations/facets/", views.DonationFacets.as_view(), name="donations_facets"),
    path("v1/donations/totals/", views.DonationTotals.as_view(), name="donations_totals"),
    path("v1/loans/", views.LoanList.as_view(), name="loans"),
    path("v1/loans/facets/", views.LoanFacets.as_view(), name="loans_facets"),
    path("v1/loans/totals/", views.LoanTotals.as_view(), name="loans_totals"),
    path("v1/spending/", views.SpendingList.as_view(), name="spending"),
    path("v1/spending/facets/", views.SpendingFacets.as_view(), name="spending_facets"),
    path("v1/spending/totals/", views.SpendingTotals.as_view(), name="spending_totals"),
    path("v1/bulk/", views.BulkFiles.as_view(), name="bulk_files"),
    path("v1/bulk/<str:name>", views.BulkFile.as_view(), name="bulk_file"),
    # One record, after the lists' own sub-paths; only the three kinds, so that no other
    # area's /api/v1/<name>/<id>/ is taken.
    re_path(
        rf"^v1/(?P<kind>{KINDS})/(?P<ec_ref>[^/]{{1,64}})/proof/$",
        record_views.RecordProof.as_view(),
        name="record_proof",
    ),
    re_path(
        rf"^v1/(?P<kind>{KINDS})/(?P<ec_ref>[^/]{{1,64}})/$",
        record_views.RecordDetail.as_view(),
        name="record",
    ),
]
