"""Settings of the development staff directory: a real OpenID Connect provider
(``allauth.idp.oidc``) that stands in for Microsoft Entra ID on a developer's machine and
in tests. It is a separate process with its own database, signing key and port:

    .venv/bin/python manage.py migrate --settings=config.settings.idp
    .venv/bin/python manage.py identity_idp_setup --settings=config.settings.idp \\
        --client-id regulator-dev --client-secret development-client-secret-not-for-production \\
        --redirect-uri http://127.0.0.1:8000/staff/sso/callback/ --demo-users
    .venv/bin/python manage.py runserver 127.0.0.1:8001 --noreload --settings=config.settings.idp

It refuses to start when ``REGULATOR_ENVIRONMENT`` is ``production``.
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.exceptions import ImproperlyConfigured

if os.environ.get("REGULATOR_ENVIRONMENT", "").lower() == "production":
    raise ImproperlyConfigured("The development directory must never run in production.")

BASE_DIR = Path(__file__).resolve().parent.parent.parent
IDP_VAR_DIR = Path(os.environ.get("IDP_VAR_DIR", BASE_DIR / "var" / "idp"))
IDP_VAR_DIR.mkdir(parents=True, exist_ok=True)


def _signing_key(path: Path) -> str:
    if not path.exists():
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        path.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        path.chmod(0o600)
    return path.read_text()


SECRET_KEY = os.environ.get("IDP_SECRET_KEY", "development-directory-not-for-production")
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "regulator.identity.idp",
    "allauth",
    "allauth.account",
    "allauth.idp.oidc",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]
ROOT_URLCONF = "regulator.identity.idp.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The directory's own layout first, then the project's allauth elements.
        "DIRS": [
            BASE_DIR / "regulator" / "identity" / "idp" / "templates",
            BASE_DIR / "regulator" / "identity" / "templates",
            BASE_DIR / "templates",
        ],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": IDP_VAR_DIR / "directory.sqlite3",
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTHENTICATION_BACKENDS = ["allauth.account.auth_backends.AuthenticationBackend"]
USE_TZ = True
LANGUAGE_CODE = "en"
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = True
# Both processes run on 127.0.0.1, and browsers do not separate cookies by port.
SESSION_COOKIE_NAME = "directory_sessionid"
CSRF_COOKIE_NAME = "directory_csrftoken"
LOGIN_URL = "account_login"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "regulator.identity.idp.account_adapter.ClosedSignupAdapter"
IDP_OIDC_PRIVATE_KEY = _signing_key(IDP_VAR_DIR / "signing-key.pem")
IDP_OIDC_ADAPTER = "regulator.identity.idp.adapter.DirectoryOIDCAdapter"
IDP_OIDC_ID_TOKEN_EXPIRES_IN = 300
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
