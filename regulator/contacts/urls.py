from django.urls import path

from regulator.contacts import enquiry_views, public_views, views

app_name = "contacts"

urlpatterns = [
    path("contact/", public_views.contact_form, name="contact_form"),
    path("contact/sent/", public_views.contact_sent, name="contact_sent"),
    path("contacts/", views.contact_list, name="contact_list"),
    path("contacts/new/", views.contact_new, name="contact_new"),
    path("contacts/duplicates/", views.duplicates, name="duplicates"),
    path("contacts/<int:pk>/", views.contact_detail, name="contact_detail"),
    path("contacts/<int:pk>/language/", views.contact_language, name="contact_language"),
    path("contacts/<int:pk>/link/", views.contact_link, name="contact_link"),
    path("contacts/<int:pk>/merge/", views.contact_merge, name="contact_merge"),
    path("contacts/interactions/new/", views.interaction_new, name="interaction_new"),
    path("contacts/entities/<int:entity_id>/", views.entity_view, name="entity_view"),
    path("contacts/queue/", enquiry_views.queue, name="queue"),
    path("contacts/enquiries/new/", enquiry_views.enquiry_new, name="enquiry_new"),
    path(
        "contacts/enquiries/<str:reference>/", enquiry_views.enquiry_detail, name="enquiry_detail"
    ),
    path(
        "contacts/enquiries/<str:reference>/reply/",
        enquiry_views.enquiry_reply,
        name="enquiry_reply",
    ),
    path(
        "contacts/enquiries/<str:reference>/<slug:action>/",
        enquiry_views.enquiry_action,
        name="enquiry_action",
    ),
    path("contacts/mailbox/", enquiry_views.mailbox, name="mailbox"),
    path("contacts/bulk/", enquiry_views.bulk, name="bulk"),
]
