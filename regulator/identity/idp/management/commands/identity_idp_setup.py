"""Set up the development staff directory (run under ``--settings=config.settings.idp``).

    manage.py identity_idp_setup --settings=config.settings.idp \\
        --client-id regulator-dev --client-secret ... \\
        --redirect-uri http://127.0.0.1:8000/staff/sso/callback/ \\
        --demo-users

``--user NAME:PASSWORD:ROLE,ROLE`` creates or updates one directory account (its roles
become exactly these); ``--disable NAME`` disables one. Running it again updates in place.
"""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from allauth.idp.oidc.models import Client
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError, CommandParser

ROLES = (
    "registration-officer",
    "finance-analyst",
    "publication-approver",
    "investigator",
    "case-decision-maker",
    "contacts-manager",
    "records-manager",
    "performance-viewer",
    "platform-admin",
)
DEMO_PASSWORD = "directory-demo-password"  # noqa: S105  (development directory only)


def ensure_user(username: str, password: str, roles: list[str]) -> Any:
    user, _ = get_user_model().objects.get_or_create(username=username)
    user.email = f"{username}@staff.regulator.localhost"
    user.first_name = username.replace("-", " ").capitalize()
    user.last_name = "(demo)"
    user.is_active = True
    user.set_password(password)
    user.save()
    user.groups.set([Group.objects.get_or_create(name=role)[0] for role in roles])
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


class Command(BaseCommand):
    help = "Create or update the development directory's OIDC client and staff accounts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--client-id", default="")
        parser.add_argument("--client-secret", default="")
        parser.add_argument("--redirect-uri", action="append", default=[])
        parser.add_argument("--demo-users", action="store_true")
        parser.add_argument("--user", action="append", default=[])
        parser.add_argument("--disable", action="append", default=[])

    def handle(self, *args: Any, **options: Any) -> None:
        if options["client_id"]:
            if not options["client_secret"]:
                raise CommandError("--client-secret is required with --client-id")
            client, _ = Client.objects.get_or_create(
                id=options["client_id"], defaults={"name": "Political finance regulation"}
            )
            client.name = "Political finance regulation"
            client.type = Client.Type.CONFIDENTIAL
            client.set_secret(options["client_secret"])
            client.set_scopes(["openid", "profile", "email"])
            client.set_default_scopes(["openid", "profile", "email"])
            client.set_grant_types([Client.GrantType.AUTHORIZATION_CODE])
            client.set_response_types([Client.ResponseType.CODE])
            uris = sorted(set(client.get_redirect_uris()) | set(options["redirect_uri"]))
            client.set_redirect_uris(uris)
            client.skip_consent = True
            client.save()
            self.stdout.write(f"Client {client.id}: {len(uris)} redirect URI(s)")
        if options["demo_users"]:
            for role in ROLES:
                ensure_user(role, DEMO_PASSWORD, [role])
            self.stdout.write(f"{len(ROLES)} demo staff accounts, password {DEMO_PASSWORD}")
        for spec in options["user"]:
            try:
                username, password, roles = spec.split(":", 2)
            except ValueError as error:
                raise CommandError(f"--user wants NAME:PASSWORD:ROLE,ROLE, not {spec!r}") from error
            ensure_user(username, password, [r for r in roles.split(",") if r])
        for username in options["disable"]:
            get_user_model().objects.filter(username=username).update(is_active=False)
