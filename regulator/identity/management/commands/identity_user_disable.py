"""Disable an account (a leaver reported by the directory, a compromised filer account).

    manage.py identity_user_disable someone@example.org --reason "left the Commission"

Its sessions stop working at the next request. Acts as the recorded system actor."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from regulator.identity.models import User
from regulator.identity.services import system_actor, user_disable


class Command(BaseCommand):
    help = "Disable a user account by email address; its sessions end at once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--reason", default="")

    def handle(self, *args: Any, email: str, reason: str, **options: Any) -> None:
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No account uses the email address {email!r}.")
        user_disable(user=user, actor=system_actor("identity_user_disable"), reason=reason)
        self.stdout.write(f"Disabled {user.email}.")
