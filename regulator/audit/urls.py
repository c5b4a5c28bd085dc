from django.urls import path

from regulator.audit import views

app_name = "audit"

urlpatterns = [
    path("checkpoints.json", views.checkpoints, name="checkpoints"),
    path("public-key.pem", views.public_key, name="public_key"),
]
