"""allauth's account, MFA and social-login pages, included at the project's root (inside
the language prefix): allauth reverses its URL names without a namespace
(``account_login``), so they cannot live inside the ``identity`` namespace.

allauth's per-provider URLs are left out on purpose: staff single sign-on goes through
``identity:staff_sso_login`` / ``identity:staff_sso_callback``, which always verify the ID
token's signature (see ``regulator.identity.sso``). So is allauth's "connections" page:
staff accounts come from the directory only.
"""

from allauth.socialaccount import views as social_views
from django.urls import include, path

ACCOUNT_URLS = [
    path("accounts/", include("allauth.account.urls")),
    path("accounts/2fa/", include("allauth.mfa.urls")),
    path(
        "accounts/3rdparty/login/cancelled/",
        social_views.login_cancelled,
        name="socialaccount_login_cancelled",
    ),
    path(
        "accounts/3rdparty/login/error/", social_views.login_error, name="socialaccount_login_error"
    ),
    path("accounts/3rdparty/signup/", social_views.signup, name="socialaccount_signup"),
]
