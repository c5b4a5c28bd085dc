from django.urls import path

from regulator.register import membership_views, views

app_name = "register"

urlpatterns = [
    path("register/", views.entity_list, name="entity_list"),
    path("register/entities/<int:pk>/", views.entity_detail, name="entity_detail"),
    path("register/emblems/<int:pk>/", views.emblem_image, name="emblem_image"),
    path("register/apply/", views.application_start, name="application_start"),
    path("register/applications/", views.application_list, name="application_list"),
    path(
        "register/applications/<str:reference>/",
        views.application_detail,
        name="application_detail",
    ),
    path(
        "register/applications/<str:reference>/check/",
        views.application_check,
        name="application_check",
    ),
    path(
        "register/applications/<str:reference>/<slug:step>/",
        views.application_step,
        name="application_step",
    ),
    path("register/entities/<int:pk>/changes/", views.change_start, name="change_start"),
    path("register/staff/applications/", views.application_queue, name="application_queue"),
    path(
        "register/staff/applications/<str:reference>/",
        views.application_review,
        name="application_review",
    ),
    path(
        "register/staff/entities/<int:pk>/history/",
        views.entity_history,
        name="entity_history",
    ),
    path(
        "entities/<int:entity_id>/memberships/",
        membership_views.entity_memberships,
        name="entity_memberships",
    ),
    path(
        "entities/<int:entity_id>/memberships/grant/",
        membership_views.membership_grant,
        name="membership_grant",
    ),
    path(
        "entities/<int:entity_id>/memberships/<int:membership_id>/revoke/",
        membership_views.membership_revoke,
        name="membership_revoke",
    ),
]
