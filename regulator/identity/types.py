"""The identity area's public types: staff roles, kinds of user, and the hook through
which higher areas add sections to a user's account page."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from regulator.core.hooks import Hook


class StaffRole(models.TextChoices):
    REGISTRATION_OFFICER = "registration-officer", _("Registration officer")
    FINANCE_ANALYST = "finance-analyst", _("Finance analyst")
    PUBLICATION_APPROVER = "publication-approver", _("Publication approver")
    INVESTIGATOR = "investigator", _("Investigator")
    CASE_DECISION_MAKER = "case-decision-maker", _("Case decision maker")
    CONTACTS_MANAGER = "contacts-manager", _("Contacts manager")
    RECORDS_MANAGER = "records-manager", _("Records manager")
    PERFORMANCE_VIEWER = "performance-viewer", _("Performance viewer")
    PLATFORM_ADMIN = "platform-admin", _("Platform administrator")


class UserKind(models.TextChoices):
    STAFF = "staff", _("Staff")
    FILER = "filer", _("Filer")
    API_CLIENT = "api-client", _("API client")


@dataclass(frozen=True)
class AccountSection:
    """A part of the account page that another area owns (e.g. the register's "Who you
    act for"): a template and its context, placed in ``order``."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


# Called with the signed-in user; each subscriber returns an AccountSection or None.
ACCOUNT_SECTIONS: Hook[Any] = Hook("identity.account_sections")


@dataclass(frozen=True)
class StaffWork:
    """One piece of a staff role's work on the staff home page, owned by another area: a
    queue or a page (``url``), how many items wait in it (``count``, None when it is not
    a queue) and a line about the most pressing one (``detail``, e.g. the oldest)."""

    role: str
    title: str
    url: str
    description: str = ""
    count: int | None = None
    detail: str = ""
    order: int = 100


# Called with the signed-in staff user's roles (a frozenset of role names); each
# subscriber returns a list of StaffWork for those of the roles its area serves.
STAFF_WORK: Hook[frozenset[str]] = Hook("identity.staff_work")
