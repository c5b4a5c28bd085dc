"""Demo data: each area may contribute a ``regulator/<area>/demo.py`` with

    def load(*, scale: int, stdout: TextIO) -> None          # create its demo rows
    def sign_ins() -> list[tuple[str, str, str]]             # (who, username, password)

``manage.py demo_data`` calls every ``load`` in the order of AREAS, so an area can rely on
the demo rows of the areas before it. Loading twice must not duplicate anything.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from importlib import import_module
from importlib.util import find_spec
from types import ModuleType

AREAS = (
    "core",
    "identity",
    "audit",
    "records",
    "guidance",
    "register",
    "finance",
    "filings",
    # Reporting's demo files and publishes a quarter's returns, so it runs before the
    # areas that build on published rows (bulk files, donor resolution); run after them,
    # a second load would find its donations new to them.
    "reporting",
    "disclosure",
    "donors",
    "contacts",
    "cases",
    "monitoring",
)


def demo_modules() -> Iterator[ModuleType]:
    for area in AREAS:
        name = f"regulator.{area}.demo"
        if area != "core" and find_spec(name) is not None:
            yield import_module(name)


# --- The demo's cast: who signs in, shared by every area's demo ------------------------
# Identity makes their accounts, the register their entities and memberships, filings
# their returns; each reads who is who from here rather than from another area's demo.

FILER_PASSWORD = "demo-filer-password"  # noqa: S105  (published demo sign-in)
DIRECTORY_PASSWORD = "directory-demo-password"  # noqa: S105  (published demo sign-in)


@dataclass(frozen=True)
class DemoFiler:
    email: str
    totp_secret: str  # Base32: add it to an authenticator app by hand
    entity_id: int
    entity_name: str
    entity_type: str  # the register's slug
    role: str  # the membership role's slug
    role_label: str
    full_name: str  # fictional, named like a real person


# The cast's entities are fictional (ids 900001-900003, clear of the Commission's), named
# like real ones; every other party, donee and campaigner of the demo's public side is a
# real one, from the Commission's published files (``disclosure.demo``).
PARTY_NAME = "Saltmarsh Party"
OTHER_PARTY_NAME = "Brackenfield Alliance"
CAMPAIGN_NAME = "Campaign for Clean Estuaries"
# A fictional MP (a regulated donee), so monitoring's demo can show an interest declared
# to Parliament but never reported to the Commission without saying so of a real person.
DONEE_ID = 900004
DONEE_NAME = "Morwenna Penhallow MP"
# The directory's demo staff that the demos give work to, named like real people (made
# by the identity demo before the areas' demos look them up by user name).
STAFF_NAMES = {
    "finance-analyst": "Ifeoma Clarke",
    "publication-approver": "Duncan Rennie",
    "investigator": "Lowri Pritchard",
    "case-decision-maker": "Martin Okonjo",
    "senior-decision-maker": "Elizabeth Harcourt",
}
# Fictional companies that lend to the cast (disclosure's demo loans); monitoring's demo
# checks them at its loopback Companies House, never a real company of the published data.
LENDER_COMPANIES = (
    ("Pennant Quayside Holdings Ltd", "08412775", "CF10 4QR"),
    ("Larch & Heron Capital Limited", "11873022", "EH3 9DN"),
    ("Northgate Slate Investments Ltd", "SC512904", "G2 5QY"),
)

DEMO_FILERS = (
    DemoFiler(
        "treasurer@demo-party.example",
        "JBSWY3DPEHPK3PXP",
        900001,
        PARTY_NAME,
        "political-party",
        "treasurer",
        "Treasurer",
        "Alex Penhallow",
    ),
    DemoFiler(
        "agent@demo-party.example",
        "KRSXG5CTMVRXEZLU",
        900001,
        PARTY_NAME,
        "political-party",
        "agent",
        "Agent",
        "Gareth Bowen",
    ),
    DemoFiler(
        "treasurer@other-party.example",
        "MFRGGZDFMZTWQ2LK",
        900002,
        OTHER_PARTY_NAME,
        "political-party",
        "treasurer",
        "Treasurer",
        "Priya Shah",
    ),
    DemoFiler(
        "responsible@demo-campaign.example",
        "GEZDGNBVGY3TQOJQ",
        900003,
        CAMPAIGN_NAME,
        "third-party",
        "responsible-person",
        "Responsible person",
        "Dafydd Morgan",
    ),
)
