"""The published transactions' pagination: the platform's keyset pagination by date or
value, with counts remembered until the published rows change, and an index-only plan
for pages sorted by value on SQLite."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import connections
from django.db.models import QuerySet
from rest_framework.request import Request

from regulator.core.api.pagination import KeysetPagination
from regulator.disclosure import selectors

# A name search with at most this many matches has its page sorted from the matches
# (``_matches_sorted``). Reading a match's key costs about 12 µs on SQLite (the row is
# stepped to and its value made a Decimal), against about 0.2 µs for each index entry a
# walk in order passes; past a thousand matches in a million rows the walk finds a page
# sooner. PostgreSQL's walk tests each row's name from the table, so there the keys win
# for longer.
MATCHES_SORTED_HERE = {"sqlite": 1_000, "postgresql": 10_000}


class TransactionPagination(KeysetPagination):
    sorts = {
        "date": ("date", False),
        "-date": ("date", True),
        "value": ("value", False),
        "-value": ("value", True),
    }
    default_sort = "-date"
    key_types = {"date": dt.date, "value": Decimal}
    # the kind of transaction paged, when the view does not say (the search pages)
    kind: str | None = None
    # the rows paged, when the view does not say (the search pages)
    selection: selectors.Selection | None = None
    # the kind and filter key of the rows being paged, once counted
    paged: tuple[str, list[tuple[str, str]]] | None = None

    def _selection(self, view: Any) -> selectors.Selection | None:
        # The API's views validated the parameters once already (their ``selection``).
        selected = getattr(view, "selection", None)
        return selected() if selected else self.selection

    def count_rows(self, queryset: QuerySet[Any], request: Request, view: Any) -> int:
        kind = getattr(view, "kind", None) or self.kind
        self.paged = None
        if not kind:
            return super().count_rows(queryset, request, view)
        selection = self._selection(view)
        if selection:
            self.paged = (kind, selection.key)
        return selectors.transaction_count(
            kind=kind,
            params=request.query_params,
            queryset=selection.counted if selection else queryset,
            key=selection.key if selection else None,
        )

    def rows_to_page(self, queryset: QuerySet[Any], request: Request, view: Any) -> QuerySet[Any]:
        """On SQLite, a name search with more matches than are sorted here
        (``MATCHES_SORTED_HERE``) pages its rows walking the sort's index and testing each
        against the matches, which finds a page after a few hundred rows, where reading
        every match's row and sorting them all took 100 ms for 72,000 matches
        (``finance.search.text_filter``, ``walk``). So does a span of dates by value: a
        year of a million donations (165,000), 140 ms sorting its values, about 1 ms
        walking the value index (``DonationFilter._date_bound``)."""
        selection = self._selection(view)
        vendor = connections[queryset.db].vendor
        if (
            selection is None
            or selection.walked is None
            or vendor != "sqlite"
            or self.count <= MATCHES_SORTED_HERE.get("sqlite", 0)
        ):
            return queryset
        return _with_reads_of(selection.walked(), queryset)

    def page_rows(
        self, ordered: QuerySet[Any], field: str, limit: int, request: Request
    ) -> list[Any]:
        """The first ``limit`` rows of ``ordered``. Every published index is ordered by its
        own fields, then date and id, and carries the value: a page by date walks one in
        order, but a page by value must be sorted. SQLite sorts whole rows (a party's year,
        25,000 rows, took 61 ms); sorting the index's (value, id) pairs and then reading the
        page's rows by id takes 3 ms. Not for a text search, whose matches are found by id
        and read from the table either way (there the ids alone walked the value index and
        took longer), nor on PostgreSQL, which keeps only the top rows as it sorts."""
        if self.count == 0:
            return []  # the selection is empty: no walk of an index looking for a match
        searching = bool(request.query_params.get("q"))
        vendor = connections[ordered.db].vendor
        if searching and self.count <= MATCHES_SORTED_HERE.get(vendor, 0):
            keys = self._name_keys(field)
            if keys is not None:
                return self._keys_sorted(ordered, keys, limit)
            return self._matches_sorted(ordered, field, limit)
        if field == "date" or searching or vendor != "sqlite":
            return list(ordered[:limit])
        ids = list(ordered.values_list("pk", flat=True)[:limit])
        return _rows_by_id(ordered, ids)

    def _name_keys(self, field: str) -> list[tuple[Any, int]] | None:
        """Every match's (sort key, id) read from the name's index, beyond the page's edge,
        when the search asks only what that index carries (PostgreSQL); otherwise None."""
        if self.paged is None:
            return None
        kind, key = self.paged
        keys = selectors.transaction_name_keys(kind=kind, key=key, field=field)
        if keys is None or self.edge is None:
            return keys
        value, pk, below = self.edge
        return [k for k in keys if (k < (value, pk) if below else k > (value, pk))]

    @classmethod
    def _matches_sorted(cls, ordered: QuerySet[Any], field: str, limit: int) -> list[Any]:
        """A name search's page when few rows match: every match's (sort key, id) is read
        unordered and sorted here. Asked for an order, the planner walks the sort's index
        and tests each row for the name, expecting a match soon; when the matches are rare
        or none that walk reads every row (PostgreSQL, a million donations:
        ``q=house&donor_status=Individual&sort=value`` 4.9 s, for no row at all)."""
        keys = list(ordered.order_by().values_list(field, "pk"))
        if any(key is None for key, _pk in keys):
            return list(ordered[:limit])  # no order to make of a missing key: the database's
        return cls._keys_sorted(ordered, keys, limit)

    @staticmethod
    def _keys_sorted(ordered: QuerySet[Any], keys: list[tuple[Any, int]], limit: int) -> list[Any]:
        """The page of ``ordered`` that the (sort key, id) of its rows make."""
        # The order is (field, id), both ascending or both descending.
        keys.sort(reverse=str(ordered.query.order_by[0]).startswith("-"))
        return _rows_by_id(ordered, [pk for _key, pk in keys[:limit]])


def _with_reads_of(queryset: QuerySet[Any], source: QuerySet[Any]) -> QuerySet[Any]:
    """``queryset`` reading with each row what ``source`` does (its ``select_related``)."""
    related = source.query.select_related
    if isinstance(related, dict):
        return queryset.select_related(*related)
    return queryset.select_related() if related else queryset


def _rows_by_id(ordered: QuerySet[Any], ids: list[int]) -> list[Any]:
    """The public rows with these ids (found in ``ordered``), in the order of ``ids``.
    Read by id alone: the selection's other filters chose the ids already, and asked
    again a name's full-text match would be found whole again for a page of 25 (SQLite:
    27 ms for a name 40,000 rows match)."""
    public = _with_reads_of(ordered.model.objects.using(ordered.db), ordered)  # published
    found = {row.pk: row for row in public.filter(pk__in=ids)}
    return [found[pk] for pk in ids]
