"""Filer tokens for the filing API (``Authorization: Filer-Token <key>``): issued to one
filer user, the API acts as that user. Only a hash is kept; the key is shown once."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from typing import Any

from django.db import transaction

from regulator.audit.services import audit_record
from regulator.core import clock
from regulator.filings.models import FilerToken
from regulator.identity.types import UserKind

SCHEME = "filer-token "


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def filer_token_issue(*, user: Any, name: str, actor: Any) -> tuple[FilerToken, str]:
    """A new token for a filer user; returns it and the key (shown once)."""
    if getattr(user, "kind", None) != UserKind.FILER:
        raise ValueError("Filer tokens are for filer users only")
    prefix = secrets.token_hex(4)
    key = f"ft_{prefix}_{secrets.token_urlsafe(32)}"
    token = FilerToken.objects.create(
        user=user, name=name, prefix=prefix, key_hash=_hash(key), created_at=clock.now()
    )
    audit_record(
        actor=actor,
        action="filings.filer_token_issued",
        subject=token,
        payload={"user": user.pk, "prefix": prefix, "name": name},
    )
    return token, key


@transaction.atomic
def filer_token_revoke(*, token: FilerToken, actor: Any) -> None:
    FilerToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=clock.now())
    audit_record(
        actor=actor,
        action="filings.filer_token_revoked",
        subject=token,
        payload={"prefix": token.prefix},
    )


def filer_token_check(key: str) -> FilerToken | None:
    parts = key.split("_")
    if len(parts) < 3 or parts[0] != "ft":
        return None
    token = FilerToken.objects.select_related("user").filter(prefix=parts[1]).first()
    if token is None or not hmac.compare_digest(token.key_hash, _hash(key)):
        return None
    return token


def filer_token_used(*, token: FilerToken, now: dt.datetime) -> None:
    """Note the token's use (at most once a minute: a busy client must not write on
    every request)."""
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        FilerToken.objects.filter(pk=token.pk).update(last_used_at=now)
