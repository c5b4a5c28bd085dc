"""Declared access of the subscription, feed and webhook URLs (joined into ``ACCESS`` by
``access.py``): all public; a webhook's pages answer only to the holder of its API key
(kept in the session), so everyone in the matrix gets 404 for another's webhook."""

from __future__ import annotations

from typing import Any

from regulator.core.access import Access


def _entity(world: Any) -> dict[str, Any]:
    return {"pk": world.entity_a.pk}


def _subscription_token(world: Any) -> dict[str, Any]:
    from regulator.disclosure.services import subscriptions

    _sub, token = subscriptions.subscription_start(
        email="matrix@example.org",
        target="guidance",
        value="parties",
        label="Matrix",
        language="en",
        frequency="daily",
    )
    return {"token": token}


def _unsubscribe_token(world: Any) -> dict[str, Any]:
    from regulator.disclosure.services import subscriptions

    sub, _token = subscriptions.subscription_start(
        email="matrix@example.org",
        target="guidance",
        value="parties",
        label="Matrix",
        language="en",
        frequency="daily",
    )
    return {"token": subscriptions.unsubscribe_token(sub)}


SUBSCRIPTION_ACCESS = {
    "disclosure:search_feed": Access.public(),
    "disclosure:search_loans_feed": Access.public(),
    "disclosure:search_spending_feed": Access.public(),
    "disclosure:entity_feed": Access.public(kwargs=_entity),
    # Without a target the follow page has nothing to follow: 404 for everyone.
    "disclosure:follow": Access.public(ok_statuses=(404,)),
    "disclosure:subscription_confirm": Access.public(kwargs=_subscription_token),
    "disclosure:subscription_unsubscribe": Access.public(kwargs=_unsubscribe_token),
    "disclosure:webhooks": Access.public(),
    "disclosure:webhook_deliveries": Access.public(
        kwargs=lambda world: {"pk": 1}, ok_statuses=(404,)
    ),
    "disclosure:webhook_test": Access.public(
        method="POST", kwargs=lambda world: {"pk": 1}, ok_statuses=(404,)
    ),
    "disclosure:webhook_remove": Access.public(
        method="POST", kwargs=lambda world: {"pk": 1}, ok_statuses=(404,)
    ),
}
