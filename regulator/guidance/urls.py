from django.urls import path

from regulator.guidance import answer_views, feeds, staff_views, views

app_name = "guidance"

urlpatterns = [
    path("guidance/", views.index, name="index"),
    path("guidance/feed/", feeds.GuidanceChangesFeed(), name="feed"),
    path("guidance/key-dates/", views.key_dates, name="key_dates"),
    path("guidance/key-dates.ics", views.key_dates_ics, name="key_dates_ics"),
    path("guidance/answers/", answer_views.answer_list, name="answers"),
    path("guidance/answers/<slug:slug>/", answer_views.answer, name="answer"),
    path("guidance/answers/<slug:slug>/result/", answer_views.answer_result, name="answer_result"),
    path("guidance/staff/", staff_views.staff_index, name="staff_index"),
    path(
        "guidance/staff/documents/new/", staff_views.staff_document_new, name="staff_document_new"
    ),
    path(
        "guidance/staff/documents/<slug:slug>/draft/",
        staff_views.staff_draft_new,
        name="staff_draft_new",
    ),
    path("guidance/staff/versions/<int:pk>/", staff_views.staff_version, name="staff_version"),
    path(
        "guidance/staff/versions/<int:pk>/blocks/",
        staff_views.staff_block_add,
        name="staff_block_add",
    ),
    path(
        "guidance/staff/versions/<int:pk>/submit/",
        staff_views.staff_version_submit,
        name="staff_version_submit",
    ),
    path(
        "guidance/staff/versions/<int:pk>/review/",
        staff_views.staff_version_review,
        name="staff_version_review",
    ),
    path("guidance/staff/blocks/<int:pk>/", staff_views.staff_block, name="staff_block"),
    path(
        "guidance/staff/blocks/<int:pk>/action/",
        staff_views.staff_block_action,
        name="staff_block_action",
    ),
    path("guidance/<slug:slug>/", views.document, name="document"),
    path("guidance/<slug:slug>/document.pdf", views.pdf, name="pdf"),
    path("guidance/<slug:slug>/versions/", views.versions, name="versions"),
    path("guidance/<slug:slug>/versions/<int:number>/", views.version, name="version"),
    path("guidance/<slug:slug>/changes/<int:old>/<int:new>/", views.diff, name="diff"),
]
