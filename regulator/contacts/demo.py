"""Demo data of contacts: teams and their queues, people and organisations linked to the
demo cast's entities (never copying the register), a possible duplicate, bilingual reply
templates, and enquiries of every kind at different ages: one past its deadline, one
with its clock paused for a fee, a Welsh enquiry answered in Welsh, and a mailbox reply
threaded onto its enquiry. The entity view of the demo party (900001) shows it all joined up.
Idempotent: each part is made only when it is missing."""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage
from typing import TextIO

from regulator.audit.types import Actor
from regulator.contacts import selectors, services
from regulator.contacts.models import Contact, Enquiry, Interaction, Team
from regulator.core import clock
from regulator.core.demo import PARTY_NAME
from regulator.core.workdays import working_days_after
from regulator.identity import selectors as identity_selectors
from regulator.register import selectors as register_selectors

ACTOR = Actor.system("manage.py demo_data")
TEAMS = [
    ("enquiries", "Enquiries", "Ymholiadau"),
    ("information-rights", "Information rights", "Hawliau gwybodaeth"),
    ("advice", "Advice to regulated entities", "Cyngor i endidau a reoleiddir"),
    ("complaints", "Complaints", "Cwynion"),
]
TEAM_OF = {
    "foi": "information-rights",
    "eir": "information-rights",
    "sar": "information-rights",
    "internal-review": "information-rights",
    "advice-financial": "advice",
    "advice-registration": "advice",
    "complaint-1": "complaints",
    "complaint-2": "complaints",
    "general": "enquiries",
}
# (name, email, language, entity id, role)
PEOPLE = [
    ("Alex Penhallow", "treasurer@demo-party.example", "en", 900001, "treasurer"),
    ("Siân Evans", "sian.evans@demo-party.example", "cy", 900001, "campaigns-officer"),
    ("Bill Bottriell", "bill@agents.example", "en", 900001, "agent"),
    ("Priya Shah", "treasurer@other-party.example", "en", 900002, "treasurer"),
    ("Dafydd Morgan", "responsible@demo-campaign.example", "cy", 900003, "responsible-person"),
]
# (kind, subject, days ago, contact email, language, entity id)
ENQUIRIES = [
    (
        "general",
        "Where do I find the register of parties?",
        45,
        "joanne.pike@example.org",
        "en",
        None,
    ),
    (
        "advice-financial",
        "Is a loan from a member reportable?",
        3,
        "treasurer@demo-party.example",
        "en",
        900001,
    ),
    (
        "advice-financial",
        "Rhodd gan gwmni tramor",
        6,
        "sian.evans@demo-party.example",
        "cy",
        900001,
    ),
    (
        "advice-registration",
        "Changing our party's emblem",
        12,
        "treasurer@other-party.example",
        "en",
        900002,
    ),
    ("complaint-1", "Slow answer to my question", 8, "joanne.pike@example.org", "en", None),
    ("complaint-2", "My complaint was not resolved", 2, "tom.rafferty@news.example", "en", None),
    ("foi", "Spending investigations in 2025", 10, "tom.rafferty@news.example", "en", None),
    ("foi", f"Meetings with the {PARTY_NAME}", 25, "amara.osei@uni.example", "en", 900001),
    (
        "eir",
        "Environmental cost of printed ballot guidance",
        15,
        "amara.osei@uni.example",
        "en",
        None,
    ),
    ("sar", "All the personal data you hold about me", 20, "bill@agents.example", "en", None),
    ("internal-review", "Review of your FOI answer", 1, "tom.rafferty@news.example", "en", None),
]


def _teams() -> dict[str, Team]:
    managers = identity_selectors.staff_with_role(role="contacts-manager")
    teams = {}
    for slug, name_en, name_cy in TEAMS:
        team, _created = Team.objects.get_or_create(
            slug=slug, defaults={"name_en": name_en, "name_cy": name_cy}
        )
        team.members.add(*managers)
        teams[slug] = team
    return teams


def _contact(name: str, email: str, language: str = "en", kind: str = "person") -> Contact:
    found = selectors.contact_by_email(email=email) if email else None
    if found is None and not email:
        found = selectors.contacts_search(q=name).filter(name=name).first()
    return found or services.contact_create(
        actor=ACTOR,
        kind=kind,
        name=name,
        email=email,
        language=language,
        language_source="asked",
    )


def _people() -> int:
    made = 0
    for name, email, language, entity_id, role in PEOPLE:
        if register_selectors.entity_get(entity_id=entity_id) is None:
            continue
        contact = _contact(name, email, language)
        if not selectors.entity_links_of(contact).filter(entity_id=entity_id, role=role).exists():
            services.contact_entity_link(
                actor=ACTOR, contact=contact, entity_id=entity_id, role=role
            )
            made += 1
    agents = _contact("Bottriell Agents Ltd", "office@agents.example", kind="organisation")
    bill = _contact("Bill Bottriell", "bill@agents.example")
    services.contact_relate(actor=ACTOR, from_contact=bill, to_contact=agents, kind="works-for")
    # a likely duplicate for a contacts manager to merge
    _contact("William Bottriell", "w.bottriell@home.example")
    opted = _contact("Pat Ormerod", "pat@optout.example")
    if not opted.bulk_opt_out:
        services.contact_opt_out_set(actor=ACTOR, contact=opted, opted_out=True)
    return made


