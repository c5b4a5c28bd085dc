"""Least privilege (issue 14, finding 6): the viewer and agent memberships are read-only;
staff see a return only once it is submitted (not a draft, nor its documents); filer
sessions end after a while without a request; signed-in pages are never cached."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.test import Client

from regulator.audit.types import Actor
from regulator.filings import services
from regulator.filings.models import ReturnKind
from regulator.filings.rules.inputs import TransactionKind
from regulator.filings.tests.factories import SEATS, TEMPLATE_DONATION, filing_world
from regulator.identity.testing import signed_in_client
from regulator.identity.tests.factories import FilerFactory
from regulator.register.services import membership_grant
from regulator.register.types import MembershipRole

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
SPENDING_PERIOD = "UK Parliamentary general election 04/07/2024"


@pytest.fixture
def world() -> dict[str, Any]:
    found = filing_world()
    viewer = FilerFactory.create()
    membership_grant(
        user=viewer,
        entity=found["entity"],
        role=MembershipRole.VIEWER,
        granted_by=None,
        actor=Actor.system("tests"),
    )
    found["viewer"] = viewer
    return found


def _draft(world: dict[str, Any]) -> Any:
    filed = services.return_create(
        entity=world["entity"],
        kind=ReturnKind.QUARTERLY_CENTRAL,
        period_name="Q4 2026",
        actor=world["treasurer"],
    )
    services.transaction_add(
        version=filed.current,
        kind=TransactionKind.DONATION,
        data=TEMPLATE_DONATION,
        actor=world["treasurer"],
    )
    return filed


@pytest.mark.parametrize("role", ["viewer", "agent"])
def test_viewers_and_agents_read_but_change_nothing(world: dict[str, Any], role: str) -> None:
    filed = _draft(world)
    base = f"/filing/returns/{filed.pk}"
    client = signed_in_client(world[role])
    page = client.get(f"{base}/")
    assert page.status_code == 200
    assert page.context["can_edit"] is False
    refused = {
        "add": client.post(f"{base}/add/donations/", {"DonorName": "X"}).status_code,
        "remove": client.post(f"{base}/rows/1/remove/").status_code,
        "validate": client.post(f"{base}/check/").status_code,
        "upload": client.get(f"{base}/upload/").status_code,
    }
    assert set(refused.values()) <= {403, 404}, refused
    assert filed.current.transactions.count() == 1
    # Nor may they start a return for the entity.
    assert not world[role].has_perm("filings.create_return", world["entity"])
    assert not world[role].has_perm("filings.edit_return", filed)
    # Nor start an amendment of a queried return.
    services.version_validate(version=filed.current, actor=world["treasurer"])
    services.version_declare(version=filed.current, user=world["treasurer"])
    services.version_submit(version=filed.current, user=world["treasurer"], idempotency_key="lp")
    services.version_review_start(version=filed.current, analyst=world["analyst"])
    services.version_query(version=filed.current, analyst=world["analyst"], question="Why?")
    assert client.post(f"{base}/amend/", {"change_note": "x"}).status_code in {403, 404}
    assert filed.versions.count() == 1


def test_viewers_and_agents_cannot_remove_documents(world: dict[str, Any]) -> None:
    filed = services.return_create(
        entity=world["entity"],
        kind=ReturnKind.CAMPAIGN_SPENDING,
        period_name=SPENDING_PERIOD,
        actor=world["treasurer"],
        seats_contested=SEATS,
    )
    document = services.attachment_add(
        version=filed.current, source=PDF, file_name="invoice.pdf", actor=world["treasurer"]
    )
    url = f"/filing/returns/{filed.pk}/documents/{document.pk}/remove/"
    for role in ("viewer", "agent"):
        assert signed_in_client(world[role]).post(url).status_code in {403, 404}
    assert filed.current.attachments.count() == 1
    # They may still read it.
    download = f"/filing/returns/{filed.pk}/documents/{document.pk}/"
    assert signed_in_client(world["viewer"]).get(download).status_code == 200


def test_staff_see_a_return_only_once_it_is_submitted(world: dict[str, Any]) -> None:
    filed = services.return_create(
        entity=world["entity"],
        kind=ReturnKind.CAMPAIGN_SPENDING,
        period_name=SPENDING_PERIOD,
        actor=world["treasurer"],
        seats_contested=SEATS,
    )
    document = services.attachment_add(
        version=filed.current, source=PDF, file_name="draft.pdf", actor=world["treasurer"]
    )
    detail = f"/filing/returns/{filed.pk}/"
    download = f"/filing/returns/{filed.pk}/documents/{document.pk}/"
    for staff in ("analyst", "approver"):
        client = signed_in_client(world[staff])
        assert client.get(detail).status_code == 404
        assert client.get(f"{detail}results/").status_code == 404
        assert client.get(download).status_code == 404
        assert not world[staff].has_perm("filings.view_return", filed)


def test_staff_see_the_submitted_version_not_a_draft_amendment(world: dict[str, Any]) -> None:
    filed = _draft(world)
    services.version_validate(version=filed.current, actor=world["treasurer"])
    services.version_declare(version=filed.current, user=world["treasurer"])
    services.version_submit(version=filed.current, user=world["treasurer"], idempotency_key="s1")
    analyst = signed_in_client(world["analyst"])
    assert analyst.get(f"/filing/returns/{filed.pk}/").status_code == 200
    services.version_review_start(version=filed.current, analyst=world["analyst"])
    services.version_query(version=filed.current, analyst=world["analyst"], question="Why?")
    services.version_amend(version=filed.current, user=world["treasurer"], change_note="Fix")
    shown = analyst.get(f"/filing/returns/{filed.pk}/")
    assert shown.status_code == 200
    assert shown.context["version"].number == 1
    treasurer = signed_in_client(world["treasurer"]).get(f"/filing/returns/{filed.pk}/")
    assert treasurer.context["version"].number == 2


def test_a_filer_session_ends_after_a_while_without_a_request(
    world: dict[str, Any], settings: Any
) -> None:
    from regulator.identity.middleware import LAST_SEEN

    settings.FILER_SESSION_IDLE_SECONDS = 1800
    client = signed_in_client(world["treasurer"])
    assert client.get("/account/").status_code == 200
    session = client.session
    session[LAST_SEEN] = time.time() - 1801
    session.save()
    response = client.get("/account/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert "_auth_user_id" not in client.session
    told = client.get(response["Location"]).content.decode()
    assert "You were signed out because you had not used the service for a while" in told
    # Staff sessions keep their own rule (a working day from sign-in).
    staff = signed_in_client(world["analyst"])
    session = staff.session
    session[LAST_SEEN] = time.time() - 7200
    session.save()
    assert staff.get("/account/").status_code == 200


def test_signed_in_pages_are_never_cached(world: dict[str, Any]) -> None:
    client = signed_in_client(world["treasurer"])
    for path in ("/account/", "/filing/", "/search/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Cache-Control"] == "private, no-store", path
    # The public's pages may still be cached by the API's rules; a page says nothing.
    assert "no-store" not in Client().get("/api/v1/donations/").get("Cache-Control", "")
