"""The donors' endpoints, joined into the one API (the "api" namespace under /api/) by
config/api_urls.py."""

from django.urls import path

from regulator.donors import api

urlpatterns = [
    path("v1/donors/", api.DonorListView.as_view(), name="donors"),
    path("v1/donors/<str:donor_id>/", api.DonorDetailView.as_view(), name="donor_detail"),
]
