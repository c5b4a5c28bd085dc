"""Writes about people and organisations: creating them, recording a preferred
language, linking them to register entities and to one another, and merging a duplicate
into the record that survives (with what the duplicate held kept in the merge)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from regulator.audit.services import audit_record
from regulator.contacts.models import Contact, EntityLink, Interaction, Merge, Relation
from regulator.contacts.services.errors import ContactsErrorCode, error
from regulator.contacts.types import (
    DEFAULT_RETENTION_CLASS,
    ContactKind,
    EntityRole,
    Language,
    LanguageSource,
    LawfulBasis,
    RelationKind,
)
from regulator.core import clock
from regulator.records import selectors as records_selectors
from regulator.register import selectors as register_selectors


def _check_choice(value: str, choices: Any, code: ContactsErrorCode, message: str) -> str:
    if value not in choices.values:
        raise error(code, message)
    return value


def contact_create(
    *,
    actor: Any,
    kind: str,
    name: str,
    email: str = "",
    phone: str = "",
    address: str = "",
    language: str = "",
    language_source: str = "",
    lawful_basis: str = LawfulBasis.PUBLIC_TASK,
    donor_id: str = "",
    retention_class: str = DEFAULT_RETENTION_CLASS,
) -> Contact:
    name = " ".join(name.split())
    if not name:
        raise error(ContactsErrorCode.NAME_REQUIRED, _("Enter the contact's name."))
    _check_choice(kind, ContactKind, ContactsErrorCode.BAD_CHOICE, _("Choose a kind of contact."))
    _check_choice(
        lawful_basis, LawfulBasis, ContactsErrorCode.BAD_CHOICE, _("Choose a lawful basis.")
    )
    if language:
        _check_choice(
            language, Language, ContactsErrorCode.BAD_CHOICE, _("Choose Welsh or English.")
        )
        _check_choice(
            language_source or LanguageSource.STAFF,
            LanguageSource,
            ContactsErrorCode.BAD_CHOICE,
            _("Choose how the language was recorded."),
        )
    # The default is one of the starting plan's classes, which records always restores.
    if (
        retention_class != DEFAULT_RETENTION_CLASS
        and records_selectors.record_class_get(code=retention_class) is None
    ):
        raise error(
            ContactsErrorCode.RETENTION_CLASS_UNKNOWN,
            _("There is no retention class “%(code)s” in the file plan.")
            % {"code": retention_class},
        )
    now = clock.now()
    with transaction.atomic():
        contact = Contact.objects.create(
            kind=kind,
            retention_class=retention_class,
            name=name,
            email=email.strip().lower(),
            phone=phone.strip(),
            address=address.strip(),
            language=language,
            language_recorded_at=now if language else None,
            language_source=(language_source or LanguageSource.STAFF) if language else "",
            lawful_basis=lawful_basis,
            donor_id=donor_id.strip(),
            created_at=now,
            updated_at=now,
        )
        audit_record(
            actor=actor,
            action="contacts.contact_created",
            subject=contact,
            payload={"kind": kind, "language": language, "lawful_basis": lawful_basis},
        )
    return contact


def contact_language_record(*, actor: Any, contact: Contact, language: str, source: str) -> Contact:
    """Record the language a contact asked for, with when and how (Welsh Language
    Standards: used for all later correspondence)."""
    _check_choice(language, Language, ContactsErrorCode.BAD_CHOICE, _("Choose Welsh or English."))
    _check_choice(
        source,
        LanguageSource,
        ContactsErrorCode.BAD_CHOICE,
        _("Choose how the language was recorded."),
    )
    with transaction.atomic():
        before = contact.language
        contact.language = language
        contact.language_source = source
        contact.language_recorded_at = contact.updated_at = clock.now()
        contact.save(
            update_fields=["language", "language_source", "language_recorded_at", "updated_at"]
        )
        audit_record(
            actor=actor,
            action="contacts.language_recorded",
            subject=contact,
            payload={"from": before, "to": language, "source": source},
        )
    return contact


def contact_opt_out_set(*, actor: Any, contact: Contact, opted_out: bool) -> Contact:
    with transaction.atomic():
        contact.bulk_opt_out = opted_out
        contact.updated_at = clock.now()
        contact.save(update_fields=["bulk_opt_out", "updated_at"])
        audit_record(
            actor=actor,
            action="contacts.bulk_opt_out_set",
            subject=contact,
            payload={"opted_out": opted_out},
        )
    return contact


def contact_entity_link(
    *, actor: Any, contact: Contact, entity_id: int, role: str, officer_id: int | None = None
) -> EntityLink:
    """Link a contact to a register entity (and, optionally, to one of its officers)."""
    _check_choice(role, EntityRole, ContactsErrorCode.BAD_CHOICE, _("Choose the contact's role."))
    entity = register_selectors.entity_get(entity_id=entity_id)
    if entity is None:
        raise error(
            ContactsErrorCode.UNKNOWN_ENTITY, _("There is no regulated entity with that number.")
        )
    if officer_id is not None and not entity.officers.filter(pk=officer_id).exists():
        raise error(
            ContactsErrorCode.UNKNOWN_OFFICER, _("That officer is not one of this entity's.")
        )
    if EntityLink.objects.filter(
        contact=contact, entity_id=entity.pk, role=role, ended_on__isnull=True
    ).exists():
        raise error(ContactsErrorCode.DUPLICATE_LINK, _("The contact already has that role there."))
    with transaction.atomic():
        link = EntityLink.objects.create(
            contact=contact,
            entity_id=entity.pk,
            officer_id=officer_id,
            role=role,
            started_on=clock.local_today(),
        )
        audit_record(
            actor=actor,
            action="contacts.entity_linked",
            subject=contact,
            payload={"entity_id": entity.pk, "role": role, "officer_id": officer_id},
        )
    return link


def contact_relate(
    *, actor: Any, from_contact: Contact, to_contact: Contact, kind: str
) -> Relation:
    _check_choice(
        kind, RelationKind, ContactsErrorCode.BAD_CHOICE, _("Choose how they are related.")
    )
    if from_contact.pk == to_contact.pk:
        raise error(ContactsErrorCode.SELF_RELATION, _("A contact cannot be related to itself."))
    with transaction.atomic():
        relation, _created = Relation.objects.get_or_create(
            from_contact=from_contact, to_contact=to_contact, kind=kind
        )
        audit_record(
            actor=actor,
            action="contacts.related",
            subject=from_contact,
            payload={"to": to_contact.pk, "kind": kind},
        )
    return relation


def _snapshot(contact: Contact) -> dict[str, Any]:
    return {
        "name": contact.name,
        "kind": contact.kind,
        "email": contact.email,
        "phone": contact.phone,
        "address": contact.address,
        "language": contact.language,
        "language_source": contact.language_source,
        "lawful_basis": contact.lawful_basis,
        "donor_id": contact.donor_id,
        "entity_links": list(contact.entity_links.values_list("pk", flat=True)),
        "interactions": list(contact.interactions.values_list("pk", flat=True)),
        "enquiries": list(contact.enquiries.values_list("pk", flat=True)),
    }


def contact_merge(*, actor: Any, survivor: Contact, duplicate: Contact, reason: str) -> Merge:
    """Fold ``duplicate`` into ``survivor``: its links, relations, interactions and
    enquiries move across, blank details are filled from it, and it stays (marked merged,
    pointing at the survivor) with a snapshot of what it held."""
    reason = reason.strip()
    if not reason:
        raise error(ContactsErrorCode.REASON_REQUIRED, _("Say why these are the same contact."))
    if survivor.pk == duplicate.pk:
        raise error(ContactsErrorCode.MERGE_SELF, _("Choose two different contacts to merge."))
    if survivor.merged_into_id or duplicate.merged_into_id:
        raise error(
            ContactsErrorCode.ALREADY_MERGED, _("One of these contacts was already merged.")
        )
    if survivor.kind != duplicate.kind:
        raise error(
            ContactsErrorCode.MERGE_KINDS, _("A person cannot be merged with an organisation.")
        )
    now = clock.now()
    with transaction.atomic():
        snapshot = _snapshot(duplicate)
        open_roles = set(
            survivor.entity_links.filter(ended_on__isnull=True).values_list("entity_id", "role")
        )
        for link in duplicate.entity_links.all():
            if link.ended_on is None and (link.entity_id, link.role) in open_roles:
                link.ended_on = clock.local_today()
                link.save(update_fields=["ended_on"])
            link.contact = survivor
            link.save(update_fields=["contact"])
        for relation in Relation.objects.filter(from_contact=duplicate):
            if (
                not Relation.objects.filter(
                    from_contact=survivor, to_contact=relation.to_contact, kind=relation.kind
                ).exists()
                and relation.to_contact_id != survivor.pk
            ):
                Relation.objects.create(
                    from_contact=survivor, to_contact=relation.to_contact, kind=relation.kind
                )
        for relation in Relation.objects.filter(to_contact=duplicate):
            if (
                not Relation.objects.filter(
                    from_contact=relation.from_contact, to_contact=survivor, kind=relation.kind
                ).exists()
                and relation.from_contact_id != survivor.pk
            ):
                Relation.objects.create(
                    from_contact=relation.from_contact, to_contact=survivor, kind=relation.kind
                )
        Relation.objects.filter(from_contact=duplicate).delete()
        Relation.objects.filter(to_contact=duplicate).delete()
        Interaction.objects.filter(contact=duplicate).update(contact=survivor)
        duplicate.enquiries.update(contact=survivor)
        for field in ("email", "phone", "address", "donor_id"):
            if not getattr(survivor, field) and getattr(duplicate, field):
                setattr(survivor, field, getattr(duplicate, field))
        if not survivor.language and duplicate.language:
            survivor.language = duplicate.language
            survivor.language_source = duplicate.language_source
            survivor.language_recorded_at = duplicate.language_recorded_at
        survivor.bulk_opt_out = survivor.bulk_opt_out or duplicate.bulk_opt_out
        survivor.updated_at = now
        survivor.save()
        duplicate.merged_into = survivor
        duplicate.updated_at = now
        duplicate.save(update_fields=["merged_into", "updated_at"])
        merge = Merge.objects.create(
            survivor=survivor,
            merged=duplicate,
            merged_by=actor,
            merged_at=now,
            reason=reason,
            snapshot=snapshot,
        )
        audit_record(
            actor=actor,
            action="contacts.merged",
            subject=survivor,
            payload={"merged": duplicate.pk, "reason": reason, "snapshot": snapshot},
        )
    return merge


def contacts_mark_inactive(*, today: dt.date | None = None, actor: Any = None) -> list[Contact]:
    """The daily job: a contact with no interaction for CONTACTS_INACTIVE_AFTER_DAYS and no
    open enquiry becomes inactive today, and the retention clock of their correspondence's
    files starts (records trigger contact-inactive). Once each; a new interaction makes
    them active again."""
    from django.conf import settings
    from django.db.models import Max

    from regulator.contacts.services.records_seam import correspondence_inactive
    from regulator.contacts.types import OPEN_STATES

    today = today or clock.local_today()
    days = int(getattr(settings, "CONTACTS_INACTIVE_AFTER_DAYS", 730))
    cutoff = dt.datetime.combine(today - dt.timedelta(days=days), dt.time.min, tzinfo=dt.UTC)
    marked: list[Contact] = []
    candidates = (
        Contact.objects.filter(inactive_since__isnull=True, merged_into__isnull=True)
        .annotate(last=Max("interactions__occurred_at"))
        .exclude(enquiries__state__in=OPEN_STATES)
    )
    for contact in candidates:
        last = contact.last or contact.created_at
        if last >= cutoff:
            continue
        with transaction.atomic():
            contact.inactive_since = today
            contact.save(update_fields=["inactive_since"])
            started = correspondence_inactive(contact=contact, on=today, actor=actor)
            audit_record(
                actor=actor,
                action="contacts.contact_inactive",
                subject=contact,
                payload={"since": today, "last": last, "records": started},
            )
        marked.append(contact)
    return marked
