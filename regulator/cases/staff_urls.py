"""Staff pages of cases: investigators', decision makers' and approvers' work."""

from django.urls import path

from regulator.cases import views

urlpatterns = [
    path("cases/", views.home, name="home"),
    path("cases/<str:reference>/", views.case_detail, name="case_detail"),
]
