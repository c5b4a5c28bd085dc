"""Granting and revoking memberships: who may, which roles, re-authentication, audit, and
what a filer can and cannot see."""

from __future__ import annotations

import time

import pytest
from django.test import Client
from django.urls import reverse

from regulator.audit.models import AuditEvent
from regulator.audit.types import Actor
from regulator.identity.models import User
from regulator.identity.testing import activate_totp, sign_in
from regulator.identity.tests.factories import FilerFactory, StaffFactory
from regulator.identity.types import StaffRole
from regulator.register import services
from regulator.register.models import Membership, RegulatedEntity
from regulator.register.services import MembershipErrorCode
from regulator.register.tests.factories import EntityFactory
from regulator.register.types import MembershipRole

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("test")


def treasurer_of(entity: RegulatedEntity) -> User:
    user = FilerFactory.create()
    activate_totp(user)
    services.membership_grant(
        user=user, entity=entity, role=MembershipRole.TREASURER, granted_by=None, actor=SYSTEM
    )
    return user


def test_a_treasurer_grants_a_deputy_and_it_is_audited() -> None:
    entity = EntityFactory.create()
    treasurer = treasurer_of(entity)
    deputy = FilerFactory.create()
    client = Client()
    sign_in(client, treasurer)
    url = reverse("register:membership_grant", kwargs={"entity_id": entity.pk})
    assert client.get(url).status_code == 200
    response = client.post(url, {"email": deputy.email.upper(), "role": "deputy-treasurer"})
    assert response.status_code == 302
    membership = Membership.objects.get(user=deputy, entity=entity)
    assert membership.role == MembershipRole.DEPUTY_TREASURER
    assert membership.granted_by == treasurer
    event = AuditEvent.objects.filter(action="identity.membership_granted").latest("seq")
    assert event.actor_id == str(treasurer.pk)
    assert event.payload == {
        "user_id": deputy.pk,
        "entity_id": entity.pk,
        "role": "deputy-treasurer",
    }
    from regulator.register.selectors import is_declaring_member_of_entity

    assert is_declaring_member_of_entity(deputy, entity)


def test_a_treasurer_cannot_grant_the_registered_roles_but_a_registration_officer_can() -> None:
    entity = EntityFactory.create()
    treasurer = treasurer_of(entity)
    newcomer = FilerFactory.create()
    client = Client()
    sign_in(client, treasurer)
    url = reverse("register:membership_grant", kwargs={"entity_id": entity.pk})
    response = client.post(url, {"email": newcomer.email, "role": "treasurer"})
    assert response.status_code == 200
    assert "Select a role from the list" in response.content.decode()
    assert not Membership.objects.filter(user=newcomer).exists()

    officer = StaffFactory.create(roles=[StaffRole.REGISTRATION_OFFICER])
    staff_client = Client()
    sign_in(staff_client, officer, method="socialaccount")
    assert staff_client.post(url, {"email": newcomer.email, "role": "treasurer"}).status_code == 302
    assert Membership.objects.get(user=newcomer).role == MembershipRole.TREASURER


def test_granting_to_an_unknown_email_is_a_clear_error_that_changes_nothing() -> None:
    entity = EntityFactory.create()
    client = Client()
    sign_in(client, treasurer_of(entity))
    url = reverse("register:membership_grant", kwargs={"entity_id": entity.pk})
    before = Membership.objects.count()
    response = client.post(url, {"email": "nobody@example.org", "role": "viewer"})
    assert response.status_code == 200
    assert "No filer account uses this email address" in response.content.decode()
    response = client.post(url, {"email": "not an email", "role": "viewer"})
    assert "Enter an email address in the correct format" in response.content.decode()
    assert Membership.objects.count() == before


