"""On PostgreSQL each entry of a name's words carries its record's value, date, status
and entity (migration finance/0011), kept in step by the triggers, so a name of one word
or several asked with spans of values or dates, statuses or entities is counted, and its matches' sort keys
read, from the words alone; every answer is the rows' own after each kind of change.
SQLite answers None (the rows are counted)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from regulator.finance import search
from regulator.finance.models import Donation, Loan
from regulator.finance.tests.factories import EntityFactory, donation, loan
from regulator.finance.types import NameCountWithin

pytestmark = pytest.mark.django_db

STATUSES = ("Individual", "Company", "Trade Union")
WITHINS = [
    NameCountWithin(),
    NameCountWithin(value_min=Decimal("450")),
    NameCountWithin(value_max=Decimal("700.00")),
    NameCountWithin(date_from=dt.date(2024, 1, 4), date_to=dt.date(2024, 1, 9)),
    NameCountWithin(statuses=("Company",)),
    NameCountWithin(statuses=("Company", "Trade Union"), value_min=Decimal("300")),
    NameCountWithin(
        value_min=Decimal("200"),
        value_max=Decimal("1100"),
        date_from=dt.date(2024, 1, 2),
        date_to=dt.date(2024, 1, 11),
        statuses=("Individual", "Trade Union"),
    ),
]


def _named(model: Any, ids: list[int], text: str) -> None:
    """The records' search text, as the services write it, and SQLite's index of it."""
    model.all_objects.filter(pk__in=ids).update(search_text=text)
    search.index_records(model._meta.db_table, [(pk, text) for pk in ids])


def _rows(model: Any, status: str, within: NameCountWithin, name: str = "quillon") -> Any:
    rows = model.objects.all()
    for word in name.split():
        rows = rows.filter(search_text__contains=word)
    for lookup, value in (
        ("value__gte", within.value_min),
        ("value__lte", within.value_max),
        ("date__gte", within.date_from),
        ("date__lte", within.date_to),
    ):
        if value is not None:
            rows = rows.filter(**{lookup: value})
    if within.statuses:
        rows = rows.filter(**{f"{status}__in": within.statuses})
    if within.entities:
        rows = rows.filter(entity_id__in=within.entities)
    return rows


def _answers_are_the_rows(
    model: Any, status: str, withins: list[NameCountWithin] = WITHINS
) -> None:
    table = model._meta.db_table
    for name in ("quillon", "quillon holdings"):
        for within in withins:
            rows = _rows(model, status, within, name)
            counted = search.published_name_count(table, name, within)
            if connection.vendor == "sqlite":
                assert counted is None or within == NameCountWithin(), within
                assert search.published_name_keys(table, name, within, "value") is None
                continue
            assert counted == rows.count(), (name, within)
            for field in ("value", "date"):
                keys = search.published_name_keys(table, name, within, field)
                assert keys is not None
                assert sorted(keys) == sorted(rows.values_list(field, "pk")), (name, within)


def _a_day_apart(make: Any, count: int) -> list[Any]:
    """``count`` records from ``make(n, value=…, date=…)``: £100 more and a day later each."""
    return [
        make(n, value=f"{100 * (n + 1)}.00", date=dt.date(2024, 1, 1) + dt.timedelta(days=n))
        for n in range(count)
    ]


def test_a_name_within_spans_and_statuses_is_answered_from_its_words_after_every_change():
    entity, other = EntityFactory.create(), EntityFactory.create()
    rows = _a_day_apart(
        lambda n, **fields: donation(
            f"Donor {n}", entity=(entity, other)[n % 4 == 0], status=STATUSES[n % 3], **fields
        ),
        12,
    )
    withins = [
        *WITHINS,
        NameCountWithin(entities=(other.pk,)),
        NameCountWithin(entities=(entity.pk, other.pk), value_min=Decimal("300")),
        NameCountWithin(entities=(entity.pk,), statuses=("Company",)),
    ]
    others = [donation("Someone Else", entity=entity, status="Company") for _ in range(3)]
    _named(Donation, [row.pk for row in rows], "quillon holdings")
    _named(Donation, [row.pk for row in others], "someone else")
    assert _rows(Donation, "donor_status", NameCountWithin()).count() == 12
    assert _rows(Donation, "donor_status", withins[-3]).count() == 3
    _answers_are_the_rows(Donation, "donor_status", withins)

    # A value and an entity changed by bulk updates, a date and a status by saves.
    Donation.all_objects.filter(pk=rows[0].pk).update(value=Decimal("5000.00"))
    moved = Donation.all_objects.get(pk=rows[1].pk)
    moved.date = dt.date(2023, 12, 1)
    moved.save()
    recast = Donation.all_objects.get(pk=rows[2].pk)
    recast.donor_status = "Individual"
    recast.save()
    Donation.all_objects.filter(pk=rows[7].pk).update(entity=other)
    # Withdrawn, unpublished, deleted, renamed away and renamed to the name.
    Donation.all_objects.filter(pk=rows[3].pk).update(withdrawn_at=timezone.now())
    Donation.all_objects.filter(pk=rows[4].pk).update(published_at=None)
    Donation.all_objects.filter(pk=rows[5].pk).delete()
    _named(Donation, [rows[6].pk], "someone other")
    _named(Donation, [others[0].pk], "quillon trust")
    assert _rows(Donation, "donor_status", NameCountWithin()).count() == 9
    assert _rows(Donation, "donor_status", NameCountWithin(), "quillon holdings").count() == 8
    assert _rows(Donation, "donor_status", withins[-3]).count() == 3
    _answers_are_the_rows(Donation, "donor_status", withins)

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT value, date, status, entity_id FROM finance_donation_word"
                " WHERE record_id = %s",
                [rows[0].pk],
            )
            assert set(cursor.fetchall()) == {
                (Decimal("5000.00"), dt.date(2024, 1, 1), "Individual", other.pk)
            }


def test_a_loans_name_within_its_status_is_answered_from_its_words():
    entity = EntityFactory.create()
    rows = _a_day_apart(lambda n, **fields: loan(f"Lender {n}", entity=entity, **fields), 6)
    for n, row in enumerate(rows):
        Loan.all_objects.filter(pk=row.pk).update(loan_status=("Live", "Repaid")[n % 2])
    _named(Loan, [row.pk for row in rows], "quillon bank")
    withins = [
        NameCountWithin(statuses=("Repaid",)),
        NameCountWithin(statuses=("Live",), value_min=Decimal("200")),
    ]
    assert _rows(Loan, "loan_status", withins[0]).count() == 3
    _answers_are_the_rows(Loan, "loan_status", withins)
    Loan.all_objects.filter(Q(pk=rows[0].pk) | Q(pk=rows[2].pk)).update(loan_status="Repaid")
    assert _rows(Loan, "loan_status", withins[0]).count() == 5
    _answers_are_the_rows(Loan, "loan_status", withins)
