"""``manage.py monitoring_harvest_all``: the periodic job. Harvests each configured source
(Meta with an access token, Companies House with a key, news with feeds; MPs' interests
always) whose last attempt is older than ``MONITORING_HARVEST_EVERY_HOURS``. Exit 1 if
any harvest failed (each failure is recorded on its source), after trying the others."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from regulator.audit.types import Actor
from regulator.core import clock
from regulator.monitoring import services
from regulator.monitoring.management.commands.monitoring_harvest import HARVESTS, describe
from regulator.monitoring.types import SourceKind


def configured(kind: str) -> bool:
    if kind == SourceKind.META_ADS:
        return bool(getattr(settings, "META_ACCESS_TOKEN", ""))
    if kind == SourceKind.COMPANIES_HOUSE:
        return bool(getattr(settings, "COMPANIES_HOUSE_API_KEY", ""))
    if kind == SourceKind.NEWS:
        return bool(getattr(settings, "MONITORING_NEWS_FEEDS", []))
    return bool(getattr(settings, "MONITORING_PARLIAMENT_URL", ""))


def due(kind: str, now: dt.datetime, every: dt.timedelta) -> bool:
    source = services.source_get(kind)
    attempts = [t for t in (source.last_success_at, source.last_failure_at) if t is not None]
    return not attempts or now - max(attempts) >= every


class Command(BaseCommand):
    help = "Harvest every configured outside source that is due."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="harvest even if not due")

    def handle(self, *args: Any, force: bool = False, **options: Any) -> None:
        actor = Actor.system("manage.py monitoring_harvest_all")
        every = dt.timedelta(hours=getattr(settings, "MONITORING_HARVEST_EVERY_HOURS", 24))
        failed: list[str] = []
        for kind, run in HARVESTS.items():
            if not configured(kind):
                self.stdout.write(f"{kind}: not configured; skipped")
                continue
            if not force and not due(kind, clock.now(), every):
                continue
            try:
                self.stdout.write(describe(run(actor=actor)))
            except services.MonitoringError as exc:
                self.stderr.write(exc.message)
                failed.append(kind)
        if failed:
            raise CommandError(f"harvest failed: {', '.join(failed)}")
