"""The public pages of cases: the allegation form and published outcomes."""

from django.urls import path

from regulator.cases import public_views

urlpatterns = [
    path("enforcement/report/", public_views.allegation_form, name="allegation_form"),
    path("enforcement/report/sent/", public_views.allegation_sent, name="allegation_sent"),
]
