"""``manage.py monitoring_harvest {meta-ads,parliament-interests,companies-house,news}``:
harvest one outside source into a new snapshot (nothing added when unchanged). Exit 0, or
1 with the reason (also recorded on the source; its last good snapshot stays)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from regulator.audit.types import Actor
from regulator.monitoring import services
from regulator.monitoring.types import SourceKind

HARVESTS: dict[str, Callable[..., services.HarvestResult]] = {
    SourceKind.META_ADS.value: services.meta_ads_harvest,
    SourceKind.PARLIAMENT.value: services.parliament_interests_harvest,
    SourceKind.COMPANIES_HOUSE.value: services.companies_house_harvest,
    SourceKind.NEWS.value: services.news_harvest,
}


def describe(result: services.HarvestResult) -> str:
    if result.snapshot is None or not result.new:
        number = result.snapshot.pk if result.snapshot else "-"
        return f"{result.kind}: unchanged since snapshot {number}; nothing added"
    return f"{result.kind}: snapshot {result.snapshot.pk}, {result.rows} rows"


class Command(BaseCommand):
    help = "Harvest an outside source (Meta ads, MPs' interests, Companies House, news)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", choices=sorted(HARVESTS))

    def handle(self, *args: Any, source: str, **options: Any) -> None:
        actor = Actor.system("manage.py monitoring_harvest")
        try:
            result = HARVESTS[source](actor=actor)
        except services.MonitoringError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(describe(result))
