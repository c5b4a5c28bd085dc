"""Staff pages of cases: investigators', decision makers' and approvers' work."""

from django.urls import path

from regulator.cases import evidence_views, public_views, publish_views, views

urlpatterns = [
    path("cases/", views.home, name="home"),
    path("cases/refer/", public_views.referral, name="refer"),
    path("cases/publish/", publish_views.publish_queue, name="publish_queue"),
    path("cases/publish/<str:reference>/", publish_views.publish, name="publish"),
    path("cases/<str:reference>/", views.case_detail, name="case_detail"),
    path("cases/<str:reference>/schedules/", evidence_views.schedules, name="schedules"),
    path("cases/<str:reference>/bundle/", evidence_views.bundle, name="bundle"),
    path(
        "cases/<str:reference>/notices/<int:number>.pdf",
        evidence_views.notice_pdf,
        name="notice_pdf",
    ),
    path(
        "cases/<str:reference>/evidence/<int:number>/",
        evidence_views.evidence_detail,
        name="evidence_detail",
    ),
    path(
        "cases/<str:reference>/evidence/<int:number>/<slug:step>/",
        evidence_views.evidence_step,
        name="evidence_step",
    ),
    path("cases/<str:reference>/<slug:action>/", views.case_action, name="case_action"),
]
