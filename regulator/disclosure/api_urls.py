"""The open-data API under /api/ (outside the language prefix)."""

urlpatterns: list[object] = []
