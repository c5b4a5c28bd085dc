"""Demo accounts: filers of two demo parties and the staff directory's demo users.

Filers sign in with email and password, then a code from an authenticator app set up with
the printed TOTP secret (or one of their printed recovery codes). Staff sign in through
the development directory (config/settings/idp.py), one demo account per role, password
``directory-demo-password``; the directory must be running alongside (see
docs/security.md, "Running the development directory").
"""

from __future__ import annotations

from typing import TextIO

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from regulator.audit.types import Actor
from regulator.identity.models import Membership, MembershipRole, StaffRole, User, UserKind
from regulator.identity.services import membership_grant

ACTOR = Actor.system("manage.py demo_data")
FILER_PASSWORD = "demo-filer-password"  # noqa: S105  (published demo sign-in)
# Base32 TOTP secrets for the demo filers: add them to an authenticator app by hand.
FILERS = [
    # email, entity id, entity name, role, TOTP secret
    (
        "treasurer@demo-party.example",
        900001,
        "Demo Party",
        MembershipRole.TREASURER,
        "JBSWY3DPEHPK3PXP",
    ),
    ("agent@demo-party.example", 900001, "Demo Party", MembershipRole.AGENT, "KRSXG5CTMVRXEZLU"),
    (
        "treasurer@other-party.example",
        900002,
        "Other Demo Party",
        MembershipRole.TREASURER,
        "MFRGGZDFMZTWQ2LK",
    ),
    (
        "responsible@demo-campaign.example",
        900003,
        "Demo Campaign",
        MembershipRole.RESPONSIBLE_PERSON,
        "GEZDGNBVGY3TQOJQ",
    ),
]
ENTITY_TYPES = {900001: "political-party", 900002: "political-party", 900003: "third-party"}
DIRECTORY_PASSWORD = "directory-demo-password"  # noqa: S105  (published demo sign-in)


def load(*, scale: int, stdout: TextIO) -> None:
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    from regulator.register.services import entity_ensure_published

    for email, entity_id, entity_name, role, secret in FILERS:
        entity, _ = entity_ensure_published(
            entity_id=entity_id,
            name=entity_name,
            entity_type=ENTITY_TYPES[entity_id],
            register="great-britain",
            actor=ACTOR,
        )
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                username=email, email=email, password=FILER_PASSWORD, kind=UserKind.FILER
            )
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, secret)
            RecoveryCodes.activate(user)
        if not Membership.objects.filter(
            user=user, entity=entity, role=role, revoked_at__isnull=True
        ).exists():
            membership_grant(user=user, entity=entity, role=role, granted_by=None, actor=ACTOR)
    stdout.write(f"  {len(FILERS)} demo filers with memberships of demo entities 900001-900003\n")


def sign_ins() -> list[tuple[str, str, str]]:
    rows = [
        (f"Filer: {role.label} of {name} (TOTP secret {secret})", email, FILER_PASSWORD)
        for email, _id, name, role, secret in FILERS
    ]
    rows += [
        (f"Staff via the development directory: {role.label}", str(role), DIRECTORY_PASSWORD)
        for role in StaffRole
    ]
    return rows
