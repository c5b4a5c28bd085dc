"""Daily: raise the independent-review task of every investigation open 11 months, then
remind each case team of the tasks due within CASES_REMIND_WORKING_DAYS working days
(representations ending, payments due, replies to notices, reviews), once each."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from regulator.cases import services


class Command(BaseCommand):
    help = "Raise review tasks and remind case teams of what falls due."

    def handle(self, *args: Any, **options: Any) -> None:
        raised = services.tasks_raise()
        reminded = services.tasks_remind()
        self.stdout.write(f"{len(raised)} review task(s) raised; {len(reminded)} reminder(s) sent")
