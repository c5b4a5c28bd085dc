"""Claims of the development directory: the standard ones plus ``roles``, the names of
the user's groups (as Microsoft Entra ID sends app roles)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from allauth.idp.oidc.adapter import DefaultOIDCAdapter


class DirectoryOIDCAdapter(DefaultOIDCAdapter):
    def get_claims(
        self,
        purpose: Literal["id_token", "userinfo"],
        user: Any,
        client: Any,
        scopes: Iterable[str],
        email: str | None = None,
        **kwargs: Any,
    ) -> dict[str, Any]:
        scopes = list(scopes)
        claims = super().get_claims(purpose, user, client, scopes, email=email, **kwargs)
        if "email" in scopes and user.email and "email" not in claims:
            claims["email"] = user.email
            claims["email_verified"] = True
        claims["roles"] = sorted(user.groups.values_list("name", flat=True))
        return claims
