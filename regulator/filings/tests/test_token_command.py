"""filings_token_issue: a filer's token for the filing API, issued once and revocable."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from regulator.audit.models import AuditEvent
from regulator.filings.models import FilerToken
from regulator.filings.services import filer_token_check
from regulator.identity.tests.factories import FilerFactory, StaffFactory

pytestmark = pytest.mark.django_db


def _call(*args: str) -> str:
    out = StringIO()
    call_command("filings_token_issue", *args, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def test_issue_list_and_revoke() -> None:
    filer: Any = FilerFactory()
    key = _call("--user", filer.email.upper(), "--name", "Ledger")
    token = filer_token_check(key)
    assert token is not None
    assert token.user == filer
    assert token.is_active
    assert token.key_hash != key
    assert key not in token.key_hash
    assert f"{token.prefix}\tactive\tLedger" in _call("--user", filer.email, "--list")
    assert "Revoked" in _call("--user", filer.email, "--revoke", token.prefix)
    token.refresh_from_db()
    assert not token.is_active
    assert AuditEvent.objects.filter(action="filings.filer_token_issued").count() == 1
    assert AuditEvent.objects.filter(action="filings.filer_token_revoked").count() == 1
    with pytest.raises(CommandError, match="already revoked"):
        _call("--user", filer.email, "--revoke", token.prefix)


def test_refuses_unknown_and_staff_users() -> None:
    with pytest.raises(CommandError, match="No user"):
        _call("--user", "nobody@example.org")
    staff: Any = StaffFactory()
    with pytest.raises(CommandError, match="filer users only"):
        _call("--user", staff.email)
    other: Any = FilerFactory()
    with pytest.raises(CommandError, match="no token"):
        _call("--user", other.email, "--revoke", "deadbeef")
    assert FilerToken.objects.count() == 0
