from django.urls import path, re_path

from regulator.disclosure import record_views, staff_urls, subscription_urls, views

app_name = "disclosure"

urlpatterns = [
    path("search/", views.search, {"kind": "donations"}, name="search"),
    path("search/loans/", views.search, {"kind": "loans"}, name="search_loans"),
    path("search/spending/", views.search, {"kind": "spending"}, name="search_spending"),
    path("search/download/<slug:kind>/", views.search_download, name="search_download"),
    path("search/entities/<int:pk>/", views.entity, name="entity"),
    re_path(
        r"^search/(?P<kind>donations|loans|spending)/records/(?P<ec_ref>[^/]{1,64})/$",
        record_views.record,
        name="record",
    ),
    path(
        "search/entities/<int:pk>/charts/<slug:chart>.csv",
        views.entity_chart_data,
        name="entity_chart_data",
    ),
    *staff_urls.urlpatterns,
    *subscription_urls.urlpatterns,
]
