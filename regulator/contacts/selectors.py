"""Reads of contacts: search and duplicates, timelines (a restricted interaction only for
its team), the team queues with each enquiry's clock, and the joined-up view of a
regulated entity (the register's facts read through register's selectors, returns
through filings', never copied)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from regulator.contacts import deadlines
from regulator.contacts.models import (
    Contact,
    Enquiry,
    EntityLink,
    Interaction,
    MailMessage,
    Merge,
    ReplyTemplate,
    Team,
)
from regulator.contacts.types import (
    ENTITY_VIEW_SECTIONS,
    OPEN_STATES,
    ContactKind,
    EnquiryKind,
    EnquiryState,
    EntityViewRequest,
    EntityViewSection,
    InteractionKind,
    Language,
    MailStatus,
    RelationKind,
    records_hold_subject,
)
from regulator.core import clock
from regulator.donors import selectors as donors_selectors
from regulator.filings import selectors as filings_selectors
from regulator.records import selectors as records_selectors
from regulator.register import selectors as register_selectors

# --- People and organisations -----------------------------------------------------------


def contacts_search(*, q: str = "", kind: str = "") -> QuerySet[Contact]:
    contacts = Contact.objects.filter(merged_into__isnull=True)
    q = " ".join(q.split())
    if q:
        contacts = contacts.filter(Q(name__icontains=q) | Q(email__icontains=q))
    if kind:
        contacts = contacts.filter(kind=kind)
    return contacts


def contact_get(*, pk: int) -> Contact | None:
    if not 0 < int(pk) < 2**62:
        return None
    return Contact.objects.filter(pk=pk).first()


def contact_survivor(contact: Contact) -> Contact:
    """The record a merged contact now lives in."""
    seen = {contact.pk}
    while contact.merged_into_id is not None and contact.merged_into_id not in seen:
        seen.add(contact.merged_into_id)
        contact = Contact.objects.get(pk=contact.merged_into_id)
    return contact


def contact_by_email(*, email: str) -> Contact | None:
    email = email.strip().lower()
    if not email:
        return None
    found = Contact.objects.filter(email=email).order_by("pk").first()
    return contact_survivor(found) if found else None


def _blocking_words(contact: Contact) -> list[str]:
    words = [w for w in contact.name.replace(",", " ").split() if len(w) > 1]
    if not words:
        return []
    return [words[-1]] if contact.kind == ContactKind.PERSON else words[:2]


def duplicates_of(contact: Contact) -> list[Contact]:
    """Other live contacts that may be the same (the same email, or names that donor
    resolution's rules would let be one)."""
    candidates = Contact.objects.filter(merged_into__isnull=True, kind=contact.kind).exclude(
        pk=contact.pk
    )
    block = Q(email=contact.email) if contact.email else Q(pk__in=[])
    for word in _blocking_words(contact):
        block |= Q(name__icontains=word)
    person = contact.kind == ContactKind.PERSON
    out = []
    for other in candidates.filter(block)[:200]:
        same_email = bool(contact.email) and other.email == contact.email
        if same_email or donors_selectors.names_may_match(contact.name, other.name, person=person):
            out.append(other)
    return out


def duplicate_pairs(limit: int = 50) -> list[tuple[Contact, Contact]]:
    """Possible duplicates across all live contacts, each pair once."""
    pairs: list[tuple[Contact, Contact]] = []
    seen: set[tuple[int, int]] = set()
    for contact in Contact.objects.filter(merged_into__isnull=True).order_by("pk"):
        for other in duplicates_of(contact):
            key = (min(contact.pk, other.pk), max(contact.pk, other.pk))
            if key not in seen:
                seen.add(key)
                pairs.append((contact, other) if contact.pk < other.pk else (other, contact))
        if len(pairs) >= limit:
            break
    return pairs


def merges_of(contact: Contact) -> QuerySet[Merge]:
    return Merge.objects.filter(survivor=contact).select_related("merged", "merged_by")


def entity_links_of(contact: Contact) -> QuerySet[EntityLink]:
    return contact.entity_links.select_related("entity", "officer")


def relations_of(contact: Contact) -> list[tuple[Any, Contact, bool]]:
    """(kind, other contact, outward) for each relation either way."""
    from regulator.contacts.models import Relation

    out = [
        (RelationKind(r.kind).label, r.to_contact, True)
        for r in contact.relations.select_related("to_contact")
    ]
    out += [
        (RelationKind(r.kind).label, r.from_contact, False)
        for r in Relation.objects.filter(to_contact=contact).select_related("from_contact")
    ]
    return out


def entity_contacts(*, entity_id: int) -> QuerySet[EntityLink]:
    return EntityLink.objects.filter(
        entity_id=entity_id, ended_on__isnull=True, contact__merged_into__isnull=True
    ).select_related("contact", "officer")


def bulk_recipients(*, role: str, entity_type: str = "", register: str = "") -> list[Contact]:
    """Live contacts holding ``role`` at a registered entity of that type and register."""
    links = EntityLink.objects.filter(
        role=role, ended_on__isnull=True, contact__merged_into__isnull=True
    )
    entity_ids = register_selectors.entities_public().filter(status="registered")
    if entity_type:
        entity_ids = entity_ids.filter(entity_type=entity_type)
    if register:
        entity_ids = entity_ids.filter(register=register)
    links = links.filter(entity_id__in=entity_ids.values("pk"))
    return list(Contact.objects.filter(pk__in=links.values("contact_id")).order_by("name"))


# --- Teams and timelines ----------------------------------------------------------------


def teams_all() -> QuerySet[Team]:
    return Team.objects.all()


def team_get(*, slug: str) -> Team | None:
    return Team.objects.filter(slug=slug).first()


def team_ids_of(user: Any) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(Team.objects.filter(members=user).values_list("pk", flat=True))


def interactions_visible(interactions: QuerySet[Interaction], user: Any) -> QuerySet[Interaction]:
    """Drop interactions restricted to a team the user is not in."""
    return interactions.filter(
        Q(restricted_to__isnull=True) | Q(restricted_to__in=team_ids_of(user))
    )


def timeline(
    *, user: Any, contact: Contact | None = None, entity_id: int | None = None, limit: int = 100
) -> list[Interaction]:
    interactions = Interaction.objects.all()
    if contact is not None:
        merged = list(Contact.objects.filter(merged_into=contact).values_list("pk", flat=True))
        interactions = interactions.filter(contact_id__in=[contact.pk, *merged])
    if entity_id is not None:
        interactions = interactions.filter(
            Q(entity_id=entity_id)
            | Q(
                contact__entity_links__entity_id=entity_id,
                contact__entity_links__ended_on__isnull=True,
            )
        )
    return list(
        interactions_visible(interactions, user)
        .select_related("contact", "enquiry", "restricted_to", "recorded_by")
        .distinct()
        .order_by("-occurred_at", "-pk")[:limit]
    )


def interaction_restricted_hidden(*, user: Any, contact: Contact) -> int:
    """How many of a contact's interactions the user may not see (shown as a count)."""
    return (
        Interaction.objects.filter(contact=contact).count()
        - interactions_visible(Interaction.objects.filter(contact=contact), user).count()
    )


# --- Enquiries --------------------------------------------------------------------------


@dataclass
class EnquiryRow:
    enquiry: Enquiry
    days_left: int | None
    breached: bool
    due_soon: bool


def is_breached(enquiry: Enquiry, today: dt.date | None = None) -> bool:
    """Past its due date without an answer, or answered late."""
    today = today or clock.local_today()
    if enquiry.answered_on is not None:
        return enquiry.answered_on > enquiry.due_on
    return (
        enquiry.state in OPEN_STATES
        and enquiry.state != EnquiryState.PAUSED
        and today > enquiry.due_on
    )


def enquiry_row(enquiry: Enquiry, today: dt.date | None = None) -> EnquiryRow:
    today = today or clock.local_today()
    open_ = enquiry.state in OPEN_STATES
    left = deadlines.working_days_left(enquiry.due_on, today, enquiry.nation) if open_ else None
    from django.conf import settings

    soon_days = int(getattr(settings, "CONTACTS_REMIND_WORKING_DAYS", 3))
    return EnquiryRow(
        enquiry=enquiry,
        days_left=left,
        breached=is_breached(enquiry, today),
        due_soon=left is not None
        and 0 <= left <= soon_days
        and enquiry.state != EnquiryState.PAUSED,
    )


def enquiry_queue(
    *, team: Team | None = None, states: list[str] | None = None, kind: str = "", mine: Any = None
) -> list[EnquiryRow]:
    enquiries = Enquiry.objects.select_related("contact", "team", "assignee")
    enquiries = enquiries.filter(state__in=states or list(OPEN_STATES))
    if team is not None:
        enquiries = enquiries.filter(team=team)
    if kind:
        enquiries = enquiries.filter(kind=kind)
    if mine is not None:
        enquiries = enquiries.filter(assignee=mine)
    today = clock.local_today()
    return [enquiry_row(e, today) for e in enquiries.order_by("due_on", "pk")]


def enquiry_get(*, reference: str) -> Enquiry | None:
    return (
        Enquiry.objects.select_related("contact", "team", "assignee")
        .filter(reference=reference.strip().upper())
        .first()
    )


def enquiry_timeline(*, enquiry: Enquiry, user: Any) -> list[Interaction]:
    return list(
        interactions_visible(enquiry.interactions.all(), user)
        .select_related("recorded_by", "restricted_to")
        .order_by("occurred_at", "pk")
    )


def enquiries_of_contact(contact: Contact) -> QuerySet[Enquiry]:
    return Enquiry.objects.filter(contact=contact).order_by("-received_on", "-pk")


def enquiries_open_of_entity(*, entity_id: int) -> list[EnquiryRow]:
    today = clock.local_today()
    return [
        enquiry_row(e, today)
        for e in Enquiry.objects.filter(entity_id=entity_id, state__in=list(OPEN_STATES))
        .select_related("contact", "team")
        .order_by("due_on")
    ]


def templates_all() -> QuerySet[ReplyTemplate]:
    return ReplyTemplate.objects.all()


def template_get(*, slug: str) -> ReplyTemplate | None:
    return ReplyTemplate.objects.filter(slug=slug).first()


def mail_needing_person() -> QuerySet[MailMessage]:
    return MailMessage.objects.filter(status=MailStatus.NEEDS_PERSON)


def mail_get(*, pk: int) -> MailMessage | None:
    return MailMessage.objects.filter(pk=pk).first()


# --- The entity view --------------------------------------------------------------------


@dataclass
class EntityView:
    entity: Any
    officers: list[Any]
    nation: str
    returns: list[tuple[Any, Any, bool]]
    late_returns: list[tuple[Any, Any, bool]]
    contacts: list[EntityLink]
    timeline: list[Interaction]
    advice: list[Interaction]
    enquiries: list[EnquiryRow]
    sections: list[EntityViewSection] = field(default_factory=list)


def entity_view(*, entity_id: int, user: Any) -> EntityView | None:
    """Everything the regulator holds about one entity, for staff (restricted
    interactions only for their team; higher areas' sections only where they allow)."""
    entity = register_selectors.entity_get(entity_id=entity_id)
    if entity is None:
        return None
    returns = filings_selectors.returns_of_entity(entity_id=entity.pk, as_of=clock.now())
    events = timeline(user=user, entity_id=entity.pk, limit=30)
    sections = [
        s
        for s in ENTITY_VIEW_SECTIONS.collect(EntityViewRequest(entity_id=entity.pk, user=user))
        if isinstance(s, EntityViewSection)
    ]
    return EntityView(
        entity=entity,
        officers=list(entity.officers.filter(ended_on__isnull=True).order_by("role")),
        nation=register_selectors.entity_nation(entity_id=entity.pk),
        returns=returns[:20],
        late_returns=[r for r in returns if r[2]],
        contacts=list(entity_contacts(entity_id=entity.pk)),
        timeline=events,
        advice=[i for i in events if i.kind == "advice"],
        enquiries=enquiries_open_of_entity(entity_id=entity.pk),
        sections=sorted(sections, key=lambda s: s.order),
    )


# --- Measures that reporting's catalogue names (called as fn(start=, end=, as_of=, ...)) ---
# A request is answered on the day its answering reply was sent; what was answered after
# ``as_of`` does not count, so a period can be computed as it stood.
REQUEST_TYPES = {
    "advice": (EnquiryKind.ADVICE_FINANCIAL, EnquiryKind.ADVICE_REGISTRATION),
    "information": (EnquiryKind.FOI, EnquiryKind.EIR, EnquiryKind.SAR),
}


def _answered_in(start: dt.date, end: dt.date, as_of: dt.datetime) -> QuerySet[Enquiry]:
    last = min(end, clock.to_local(as_of).date())
    return Enquiry.objects.filter(answered_on__gte=start, answered_on__lte=last)


def requests_answered(
    *, start: dt.date, end: dt.date, as_of: dt.datetime, request_type: str
) -> QuerySet[Enquiry]:
    """Advice or information requests answered in the period."""
    return _answered_in(start, end, as_of).filter(kind__in=REQUEST_TYPES[request_type])


def requests_answered_within_target(
    *, start: dt.date, end: dt.date, as_of: dt.datetime, request_type: str
) -> QuerySet[Enquiry]:
    """Of those, the ones answered by their due date (after any pause or extension)."""
    return requests_answered(start=start, end=end, as_of=as_of, request_type=request_type).filter(
        answered_on__lte=F("due_on")
    )


def welsh_correspondence_received(
    *, start: dt.date, end: dt.date, as_of: dt.datetime
) -> QuerySet[Enquiry]:
    """Enquiries written in Welsh received in the period (and known at ``as_of``)."""
    return Enquiry.objects.filter(
        language=Language.WELSH, received_on__gte=start, received_on__lte=end, created_at__lte=as_of
    )


def welsh_correspondence_answered(
    *, start: dt.date, end: dt.date, as_of: dt.datetime
) -> QuerySet[Enquiry]:
    """Enquiries written in Welsh answered in the period."""
    return _answered_in(start, end, as_of).filter(language=Language.WELSH)


def welsh_correspondence_answered_in_welsh(
    *, start: dt.date, end: dt.date, as_of: dt.datetime
) -> QuerySet[Enquiry]:
    """Of those, the ones whose answer was written in Welsh."""
    replied_in_welsh = Interaction.objects.filter(
        enquiry=OuterRef("pk"),
        kind__in=(InteractionKind.EMAIL_OUT, InteractionKind.ADVICE, InteractionKind.LETTER),
        language=Language.WELSH,
        occurred_at__lte=as_of,
    )
    return welsh_correspondence_answered(start=start, end=end, as_of=as_of).filter(
        Exists(replied_in_welsh)
    )


def welsh_calls_taken(*, start: dt.date, end: dt.date, as_of: dt.datetime) -> QuerySet[Interaction]:
    """Telephone calls held in Welsh in the period (London days)."""
    zone = clock.local_zone()
    low = dt.datetime.combine(start, dt.time.min, tzinfo=zone)
    high = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return Interaction.objects.filter(
        kind=InteractionKind.CALL,
        language=Language.WELSH,
        occurred_at__gte=low,
        occurred_at__lt=high,
        occurred_at__lte=as_of,
    )


def enquiry_records_holds(*, enquiry: Enquiry) -> list[Any]:
    """The records holds an information request placed (active or released), newest
    first (``services.records_seam``)."""
    return list(
        records_selectors.holds_all()
        .filter(subject=records_hold_subject(enquiry.reference))
        .order_by("-placed_at", "-pk")
    )
