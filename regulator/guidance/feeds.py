"""The Atom feed of guidance changes (``/guidance/feed/``, ``?audience=`` for one
audience): one entry per published version, with its change note."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from regulator.guidance import selectors
from regulator.guidance.models import Version
from regulator.guidance.types import Audience


class GuidanceChangesFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> str:
        audience = request.GET.get("audience", "")
        return audience if audience in Audience.values else ""

    def title(self, obj: str) -> str:
        if obj:
            return _("Guidance changes: %(audience)s") % {"audience": Audience(obj).label}
        return _("Guidance changes")

    def link(self, obj: str) -> str:
        return reverse("guidance:index")

    def subtitle(self, obj: str) -> str:
        return _("New and changed guidance on political finance, newest first.")

    def items(self, obj: str) -> list[Version]:
        return selectors.changes_recent(audience=obj)

    def _language(self) -> str:
        return "cy" if translation.get_language() == "cy" else "en"

    def item_title(self, item: Version) -> str:
        language = self._language()
        return _("%(title)s (version %(number)s)") % {
            "title": item.title(language),
            "number": item.number,
        }

    def item_description(self, item: Version) -> str:
        return item.change_note(self._language()) or item.summary(self._language())

    def item_link(self, item: Version) -> str:
        return reverse(
            "guidance:version", kwargs={"slug": item.document.slug, "number": item.number}
        )

    def item_guid(self, item: Version) -> str:
        return f"guidance:{item.document.slug}:v{item.number}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Version) -> dt.datetime | None:
        return item.published_at

    def item_updateddate(self, item: Version) -> dt.datetime | None:
        return item.published_at
