from django.urls import path

from regulator.reporting import pack_views, public_views, views

app_name = "reporting"

urlpatterns = [
    path("performance/", public_views.public_performance, name="public"),
    path("feedback/", public_views.feedback, name="feedback"),
    path("reporting/", views.dashboard, name="dashboard"),
    path("reporting/measures/<slug:code>/", views.measure, name="measure"),
    path("reporting/availability/", views.availability_page, name="availability"),
    path("reporting/statutory/<slug:code>/", views.statutory_table, name="statutory"),
    path("reporting/packs/", pack_views.pack_list, name="packs"),
    path("reporting/packs/publish/", pack_views.pack_publish, name="pack_publish"),
    path("reporting/packs/<int:pack_id>/", pack_views.pack_detail, name="pack_detail"),
    path("reporting/packs/<int:pack_id>/print/", pack_views.pack_print, name="pack_print"),
    path(
        "reporting/packs/<int:pack_id>/download.<str:fmt>",
        pack_views.pack_export,
        name="pack_export",
    ),
]
