"""Factories for the donors' tests: finance analysts and other staff (published donations
and loans come from ``finance.tests.factories``)."""

from __future__ import annotations

from django.contrib.auth.models import Group

from regulator.identity.models import User
from regulator.identity.types import UserKind


def analyst(username: str = "analyst") -> User:
    user = User.objects.create_user(
        username=username, email=f"{username}@example.org", password="pw", kind=UserKind.STAFF
    )
    user.groups.add(Group.objects.get_or_create(name="finance-analyst")[0])
    return user


def staff(username: str, role: str) -> User:
    user = User.objects.create_user(
        username=username, email=f"{username}@example.org", password="pw", kind=UserKind.STAFF
    )
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user
