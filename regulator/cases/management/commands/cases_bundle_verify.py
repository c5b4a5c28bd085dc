"""manage.py cases_bundle_verify ZIP: check a referral bundle with the stand-alone
verifier (regulator/cases/bundle_verify.py, the script printed in docs/cases.md). Exit 0
and one OK line when intact; exit 1 naming the first file or event that does not match.

It reads only the ZIP: no database, no system checks, so it runs anywhere the code is."""

from __future__ import annotations

import io
from contextlib import redirect_stdout
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from regulator.cases import bundle_verify


class Command(BaseCommand):
    help = (
        "Check a case's referral bundle: files against the manifest, events against the checkpoint."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("zip")

    def handle(self, *args: Any, **options: Any) -> None:
        printed = io.StringIO()
        with redirect_stdout(printed):
            code = bundle_verify.main([options["zip"]])
        lines = printed.getvalue().splitlines()
        if code == 0:
            self.stdout.write("\n".join(lines))
            return
        for line in lines:
            self.stderr.write(line)
        first = lines[0].removeprefix("FAILED: ") if lines else "?"
        raise CommandError(
            _("The bundle is not intact: %(first)s") % {"first": first}, returncode=code
        )
