"""The open-data API under /api/ (outside the language prefix)."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from regulator.disclosure.api import views
from regulator.donors import api_urls as donors_api_urls
from regulator.filings import api_urls as filings_api_urls
from regulator.register import api_urls as register_api_urls

app_name = "api"

urlpatterns = [
    path("v1/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("v1/docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("v1/donations/", views.DonationList.as_view(), name="donations"),
    path("v1/donations/facets/", views.DonationFacets.as_view(), name="donations_facets"),
    path("v1/donations/totals/", views.DonationTotals.as_view(), name="donations_totals"),
    path("v1/loans/", views.LoanList.as_view(), name="loans"),
    path("v1/loans/facets/", views.LoanFacets.as_view(), name="loans_facets"),
    path("v1/loans/totals/", views.LoanTotals.as_view(), name="loans_totals"),
    path("v1/spending/", views.SpendingList.as_view(), name="spending"),
    path("v1/spending/facets/", views.SpendingFacets.as_view(), name="spending_facets"),
    path("v1/spending/totals/", views.SpendingTotals.as_view(), name="spending_totals"),
]

# The other areas' endpoints join here, in this same "api" namespace: the register's
# /api/v1/entities/, the donors' /api/v1/donors/ and the filing API /api/v1/filings/.
urlpatterns += register_api_urls.urlpatterns
urlpatterns += donors_api_urls.urlpatterns
urlpatterns += filings_api_urls.urlpatterns
