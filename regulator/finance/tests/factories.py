"""Factories of published (or unpublished) donations and loans in the finance tables, for
the tests of every area that reads them (finance, donors, disclosure)."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

import factory

from regulator.core import clock
from regulator.finance.models import Donation, Loan, Return
from regulator.finance.services import period_ensure
from regulator.finance.types import ReturnKind
from regulator.register.models import RegulatedEntity
from regulator.register.types import EntityType, Register

_refs = itertools.count(1)


class EntityFactory(factory.django.DjangoModelFactory[RegulatedEntity]):
    class Meta:
        model = RegulatedEntity
        django_get_or_create = ("id",)

    id = factory.Sequence(lambda n: 800_000 + n)
    name = factory.Sequence(lambda n: f"Donors Test Party {n}")
    entity_type = EntityType.POLITICAL_PARTY
    register = Register.GREAT_BRITAIN


def _common(entity: RegulatedEntity, value: str, date: dt.date, published: bool) -> dict[str, Any]:
    period = period_ensure(name=f"Q{(date.month - 1) // 3 + 1} {date.year}")
    filed, _ = Return.objects.get_or_create(kind=ReturnKind.IMPORTED, entity=entity, period=period)
    return {
        "ec_ref": f"DT{next(_refs):07d}",
        "entity": entity,
        "entity_name": entity.name,
        "entity_type": entity.entity_type,
        "register": entity.register,
        "period": period,
        "filed_return": filed,
        "value": Decimal(value),
        "date": date,
        "published_at": clock.now() if published else None,
    }


def donation(
    name: str,
    *,
    entity: RegulatedEntity,
    value: str = "1000.00",
    date: dt.date = dt.date(2024, 2, 1),
    status: str = "Individual",
    company_number: str = "",
    postcode: str = "",
    published: bool = True,
) -> Donation:
    return Donation.all_objects.create(
        **_common(entity, value, date, published),
        donor_name=name,
        donor_status=status,
        company_number=company_number,
        postcode=postcode,
        accepted_date=date,
    )


def loan(
    name: str,
    *,
    entity: RegulatedEntity,
    value: str = "5000.00",
    date: dt.date = dt.date(2023, 6, 1),
    lender_type: str = "Individual",
    company_number: str = "",
    postcode: str = "",
    published: bool = True,
) -> Loan:
    return Loan.all_objects.create(
        **_common(entity, value, date, published),
        lender_name=name,
        lender_type=lender_type,
        company_number=company_number,
        postcode=postcode,
        start_date=date,
    )
