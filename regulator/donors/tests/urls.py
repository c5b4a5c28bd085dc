"""The project's URLs with the donors API at /api/ placed first (until the lead includes
regulator.donors.api_urls in regulator/disclosure/api_urls.py)."""

from importlib import import_module

from django.urls import include, path

from config.settings import base

# The configured root (not settings.ROOT_URLCONF, which is this module while it is active).
_root = import_module(base.ROOT_URLCONF)

handler403 = getattr(_root, "handler403", None)
handler404 = getattr(_root, "handler404", None)
handler500 = getattr(_root, "handler500", None)

urlpatterns = [
    path("api/", include(("regulator.donors.api_urls", "api"))),
    *_root.urlpatterns,
]
