"""Demo accounts: the demo cast's filers (``core.demo.DEMO_FILERS``) and the staff
directory's demo users. The register's demo gives the filers their memberships.

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
from regulator.core.demo import DEMO_FILERS, DIRECTORY_PASSWORD, FILER_PASSWORD, STAFF_NAMES
from regulator.identity.models import User
from regulator.identity.types import StaffRole, UserKind


def load(*, scale: int, stdout: TextIO) -> None:
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    for filer in DEMO_FILERS:
        user = User.objects.filter(email=filer.email).first()
        if user is None:
            user = User.objects.create_user(
                username=filer.email,
                email=filer.email,
                password=FILER_PASSWORD,
                kind=UserKind.FILER,
                full_name=filer.full_name,
            )
            EmailAddress.objects.create(user=user, email=filer.email, verified=True, primary=True)
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, filer.totp_secret)
            RecoveryCodes.activate(user)
    stdout.write(f"  {len(DEMO_FILERS)} demo filer accounts with two-step verification\n")
    # The staff the areas' demos give work to (``staff_user_with_role`` finds them by user
    # name and adds the role), so their pages show a person's name, not a role's.
    from regulator.identity.services import staff_user_ensure

    for username, full_name in STAFF_NAMES.items():
        staff_user_ensure(
            username=username,
            email=f"{username}@regulator.example",
            full_name=full_name,
            actor=Actor.system("manage.py demo_data"),
        )


def sign_ins() -> list[tuple[str, str, str]]:
    rows = [
        (
            f"Filer: {filer.role_label} of {filer.entity_name} (TOTP secret {filer.totp_secret})",
            filer.email,
            FILER_PASSWORD,
        )
        for filer in DEMO_FILERS
    ]
    rows += [
        (f"Staff via the development directory: {role.label}", str(role), DIRECTORY_PASSWORD)
        for role in StaffRole
    ]
    return rows
