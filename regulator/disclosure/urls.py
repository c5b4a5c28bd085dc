from django.urls import path

from regulator.disclosure import views

app_name = "disclosure"

urlpatterns = [
    path("search/", views.search, name="search"),
]
