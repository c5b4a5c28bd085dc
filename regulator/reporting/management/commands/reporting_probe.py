"""The availability probe (a periodic job, every minute): ask the readiness endpoint,
sample the request-latency histogram from /metrics, store both.

    manage.py reporting_probe                      # once (cron: * * * * *)
    manage.py reporting_probe --url https://…/readyz --metrics-url https://…/metrics
    manage.py reporting_probe --every 60 --count 0 # a loop, for the demo"""

from __future__ import annotations

import os
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from regulator.reporting import services


class Command(BaseCommand):
    help = "Probe /readyz and sample /metrics once (or every N seconds), storing each result."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", default=None, help="readiness URL (REPORTING_PROBE_URL)")
        parser.add_argument(
            "--metrics-url", default=None, help="metrics URL (REPORTING_METRICS_URL); '' for none"
        )
        parser.add_argument("--every", type=float, default=0, help="seconds between probes")
        parser.add_argument("--count", type=int, default=1, help="probes to make (0: forever)")

    def handle(self, *args: Any, **options: Any) -> None:
        url = options["url"] or getattr(
            settings, "REPORTING_PROBE_URL", "http://127.0.0.1:8000/readyz"
        )
        metrics_url = (
            getattr(settings, "REPORTING_METRICS_URL", "http://127.0.0.1:8000/metrics")
            if options["metrics_url"] is None
            else options["metrics_url"]
        )
        made = 0
        while True:
            result = services.probe_run(
                readiness_url=url,
                metrics_url=metrics_url,
                timeout=getattr(settings, "REPORTING_PROBE_TIMEOUT_SECONDS", 10.0),
                token=os.environ.get("METRICS_TOKEN", ""),
            )
            state = "up" if result.ok else f"down ({result.cause})"
            self.stdout.write(f"{result.at:%Y-%m-%d %H:%M:%S} {url}: {state}")
            made += 1
            if options["count"] and made >= options["count"]:
                return
            time.sleep(max(options["every"], 1))
