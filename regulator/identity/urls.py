from django.urls import path

from regulator.identity import views

app_name = "identity"

urlpatterns = [
    path("file/", views.filer_start, name="filer_start"),
    path("staff/sign-in/", views.staff_sign_in, name="staff_sign_in"),
]
