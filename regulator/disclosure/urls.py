from django.urls import path

from regulator.disclosure import staff_urls, subscription_urls, views

app_name = "disclosure"

urlpatterns = [
    path("search/", views.search, {"kind": "donations"}, name="search"),
    path("search/loans/", views.search, {"kind": "loans"}, name="search_loans"),
    path("search/spending/", views.search, {"kind": "spending"}, name="search_spending"),
    path("search/download/<slug:kind>/", views.search_download, name="search_download"),
    path("search/entities/<int:pk>/", views.entity, name="entity"),
    path(
        "search/entities/<int:pk>/charts/<slug:chart>.csv",
        views.entity_chart_data,
        name="entity_chart_data",
    ),
    *staff_urls.urlpatterns,
    *subscription_urls.urlpatterns,
]
