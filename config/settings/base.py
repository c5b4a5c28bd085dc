"""Default settings: run with no environment variables (SQLite under var/).

Production hardening lives in ``config.settings.production``, which imports this module.
Every value that differs between machines comes from the environment, with a default that
is safe for a developer's laptop.
"""

from __future__ import annotations

import os
from importlib import import_module
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONCE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.settings.logging import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("REGULATOR_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)
(VAR_DIR / "static").mkdir(exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


# A development key only; production.py refuses to start without SECRET_KEY.
SECRET_KEY = os.environ.get("SECRET_KEY", "insecure-development-key-not-for-production")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])

SERVICE_NAME = _("Political finance regulation")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_prometheus",
    "django_structlog",
    "django_tasks",
    "django_tasks_db",
    "govuk_frontend_django",
    "csp",
    "regulator.core",
    "regulator.identity",
    "regulator.audit",
    "regulator.register",
    "regulator.finance",
    "regulator.filings",
    "regulator.disclosure",
    "regulator.donors",
]

MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "regulator.core.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # django-structlog's, with the one client-address rule and secret URL keys masked.
    "regulator.core.middleware.RequestLogMiddleware",
    "regulator.core.middleware.RequestIdHeaderMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # After the language is known, before everything whose headers a kept response keeps
    # (CSRF, messages, frame options, CSP): on a hit those run on the replayed response.
    "regulator.core.public_cache.PublicCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "regulator.core.replicas.ReplicaReadMiddleware",
    "regulator.core.read_only.ReadOnlyModeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "regulator.core.context_processors.service",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
# DATABASE_URL accepts sqlite:///absolute/path and postgres://...; the default is an
# embedded SQLite file so that `make demo` needs no server.
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'regulator.sqlite3'}")


# Connections are kept between requests (each web thread its own), checked before reuse:
# opening one costs a PostgreSQL backend, or SQLite's reading of the schema, per request.
DATABASE_CONN_MAX_AGE = int(os.environ.get("DATABASE_CONN_MAX_AGE", "60"))


def database_from_url(url: str) -> dict[str, object]:
    config: dict[str, object] = dict(
        dj_database_url.parse(
            url, conn_max_age=DATABASE_CONN_MAX_AGE, conn_health_checks=DATABASE_CONN_MAX_AGE > 0
        )
    )
    engine = str(config["ENGINE"])
    options = dict(config.get("OPTIONS") or {})  # type: ignore[call-overload]  # dj-database-url's TypedDict allows no dict()
    if engine.endswith("sqlite3"):
        # django-prometheus wraps the backend so that query counts reach /metrics.
        config["ENGINE"] = "django_prometheus.db.backends.sqlite3"
        # IMMEDIATE: a write transaction takes the lock when it begins, so concurrent
        # writers queue on the busy timeout instead of failing with "database is locked"
        # half-way through.
        options.setdefault("transaction_mode", "IMMEDIATE")
        options.setdefault("timeout", 30)
        # WAL is set as each connection opens (regulator/core/sqlite.py), with retries.
        # mmap_size: pages are read through a memory map of the file's first GiB (address
        # space, not memory), not one read() call each through SQLite's 2 MB page cache:
        # a search that looks up thousands of rows by id spends most of its time there.
        options.setdefault(
            "init_command",
            "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA mmap_size=1073741824;",
        )
    elif "postgresql" in engine:
        config["ENGINE"] = "django_prometheus.db.backends.postgresql"
        statement_timeout = int(os.environ.get("DATABASE_STATEMENT_TIMEOUT_MS", "30000"))
        # jit=off: the planner compiles any statement it costs over 100,000 (a count over
        # a million rows' index, say) to machine code first, which took 40-150 ms on
        # statements that run in 5-30 ms; these queries are never long enough to repay it.
        options.setdefault("options", f"-c statement_timeout={statement_timeout} -c jit=off")
    config["OPTIONS"] = options
    config["TEST"] = (
        {"NAME": os.environ.get("DATABASE_TEST_NAME")} if "postgresql" in engine else {}
    )
    return config


