"""``manage.py monitoring_matches --source google-ads --format json``: every UK advertiser
with its spend and the regulated entity it is matched to (after matching against the
register as it stands)."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from regulator.monitoring import selectors, services
from regulator.monitoring.types import SourceKind


class Command(BaseCommand):
    help = "List UK advertisers and their matches to the register."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--source", choices=[SourceKind.GOOGLE_ADS.value], default="google-ads")
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args: Any, source: str, format: str, **options: Any) -> None:
        services.matches_refresh_advertisers(platform=source)
        rows = selectors.advertiser_matches(platform=source)
        if format == "json":
            self.stdout.write(json.dumps([asdict(row) for row in rows], indent=2))
            return
        for row in rows:
            self.stdout.write(
                f"{row.advertiser_id}  {row.advertiser_name[:40]:40}  "
                f"£{row.spend_gbp_min:>12,.2f}  {row.regulated_entity_id or '-':>8}  {row.confidence:.2f}"
            )