def test_granting_asks_for_the_password_again_after_the_timeout() -> None:
    entity = EntityFactory.create()
    treasurer = treasurer_of(entity)
    client = Client()
    sign_in(client, treasurer)
    session = client.session
    session["account_authentication_methods"] = [{"method": "password", "at": time.time() - 3600}]
    session.save()
    url = reverse("register:membership_grant", kwargs={"entity_id": entity.pk})
    response = client.post(url, {"email": FilerFactory.create().email, "role": "viewer"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert Membership.objects.filter(entity=entity).count() == 1
    # Re-authenticating with the password brings them back to the form.
    response = client.post(response["Location"], {"password": "a-long-filer-passphrase-1"})
    assert response.status_code == 302


def test_a_staff_user_is_sent_back_through_the_directory_to_reauthenticate() -> None:
    entity = EntityFactory.create()
    officer = StaffFactory.create(roles=[StaffRole.REGISTRATION_OFFICER])
    client = Client()
    client.force_login(officer)  # no recent authentication recorded
    url = reverse("register:membership_grant", kwargs={"entity_id": entity.pk})
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("identity:staff_sign_in") + "?next=")


def test_another_entitys_filer_gets_404_for_guessed_ids_and_nothing_is_revealed() -> None:
    entity_a, entity_b = EntityFactory.create(), EntityFactory.create()
    treasurer_of(entity_a)
    filer_b = treasurer_of(entity_b)
    victim = services.membership_grant(
        user=FilerFactory.create(),
        entity=entity_a,
        role=MembershipRole.VIEWER,
        granted_by=None,
        actor=SYSTEM,
    )
    client = Client()
    sign_in(client, filer_b)
    for url in [
        reverse("register:entity_memberships", kwargs={"entity_id": entity_a.pk}),
        reverse("register:membership_grant", kwargs={"entity_id": entity_a.pk}),
        reverse(
            "register:membership_revoke",
            kwargs={"entity_id": entity_a.pk, "membership_id": victim.pk},
        ),
        reverse(
            "register:membership_revoke",
            kwargs={"entity_id": entity_b.pk, "membership_id": victim.pk},
        ),
        reverse("register:entity_memberships", kwargs={"entity_id": 999999999}),
    ]:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"email": filer_b.email, "role": "viewer"}).status_code == 404, url
    assert Membership.objects.get(pk=victim.pk).revoked_at is None
    page = client.get(reverse("identity:account")).content.decode()
    assert entity_b.name in page
    assert entity_a.name not in page


def test_revoking_ends_access_and_keeps_the_history() -> None:
    entity = EntityFactory.create()
    treasurer = treasurer_of(entity)
    agent = FilerFactory.create()
    activate_totp(agent)
    membership = services.membership_grant(
        user=agent, entity=entity, role=MembershipRole.AGENT, granted_by=treasurer, actor=treasurer
    )
    client = Client()
    sign_in(client, treasurer)
    url = reverse(
        "register:membership_revoke",
        kwargs={"entity_id": entity.pk, "membership_id": membership.pk},
    )
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    membership.refresh_from_db()
    assert membership.revoked_at is not None
    assert membership.revoked_by == treasurer
    assert AuditEvent.objects.filter(
        action="identity.membership_revoked", subject_id=str(membership.pk)
    ).exists()
    from regulator.register.selectors import is_member_of_entity

    agent = type(agent).objects.get(pk=agent.pk)
    assert not is_member_of_entity(agent, entity)
    # Revoking again: the membership is no longer active, so there is nothing to revoke.
    assert client.post(url).status_code == 404


def test_a_treasurer_cannot_revoke_their_own_membership() -> None:
    entity = EntityFactory.create()
    treasurer = treasurer_of(entity)
    membership = Membership.objects.get(user=treasurer)
    with pytest.raises(services.MembershipError) as error:
        services.membership_revoke(membership=membership, revoked_by=treasurer, actor=treasurer)
    assert error.value.code == MembershipErrorCode.CANNOT_REVOKE_OWN
    assert Membership.objects.get(pk=membership.pk).revoked_at is None


def test_the_disable_command_ends_a_filers_session_and_acts_as_the_system() -> None:
    from django.core.management import CommandError, call_command

    filer = FilerFactory.create()
    client = Client()
    sign_in(client, filer)
    assert client.get(reverse("identity:account")).status_code == 200
    call_command("identity_user_disable", filer.email.upper(), "--reason", "compromised")
    assert client.get(reverse("identity:account")).status_code == 302
    event = AuditEvent.objects.get(action="identity.user_disabled")
    assert event.actor_type == "system"
    assert event.actor_label == "manage.py identity_user_disable"
    with pytest.raises(CommandError, match="No account uses"):
        call_command("identity_user_disable", "nobody@example.org")


def test_entity_ids_visible_to_each_kind_of_user() -> None:
    from django.contrib.auth.models import AnonymousUser

    from regulator.register.selectors import entity_ids_visible_to

    entity_a, entity_b = EntityFactory.create(), EntityFactory.create()
    filer = treasurer_of(entity_a)
    assert entity_ids_visible_to(user=filer) == {entity_a.pk}
    assert entity_b.pk not in (entity_ids_visible_to(user=filer) or set())
    assert (
        entity_ids_visible_to(user=StaffFactory.create(roles=[StaffRole.FINANCE_ANALYST])) is None
    )
    assert (
        entity_ids_visible_to(user=StaffFactory.create(roles=[StaffRole.CONTACTS_MANAGER])) == set()
    )
    assert entity_ids_visible_to(user=AnonymousUser()) == set()
