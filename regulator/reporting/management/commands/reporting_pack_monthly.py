"""The monthly pack (a periodic job; safe to run as often as wanted): publish last
month's pack if it has none yet, and email performance viewers a link to it through
GOV.UK Notify (each viewer once a month; no attachment)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.urls import reverse

from regulator.audit.types import Actor
from regulator.core import clock
from regulator.identity import selectors as identity_selectors
from regulator.identity.types import StaffRole
from regulator.reporting import selectors, services
from regulator.reporting.periods import PeriodError, period_containing, period_parse

ACTOR = Actor.system("manage.py reporting_pack_monthly")


class Command(BaseCommand):
    help = "Publish last month's performance pack if needed and email its link to viewers."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", help="a month such as 2025-04 (default: last month)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            period = (
                period_parse(options["period"])
                if options["period"]
                else period_containing("month", clock.local_today()).previous()
            )
        except PeriodError as exc:
            self.stderr.write(str(exc))
            raise SystemExit(2) from exc
        pack = selectors.packs_of(period).first()
        if pack is None:
            pack = services.pack_publish(period=period, actor=ACTOR)
            self.stdout.write(f"published {period.code} edition {pack.edition}")
        link = getattr(settings, "REPORTING_SITE_URL", "http://127.0.0.1:8000").rstrip(
            "/"
        ) + reverse("reporting:pack_detail", kwargs={"pack_id": pack.pk})
        recipients = [
            user.email
            for user in identity_selectors.staff_with_role(role=StaffRole.PERFORMANCE_VIEWER)
            if user.email
        ]
        sent = services.pack_email_send(
            period=period, recipients=recipients, link=link, actor=ACTOR
        )
        self.stdout.write(f"emailed {len(sent)} performance viewer(s) a link to {link}")
