"""Declared access for every URL, which the authorisation matrix test enforces.

Each area lists the expected access of each of its URL names in
``regulator/<area>/access.py``:

    from regulator.core.access import Access

    ACCESS = {
        "register:entity_list": Access.public(),
        "register:application_queue": Access.staff("registration-officer"),
        "filings:return_detail": Access.member(kwargs=lambda world: {"pk": make_return(world.entity_a).pk}),
        "filings:return_submit": Access.member("treasurer", "deputy-treasurer", "responsible-person", "donee",
                                               method="POST", kwargs=...),
    }

The matrix test (tests/authorisation/test_authorisation_matrix.py) enumerates every
URL pattern of the project, fails for any URL name without a declaration, and for each
declared URL requests it as: anonymous, a filer of entity A, a filer of entity B, and a
staff user of each role, asserting that those the declaration admits get through and
that everyone else is refused (a redirect to sign-in for anonymous users, 403 or 404 for
signed-in users; never a 500). ``kwargs`` receives the matrix's ``World`` (entity_a,
entity_b and the users) and returns the URL's keyword arguments for an object of
entity A. A value may also be a tuple of ``Access`` when several kinds of user are
admitted (e.g. a return's members and finance analysts): any one of them admits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

KwargsFactory = Callable[[Any], dict[str, Any]]


@dataclass(frozen=True)
class Access:
    kind: str  # "public" | "signed-in" | "staff" | "member" | "filer"
    roles: tuple[str, ...] = ()
    method: str = "GET"
    kwargs: KwargsFactory | None = field(default=None, compare=False)
    # Statuses that count as "got through" for an admitted user (a form page may answer
    # 200, a POST may redirect with 302, an API list 200).
    ok_statuses: tuple[int, ...] = (200,)

    @classmethod
    def public(cls, **options: Any) -> Access:
        """Anyone, signed in or not."""
        return cls(kind="public", **options)

    @classmethod
    def signed_in(cls, **options: Any) -> Access:
        """Any signed-in user (filer or staff), e.g. account settings."""
        return cls(kind="signed-in", **options)

    @classmethod
    def filer(cls, **options: Any) -> Access:
        """Any signed-in filer, whatever entity (e.g. their dashboard)."""
        return cls(kind="filer", **options)

    @classmethod
    def staff(cls, *roles: str, **options: Any) -> Access:
        """Staff holding one of these directory roles (platform-admin is not implied)."""
        return cls(kind="staff", roles=tuple(roles), **options)

    @classmethod
    def member(cls, *roles: str, **options: Any) -> Access:
        """A filer whose active membership of the object's entity has one of these roles
        (any role when none is given). The URL's object belongs to entity A."""
        return cls(kind="member", roles=tuple(roles), **options)


# --- The shell's and the operations endpoints' own URLs ---------------------------------
# /metrics is open on a developer's machine; production settings require the monitoring
# system's bearer token (tested in regulator/core/tests/test_operations.py).

ACCESS = {
    "healthz": Access.public(),
    "readyz": Access.public(),
    "metrics": Access.public(),
    "core:start": Access.public(),
    "core:accessibility": Access.public(),
    "core:privacy": Access.public(),
    "core:cookies": Access.public(),
    "core:api_docs": Access.public(),
}
