from django.urls import path

from regulator.donors import views

app_name = "donors"

urlpatterns = [
    path("donors/", views.donor_list, name="donor_list"),
    path("donors/review/", views.review_queue, name="review_queue"),
    path("donors/review/pairs/<int:pk>/", views.review_pair, name="review_pair"),
    path("donors/review/merge/", views.review_merge, name="review_merge"),
    path("donors/review/donors/<str:donor_id>/", views.review_donor, name="review_donor"),
    path("donors/<str:donor_id>/", views.donor_detail, name="donor_detail"),
    path("donors/<str:donor_id>/data.csv", views.donor_data_csv, name="donor_data_csv"),
]
