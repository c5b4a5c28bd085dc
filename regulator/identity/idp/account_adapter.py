from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter


class ClosedSignupAdapter(DefaultAccountAdapter):
    """Directory accounts come from ``identity_idp_setup`` only."""

    def is_open_for_signup(self, request: Any) -> bool:
        return False
