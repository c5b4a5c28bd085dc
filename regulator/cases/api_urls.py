"""The enforcement endpoints, joined into the one API (the "api" namespace under /api/) by
config/api_urls.py."""

from django.urls import path

from regulator.cases.api import views

urlpatterns = [
    path("v1/enforcement/", views.OutcomeList.as_view(), name="enforcement"),
    path(
        "v1/enforcement/<str:reference>/", views.OutcomeDetail.as_view(), name="enforcement_detail"
    ),
]
