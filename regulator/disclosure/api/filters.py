"""Filters of the open-data API (django-filter). ``EnumFilter`` is reusable: it accepts
each published label case-insensitively ('Impermissible Donor') and its slug
('impermissible-donor'), repeatably, and filters on the stored label."""

from __future__ import annotations

import copy
from typing import Any

import django_filters
from django import forms
from django.db import connections
from django.db.models import (
    DateField,
    DecimalField,
    ExpressionWrapper,
    F,
    Func,
    Q,
    QuerySet,
    Value,
)
from django.utils.functional import Promise

from regulator.core.api.params import id_in_range
from regulator.donors.selectors import donor_number_parse
from regulator.finance import selectors as finance_selectors
from regulator.finance import types as finance_types
from regulator.register import selectors as register_selectors


class EnumField(forms.MultipleChoiceField):
    def __init__(self, *args: Any, known: dict[str, Promise] | None = None, **kwargs: Any) -> None:
        self.known = known or {}
        super().__init__(*args, **kwargs)

    def valid_value(self, value: str) -> bool:
        return finance_types.resolve_label(self.known, str(value)) is not None

    def clean(self, value: Any) -> list[str]:
        cleaned = super().clean(value)
        return [finance_types.resolve_label(self.known, item) or item for item in cleaned]


class EnumFilter(django_filters.MultipleChoiceFilter):
    """A repeatable enumerated parameter over a known set of published labels."""

    field_class = EnumField

    def __init__(self, *args: Any, known: dict[str, Promise], **kwargs: Any) -> None:
        labels = list(known)
        accepted = labels + [finance_types.slug(label) for label in labels]
        kwargs.setdefault("choices", [(value, value) for value in dict.fromkeys(accepted)])
        # One column of the row itself: no join, so no duplicate rows to remove, and a
        # DISTINCT would make SQLite sort every match before counting (4 s at 1M rows).
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)
        self.extra["known"] = known


class _NothingAskedField(django_filters.fields.ModelMultipleChoiceField):
    """A repeatable model parameter that, when absent, is an empty list, not Django's
    ``queryset.none()``: django-filter asks the empty queryset whether it is empty,
    which compiles a query (no SQL runs) for each such parameter of each request, a
    quarter of a facets request's time for three absent parameters."""

    def clean(self, value: Any) -> Any:
        if not value and not self.required:
            return []
        return super().clean(value)


class NamesFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = _NothingAskedField


class IdsField(_NothingAskedField):
    """Ids that are numbers a row could have: a 30-digit "id" is a clear error, not a
    database overflow (a 500)."""

    def _check_values(self, value: Any) -> Any:
        for item in value if isinstance(value, list | tuple) else [value]:
            text = str(item).strip()
            if text.lstrip("-").isdigit() and not id_in_range(int(text)):
                raise forms.ValidationError(
                    f"{text[:40]!r} is not an id: ids are whole numbers of at most 18 digits.",
                    code="invalid_pk_value",
                )
        return super()._check_values(value)


class RepeatableIdFilter(django_filters.ModelMultipleChoiceFilter):
    """Repeatable ids (?regulated_entity=52&regulated_entity=53). A foreign key of the
    row itself, so no DISTINCT is needed (see EnumFilter)."""

    field_class = IdsField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)


class RangeCheckForm(forms.Form):
    """date_to not before date_from, value_max not below value_min."""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for parameter, message in value_range_check(data):
            self.add_error(parameter, message)
        return data


class _ShallowCopiedFilters(dict[str, Any]):
    """django-filter deep-copies a filter set's filters for every request (querysets,
    choices and all: a third of a page's time). Our filters keep no state of their own
    but the ``model`` and ``parent`` it sets on each copy, so a shallow copy of each does."""

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, Any]:
        copies = {}
        for name, filter_ in self.items():
            copied = copy.copy(filter_)
            if filter_.method:
                # the method's wrapper points back at its filter: give the copy its own
                copied.method = filter_.method
            copies[name] = copied
        return copies


