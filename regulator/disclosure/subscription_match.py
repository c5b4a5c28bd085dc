"""Which publication events concern a subscription (or a webhook): reads only.

An entity follows its records; a donor the donations and loans resolved to them (the
donors area resolves a new record's donor after publication, so a donor's digest counts
the records resolved by the time it is sent); a saved search applies the search page's
own filters to the changed records (withdrawn ones too); guidance follows an audience."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from regulator.disclosure.api.filters import FILTERSETS
from regulator.finance import selectors as finance_selectors

CHUNK = 2000


@dataclass
class Match:
    kind: str
    action: str
    refs: list[str]
    title: str = ""

    def summary(self) -> str:
        count = len(self.refs)
        if self.kind == "guidance":
            return _("Guidance changed: %(title)s") % {"title": self.title}
        kind = {
            "donations": _("donations"),
            "loans": _("loans"),
            "spending": _("spending items"),
        }.get(self.kind, self.kind)
        if self.action == "withdrawn":
            return ngettext(
                "%(count)s of %(kind)s withdrawn", "%(count)s of %(kind)s withdrawn", count
            ) % {
                "count": count,
                "kind": kind,
            }
        if self.action == "corrected":
            return ngettext(
                "%(count)s of %(kind)s corrected", "%(count)s of %(kind)s corrected", count
            ) % {
                "count": count,
                "kind": kind,
            }
        return ngettext(
            "%(count)s new record of %(kind)s", "%(count)s new records of %(kind)s", count
        ) % {
            "count": count,
            "kind": kind,
        }


def _filtered(kind: str, refs: list[str], **filters: Any) -> list[str]:
    found: list[str] = []
    for start in range(0, len(refs), CHUNK):
        rows = finance_selectors.transactions_all(kind).filter(
            ec_ref__in=refs[start : start + CHUNK], **filters
        )
        found.extend(rows.order_by("ec_ref").values_list("ec_ref", flat=True))
    return found


def _searched(kind: str, refs: list[str], query: str) -> list[str]:
    params = QueryDict(query)
    found: list[str] = []
    for start in range(0, len(refs), CHUNK):
        base = finance_selectors.transactions_all(kind).filter(
            ec_ref__in=refs[start : start + CHUNK]
        )
        filterset = FILTERSETS[kind](params, queryset=base)
        if not filterset.is_valid():
            return []
        found.extend(filterset.qs.order_by("ec_ref").values_list("ec_ref", flat=True))
    return found


def event_refs_for(
    *, target: str, value: str, search_kind: str, kind: str, refs: list[str], extra: dict[str, Any]
) -> list[str]:
    if kind == "guidance":
        return refs if target == "guidance" and value in extra.get("audiences", []) else []
    if target == "entity" and value.isdigit():
        return _filtered(kind, refs, entity_id=int(value))
    if target == "donor" and value.isdigit() and kind in {"donations", "loans"}:
        return _filtered(kind, refs, donor_id=int(value))
    if target == "search" and kind == (search_kind or "donations"):
        return _searched(kind, refs, value)
    return []


def matches_for(subscription: Any, events: list[Any]) -> list[Match]:
    out: list[Match] = []
    for event in events:
        refs = event_refs_for(
            target=subscription.target,
            value=subscription.value,
            search_kind=subscription.search_kind,
            kind=event.kind,
            refs=list(event.refs),
            extra=event.extra,
        )
        if refs:
            out.append(
                Match(
                    kind=event.kind,
                    action=event.action,
                    refs=refs,
                    title=event.extra.get("title", ""),
                )
            )
    return out
