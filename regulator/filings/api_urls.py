"""The filing API's endpoints, joined into the one API (the "api" namespace under /api/) by
config/api_urls.py."""

from django.urls import path

from regulator.filings import api

urlpatterns = [
    path("v1/filings/returns/", api.ReturnListCreate.as_view(), name="filings_returns"),
    path("v1/filings/returns/<int:pk>/", api.ReturnDetail.as_view(), name="filings_return"),
    path(
        "v1/filings/returns/<int:pk>/transactions/",
        api.Transactions.as_view(),
        name="filings_transactions",
    ),
    path("v1/filings/returns/<int:pk>/validate/", api.Validate.as_view(), name="filings_validate"),
    path("v1/filings/returns/<int:pk>/results/", api.Results.as_view(), name="filings_results"),
]
