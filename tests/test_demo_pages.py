"""The demo as people meet it: load it once (`manage.py demo_data`, what `make demo`
runs), then walk the public side and every demo role's staff pages and the filer's
returns with the Django test client, and read every table cell and every definition
(`<td>`, `<th>`, `<dd>`): none may say "None" (a template printing a missing value as
Python's None). The walk starts at the pages people start from (the start page, the
search of each kind, a real party's page, a donor's page, the register, the API docs,
each role's staff home, the analyst's queue, a return) and follows their links one step.
"""

from __future__ import annotations

from collections.abc import Iterable
from html.parser import HTMLParser
from io import StringIO
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.test import Client

from regulator.audit.types import Actor
from regulator.filings.tests.factories import figures_ensure

pytestmark = pytest.mark.django_db(transaction=True)

CELLS = {"td", "th", "dd"}
# Not pages: files, feeds, sign-out and the API's machine endpoints.
SKIP_SUFFIXES = (".csv", ".parquet", ".zip", ".pdf", ".atom", ".ics", ".json", ".png", ".svg")
SKIP_PARTS = ("/logout", "/sign-out", "/accounts/", "/api/v1/", "/static/", "/media/", "/admin/")
LINKS_PER_START = 40


class Cells(HTMLParser):
    """The text of every table cell and definition, and every link, of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[str] = []
        self.links: list[str] = []
        self._open: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in CELLS:
            self._open.append([])
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag in CELLS and self._open:
            self.cells.append(" ".join("".join(self._open.pop()).split()))

    def handle_data(self, data: str) -> None:
        for parts in self._open:
            parts.append(data)


def _is_page(href: str) -> bool:
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return False
    return not parts.path.endswith(SKIP_SUFFIXES) and not any(
        part in parts.path for part in SKIP_PARTS
    )


def _walk(client: Any, starts: Iterable[str], seen: set[str], found: list[str]) -> int:
    """Fetch each start page (which must answer with a page) and the pages it links to
    (one step); record every "None" cell. Returns how many pages were read."""
    read = 0

    def read_page(url: str, *, start: bool = False) -> list[str]:
        nonlocal read
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            if start:  # a page the walk starts from must be there for the person
                found.append(f"{url}: answered {response.status_code}")
            return []
        read += 1
        page = Cells()
        page.feed(response.content.decode())
        found.extend(f"{url}: {cell!r}" for cell in page.cells if cell == "None")
        return page.links

    for start in starts:
        if start in seen:
            continue
        seen.add(start)
        links = [link for link in read_page(start, start=True) if _is_page(link)]
        for link in list(dict.fromkeys(links))[:LINKS_PER_START]:
            if link not in seen:
                seen.add(link)
                read_page(link)
    return read


@pytest.fixture
def demo(settings: Any, tmp_path: Any) -> None:
    # The statutory figures the migrations load (an earlier transactional test flushed them).
    figures_ensure()
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DISCLOSURE_BULK_DIR = str(tmp_path / "bulk")
    settings.VAR_DIR = tmp_path
    # Its own folder for the records demo's transfer bag (another demo load in this
    # process has written TDR-000001 to the test settings' folder).
    settings.RECORDS_TRANSFER_DIR = str(tmp_path / "transfers")
    settings.NOTIFY_BACKEND = "memory"
    call_command("demo_data", stdout=StringIO())


def test_no_page_of_the_demo_shows_none_in_a_table_or_a_definition(demo: None) -> None:
    from regulator.core.demo import DEMO_FILERS
    from regulator.donors.models import Donor
    from regulator.filings.models import FiledReturn
    from regulator.finance.models import Donation
    from regulator.identity import services as identity_services
    from regulator.identity.models import User
    from regulator.identity.testing import signed_in_client
    from regulator.identity.types import StaffRole
    from regulator.register.models import RegulatedEntity

    # The public side holds the Commission's real published data: a real party given
    # donations in it, and the resolved donor with the most records.
    given = Donation.objects.filter(entity_id__lt=900_000).values_list("entity_id", flat=True)
    party = RegulatedEntity.objects.filter(pk__in=given, entity_type="political-party").first()
    assert party is not None
    donor = Donor.objects.filter(active=True).order_by("-record_count", "donor_id").first()
    assert donor is not None

    found: list[str] = []
    seen: set[str] = set()
    public = [
        "/",
        "/search/",
        "/search/loans/",
        "/search/spending/",
        f"/search/?q={party.name.split()[0]}",
        f"/search/entities/{party.pk}/",
        "/register/",
        f"/register/entities/{party.pk}/",
        "/donors/",
        f"/donors/{donor.donor_id}/",
        "/api/v1/docs/",
        "/cy/search/",
        f"/cy/search/entities/{party.pk}/",
    ]
    read = _walk(Client(), public, seen, found)

    actor = Actor.system("test")
    for role in StaffRole:
        user = identity_services.staff_user_with_role(username=str(role), role=role, actor=actor)
        client = signed_in_client(user)
        starts = ["/staff/"]
        if role == StaffRole.FINANCE_ANALYST:
            starts += ["/filing/review/", "/donors/review/", "/monitoring/sources/"]
            returns = FiledReturn.objects.filter(entity_id=DEMO_FILERS[0].entity_id)
            # Staff see a return once it is submitted; drafts are the filer's alone.
            submitted = [f for f in returns if f.current.status not in ("draft", "validated")]
            assert submitted
            starts += [f"/filing/returns/{filed.pk}/" for filed in submitted]
        read += _walk(client, starts, set(), found)

    treasurer = User.objects.get(email=DEMO_FILERS[0].email)
    filer = signed_in_client(treasurer)
    returns = FiledReturn.objects.filter(entity_id=DEMO_FILERS[0].entity_id)
    starts = ["/filing/", "/account/", *(f"/filing/returns/{filed.pk}/" for filed in returns)]
    read += _walk(filer, starts, set(), found)

    assert read > 150, read
    assert found == [], "\n".join(sorted(set(found)))