DATABASES = {"default": database_from_url(DATABASE_URL)}
# Streaming replicas for public reads (see regulator/core/replicas.py); none by default.
for _number, _url in enumerate(env_list("DATABASE_REPLICA_URLS", []), start=1):
    DATABASES[f"replica{_number}"] = {
        **database_from_url(_url),
        # Tests read "replicas" through the primary's test database.
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["regulator.core.replicas.ReplicaRouter"]
REPLICA_MAX_LAG_SECONDS = float(os.environ.get("REPLICA_MAX_LAG_SECONDS", "5"))
REPLICA_HEALTH_TTL_SECONDS = float(os.environ.get("REPLICA_HEALTH_TTL_SECONDS", "5"))
# Longer than the lag a replica may have, so a person reads their own writes.
REPLICA_PIN_SECONDS = int(os.environ.get("REPLICA_PIN_SECONDS", "30"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- The shared cache: every security counter ------------------------------------------
# Rate limits, sign-in lockouts, used TOTP codes and export slots must be counted once for
# every web process: Redis when REDIS_URL is set, otherwise Django's database cache in the
# table core's migration creates (core_cache), so the embedded default counts across its
# workers too. A per-process cache ("locmem") is for a developer's single process only;
# production.py refuses it (docs/security.md, "Abuse limits").
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_BACKEND = os.environ.get("CACHE_BACKEND", "redis" if REDIS_URL else "database")
CACHE_BACKENDS = {
    "redis": "django.core.cache.backends.redis.RedisCache",
    "database": "django.core.cache.backends.db.DatabaseCache",
    "locmem": "django.core.cache.backends.locmem.LocMemCache",
}
if CACHE_BACKEND not in CACHE_BACKENDS or (CACHE_BACKEND == "redis" and not REDIS_URL):
    raise ImproperlyConfigured(
        f"CACHE_BACKEND must be redis (with REDIS_URL), database or locmem, not {CACHE_BACKEND!r}."
    )
CACHES: dict[str, dict[str, Any]] = {
    "default": {
        "BACKEND": CACHE_BACKENDS[CACHE_BACKEND],
        "LOCATION": {"redis": REDIS_URL, "database": "core_cache"}.get(CACHE_BACKEND, ""),
        # Keys of one deployment (or one test run) apart from any other's on a shared Redis.
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "regulator"),
        # The database cache removes a third of its entries once it holds MAX_ENTRIES (after
        # the expired ones): set far above the counters a busy day keeps, so that a flood
        # of addresses cannot push out the counters of the others.
        "OPTIONS": {"MAX_ENTRIES": 200_000} if CACHE_BACKEND == "database" else {},
    },
    # Whole anonymous public responses (regulator/core/public_cache.py): the same Redis
    # under a prefix of their own, or a database table of their own (core_response_cache),
    # never the counters' table, so a flood of distinct URLs culls responses, not counters.
    "responses": {
        "BACKEND": CACHE_BACKENDS[CACHE_BACKEND],
        "LOCATION": {"redis": REDIS_URL, "database": "core_response_cache"}.get(
            CACHE_BACKEND, "responses"
        ),
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "regulator") + "-responses",
        "OPTIONS": {"MAX_ENTRIES": 20_000} if CACHE_BACKEND == "database" else {},
    },
}

# --- The public response cache (regulator/core/public_cache.py, docs/architecture.md) ---
# Anonymous GETs of the views named in PUBLIC_CACHE_VIEWS (each area's settings add
# theirs) get a strong ETag (304 on If-None-Match), "Cache-Control: public, max-age=N"
# and are kept whole in CACHES["responses"], keyed by the normalised URL,
# the language and the published-data generation (PUBLIC_CACHE_GENERATION, a function
# the finance area's settings name): a withdrawal or correction changes the key at once.
PUBLIC_CACHE_ENABLED = env_bool("PUBLIC_CACHE_ENABLED", True)
PUBLIC_CACHE_SECONDS = int(os.environ.get("PUBLIC_CACHE_SECONDS", "60"))
# How long the shared cache keeps an answer. The generation keeps published records
# exact whatever this is; data without a generation (the register's list, donors'
# grouping) shows on kept pages within this long.
PUBLIC_CACHE_KEEP_SECONDS = int(os.environ.get("PUBLIC_CACHE_KEEP_SECONDS", "300"))
# How many answers that have fallen due one process remakes at a time (the others are
# answered from what is kept meanwhile).
PUBLIC_CACHE_REMAKES_AT_ONCE = int(os.environ.get("PUBLIC_CACHE_REMAKES_AT_ONCE", "1"))
# A streamed answer (an export) is kept once it has ended within this many bytes.
PUBLIC_CACHE_STREAM_KEEP_BYTES = int(
    os.environ.get("PUBLIC_CACHE_STREAM_KEEP_BYTES", str(2 * 1024 * 1024))
)
PUBLIC_CACHE_VIEWS: list[str] = ["core:start"]
PUBLIC_CACHE_GENERATION = ""

# --- Client addresses behind proxies ----------------------------------------------------
# The one rule every rate limit, lockout, throttle, audit event and log line uses to tell
# who a request came from (regulator.core.limits.client_ip): the connection's address,
# unless it is one of our proxies. TRUSTED_PROXIES is empty (no proxy: X-Forwarded-For is
# ignored), a count ("1": one proxy in front appends to X-Forwarded-For, so the client is
# the last address it added) or networks ("10.0.0.0/8,192.168.1.10": addresses in them
# are proxies; the client is the last address in the chain that is not).
TRUSTED_PROXIES = os.environ.get("TRUSTED_PROXIES", "")

# --- Tasks (Django's tasks API through the django-tasks backport) ----------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Internationalisation -------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("cy", _("Welsh"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
# Deadlines are evaluated in this zone; storage stays in UTC.
REGULATOR_LOCAL_TIME_ZONE = "Europe/London"

# --- Static files ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("govuk-frontend", NODE_MODULES / "govuk-frontend" / "dist" / "govuk"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"

# --- Security -------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No 'unsafe-inline' anywhere: the one inline script (the js-enabled class) carries a nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": [SELF, NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- Request sizes --------------------------------------------------------------------
# Whole request bodies (uploads included) above this are refused with 413 before reading.
MAX_REQUEST_BODY_BYTES = int(os.environ.get("MAX_REQUEST_BODY_BYTES", str(50 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # form fields held in memory
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 10
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # larger uploads spill to FILE_UPLOAD_TEMP_DIR
FILE_UPLOAD_TEMP_DIR = str(VAR_DIR / "uploads")
Path(FILE_UPLOAD_TEMP_DIR).mkdir(exist_ok=True)

# --- Read-only mode (regulator/core/read_only.py) ------------------------------------
READ_ONLY = env_bool("READ_ONLY", False)
READ_ONLY_FLAG_FILE = Path(os.environ.get("READ_ONLY_FLAG_FILE", VAR_DIR / "read-only"))
READ_ONLY_CLOSED_NAMESPACES = ["filings", "identity", "account", "mfa"]

# --- Operations -----------------------------------------------------------------------
# /metrics is open on a developer's machine; production.py requires METRICS_TOKEN.
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
METRICS_REQUIRE_TOKEN = env_bool("METRICS_REQUIRE_TOKEN", False)
PROMETHEUS_EXPORT_MIGRATIONS = False

# --- Audit chain ----------------------------------------------------------------------
# The signing key for checkpoints (Ed25519, PEM). In development a key is generated under
# var/ on first use; production.py requires AUDIT_SIGNING_KEY_FILE.
AUDIT_SIGNING_KEY_FILE = Path(
    os.environ.get("AUDIT_SIGNING_KEY_FILE", VAR_DIR / "audit-signing-key.pem")
)
# The "separate store": an append-only file of checkpoints outside the database.
AUDIT_CHECKPOINT_STORE = Path(
    os.environ.get("AUDIT_CHECKPOINT_STORE", VAR_DIR / "audit-checkpoints.jsonl")
)

LOGGING = logging_config(
    json_logs=env_bool("LOG_JSON", True), level=os.environ.get("LOG_LEVEL", "INFO")
)

# --- The API (every area's endpoints) -----------------------------------------------
import_module("config.settings.api").apply(globals())

# --- Area settings --------------------------------------------------------------------
# Each area keeps its own settings (apps it needs, its own keys) in
# config/settings/areas/<area>.py, so areas never edit one another's lines here.
for _area in (
    "audit",
    "identity",
    "guidance",
    "records",
    "register",
    "finance",
    "filings",
    "disclosure",
    "donors",
    "contacts",
    "cases",
    "monitoring",
    "reporting",
):
    import_module(f"config.settings.areas.{_area}").apply(globals())
