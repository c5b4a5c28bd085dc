from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from regulator.audit.models import AuditEvent
from regulator.register import services
from regulator.register.models import (
    AccountingUnit,
    Application,
    EntityName,
    Membership,
    Officer,
    RegulatedEntity,
)
from regulator.register.tests.factories import EntityFactory, filer, image_bytes, officer
from regulator.register.types import (
    ApplicationKind,
    ApplicationStatus,
    EntityStatus,
    EntityType,
    MembershipRole,
    OfficerRole,
)
from regulator.register.validation import (
    RegisterError,
    RegisterErrorCode,
    emblem_check,
    name_normalise,
    party_name_matches,
    postcode_normalise,
)

PARTY_ANSWERS = {
    "register": "great-britain",
    "name": "Orchard Valley Alliance",
    "address_line_1": "1 Apple Street",
    "town": "Hereford",
    "postcode": "HR1 2AB",
    "leader": "Ada Leader",
    "treasurer": "Tom Treasurer",
    "nominating_officer": "Nia Nominating",
}


def _party_application(applicant, answers=None) -> Application:
    application = services.application_start(
        applicant=applicant, kind=ApplicationKind.PARTY_REGISTRATION, actor=applicant
    )
    return services.application_answers_save(
        application=application, step="all", answers=answers or PARTY_ANSWERS, actor=applicant
    )


@pytest.mark.django_db
def test_new_ids_come_from_above_every_published_id() -> None:
    EntityFactory.create(id=52)
    EntityFactory.create(id=250_000)
    first = services.entity_id_allocate()
    second = services.entity_id_allocate()
    assert first == 250_001
    assert second == 250_002


@pytest.mark.django_db
def test_new_ids_start_above_the_floor() -> None:
    EntityFactory.create(id=52)
    assert services.entity_id_allocate() == 100_001


@pytest.mark.django_db
def test_published_import_services_keep_their_signatures() -> None:
    entity, created = services.entity_ensure_published(
        entity_id=52,
        name="Example Party",
        entity_type=EntityType.POLITICAL_PARTY,
        register="great-britain",
        actor=None,
    )
    again, created_again = services.entity_ensure_published(
        entity_id=52, name="Example Party", entity_type="political-party", actor=None
    )
    unit, unit_created = services.accounting_unit_ensure_published(
        unit_id=7, entity=entity, name="North Branch", actor=None
    )
    assert (created, created_again, unit_created) == (True, False, True)
    assert again.pk == entity.pk == 52
    assert unit.pk == 7


@pytest.mark.django_db
def test_party_registration_approved_creates_entity_officers_membership_and_audit() -> None:
    applicant = filer()
    staff = officer()
    application = _party_application(applicant)
    application = services.application_submit(
        application=application, declaration=True, actor=applicant
    )
    assert application.status == ApplicationStatus.SUBMITTED
    assert not RegulatedEntity.objects.filter(name="Orchard Valley Alliance").exists()

    application = services.application_approve(application=application, officer=staff)
    entity = application.entity
    assert entity is not None
    assert application.status == ApplicationStatus.APPROVED
    assert entity.name == "Orchard Valley Alliance"
    assert entity.pk > 100_000
    assert entity.register == "great-britain"
    assert entity.address.postcode == "HR1 2AB"
    roles = dict(Officer.objects.filter(entity=entity).values_list("role", "full_name"))
    assert roles == {
        OfficerRole.LEADER: "Ada Leader",
        OfficerRole.TREASURER: "Tom Treasurer",
        OfficerRole.NOMINATING_OFFICER: "Nia Nominating",
    }
    membership = Membership.objects.get(entity=entity)
    assert (membership.user, membership.role) == (applicant, MembershipRole.TREASURER)
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    for expected in (
        "register.application_started",
        "register.application_answers_saved",
        "register.application_submitted",
        "register.entity_registered",
        "register.officer_appointed",
        "identity.membership_granted",
        "register.application_approved",
    ):
        assert expected in actions


