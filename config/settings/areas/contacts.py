"""Settings that belong to the contacts area, applied by config.settings.base."""

from __future__ import annotations

import os
from typing import Any


def apply(settings: dict[str, Any]) -> None:
    settings["INSTALLED_APPS"] = [*settings["INSTALLED_APPS"], "regulator.contacts"]
    # Targets for advice and general enquiries, in working days (no statute sets them).
    settings["CONTACTS_ADVICE_FINANCIAL_TARGET_DAYS"] = int(
        os.environ.get("CONTACTS_ADVICE_FINANCIAL_TARGET_DAYS", "10")
    )
    settings["CONTACTS_ADVICE_REGISTRATION_TARGET_DAYS"] = int(
        os.environ.get("CONTACTS_ADVICE_REGISTRATION_TARGET_DAYS", "10")
    )
    settings["CONTACTS_GENERAL_TARGET_DAYS"] = int(
        os.environ.get("CONTACTS_GENERAL_TARGET_DAYS", "15")
    )
    # Reminders go to the assignee (or the team) this many working days before the due date.
    settings["CONTACTS_REMIND_WORKING_DAYS"] = int(
        os.environ.get("CONTACTS_REMIND_WORKING_DAYS", "3")
    )
    # The public contact form: submissions per address per hour.
    settings["CONTACTS_FORM_RATE"] = os.environ.get("CONTACTS_FORM_RATE", "5/hour")
    # The team whose queue takes enquiries nobody routed.
    settings["CONTACTS_DEFAULT_TEAM"] = os.environ.get("CONTACTS_DEFAULT_TEAM", "enquiries")
    # The shared mailbox, read over IMAP by `manage.py contacts_mailbox_poll` (every minute).
    settings["CONTACTS_IMAP_HOST"] = os.environ.get("CONTACTS_IMAP_HOST", "127.0.0.1")
    settings["CONTACTS_IMAP_PORT"] = int(os.environ.get("CONTACTS_IMAP_PORT", "993"))
    settings["CONTACTS_IMAP_USER"] = os.environ.get("CONTACTS_IMAP_USER", "")
    settings["CONTACTS_IMAP_PASSWORD"] = os.environ.get("CONTACTS_IMAP_PASSWORD", "")
    settings["CONTACTS_IMAP_SSL"] = os.environ.get("CONTACTS_IMAP_SSL", "true").lower() == "true"
    settings["CONTACTS_IMAP_FOLDER"] = os.environ.get("CONTACTS_IMAP_FOLDER", "INBOX")
    # A contact with no interaction for this many days (and no open enquiry) becomes
    # inactive: the retention clock of their correspondence's files starts.
    settings["CONTACTS_INACTIVE_AFTER_DAYS"] = int(
        os.environ.get("CONTACTS_INACTIVE_AFTER_DAYS", "730")
    )
