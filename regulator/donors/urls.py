app_name = "donors"

urlpatterns: list[object] = []
