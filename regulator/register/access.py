"""Declared access of every register URL (enforced by the authorisation matrix test)."""

from __future__ import annotations

import io
from typing import Any

from regulator.core.access import Access

OFFICER = "registration-officer"


def _member_of(entity: Any) -> Any:
    from regulator.register.models import Membership

    membership = Membership.objects.filter(entity=entity, revoked_at__isnull=True).first()
    return membership.user if membership else None


def _change_application(world: Any) -> dict[str, Any]:
    """A change to entity A applied for by entity A's filer (only they may see it)."""
    from regulator.register.models import Application
    from regulator.register.types import ApplicationKind

    entity = world.entity_a
    applicant = _member_of(entity)
    application = Application.objects.filter(entity=entity, applicant=applicant).first()
    if application is None:
        application = Application.objects.create(
            reference=f"RA-MATRIX{entity.pk % 1000:03d}",
            kind=ApplicationKind.ACCOUNTING_UNIT,
            applicant=applicant,
            entity=entity,
        )
    return {"reference": application.reference}


def _step(world: Any) -> dict[str, Any]:
    return {**_change_application(world), "step": "accounting-unit"}


def _submitted_application(world: Any) -> dict[str, Any]:
    from regulator.core import clock
    from regulator.register.models import Application
    from regulator.register.types import ApplicationStatus

    kwargs = _change_application(world)
    Application.objects.filter(reference=kwargs["reference"]).update(
        status=ApplicationStatus.SUBMITTED,
        submitted_at=clock.now(),
        answers={"unit_name": "Matrix Branch"},
    )
    return kwargs


def _emblem(world: Any) -> dict[str, Any]:
    from django.core.files.base import ContentFile
    from PIL import Image

    from regulator.core import clock
    from regulator.register.models import Emblem

    emblem = Emblem.objects.filter(entity=world.entity_a, approved_on__isnull=False).first()
    if emblem is None:
        buffer = io.BytesIO()
        Image.new("RGB", (40, 40), "green").save(buffer, "PNG")
        emblem = Emblem(
            entity=world.entity_a,
            description="A green square",
            content_type="image/png",
            approved_on=clock.local_today(),
        )
        emblem.image.save("matrix.png", ContentFile(buffer.getvalue()), save=True)
    return {"pk": emblem.pk}


def _entity_a(world: Any) -> dict[str, Any]:
    return {"pk": world.entity_a.pk}


GRANTING = ("treasurer", "responsible-person")


def _entity_id_a(world: Any) -> dict[str, Any]:
    return {"entity_id": world.entity_a.pk}


def _revocable_membership(world: Any) -> dict[str, Any]:
    return {
        "entity_id": world.entity_a.pk,
        "membership_id": world.membership_to_revoke(world.entity_a).pk,
    }


ACCESS = {
    "register:entity_list": Access.public(),
    "register:entity_detail": Access.public(kwargs=_entity_a),
    "register:emblem_image": Access.public(kwargs=_emblem),
    "register:application_start": Access.filer(),
    "register:application_list": Access.filer(),
    "register:application_detail": Access.member(
        kwargs=_change_application, ok_statuses=(200, 302)
    ),
    "register:application_check": Access.member(kwargs=_change_application, ok_statuses=(200, 302)),
    "register:application_step": Access.member(kwargs=_step, ok_statuses=(200, 302)),
    "register:change_start": Access.member("treasurer", "responsible-person", kwargs=_entity_a),
    "register:application_queue": Access.staff(OFFICER),
    "register:application_review": Access.staff(OFFICER, kwargs=_submitted_application),
    "register:entity_history": Access.staff(OFFICER, kwargs=_entity_a),
    "api:entities": Access.public(),
    "api:entity_detail": Access.public(kwargs=lambda world: {"entity_id": str(world.entity_a.pk)}),
    "register:entity_memberships": (
        Access.member(*GRANTING, kwargs=_entity_id_a),
        Access.staff("registration-officer", kwargs=_entity_id_a),
    ),
    "register:membership_grant": (
        Access.member(*GRANTING, kwargs=_entity_id_a),
        Access.staff("registration-officer", kwargs=_entity_id_a),
    ),
    "register:membership_revoke": (
        Access.member(*GRANTING, kwargs=_revocable_membership),
        Access.staff("registration-officer", kwargs=_revocable_membership),
    ),
}