@pytest.mark.django_db
def test_campaigner_notification_is_registered_without_a_decision() -> None:
    applicant = filer()
    application = services.application_start(
        applicant=applicant, kind=ApplicationKind.CAMPAIGNER_NOTIFICATION, actor=applicant
    )
    services.application_answers_save(
        application=application,
        step="all",
        answers={
            "name": "Friends of the Marsh",
            "address_line_1": "2 Reed Lane",
            "town": "Ely",
            "postcode": "CB7 4AA",
            "responsible_person": "Rhys Responsible",
        },
        actor=applicant,
    )
    application = services.application_submit(
        application=application, declaration=True, actor=applicant
    )
    assert application.status == ApplicationStatus.REGISTERED
    assert application.entity is not None
    assert application.entity.entity_type == EntityType.THIRD_PARTY
    assert (
        Membership.objects.get(entity=application.entity).role == MembershipRole.RESPONSIBLE_PERSON
    )


@pytest.mark.django_db
def test_identical_normalised_name_is_refused_and_nothing_changes() -> None:
    EntityFactory.create(name="The Green & Fair Party")
    applicant = filer()
    application = _party_application(applicant, {**PARTY_ANSWERS, "name": "green and fair"})
    with pytest.raises(RegisterError) as error:
        services.application_submit(application=application, declaration=True, actor=applicant)
    assert error.value.code == RegisterErrorCode.NAME_TAKEN
    assert error.value.field == "name"
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


@pytest.mark.django_db
def test_near_matches_are_found_for_the_officer() -> None:
    EntityFactory.create(name="Orchard Valley Alliance Party", id=1)
    EntityFactory.create(name="Completely Different", id=2)
    matches = party_name_matches("Orchard Vally Alliance")
    assert [m.entity_id for m in matches] == [1]
    assert not matches[0].identical
    assert name_normalise("The Orchard-Valley & Alliance PARTY") == "orchard valley and alliance"


@pytest.mark.django_db
def test_submit_needs_declaration_and_every_officer() -> None:
    applicant = filer()
    incomplete = {k: v for k, v in PARTY_ANSWERS.items() if k != "nominating_officer"}
    application = _party_application(applicant, incomplete)
    with pytest.raises(RegisterError) as no_declaration:
        services.application_submit(application=application, declaration=False, actor=applicant)
    assert no_declaration.value.code == RegisterErrorCode.DECLARATION_REQUIRED
    with pytest.raises(RegisterError) as missing:
        services.application_submit(application=application, declaration=True, actor=applicant)
    assert missing.value.code == RegisterErrorCode.OFFICER_MISSING
    assert missing.value.field == "nominating_officer"
    assert Application.objects.get().status == ApplicationStatus.DRAFT


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("sw1a2aa", "SW1A 2AA"),
        (" hr1  2ab ", "HR1 2AB"),
        ("BT1 1AA", "BT1 1AA"),
        ("M11AE", "M1 1AE"),
    ],
)
def test_postcodes_are_normalised(raw: str, expected: str) -> None:
    assert postcode_normalise(raw) == expected


@pytest.mark.parametrize("raw", ["", "12345", "SW1A", "QQ1 1AA", "SW1A 2AAA", "ABC DEF"])
def test_invalid_postcodes_are_refused(raw: str) -> None:
    with pytest.raises(RegisterError) as error:
        postcode_normalise(raw)
    assert error.value.code in (RegisterErrorCode.POSTCODE_INVALID, RegisterErrorCode.REQUIRED)
    assert error.value.field == "postcode"


def test_emblem_checks(settings) -> None:
    assert emblem_check(SimpleUploadedFile("e.png", image_bytes("PNG"))) == "image/png"
    assert emblem_check(SimpleUploadedFile("e.jpg", image_bytes("JPEG"))) == "image/jpeg"
    cases = [
        (SimpleUploadedFile("e.png", b"not an image at all"), RegisterErrorCode.EMBLEM_NOT_IMAGE),
        (SimpleUploadedFile("e.gif", image_bytes("GIF")), RegisterErrorCode.EMBLEM_WRONG_FORMAT),
        (
            SimpleUploadedFile("e.png", image_bytes("PNG", (5, 5))),
            RegisterErrorCode.EMBLEM_DIMENSIONS,
        ),
    ]
    settings.REGISTER_EMBLEM_MAX_PIXELS = 100
    cases.append(
        (
            SimpleUploadedFile("e.png", image_bytes("PNG", (200, 50))),
            RegisterErrorCode.EMBLEM_DIMENSIONS,
        )
    )
    for upload, code in cases:
        with pytest.raises(RegisterError) as error:
            emblem_check(upload)
        assert error.value.code == code
    settings.REGISTER_EMBLEM_MAX_BYTES = 100
    with pytest.raises(RegisterError) as too_big:
        emblem_check(SimpleUploadedFile("e.png", image_bytes("PNG")))
    assert too_big.value.code == RegisterErrorCode.EMBLEM_TOO_LARGE


