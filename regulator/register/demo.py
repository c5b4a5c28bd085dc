"""Demo register: the demo cast's fictional entities (900001-900003, ``core.demo``) and
their filers' memberships. Every other entity of the demo is a real one: the
Commission's published files, imported by the disclosure demo, bring their parties (on
both registers, some deregistered), accounting units, regulated donees of several types
and third parties into the register, as the history import does in production.
Idempotent."""

from __future__ import annotations

from typing import TextIO

from regulator.audit.types import Actor
from regulator.register import selectors, services


def load(*, scale: int, stdout: TextIO) -> None:
    cast_load(stdout=stdout)


def cast_load(*, stdout: TextIO) -> None:
    """The demo cast's entities (900001-900004: the filers' and a fictional MP) and their
    filers' memberships (after the identity demo has made the filers' accounts)."""
    actor = Actor.system("manage.py demo_data")
    from regulator.core.demo import DEMO_FILERS, DONEE_ID, DONEE_NAME
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
    services.entity_ensure_published(
        entity_id=DONEE_ID,
        name=DONEE_NAME,
        entity_type="regulated-donee",
        register="great-britain",
        donee_type="MP - Member of Parliament",
        actor=actor,
    )
    stdout.write(f"  register: {granted} memberships granted to the demo filers\n")
