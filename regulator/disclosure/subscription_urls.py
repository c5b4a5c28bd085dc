"""Subscriptions, feeds and webhooks (included by ``regulator/disclosure/urls.py``)."""

from __future__ import annotations

from django.urls import path

from regulator.disclosure import feeds, subscription_views

urlpatterns = [
    path("search/feed/", feeds.PublishedSearchFeed(), {"kind": "donations"}, name="search_feed"),
    path(
        "search/loans/feed/",
        feeds.PublishedSearchFeed(),
        {"kind": "loans"},
        name="search_loans_feed",
    ),
    path(
        "search/spending/feed/",
        feeds.PublishedSearchFeed(),
        {"kind": "spending"},
        name="search_spending_feed",
    ),
    path("search/entities/<int:pk>/feed/", feeds.PublishedSearchFeed(), name="entity_feed"),
    path("subscriptions/follow/", subscription_views.follow, name="follow"),
    path(
        "subscriptions/confirm/<str:token>/",
        subscription_views.subscription_confirm,
        name="subscription_confirm",
    ),
    path(
        "subscriptions/unsubscribe/<str:token>/",
        subscription_views.subscription_unsubscribe,
        name="subscription_unsubscribe",
    ),
    path("api-keys/webhooks/", subscription_views.webhooks, name="webhooks"),
    path(
        "api-keys/webhooks/<int:pk>/deliveries/",
        subscription_views.webhook_deliveries,
        name="webhook_deliveries",
    ),
    path("api-keys/webhooks/<int:pk>/test/", subscription_views.webhook_test, name="webhook_test"),
    path(
        "api-keys/webhooks/<int:pk>/remove/",
        subscription_views.webhook_remove,
        name="webhook_remove",
    ),
]
