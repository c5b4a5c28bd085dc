from django.urls import path

from regulator.monitoring import intelligence_views, source_views, views

app_name = "monitoring"

urlpatterns = [
    path("monitoring/", views.alerts, name="alerts"),
    path("monitoring/alerts.csv", views.alerts_csv, name="alerts_csv"),
    path("monitoring/alerts/triage/", views.alerts_triage, name="alerts_triage"),
    path("monitoring/alerts/<str:reference>/", views.alert_detail, name="alert_detail"),
    path("monitoring/alerts/<str:reference>/assign/", views.alert_assign, name="alert_assign"),
    path("monitoring/alerts/<str:reference>/triage/", views.alert_triage, name="alert_triage"),
    path(
        "monitoring/alerts/<str:reference>/assessment/",
        views.alert_promote,
        name="alert_promote",
    ),
    path("monitoring/sources/", source_views.sources, name="sources"),
    path("monitoring/matches/", source_views.matches, name="matches"),
    path("monitoring/matches/<int:pk>/decide/", source_views.match_decide, name="match_decide"),
    path("monitoring/dashboard/", source_views.dashboard, name="dashboard"),
    path(
        "monitoring/intelligence/",
        intelligence_views.intelligence_list,
        name="intelligence_list",
    ),
    path(
        "monitoring/intelligence/new/",
        intelligence_views.intelligence_new,
        name="intelligence_new",
    ),
    path(
        "monitoring/intelligence/<str:reference>/",
        intelligence_views.intelligence_detail,
        name="intelligence_detail",
    ),
]
