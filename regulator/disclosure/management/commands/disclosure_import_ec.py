"""Import the Commission's published CSV exports (history) into the published data."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from regulator.audit.types import Actor
from regulator.finance.services import ImportSummary, ec_file_import, tables_analyse


def _count_lines(path: str) -> int | None:
    try:
        with open(path, "rb") as handle:
            return max(
                sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b"")) - 1, 0
            )
    except OSError:
        return None


class Command(BaseCommand):
    help = (
        "Import the Commission's donations, loans or spending CSV exports. Idempotent on "
        "ECRef. Any unreadable row rejects the whole file unless --skip-bad-rows."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=["donations", "loans", "spending"])
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument(
            "--skip-bad-rows",
            action="store_true",
            help="Import the readable rows of a file and report the others, instead of rejecting it.",
        )
        parser.add_argument("--no-progress", action="store_true", help="Hide the progress bar.")

    def handle(self, *args: Any, kind: str, paths: list[str], **options: Any) -> None:
        actor = Actor.system("manage.py disclosure_import_ec")
        failed = False
        created = 0
        for path in paths:
            with tqdm(  # type: ignore[call-overload]  # types-tqdm lacks the file= overload with disable=
                total=_count_lines(path),
                desc=path.rsplit("/", 1)[-1],
                unit=" rows",
                file=self.stderr._out,
                disable=options["no_progress"],
                leave=False,
            ) as bar:
                summary = ec_file_import(
                    kind=kind,
                    path=path,
                    actor=actor,
                    skip_bad_rows=options["skip_bad_rows"],
                    progress=bar.update,
                )
            self.report(summary)
            failed = failed or not summary.ok
            created += summary.created + summary.updated
        if created:
            # Donor resolution follows (the import announces the change; donors listen).
            tables_analyse(kind)
        if failed:
            raise SystemExit(1)

    def report(self, summary: ImportSummary) -> None:
        if not summary.ok:
            self.stderr.write(self.style.ERROR(f"{summary.path}: rejected: {summary.error}"))
            for problem in summary.problems[:200]:
                self.stderr.write(f"  {problem}")
            if len(summary.problems) > 200:
                self.stderr.write(f"  ... and {len(summary.problems) - 200} more")
            return
        self.stdout.write(
            f"{summary.path}: read {summary.read}, created {summary.created}, "
            f"updated {summary.updated}, unchanged {summary.unchanged}, "
            f"duplicates {summary.duplicates}, rejected {summary.rejected}, "
            f"unknown values {sum(summary.unknown_values.values())}"
        )
        for (column, value), count in sorted(summary.unknown_values.items()):
            self.stdout.write(f"  unknown value in {column}: {value!r} ({count} rows)")
        for problem in summary.problems[:200]:
            self.stdout.write(f"  skipped {problem}")
