"""Atom feeds of the published data: any search page's address with ``feed/`` added
(``/search/feed/?q=…``, ``/search/loans/feed/?…``, ``/search/spending/feed/?…``) and an
entity's page (``/search/entities/<id>/feed/``). The entries are the newest matching
records by publication (or correction) time, with the same filters as the page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from regulator.disclosure import selectors
from regulator.register import selectors as register_selectors

KIND_URLS = {
    "donations": "disclosure:search",
    "loans": "disclosure:search_loans",
    "spending": "disclosure:search_spending",
}
LIMIT = 50


class PublishedSearchFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        kind = kwargs.get("kind", "donations")
        params = request.GET.copy()
        for name in ("cursor", "format", "sort"):
            params.pop(name, None)
        entity = None
        if "pk" in kwargs:
            entity = register_selectors.entity_public_get(kwargs["pk"])
            if entity is None:
                raise Http404
            params["regulated_entity"] = str(kwargs["pk"])
        try:
            rows = list(
                selectors.transactions_filtered(kind=kind, params=params)
                .select_related("period")
                .order_by("-published_at", "-id")[:LIMIT]
            )
        except selectors.FiltersInvalid:
            raise Http404 from None
        return {"kind": kind, "rows": rows, "query": params.urlencode(), "entity": entity}

    def title(self, obj: dict[str, Any]) -> str:
        if obj["entity"] is not None:
            return _("Published finance: %(name)s") % {"name": obj["entity"].name}
        names = {"donations": _("Donations"), "loans": _("Loans"), "spending": _("Spending")}
        return _("%(kind)s: new and changed published records") % {"kind": names[obj["kind"]]}

    def link(self, obj: dict[str, Any]) -> str:
        if obj["entity"] is not None:
            return reverse("disclosure:entity", kwargs={"pk": obj["entity"].pk})
        return reverse(KIND_URLS[obj["kind"]]) + (f"?{obj['query']}" if obj["query"] else "")

    def subtitle(self, obj: dict[str, Any]) -> str:
        return _("The newest published records matching this search, newest first.")

    def items(self, obj: dict[str, Any]) -> list[Any]:
        return obj["rows"]

    def item_title(self, item: Any) -> str:
        name = (
            getattr(item, "donor_name", "")
            or getattr(item, "lender_name", "")
            or getattr(item, "supplier_name", "")
        )
        return (
            f"{item.ec_ref}: {name.strip()} → {item.entity_name} £{item.value:,.2f}"
            if getattr(item, "value", None) is not None
            else f"{item.ec_ref}: {item.entity_name}"
        )

    def item_description(self, item: Any) -> str:
        bits = [item.entity_name]
        if item.period_id:
            bits.append(item.period.name)
        if item.corrected_at:
            bits.append(_("Corrected: %(note)s") % {"note": item.correction_note})
        return " · ".join(bits)

    def item_link(self, item: Any) -> str:
        return (
            reverse("disclosure:entity", kwargs={"pk": item.entity_id})
            if item.entity_id
            else reverse("disclosure:search")
        )

    def item_guid(self, item: Any) -> str:
        return f"record:{item.ec_ref}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Any) -> dt.datetime | None:
        return item.published_at

    def item_updateddate(self, item: Any) -> dt.datetime | None:
        return item.corrected_at or item.published_at
