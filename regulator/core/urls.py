from django.urls import path

from regulator.core import views

app_name = "core"

urlpatterns = [
    path("", views.start, name="start"),
    path("accessibility-statement/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("cookies/", views.cookies, name="cookies"),
    # The API's introduction in the reader's language (the reference is at /api/v1/docs/).
    path("api/docs/", views.api_docs, name="api_docs"),
]
