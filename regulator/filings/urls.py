from django.urls import path

from regulator.filings import document_views, token_views, views

app_name = "filings"

urlpatterns = [
    path("filing/", views.dashboard, name="dashboard"),
    path("filing/new/", views.return_create, name="return_create"),
    path("filing/template/<str:kind>.csv", views.template_download, name="template"),
    path("filing/returns/<int:pk>/", views.return_detail, name="return_detail"),
    path("filing/returns/<int:pk>/add/", views.transaction_add, name="transaction_add"),
    path(
        "filing/returns/<int:pk>/add/<str:kind>/",
        views.transaction_add,
        name="transaction_add_kind",
    ),
    path(
        "filing/returns/<int:pk>/rows/<int:row>/remove/",
        views.transaction_remove,
        name="transaction_remove",
    ),
    path(
        "filing/returns/<int:pk>/nothing-to-report/",
        views.return_nothing_to_report,
        name="return_nothing_to_report",
    ),
    path("filing/returns/<int:pk>/upload/", views.upload, name="upload"),
    path(
        "filing/returns/<int:pk>/upload/<int:upload_id>/", views.upload_report, name="upload_report"
    ),
    path("filing/returns/<int:pk>/check/", views.return_validate, name="return_validate"),
    path("filing/returns/<int:pk>/results/", views.return_results, name="return_results"),
    path("filing/returns/<int:pk>/declare/", views.return_declare, name="return_declare"),
    path("filing/returns/<int:pk>/submit/", views.return_submit, name="return_submit"),
    path(
        "filing/returns/<int:pk>/receipt/<int:number>/", views.return_receipt, name="return_receipt"
    ),
    path("filing/returns/<int:pk>/amend/", views.return_amend, name="return_amend"),
    path("filing/tokens/", token_views.token_list, name="tokens"),
    path("filing/tokens/new/", token_views.token_create, name="token_create"),
    path("filing/tokens/<int:token_id>/revoke/", token_views.token_revoke, name="token_revoke"),
    path("filing/review/", views.queue, name="queue"),
    path("filing/returns/<int:pk>/review/", views.return_review, name="return_review"),
    path("filing/returns/<int:pk>/publish/", views.return_publish, name="return_publish"),
    # Documents (regulator/filings/document_views.py)
    path(
        "filing/returns/<int:pk>/documents/upload/",
        document_views.document_upload,
        name="document_upload",
    ),
    path(
        "filing/returns/<int:pk>/documents/<int:document>/",
        document_views.document_download,
        name="document_download",
    ),
    path(
        "filing/returns/<int:pk>/documents/<int:document>/remove/",
        document_views.document_remove,
        name="document_remove",
    ),
    path(
        "filing/returns/<int:pk>/accounts/",
        document_views.accounts_figures,
        name="accounts_figures",
    ),
]
