"""The donors' open-data API, included under /api/ (outside the language prefix), in the
"api" namespace, by one line in regulator/disclosure/api_urls.py:

    path("", include("regulator.donors.api_urls")),
"""

from django.urls import path

from regulator.donors import api

urlpatterns = [
    path("v1/donors/", api.DonorListView.as_view(), name="donors"),
    path("v1/donors/<str:donor_id>/", api.DonorDetailView.as_view(), name="donor_detail"),
]
