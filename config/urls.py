"""URLs: English pages unprefixed, Welsh under /cy/; operations, API and admin outside."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from regulator.core import operations
from regulator.identity import views as identity_views
from regulator.identity.account_urls import ACCOUNT_URLS

handler403 = "regulator.core.views.error_403"
handler404 = "regulator.core.views.error_404"
handler500 = "regulator.core.views.error_500"
# allauth answers a rate-limited sign-in attempt with this (and it is audited).
handler429 = "regulator.identity.views.rate_limited"

urlpatterns = [
    path("healthz", operations.healthz, name="healthz"),
    path("readyz", operations.readyz, name="readyz"),
    path("metrics", operations.metrics, name="metrics"),
    # The admin's own sign-in form, rate-limited and audited, before the admin's URLs.
    path("admin/login/", identity_views.admin_login, name="admin_login"),
    path("admin/", admin.site.urls),
    path("audit/", include("regulator.audit.urls")),
    path("api/", include("config.api_urls")),
]

urlpatterns += i18n_patterns(
    path("", include("regulator.core.urls")),
    path("", include("regulator.identity.urls")),
    # allauth looks its pages up by bare names (account_login, ...): no namespace.
    *ACCOUNT_URLS,
    path("", include("regulator.register.urls")),
    path("", include("regulator.filings.urls")),
    path("", include("regulator.disclosure.urls")),
    path("", include("regulator.donors.urls")),
    path("", include("regulator.records.urls")),
    path("", include("regulator.guidance.urls")),
    path("", include("regulator.reporting.urls")),
    path("", include("regulator.contacts.urls")),
    path("", include("regulator.cases.urls")),
    path("", include("regulator.monitoring.urls")),
    prefix_default_language=False,
)