def _approved_party(applicant, staff) -> RegulatedEntity:
    application = _party_application(applicant)
    services.application_submit(application=application, declaration=True, actor=applicant)
    approved = services.application_approve(application=application, officer=staff)
    assert approved.entity is not None
    return approved.entity


def _change(applicant, staff, entity, kind, answers) -> Application:
    application = services.application_start(
        applicant=applicant, kind=kind, entity=entity, actor=applicant
    )
    services.application_answers_save(
        application=application, step="all", answers=answers, actor=applicant
    )
    services.application_submit(application=application, declaration=True, actor=applicant)
    return services.application_approve(application=application, officer=staff)


@pytest.mark.django_db
def test_changes_rename_deregister_treasurer_and_units_keep_the_id() -> None:
    applicant, staff = filer(), officer()
    entity = _approved_party(applicant, staff)
    _change(applicant, staff, entity, ApplicationKind.NAME_CHANGE, {"name": "Orchard Alliance"})
    _change(
        applicant,
        staff,
        entity,
        ApplicationKind.TREASURER_CHANGE,
        {"treasurer": "Nora New", "appointed_on": "2026-06-01"},
    )
    _change(applicant, staff, entity, ApplicationKind.ACCOUNTING_UNIT, {"unit_name": "East Branch"})
    _change(
        applicant, staff, entity, ApplicationKind.DEREGISTRATION, {"deregistered_on": "2026-12-31"}
    )
    entity.refresh_from_db()
    assert entity.name == "Orchard Alliance"
    assert entity.status == EntityStatus.DEREGISTERED
    assert entity.deregistered_on == dt.date(2026, 12, 31)
    assert list(EntityName.objects.filter(entity=entity).values_list("name", flat=True)) == [
        "Orchard Valley Alliance",
        "Orchard Alliance",
    ]
    treasurers = Officer.objects.filter(entity=entity, role=OfficerRole.TREASURER).order_by("id")
    assert [(t.full_name, t.ended_on is not None) for t in treasurers] == [
        ("Tom Treasurer", True),
        ("Nora New", True),  # ended by the deregistration
    ]
    assert AccountingUnit.objects.get(entity=entity).name == "East Branch"
    with pytest.raises(RegisterError) as error:
        services.application_start(
            applicant=applicant, kind=ApplicationKind.NAME_CHANGE, entity=entity, actor=applicant
        )
    assert error.value.code == RegisterErrorCode.ENTITY_DEREGISTERED


@pytest.mark.django_db
def test_refuse_needs_reasons_and_decisions_only_once() -> None:
    applicant, staff = filer(), officer()
    application = _party_application(applicant)
    services.application_submit(application=application, declaration=True, actor=applicant)
    with pytest.raises(RegisterError) as no_reason:
        services.application_refuse(application=application, officer=staff, reason="  ")
    assert no_reason.value.code == RegisterErrorCode.REASON_REQUIRED
    services.application_refuse(application=application, officer=staff, reason="Name misleading")
    with pytest.raises(RegisterError) as twice:
        services.application_approve(application=application, officer=staff)
    assert twice.value.code == RegisterErrorCode.NOT_AWAITING_DECISION
    assert not RegulatedEntity.objects.exists()


@pytest.mark.django_db
def test_changes_requested_then_resubmitted() -> None:
    applicant, staff = filer(), officer()
    application = _party_application(applicant)
    services.application_submit(application=application, declaration=True, actor=applicant)
    services.application_changes_request(
        application=application, officer=staff, note="Give the leader's full name"
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CHANGES_REQUESTED
    services.application_answers_save(
        application=application,
        step="officers",
        answers={"leader": "Ada Lovelace Leader"},
        actor=applicant,
    )
    application = services.application_submit(
        application=application, declaration=True, actor=applicant
    )
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.changes_requested == ""