class _ShallowCopiedFields(dict[str, Any]):
    """A filter form's fields, which Django deep-copies for every form (widgets, choices
    and all: the enumerated parameters' choices are long lists of pairs, and the copies
    took a seventh of an API request's time). The forms are only validated, never
    rendered, and validating changes no field: each copy gets its own widget, error
    messages, validators and queryset (so no result is cached across requests), and
    shares the choices, which nothing changes."""

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, Any]:
        copies = {}
        for name, field in self.items():
            copied = copy.copy(field)
            copied.widget = copy.copy(field.widget)
            copied.widget.attrs = dict(field.widget.attrs)
            copied.error_messages = dict(field.error_messages)
            copied.validators = list(field.validators)
            if isinstance(field, forms.ModelChoiceField) and field.queryset is not None:
                copied.queryset = field.queryset.all()  # also gives the widget its choices
            copies[name] = copied
        return copies


# A span of dates this short is counted from the date index rather than a value range's
# (``_Base._value_range``): a year of a million rows over seven years is ~165,000.
SHORT_SPAN_DAYS = 366


RANGES_AND_NAME = frozenset({"q", "date_from", "date_to", "value_min", "value_max"})


class _Base(django_filters.FilterSet):
    _form_class: type[forms.Form] | None = None
    # Set for the rows to be counted or grouped rather than paged: a value range is then
    # compared as itself (``_value_range``), whatever the sort.
    counting = False
    # Set for a page of many rows chosen by a name, or by a span of dates and sorted by
    # value (SQLite): the sort's index is walked and each row tested against the name's
    # matches (``finance.search.text_filter``) and the dates (``_date_bound``).
    walking = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._form_class = None  # each filter set its own

    def get_form_class(self) -> type[forms.Form]:
        """Built once per filter set: every form made from it copies its fields anyway
        (cheaply: ``_ShallowCopiedFields``)."""
        cls = type(self)
        if cls._form_class is None:
            form_class = super().get_form_class()
            form_class.base_fields = _ShallowCopiedFields(form_class.base_fields)
            cls._form_class = form_class
        return cls._form_class

    q = django_filters.CharFilter(
        method="filter_q",
        label="Free text: the counterparty's name or the entity's name (tolerates misspellings).",
        max_length=200,
    )
    regulated_entity = RepeatableIdFilter(
        field_name="entity", queryset=register_selectors.entities_all(), label="Regulated entity id"
    )
    regulated_entity_type = EnumFilter(field_name="entity_type", known=finance_types.ENTITY_TYPES)
    register = EnumFilter(field_name="register", known=finance_types.REGISTERS)
    accounting_unit = RepeatableIdFilter(
        field_name="accounting_unit",
        queryset=register_selectors.accounting_units_all(),
        label="Accounting unit id",
    )
    is_central_party = django_filters.BooleanFilter(
        method="filter_central",
        label="Only the central party (true) or only accounting units (false)",
    )
    reporting_period = NamesFilter(
        field_name="period__name",
        distinct=False,  # a many-to-one join: one period per row
        to_field_name="name",
        queryset=finance_selectors.periods_all(),
        label="Reporting period name, as published (e.g. 'Q4 2019')",
    )
    date_from = django_filters.DateFilter(
        field_name="date", lookup_expr="gte", method="filter_date_from"
    )
    date_to = django_filters.DateFilter(
        field_name="date", lookup_expr="lte", method="filter_date_to"
    )
    value_min = django_filters.NumberFilter(
        field_name="value",
        lookup_expr="gte",
        max_digits=14,
        decimal_places=2,
        method="filter_value_min",
    )
    value_max = django_filters.NumberFilter(
        field_name="value",
        lookup_expr="lte",
        max_digits=14,
        decimal_places=2,
        method="filter_value_max",
    )

    def filter_date_from(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return self._date_bound(queryset, "gte", value)

    def filter_date_to(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return self._date_bound(queryset, "lte", value)

    def sort_asked(self) -> str:
        """The page's sort as asked (``-date`` when none is)."""
        return (self.data.get("sort") or "-date") if self.data else "-date"

    def _walks_by_value(self, queryset: QuerySet[Any]) -> bool:
        """A page of many rows by value, on SQLite (``walking``): the value index is
        walked, and stops after a page. In a year of a million rows a name 18,000 rows
        match is a page in about 1,400 rows of the value index, where the year's index
        reads 165,000 and the matches are then sorted (160 ms)."""
        return (
            self.walking
            and self.sort_asked().lstrip("-") == "value"
            and connections[queryset.db].vendor == "sqlite"
        )

    def _date_bound(self, queryset: QuerySet[Any], lookup: str, value: Any) -> QuerySet[Any]:
        if value is None:
            return queryset
        if not self._walks_by_value(queryset):
            return queryset.filter(**{f"date__{lookup}": value})
        # Unary plus: the same text, which SQLite cannot look up by (``_walks_by_value``).
        scanned = queryset.alias(
            date_unindexed=Func(F("date"), template="+%(expressions)s", output_field=DateField())
        )
        return scanned.filter(**{f"date_unindexed__{lookup}": value})

    def filter_value_min(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return self._value_range(queryset, "gte", value)

    def filter_value_max(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return self._value_range(queryset, "lte", value)

    def _value_range(self, queryset: QuerySet[Any], lookup: str, value: Any) -> QuerySet[Any]:
        """A value range, ordered by date (the default), on SQLite: compared as ``value + 0``
        so that SQLite walks the date index (which carries the value) newest first and
        stops after a page, instead of reading the whole range by value and sorting it
        (a wide range of a million rows: 1.4 s against 1 ms; a narrow one costs at most a
        walk of the date index, ~0.15 s). PostgreSQL's planner weighs this itself. Rows
        to be counted (``counting``) have no order: the value index counts a range
        (a million rows: 6 to 18 ms against 214 ms comparing ``value + 0`` row by row),
        unless a span of dates of at most a year is asked too, whose index counts it in
        at most ~30 ms (``SHORT_SPAN_DAYS``): SQLite takes every range to be narrow and
        chose the value's (seven months and 2,500 to 50,000: 214 ms against 22 ms)."""
        if value is None:
            return queryset
        sort = self.sort_asked()
        # A name search in a narrowed selection walks the entity's or the dates' index
        # (see ``filter_q``); a range compared by the value index would draw SQLite
        # away from it (it takes every range to be narrow: a whole range, 0.4 s). Not a
        # page by value of many matches, which walks the value index (``_walks_by_value``).
        sqlite = connections[queryset.db].vendor == "sqlite"
        name_walk = (
            sqlite
            and bool(self.form.cleaned_data.get("q"))
            and self._narrowed()
            and not self._walks_by_value(queryset)
        )
        if self.counting:
            by_value_index = not (sqlite and self._short_span())
        else:
            by_value_index = not sqlite or sort.lstrip("-") == "value"
        if not name_walk and by_value_index:
            return queryset.filter(**{f"value__{lookup}": value})
        scanned = queryset.alias(
            value_unindexed=ExpressionWrapper(F("value") + Value(0), output_field=DecimalField())
        )
        return scanned.filter(**{f"value_unindexed__{lookup}": value})

    def filter_q(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        chosen = self.form.cleaned_data
        return finance_selectors.text_filter(
            queryset,
            value,
            narrowed=bool(chosen.get("date_from") and chosen.get("date_to")),
            among=self._fewer_rows_besides_the_name,
            walk=self.walking,
        )

    def _fewer_rows_besides_the_name(self, most: int) -> bool:
        """Whether the parameters other than the name and the ranges (an entity, a
        status, public funds, a type ...) choose fewer than ``most`` rows, reading at
        most that many index entries (~0.12 µs each on SQLite), so that a name is tested
        on each of them rather than each of its matches read to test them
        (``finance.search.text_filter``). A million donations, "vale" and public funds
        (28,000 rows): 97 ms reading the matches, 15 ms the other way; individuals
        (570,000 rows) are the other way round. Answered once for the filter set, whose
        rows are built two or three times (a page, a count, a walk)."""
        answers: dict[int, bool] = self.__dict__.setdefault("_fewer_rows_answers", {})
        if most not in answers:
            rest = self.queryset.all()
            chosen = False
            for name, value in self.form.cleaned_data.items():
                if name in RANGES_AND_NAME or value in (None, "", []):
                    continue
                rest = self.filters[name].filter(rest, value)
                chosen = True
            answers[most] = chosen and rest.order_by().values("pk")[:most].count() < most
        return answers[most]

    def _short_span(self) -> bool:
        chosen = self.form.cleaned_data
        start, end = chosen.get("date_from"), chosen.get("date_to")
        return bool(start and end and (end - start).days <= SHORT_SPAN_DAYS)

    def _narrowed(self) -> bool:
        """Whether the rows are chosen by an entity or a span of dates, whose index a name
        search may walk (``finance.search.text_filter``)."""
        chosen = self.form.cleaned_data
        return bool(
            chosen.get("regulated_entity") or (chosen.get("date_from") and chosen.get("date_to"))
        )

    def filter_in(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        if value is None:
            return queryset
        return queryset.filter(**{f"{name}__in": [value]})

    def filter_central(
        self, queryset: QuerySet[Any], name: str, value: bool | None
    ) -> QuerySet[Any]:
        if value is None:
            return queryset
        return queryset.filter(accounting_unit__isnull=value)


class DonorIdField(forms.CharField):
    """The resolved donor's public id: D0000042, or just 42."""

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]  # a donor number, not the text CharField returns
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        number = donor_number_parse(str(text))
        if number is None:
            raise forms.ValidationError(f"{text!r} is not a donor id: give D0000042 or 42.")
        return number


class DonorIdFilter(django_filters.Filter):
    field_class = DonorIdField


class DonationFilter(_Base):
    donor_id = DonorIdFilter(
        field_name="donor_id", label="Resolved donor id (/api/v1/donors/), e.g. D0000042"
    )
    donor_status = EnumFilter(known=finance_types.DONOR_STATUSES)
    donation_type = EnumFilter(known=finance_types.DONATION_TYPES)
    nature = EnumFilter(known=finance_types.NATURES)
    # "IN (x)" rather than the bare column: SQLite then seeks the partial index on
    # (is_public_fund, date, id, value) instead of scanning it.
    is_public_fund = django_filters.BooleanFilter(field_name="is_public_fund", method="filter_in")

    class Meta:
        model = finance_selectors.transaction_model("donations")
        form = RangeCheckForm
        fields: list[str] = []


class LoanFilter(_Base):
    donor_id = DonorIdFilter(
        field_name="donor_id", label="Resolved lender id (/api/v1/donors/), e.g. D0000042"
    )
    lender_type = EnumFilter(known=finance_types.LENDER_TYPES)
    loan_status = EnumFilter(known=finance_types.LOAN_STATUSES)

    class Meta:
        model = finance_selectors.transaction_model("loans")
        form = RangeCheckForm
        fields: list[str] = []


class SpendingFilter(_Base):
    expense_category = EnumFilter(known=finance_types.EXPENSE_CATEGORIES)

    class Meta:
        model = finance_selectors.transaction_model("spending")
        form = RangeCheckForm
        fields: list[str] = []


def value_range_check(data: Any) -> list[tuple[str, str]]:
    """Cross-parameter checks django-filter does not make."""
    problems = []
    if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
        problems.append(("date_to", "date_to is before date_from."))
    if (
        data.get("value_min") is not None
        and data.get("value_max") is not None
        and data["value_min"] > data["value_max"]
    ):
        problems.append(("value_max", "value_max is less than value_min."))
    return problems


FILTERSETS: dict[str, type[_Base]] = {
    "donations": DonationFilter,
    "loans": LoanFilter,
    "spending": SpendingFilter,
}
for _filterset in FILTERSETS.values():
    _filterset.base_filters = _ShallowCopiedFilters(_filterset.base_filters)

__all__ = ["FILTERSETS", "EnumFilter", "Q"]
