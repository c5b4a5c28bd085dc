"""The register's open-data API, included under /api/ (outside the language prefix):

path("", include("regulator.register.api_urls")),   # in regulator/disclosure/api_urls.py
"""

from django.urls import path

from regulator.register import api

urlpatterns = [
    path("v1/entities/", api.EntityListView.as_view(), name="entities"),
    path("v1/entities/<str:entity_id>/", api.EntityDetailView.as_view(), name="entity_detail"),
]
