"""Declared access of every cases URL (enforced by the authorisation matrix test): the
staff pages' declarations and the public pages' (access_public)."""

from __future__ import annotations

from regulator.cases.access_public import ACCESS as PUBLIC_ACCESS
from regulator.cases.access_staff import ACCESS as STAFF_ACCESS

ACCESS = {**PUBLIC_ACCESS, **STAFF_ACCESS}
