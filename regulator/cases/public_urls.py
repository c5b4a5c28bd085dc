"""The public pages of cases: the allegation form and published outcomes."""

from django.urls import path

from regulator.cases import outcome_views, public_views

urlpatterns = [
    path("enforcement/report/", public_views.allegation_form, name="allegation_form"),
    path("enforcement/report/sent/", public_views.allegation_sent, name="allegation_sent"),
    path("enforcement/", outcome_views.outcomes_page, name="outcomes"),
    # Before <str:reference>: "outcomes.csv" is not a case's reference.
    path("enforcement/outcomes.csv", outcome_views.outcomes_csv, name="outcomes_csv"),
    path("enforcement/<str:reference>/", outcome_views.outcome_detail, name="outcome_detail"),
]
