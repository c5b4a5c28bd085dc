from __future__ import annotations

from typing import Any

import factory
from allauth.account.models import EmailAddress

from regulator.identity.models import User
from regulator.identity.types import UserKind

PASSWORD = "a-long-filer-passphrase-1"


class FilerFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"filer{n}")
    email = factory.Sequence(lambda n: f"filer{n}@example.org")
    kind = UserKind.FILER

    @factory.post_generation
    def password(obj: User, create: bool, extracted: Any, **kwargs: Any) -> None:  # noqa: N805
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save()
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class StaffFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    email = factory.Sequence(lambda n: f"staff{n}@staff.example.org")
    kind = UserKind.STAFF

    @factory.post_generation
    def roles(obj: User, create: bool, extracted: Any, **kwargs: Any) -> None:  # noqa: N805
        from django.contrib.auth.models import Group

        for role in extracted or []:
            obj.groups.add(Group.objects.get_or_create(name=str(role))[0])
