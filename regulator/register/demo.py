"""Demo register: dozens of fictional parties on both registers with hundreds of
accounting units, campaigners, donees of every type and permitted participants, some
deregistered. Ids from 800001 (clear of the Commission's published ids). Idempotent."""

from __future__ import annotations

import datetime as dt
import random
from typing import TextIO

from regulator.audit.types import Actor
from regulator.register import selectors, services
from regulator.register.models import Officer, RegulatedEntity
from regulator.register.types import DoneeType, EntityType, OfficerRole, Register

FIRST = 800_001
_ADJECTIVES = [
    "Green",
    "Bright",
    "Northern",
    "Coastal",
    "United",
    "Free",
    "Radical",
    "Civic",
    "Rural",
    "Harbour",
    "Valley",
    "Highland",
    "Progressive",
    "Common",
    "Open",
    "Heritage",
]
_NOUNS = [
    "Alliance",
    "Movement",
    "Party",
    "Union",
    "League",
    "Front",
    "Network",
    "Forum",
    "Collective",
    "Assembly",
    "Voice",
    "Future",
]
_PLACES = [
    "Aberford",
    "Bramley",
    "Caldwick",
    "Dunmore",
    "Eastholme",
    "Fairleigh",
    "Glenmoor",
    "Hartwell",
    "Ivybridge",
    "Kelbrook",
    "Langmere",
    "Milford",
    "Northby",
    "Oakridge",
    "Penrose",
    "Queensferry",
    "Redcliff",
    "Stanway",
    "Thornbury",
    "Upwell",
]
_PEOPLE = [
    "Alex Morgan",
    "Bethan Price",
    "Cai Roberts",
    "Dana Okafor",
    "Eilidh Fraser",
    "Fergus Byrne",
    "Gwen Lloyd",
    "Hamid Khan",
    "Iona Reid",
    "Jack Turner",
    "Kiran Shah",
    "Lowri Evans",
    "Mairead Kelly",
    "Niall Quinn",
    "Olu Adeyemi",
    "Priya Nair",
]


def load(*, scale: int, stdout: TextIO) -> None:
    actor = Actor.system("manage.py demo_data")
    rng = random.Random(4)  # noqa: S311 - demo data, not security
    next_id = FIRST
    created = 0
    units = 0
    # 40 parties: 28 on the Great Britain register, 12 on the Northern Ireland register.
    for number in range(40):
        name = f"{rng.choice(_ADJECTIVES)} {rng.choice(_NOUNS)} {number + 1}"
        register = Register.GREAT_BRITAIN if number < 28 else Register.NORTHERN_IRELAND
        deregistered = dt.date(2023, 3, 31) if number % 9 == 8 else None
        entity, was_created = services.entity_ensure_published(
            entity_id=next_id,
            name=name,
            entity_type=EntityType.POLITICAL_PARTY,
            register=register,
            deregistered_on=deregistered,
            actor=actor,
        )
        created += was_created
        if was_created:
            entity.registered_on = dt.date(2001 + number % 20, 1 + number % 12, 1)
            entity.save(update_fields=["registered_on"])
            for offset, role in enumerate(
                (OfficerRole.LEADER, OfficerRole.TREASURER, OfficerRole.NOMINATING_OFFICER)
            ):
                services.officer_appoint(
                    entity=entity,
                    role=role,
                    full_name=_PEOPLE[(number + offset * 5) % len(_PEOPLE)],
                    appointed_on=entity.registered_on,
                    actor=actor,
                )
        for unit in range(8 * scale if number < 30 else 2):
            _, unit_created = services.accounting_unit_ensure_published(
                unit_id=FIRST + number * 100 + unit,
                entity=entity,
                name=f"{_PLACES[unit % len(_PLACES)]} {('Branch', 'Local Party', 'Association')[unit % 3]}",
                actor=actor,
            )
            units += unit_created
        next_id += 1
    # Non-party campaigners and permitted participants.
    for number in range(12):
        entity, was_created = services.entity_ensure_published(
            entity_id=next_id,
            name=f"{rng.choice(_PLACES)} {rng.choice(('Action', 'Campaign', 'Trust'))} {number + 1}",
            entity_type=EntityType.THIRD_PARTY if number < 9 else EntityType.PERMITTED_PARTICIPANT,
            deregistered_on=dt.date(2024, 7, 31) if number == 4 else None,
            actor=actor,
        )
        created += was_created
        if was_created and not Officer.objects.filter(entity=entity).exists():
            services.officer_appoint(
                entity=entity,
                role=OfficerRole.RESPONSIBLE_PERSON,
                full_name=_PEOPLE[number % len(_PEOPLE)],
                appointed_on=dt.date(2024, 1, 1),
                actor=actor,
            )
        next_id += 1
    # Regulated donees of every type, three of each.
    for donee_type in DoneeType:
        for number in range(3):
            _, was_created = services.entity_ensure_published(
                entity_id=next_id,
                name=f"{_PEOPLE[(next_id + number) % len(_PEOPLE)]} ({donee_type.value.upper()} {number + 1})",
                entity_type=EntityType.REGULATED_DONEE,
                donee_type=str(donee_type.label),
                actor=actor,
            )
            created += was_created
            next_id += 1
    total = RegulatedEntity.objects.filter(pk__gte=FIRST, pk__lt=next_id).count()
    stdout.write(
        f"  register: {created} entities and {units} accounting units created ({total} demo entities)\n"
    )
    cast_load(stdout=stdout)


def cast_load(*, stdout: TextIO) -> None:
    """The demo cast's entities (900001-900003) and their filers' memberships (after the
    identity demo has made the filers' accounts)."""
    actor = Actor.system("manage.py demo_data")
    from regulator.core.demo import DEMO_FILERS
    from regulator.identity import selectors as identity_selectors

    granted = 0
    for filer in DEMO_FILERS:
        entity, _created = services.entity_ensure_published(
            entity_id=filer.entity_id,
            name=filer.entity_name,
            entity_type=filer.entity_type,
            register="great-britain",
            actor=actor,
        )
        user = identity_selectors.user_by_email(email=filer.email)
        if user is None:
            continue
        if filer.role not in selectors.member_roles(user=user, entity_id=entity.pk):
            services.membership_grant(
                user=user, entity=entity, role=filer.role, granted_by=None, actor=actor
            )
            granted += 1
    stdout.write(f"  register: {granted} memberships granted to the demo filers\n")
