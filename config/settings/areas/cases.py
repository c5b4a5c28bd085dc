"""Settings that belong to the cases area, applied by config.settings.base."""

from __future__ import annotations

import os
from typing import Any


def apply(settings: dict[str, Any]) -> None:
    settings["INSTALLED_APPS"] = [*settings["INSTALLED_APPS"], "regulator.cases"]
    # The public allegation form: submissions per address per hour.
    settings["CASES_ALLEGATION_RATE"] = os.environ.get("CASES_ALLEGATION_RATE", "5/hour")
    # The variable monetary penalty's cap per offence, in pounds (SI 2010/2860; may rise).
    settings["CASES_VARIABLE_PENALTY_MAX"] = int(
        os.environ.get("CASES_VARIABLE_PENALTY_MAX", "20000")
    )
    # The independent review of an investigation is due this many months after it opened.
    settings["CASES_REVIEW_AFTER_MONTHS"] = int(os.environ.get("CASES_REVIEW_AFTER_MONTHS", "11"))
    # Reminders go to the case team this many working days before a task is due.
    settings["CASES_REMIND_WORKING_DAYS"] = int(os.environ.get("CASES_REMIND_WORKING_DAYS", "3"))
