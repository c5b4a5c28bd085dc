"""Settings that belong to the identity area, applied by config.settings.base.

Staff sign in through OpenID Connect against the organisation's directory (a local
``allauth.idp.oidc`` identity provider in development and tests, see
``config/settings/idp.py``); filers have local allauth accounts with email verification
and mandatory MFA; API clients carry a key that raises their rate limit.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any


def apply(settings: dict[str, Any]) -> None:
    """Add or change settings for this area (INSTALLED_APPS, MIDDLEWARE, its own keys)."""
    env = os.environ.get
    settings["AUTH_USER_MODEL"] = "identity.User"
    settings["INSTALLED_APPS"] = [
        # The admin refuses signed-in users who are not platform administrators
        # (regulator/identity/admin_site.py) instead of offering its own sign-in form.
        *(
            "regulator.identity.admin_site.RegulatorAdminConfig"
            if app == "django.contrib.admin"
            else app
            for app in settings["INSTALLED_APPS"]
        ),
        "rules.apps.AutodiscoverRulesConfig",
        "allauth",
        "allauth.account",
        "allauth.mfa",
        "allauth.socialaccount",
        "allauth.socialaccount.providers.openid_connect",
    ]
    settings["AUTHENTICATION_BACKENDS"] = [
        "rules.permissions.ObjectPermissionBackend",
        "allauth.account.auth_backends.AuthenticationBackend",
    ]
    middleware = list(settings["MIDDLEWARE"])
    after_auth = middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1
    middleware[after_auth:after_auth] = [
        "allauth.account.middleware.AccountMiddleware",
        # Staff sessions end when the directory account is disabled or the role set is
        # gone; filers without a second factor are sent to set one up.
        "regulator.identity.middleware.SessionPolicyMiddleware",
    ]
    settings["MIDDLEWARE"] = middleware

    # django-allauth has no Welsh: our catalogue of its messages (see
    # locale_vendor/update_allauth.py) comes after the project's own.
    settings["LOCALE_PATHS"] = [
        *settings["LOCALE_PATHS"],
        Path(settings["BASE_DIR"]) / "locale_vendor",
    ]

    settings["LOGIN_URL"] = "account_login"
    settings["LOGIN_REDIRECT_URL"] = "identity:landing"
    settings["ACCOUNT_LOGOUT_REDIRECT_URL"] = "core:start"

    # --- Filers: local accounts (django-allauth) ---------------------------------------
    settings["ACCOUNT_ADAPTER"] = "regulator.identity.adapters.AccountAdapter"
    settings["ACCOUNT_LOGIN_METHODS"] = {"email"}
    settings["ACCOUNT_SIGNUP_FIELDS"] = ["email*", "password1*", "password2*"]
    settings["ACCOUNT_USER_MODEL_USERNAME_FIELD"] = "username"
    settings["ACCOUNT_EMAIL_VERIFICATION"] = "mandatory"
    settings["ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED"] = False
    settings["ACCOUNT_UNIQUE_EMAIL"] = True
    settings["ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION"] = False
    settings["ACCOUNT_PREVENT_ENUMERATION"] = True
    settings["ACCOUNT_SESSION_REMEMBER"] = False
    settings["ACCOUNT_REAUTHENTICATION_TIMEOUT"] = int(
        env("ACCOUNT_REAUTHENTICATION_TIMEOUT", "300")
    )
    settings["ACCOUNT_EMAIL_SUBJECT_PREFIX"] = ""
    # Failed sign-ins: at most 5 per 5 minutes for one account, 20 a minute from one IP.
    settings["ACCOUNT_RATE_LIMITS"] = {
        "login_failed": env("ACCOUNT_RATE_LOGIN_FAILED", "20/m/ip,5/5m/key"),
        "login": "30/m/ip",
        "signup": "20/m/ip",
        "confirm_email": "1/3m/key",
        "reset_password": "20/m/ip,5/m/key",
        "reauthenticate": "10/m/user",
    }
    settings["ACCOUNT_EMAIL_NOTIFICATIONS"] = True
    settings["MFA_SUPPORTED_TYPES"] = ["totp", "recovery_codes"]
    # A filer's authenticator cannot be switched off; a wrong code is audited.
    settings["MFA_ADAPTER"] = "regulator.identity.adapters.MfaAdapter"
    settings["MFA_FORMS"] = {
        "authenticate": "regulator.identity.adapters.MfaAuthenticateForm",
        "reauthenticate": "regulator.identity.adapters.MfaReauthenticateForm",
    }
    settings["MFA_TOTP_ISSUER"] = "Regulator"
    # One 30-second step either side (RFC 6238, 5.2): a code typed as the step turns, or
    # on a phone whose clock is a few seconds out, still works. A used code stays refused.
    settings["MFA_TOTP_TOLERANCE"] = 1
    settings["MFA_RECOVERY_CODE_COUNT"] = 10

    # --- Staff: single sign-on against the directory ------------------------------------
    settings["SOCIALACCOUNT_ADAPTER"] = "regulator.identity.adapters.StaffSocialAdapter"
    settings["SOCIALACCOUNT_AUTO_SIGNUP"] = True
    settings["SOCIALACCOUNT_EMAIL_AUTHENTICATION"] = False
    settings["SOCIALACCOUNT_STORE_TOKENS"] = False
    settings["SOCIALACCOUNT_LOGIN_ON_GET"] = False
    settings["STAFF_SSO_SERVER_URL"] = env("STAFF_SSO_SERVER_URL", "http://127.0.0.1:8001")
    settings["STAFF_SSO_CLIENT_ID"] = env("STAFF_SSO_CLIENT_ID", "regulator-dev")
    settings["STAFF_SSO_CLIENT_SECRET"] = env(
        "STAFF_SSO_CLIENT_SECRET", "development-client-secret-not-for-production"
    )
    settings["SOCIALACCOUNT_PROVIDERS"] = {
        "openid_connect": {
            "provider_class": "regulator.identity.sso.DirectoryProvider",
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [
                {
                    "provider_id": "directory",
                    "name": "Staff directory",
                    "client_id": settings["STAFF_SSO_CLIENT_ID"],
                    "secret": settings["STAFF_SSO_CLIENT_SECRET"],
                    "settings": {
                        "server_url": settings["STAFF_SSO_SERVER_URL"],
                        "token_auth_method": "client_secret_post",
                        "fetch_userinfo": False,
                        "oauth_pkce_enabled": True,
                    },
                }
            ],
        }
    }
    # A staff session lasts a working day at most; the next sign-in refreshes roles.
    settings["STAFF_SESSION_MAX_AGE"] = int(env("STAFF_SESSION_MAX_AGE", str(8 * 3600)))

    # --- Email through GOV.UK Notify ---------------------------------------------------
    settings["EMAIL_BACKEND"] = "regulator.core.notify.NotifyEmailBackend"
    settings["DEFAULT_FROM_EMAIL"] = env("DEFAULT_FROM_EMAIL", "noreply@regulator.localhost")
    # "development" records messages in the database (shown on /dev/outbox/ in DEBUG);
    # "notify" sends through the GOV.UK Notify API.
    settings["NOTIFY_BACKEND"] = env("NOTIFY_BACKEND", "development")
    settings["NOTIFY_API_KEY"] = env("NOTIFY_API_KEY", "")
    settings["NOTIFY_BASE_URL"] = env("NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")
    settings["NOTIFY_EMAIL_TEMPLATE_ID"] = env("NOTIFY_EMAIL_TEMPLATE_ID", "")

    # --- Abuse limits of sign-in and key registration (docs/security.md) ---------------
    # A filer's session ends after this long without a request (staff: STAFF_SESSION_MAX_AGE).
    settings["FILER_SESSION_IDLE_SECONDS"] = int(env("FILER_SESSION_IDLE_SECONDS", "1800"))
    # The Django admin's own sign-in form: posts per client address.
    settings["ADMIN_LOGIN_RATE"] = env("ADMIN_LOGIN_RATE", "10/5m")
    # Codes tried to start replacing an authenticator app, per user.
    settings["MFA_REPLACE_RATE"] = env("MFA_REPLACE_RATE", "5/5m")
    # API key registration: per client address and per email address; keys per address.
    settings["API_KEY_REGISTER_RATE_IP"] = env("API_KEY_REGISTER_RATE_IP", "5/hour")
    settings["API_KEY_REGISTER_RATE_EMAIL"] = env("API_KEY_REGISTER_RATE_EMAIL", "3/day")
    settings["API_KEYS_PER_EMAIL"] = int(env("API_KEYS_PER_EMAIL", "3"))
    settings["API_KEY_CONFIRM_HOURS"] = int(env("API_KEY_CONFIRM_HOURS", "24"))

    # --- API keys and rate limits (only these three REST_FRAMEWORK keys are ours) ---------
    settings.setdefault("REST_FRAMEWORK", {}).update(
        {
            "DEFAULT_AUTHENTICATION_CLASSES": [
                "regulator.identity.api_auth.ApiKeyAuthentication",
            ],
            "DEFAULT_THROTTLE_CLASSES": [
                "regulator.identity.api_auth.AnonRateThrottle",
                "regulator.identity.api_auth.ApiKeyRateThrottle",
            ],
            "DEFAULT_THROTTLE_RATES": {
                "anon": env("API_RATE_ANON", "600/minute"),
                "api_key": env("API_RATE_KEY", "6000/minute"),
            },
        }
    )
