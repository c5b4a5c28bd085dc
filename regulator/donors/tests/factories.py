"""Factories for the donors' tests: published donations and loans in the finance tables
(the resolver's real source), entities, and finance analysts."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

import factory
from django.contrib.auth.models import Group

from regulator.core import clock
from regulator.finance.models import Donation, Loan, Return, ReturnKind
from regulator.finance.services import period_ensure
from regulator.identity.models import User
from regulator.identity.types import StaffRole, UserKind
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


def analyst(username: str = "analyst") -> User:
    user = User.objects.create_user(
        username=username, email=f"{username}@example.org", password="pw", kind=UserKind.STAFF
    )
    user.groups.add(Group.objects.get_or_create(name=StaffRole.FINANCE_ANALYST)[0])
    return user


def staff(username: str, role: str) -> User:
    user = User.objects.create_user(
        username=username, email=f"{username}@example.org", password="pw", kind=UserKind.STAFF
    )
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user
