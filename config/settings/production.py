"""Production settings: everything secret or site-specific comes from the environment."""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

from config.settings.base import *  # noqa: F403
from config.settings.base import CACHES, env_list

if not os.environ.get("SECRET_KEY"):
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment in production.")
SECRET_KEY = os.environ["SECRET_KEY"]

# Every security counter (rate limits, lockouts, used TOTP codes, export slots) lives in the
# cache: a cache of one process would let each worker count on its own (a limit of 5
# becomes 5 per worker, a TOTP code is accepted once per worker).
PER_PROCESS_CACHES = frozenset(
    {
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.dummy.DummyCache",
    }
)
if CACHES["default"]["BACKEND"] in PER_PROCESS_CACHES:
    raise ImproperlyConfigured(
        "Production needs a cache every web process shares (REDIS_URL, or the database "
        "cache): rate limits, lockouts and TOTP replay protection are counted in it."
    )
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 63072000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# Metrics are for the monitoring system only.
METRICS_REQUIRE_TOKEN = True
# Never generate a checkpoint signing key in production (regulator/audit/signing.py).
AUDIT_SIGNING_KEY_AUTOGENERATE = False

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    # The records store as config/settings/areas/records.py set it (S3: docs/records.md).
    "records": STORAGES["records"],  # noqa: F405
}
