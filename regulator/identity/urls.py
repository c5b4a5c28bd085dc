from django.urls import path

from regulator.identity import sso, views

app_name = "identity"

urlpatterns = [
    path("file/", views.filer_start, name="filer_start"),
    path("staff/sign-in/", views.staff_sign_in, name="staff_sign_in"),
    path("staff/sso/login/", sso.staff_sso_login, name="staff_sso_login"),
    path("staff/sso/callback/", sso.staff_sso_callback, name="staff_sso_callback"),
    path("account/", views.account, name="account"),
    path("signed-in/", views.landing, name="landing"),
    path("staff/", views.staff_home, name="staff_home"),
    path("account/authenticator/replace/", views.mfa_replace, name="mfa_replace"),
    path("api-keys/register/", views.api_key_register, name="api_key_register"),
    path("api-keys/confirm/<str:token>/", views.api_key_confirm, name="api_key_confirm"),
]
