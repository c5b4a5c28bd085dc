from django.urls import path

from regulator.records import views

app_name = "records"

urlpatterns = [
    path("records/schedule/", views.schedule, name="schedule"),
    path("records/schedule.csv", views.schedule_csv, name="schedule_csv"),
    path("records/", views.search, name="search"),
    path("records/file-plan/", views.file_plan, name="file_plan"),
    path("records/file-plan/<str:code>/rules/new/", views.rule_new, name="rule_new"),
    path("records/holds/", views.holds, name="holds"),
    path("records/holds/<str:reference>/", views.hold, name="hold"),
    path("records/disposal/", views.disposal, name="disposal"),
    path("records/disposal/<str:reference>/", views.batch, name="batch"),
    path(
        "records/disposal/<str:reference>/items/<int:item>/",
        views.item_decide,
        name="item_decide",
    ),
    path("records/disposal/<str:reference>/approve/", views.batch_approve, name="batch_approve"),
    path(
        "records/disposal/<str:reference>/second-approval/",
        views.batch_second_approve,
        name="batch_second_approve",
    ),
    path("records/<str:reference>/", views.record, name="record"),
    path("records/<str:reference>/correct/", views.record_correct, name="record_correct"),
    path("records/<str:reference>/content/", views.record_content, name="record_content"),
    path("records/<str:reference>/certificate/", views.certificate, name="certificate"),
]
