from regulator.cases import public_urls, staff_urls

app_name = "cases"

urlpatterns = [*public_urls.urlpatterns, *staff_urls.urlpatterns]
