"""Factories of contacts' tests (other areas' tests may use them)."""

from __future__ import annotations

from typing import Any

from regulator.audit.types import Actor
from regulator.contacts import services
from regulator.contacts.models import Contact, Enquiry, Team

SYSTEM = Actor.system("tests")


def contact(name: str = "Ann Jones", **extra: Any) -> Contact:
    extra.setdefault("kind", "person")
    extra.setdefault("email", f"{name.lower().replace(' ', '.')}@example.org")
    return services.contact_create(actor=SYSTEM, name=name, **extra)


def team(slug: str = "enquiries", *members: Any) -> Team:
    found, _created = Team.objects.get_or_create(
        slug=slug, defaults={"name_en": slug.title(), "name_cy": f"{slug.title()} (cy)"}
    )
    found.members.add(*members)
    return found


def enquiry(kind: str = "foi", who: Contact | None = None, **extra: Any) -> Enquiry:
    extra.setdefault("subject", "Spending returns of 2025")
    extra.setdefault("body", "Please send me the returns.")
    extra.setdefault("channel", "staff")
    return services.enquiry_open(actor=SYSTEM, kind=kind, contact=who or contact(), **extra)
