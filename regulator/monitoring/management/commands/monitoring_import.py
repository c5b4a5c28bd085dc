"""``manage.py monitoring_import google-ads PATH``: import a harvested file (the Google
political ads bundle zip or one of its CSVs; ``meta-ads-report``: Meta's Ad Library
report CSV); then match its UK advertisers to the register. Exit 0, or 1 naming the row and column of the first unreadable value."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from regulator.audit.types import Actor
from regulator.monitoring import services
from regulator.monitoring.types import SourceKind

META_REPORT = "meta-ads-report"


class Command(BaseCommand):
    help = "Import a harvested file of an outside source."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", choices=[SourceKind.GOOGLE_ADS.value, META_REPORT])
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, source: str, path: Path, **options: Any) -> None:
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        actor = Actor.system("manage.py monitoring_import")
        if source == META_REPORT:
            try:
                report = services.meta_ads_report_import(path=path, actor=actor)
            except services.MonitoringError as exc:
                raise CommandError(exc.message) from exc
            self.stdout.write(
                f"{path.name}: {report.rows} Meta pages"
                if report.new
                else f"{path.name}: unchanged"
            )
            return
        try:
            result = services.google_ads_import(path=path, actor=actor)
        except services.UnreadableError as exc:
            raise CommandError(exc.message) from exc
        if not result.new:
            self.stdout.write(
                f"{path.name}: unchanged since snapshot {result.snapshot.pk}; nothing added"
            )
            return
        matched = services.matches_refresh_advertisers(platform=source)
        self.stdout.write(
            f"{path.name}: {result.advertisers} UK advertisers, {result.ads} UK ads "
            f"({result.rows_per_second:,.0f} rows/s); {matched} advertisers matched"
        )
