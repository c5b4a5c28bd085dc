"""manage.py cases_bundle REFERENCE OUT_DIR: write the case's referral bundle as
OUT_DIR/REFERENCE.zip and print its path (docs/cases.md, "Referral bundle").

Reading the evidence is a team member's act, logged on each item's custody: the bundle
is built as ``--as USERNAME`` (a member of the case team), by default the case's
investigator, and the custody lines and audit events name that person."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from regulator.cases import selectors, services
from regulator.cases.services.bundle import REFERRAL, REFERRAL_PURPOSE, SANCTION


class Command(BaseCommand):
    help = "Write a case's referral bundle (ZIP with manifest and audit proof) to OUT_DIR."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("reference")
        parser.add_argument("out_dir", type=Path)
        parser.add_argument("--kind", choices=[REFERRAL, SANCTION], default=REFERRAL)
        parser.add_argument("--as", dest="username", default="")
        parser.add_argument("--purpose", default=REFERRAL_PURPOSE)

    def handle(self, *args: Any, **options: Any) -> None:
        case = selectors.case_get(reference=options["reference"])
        if case is None:
            raise CommandError(
                _("There is no case %(reference)s (manage.py cases_list lists them).")
                % {"reference": options["reference"]}
            )
        actor = self._actor(case, options["username"])
        try:
            path = services.bundle_build(
                case=case,
                actor=actor,
                out_dir=options["out_dir"],
                purpose=options["purpose"],
                kind=options["kind"],
            )
        except services.CasesError as error:
            raise CommandError(error.message) from None
        self.stdout.write(str(path))

    def _actor(self, case: Any, username: str) -> Any:
        if not username:
            if case.investigator is None:
                raise CommandError(
                    _("Case %(reference)s has no investigator yet: name a team member with --as.")
                    % {"reference": case.reference}
                )
            return case.investigator
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("There is no user %(name)s.") % {"name": username})
        return user
