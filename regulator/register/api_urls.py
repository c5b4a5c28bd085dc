"""The register's endpoints, joined into the one API (the "api" namespace under /api/) by
config/api_urls.py."""

from django.urls import path

from regulator.register import api

urlpatterns = [
    path("v1/entities/", api.EntityListView.as_view(), name="entities"),
    path("v1/entities/<str:entity_id>/", api.EntityDetailView.as_view(), name="entity_detail"),
]
