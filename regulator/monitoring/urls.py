from django.urls import path

from regulator.monitoring import views

app_name = "monitoring"

urlpatterns = [
    path("monitoring/", views.alerts, name="alerts"),
]
