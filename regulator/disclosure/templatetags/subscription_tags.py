"""``{% follow_links target value %}``: "get emails" and the Atom feed of what a page shows
(an entity, a donor, a search), for the pages of published data."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import template
from django.urls import reverse

register = template.Library()


@register.inclusion_tag("disclosure/subscriptions/follow_links.html", takes_context=True)
def follow_links(context: Any, target: str, value: Any = "", kind: str = "") -> dict[str, str]:
    request = context.get("request")
    params = {"target": target, "value": str(value)}
    feed_url = ""
    if target == "search" and request is not None:
        query = request.GET.copy()
        for name in ("cursor", "format"):
            query.pop(name, None)
        params = {"target": "search", "kind": kind, "value": query.urlencode()}
        feed_url = request.path + "feed/" + (f"?{query.urlencode()}" if query else "")
    elif target == "entity":
        feed_url = reverse("disclosure:entity_feed", kwargs={"pk": int(value)})
    return {
        "follow_url": reverse("disclosure:follow") + "?" + urlencode(params),
        "feed_url": feed_url,
    }