def _templates() -> None:
    if selectors.template_get(slug="answer") is None:
        services.template_save(
            actor=ACTOR,
            slug="answer",
            title="Answer / Ateb",
            subject_en="Your enquiry ((reference))",
            body_en="Dear ((name)),\n\nThank you for your enquiry about ((subject)).\n\n",
            subject_cy="Eich ymholiad ((reference))",
            body_cy="Annwyl ((name)),\n\nDiolch am eich ymholiad am ((subject)).\n\n",
        )


def _enquiries(teams: dict[str, Team]) -> dict[str, Enquiry]:
    today = clock.local_today()
    made: dict[str, Enquiry] = {}
    for kind, subject, days_ago, email, language, entity_id in ENQUIRIES:
        existing = Enquiry.objects.filter(subject=subject).first()
        if existing is None:
            if entity_id is not None and register_selectors.entity_get(entity_id=entity_id) is None:
                entity_id = None
            name = email.split("@")[0].replace(".", " ").title()
            existing = services.enquiry_open(
                actor=ACTOR,
                kind=kind,
                subject=subject,
                body=subject,
                contact=_contact(name, email, language),
                channel="email" if kind in ("foi", "eir", "sar") else "form",
                language=language,
                entity_id=entity_id,
                team=teams[TEAM_OF[kind]],
                received_on=today - dt.timedelta(days=days_ago),
                holds=["Investigations register 2025"] if kind == "foi" else [],
            )
        made[subject] = existing
    return made


def _stories(made: dict[str, Enquiry]) -> None:
    today = clock.local_today()
    # a paused clock: the FOI about investigations waits for a fee
    paused = made["Spending investigations in 2025"]
    if not paused.clock_events.exists():
        services.enquiry_pause(
            actor=ACTOR, enquiry=paused, reason="fee", on=working_days_after(paused.received_on, 3)
        )
    # a Welsh enquiry answered in Welsh
    welsh = made["Rhodd gan gwmni tramor"]
    if not welsh.interactions.filter(kind="email-out").exists():
        services.reply_send(
            actor=ACTOR,
            enquiry=welsh,
            language="cy",
            subject="Eich ymholiad am rodd gan gwmni tramor",
            body="Annwyl Siân Evans,\n\nNi chaiff plaid dderbyn rhodd gan gwmni nad yw wedi'i "
            "gofrestru yn y DU ac nad yw'n cynnal busnes yma. Dychwelwch y rhodd o fewn 30 "
            "diwrnod.\n",
        )
    # a reply to it from the shared mailbox, threaded by its reference
    message = EmailMessage()
    message["From"] = "Siân Evans <sian.evans@demo-party.example>"
    message["To"] = "ymholiadau@regulator.example"
    message["Subject"] = f"Re: Eich ymholiad am rodd gan gwmni tramor [{welsh.reference}]"
    message["Message-ID"] = "<demo-threaded-reply@demo-party.example>"
    message["Date"] = today.strftime("%a, %d %b %Y 09:00:00 +0000")
    message.set_content("Diolch. A oes angen i ni roi gwybod i chi pan fyddwn wedi ei dychwelyd?")
    message["Content-Language"] = "cy"
    services.mail_receive(raw=bytes(message))
    # a message nobody could read waits for a person
    services.mail_receive(raw=b"\x00\x01 garbled scan from the post room", uid="demo-garbled")
    # a call with the treasurer, and advice that relied on guidance
    treasurer = selectors.contact_by_email(email="treasurer@demo-party.example")
    if treasurer is not None and not treasurer.interactions.filter(kind="call").exists():
        services.interaction_log(
            actor=ACTOR,
            kind="call",
            summary="Called about the Q2 return's missing loan schedule",
            body="Explained how to add the loan schedule; they will file this week.",
            contact=treasurer,
            entity_id=900001,
        )


def _letter_with_attachment() -> None:
    """A signed letter from the demo party's treasurer, its scan kept as a record."""
    contact = selectors.contact_by_email(email="treasurer@demo-party.example")
    summary = "Signed declaration received by post"
    if contact is None or Interaction.objects.filter(summary=summary).exists():
        return
    services.interaction_log(
        actor=ACTOR,
        kind="letter",
        summary=summary,
        body="The treasurer's signed declaration for the Q3 return, scanned on arrival.",
        contact=contact,
        entity_id=900001 if register_selectors.entity_get(entity_id=900001) else None,
        attachments=[("declaration-scan.txt", b"Declaration signed by A Penhallow, 3 October.\n")],
    )


def load(*, scale: int, stdout: TextIO) -> None:
    teams = _teams()
    links = _people()
    _templates()
    made = _enquiries(teams)
    _stories(made)
    _letter_with_attachment()
    breached = sum(1 for row in selectors.enquiry_queue() if row.breached)
    stdout.write(
        f"  contacts: {len(teams)} teams, {links} new register links, {len(made)} enquiries "
        f"({breached} past the deadline); entity view: /contacts/entities/900001/\n"
    )


def sign_ins() -> list[tuple[str, str, str]]:
    return []
