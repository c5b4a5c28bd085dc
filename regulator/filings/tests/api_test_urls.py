"""The project's URLs plus the filing API under /api/ (until the lead includes it)."""

from django.urls import include, path

from config.urls import urlpatterns as project_urlpatterns
from regulator.filings import api_urls

urlpatterns = [
    path("api/", include((api_urls.urlpatterns, "filings_api"), namespace="filings_api")),
    *project_urlpatterns,
]
