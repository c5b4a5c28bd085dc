"""Factories for the register's tests."""

from __future__ import annotations

import io
from typing import Any

import factory
from django.contrib.auth.models import Group
from PIL import Image

from regulator.identity.models import User
from regulator.identity.types import StaffRole, UserKind
from regulator.register.models import RegulatedEntity
from regulator.register.types import EntityStatus, EntityType, Register


class EntityFactory(factory.django.DjangoModelFactory[RegulatedEntity]):
    class Meta:
        model = RegulatedEntity

    id = factory.Sequence(lambda n: 700_000 + n)
    name = factory.Sequence(lambda n: f"Test Party {n}")
    entity_type = EntityType.POLITICAL_PARTY
    register = Register.GREAT_BRITAIN
    status = EntityStatus.REGISTERED


def filer(username: str = "filer", **extra: Any) -> User:
    return User.objects.create_user(
        username=username,
        email=f"{username}@example.org",
        password="pw",
        kind=UserKind.FILER,
        **extra,
    )


def officer(username: str = "officer") -> User:
    user = User.objects.create_user(
        username=username, email=f"{username}@example.org", password="pw", kind=UserKind.STAFF
    )
    group, _ = Group.objects.get_or_create(name=StaffRole.REGISTRATION_OFFICER)
    user.groups.add(group)
    return user


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (60, 60)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "green").save(buffer, fmt)
    return buffer.getvalue()
