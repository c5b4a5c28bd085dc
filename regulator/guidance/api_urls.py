"""The guidance endpoints, joined into the one API by config/api_urls.py."""

from __future__ import annotations

from django.urls import path

from regulator.guidance import api

urlpatterns = [path("v1/key-dates/", api.KeyDates.as_view(), name="key_dates")]
