"""Issue or revoke a filer token for the filing API (acting as the system actor).

    manage.py filings_token_issue --user EMAIL [--name "Accounting software"]
    manage.py filings_token_issue --user EMAIL --revoke PREFIX
    manage.py filings_token_issue --user EMAIL --list

The key is printed once, on stdout; only its hash is kept.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from regulator.audit.types import Actor
from regulator.filings.models import FilerToken
from regulator.filings.services import filer_token_issue, filer_token_revoke
from regulator.identity import selectors as identity_selectors
from regulator.identity.types import UserKind

ACTOR = "manage.py filings_token_issue"


class Command(BaseCommand):
    help = "Issue (or revoke, or list) a filer token for the filing API."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True, help="The filer's email address.")
        parser.add_argument("--name", default="Filing API", help="What the token is for.")
        parser.add_argument("--revoke", metavar="PREFIX", help="Revoke the token with this prefix.")
        parser.add_argument("--list", action="store_true", help="List the user's tokens.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = identity_selectors.user_by_email(email=options["user"])
        if user is None:
            raise CommandError(f"No user has the email address {options['user']!r}.")
        if user.kind != UserKind.FILER:
            raise CommandError("Filer tokens are for filer users only.")
        actor = Actor.system(ACTOR)
        if options["list"]:
            for token in FilerToken.objects.filter(user=user):
                state = "revoked" if token.revoked_at else "active"
                self.stdout.write(f"{token.prefix}\t{state}\t{token.name}\t{token.created_at}")
            return
        if options["revoke"]:
            found = FilerToken.objects.filter(user=user, prefix=options["revoke"]).first()
            if found is None:
                raise CommandError(f"{user.email} has no token with prefix {options['revoke']!r}.")
            if found.revoked_at is not None:
                raise CommandError(f"Token {found.prefix} was already revoked.")
            filer_token_revoke(token=found, actor=actor)
            self.stdout.write(f"Revoked token {found.prefix}.")
            return
        name = options["name"].strip()
        if not name:
            raise CommandError("Give the token a name (--name).")
        token, key = filer_token_issue(user=user, name=name[:200], actor=actor)
        self.stderr.write(f"Token {token.prefix} issued to {user.email}; the key is shown once:")
        self.stdout.write(key)
