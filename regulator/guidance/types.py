"""Public types of the guidance area: audiences, topics, kinds of block, the states of a
version, and the hooks through which higher areas give guidance what it cannot import.

Why hooks for figures and deadlines: the statutory figures (``filings.StatutoryFigure``)
and the deadline rules (``filings/rules/deadlines.py``) live in ``filings``, which sits
above ``guidance`` in the layers (filings' rules link to guidance sections, so guidance
must not import filings). Guidance still has to render "the figure in force" and drive
its step-by-step answers from the dated figures, never from copied numbers. So guidance
declares what it needs here, as hooks, and ``filings`` fills them in its
``AppConfig.ready()``: a figure provider answers ``FigureRequest`` with the ``Figure`` in
force on a date, a history provider gives every dated value of a code, and a deadline
calculator answers ``DeadlineRequest`` with a due date. Nothing here knows where the
figures come from; a test of guidance can subscribe its own provider.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from regulator.core.hooks import Hook


class Audience(models.TextChoices):
    PARTIES = "parties", _("Parties and their accounting units")
    NON_PARTY_CAMPAIGNERS = "non-party-campaigners", _("Non-party campaigners")
    CANDIDATES = "candidates", _("Candidates and agents")
    REGULATED_DONEES = "regulated-donees", _("Regulated donees")
    ELECTORAL_ADMINISTRATORS = "electoral-administrators", _("Electoral administrators")


class Topic(models.TextChoices):
    DONATIONS = "donations", _("Donations")
    LOANS = "loans", _("Loans")
    SPENDING = "spending", _("Campaign spending")
    REPORTING = "reporting", _("Reporting and deadlines")
    REGISTRATION = "registration", _("Registration and notification")
    ACCOUNTS = "accounts", _("Statements of accounts")


class BlockKind(models.TextChoices):
    HEADING = "heading", _("Section heading")
    PARAGRAPH = "paragraph", _("Paragraph")
    STEP = "step", _("Step")
    EXAMPLE = "example", _("Example")
    TABLE = "table", _("Table")
    MUST = "must", _("Legal requirement (must)")
    SHOULD = "should", _("Good practice (should)")
    WARNING = "warning", _("Warning")
    FIGURE = "figure", _("Statutory figure")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in-review", _("Waiting for review")
    SCHEDULED = "scheduled", _("Approved and scheduled")
    PUBLISHED = "published", pgettext_lazy("guidance version", "Published")


class WelshStatus(models.TextChoices):
    """Whether the Welsh text is published with the English (the rule), or when it will
    be: a Welsh page never shows English silently."""

    READY = "ready", _("Welsh published with the English")
    PENDING = "pending", _("Welsh to follow")


# --- Figures and deadlines from the areas that own them (filled by filings) ----------


@dataclass(frozen=True)
class Figure:
    """A statutory figure as it stood on a date."""

    code: str
    value: Decimal
    effective_from: dt.date
    effective_to: dt.date | None
    source: str
    verified: bool = True


@dataclass(frozen=True)
class FigureRequest:
    code: str
    on: dt.date


class DeadlineKind(models.TextChoices):
    QUARTERLY = "quarterly", _("Quarterly donations and loans report")
    PRE_POLL = "pre-poll", _("Weekly pre-poll report")
    SPENDING = "spending", _("Campaign spending return")
    DONEE = "donee", _("Regulated donee's report")
    ACCOUNTS = "accounts", _("Statement of accounts")


@dataclass(frozen=True)
class DeadlineRequest:
    """What a deadline calculator needs: the kind of report, the date its period ends
    (for spending, polling day; for a donee, the date the gift was accepted), and the
    facts that change the answer (spending's total, an audited statement of accounts)."""

    kind: str
    period_end: dt.date
    period_start: dt.date | None = None
    total_spending: Decimal | None = None
    audited: bool = False


# A provider answers with the Figure in force, or None when it does not know the code.
FIGURE_PROVIDERS: Hook[FigureRequest] = Hook("guidance.figure_providers")
# A history provider answers a code (in a FigureRequest; ``on`` is ignored) with every
# dated Figure it holds, oldest first, or None.
FIGURE_HISTORY_PROVIDERS: Hook[FigureRequest] = Hook("guidance.figure_history_providers")
# A deadline calculator answers with the due date, or None when it cannot say.
DEADLINE_CALCULATORS: Hook[DeadlineRequest] = Hook("guidance.deadline_calculators")


# --- What guidance tells others -------------------------------------------------------


@dataclass(frozen=True)
class SectionRef:
    """A permanent address of a section: the document's slug and the section's anchor,
    written ``"slug#anchor"`` (what the rules catalogue and contacts' advice hold)."""

    document: str
    anchor: str

    @classmethod
    def parse(cls, text: str) -> SectionRef:
        document, _sep, anchor = text.partition("#")
        if not document or not anchor:
            raise ValueError(f"A section reference is 'document#anchor', not {text!r}.")
        return cls(document=document, anchor=anchor)

    def __str__(self) -> str:
        return f"{self.document}#{self.anchor}"


@dataclass(frozen=True)
class GuidanceChange:
    """A version of a document was published (fired after commit)."""

    document: str
    title: str
    version: int
    audiences: tuple[str, ...]
    change_note: str
    published_at: dt.datetime
    welsh_ready: bool = True
    extra: dict[str, str] = field(default_factory=dict)


# Fired after a guidance version is published (disclosure's subscriptions send the
# digest of guidance changes per audience).
GUIDANCE_PUBLISHED: Hook[GuidanceChange] = Hook("guidance.published")
