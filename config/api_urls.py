"""The one API under /api/ (outside the language prefix), in the "api" namespace: the
schema and its docs, then each area's endpoints. Areas never include one another's."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from regulator.cases import api_urls as cases_api_urls
from regulator.disclosure import api_urls as disclosure_api_urls
from regulator.donors import api_urls as donors_api_urls
from regulator.filings import api_urls as filings_api_urls
from regulator.guidance import api_urls as guidance_api_urls
from regulator.register import api_urls as register_api_urls

app_name = "api"

urlpatterns = [
    path("v1/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("v1/docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    *disclosure_api_urls.urlpatterns,
    *register_api_urls.urlpatterns,
    *donors_api_urls.urlpatterns,
    *filings_api_urls.urlpatterns,
    *guidance_api_urls.urlpatterns,
    *cases_api_urls.urlpatterns,
]
