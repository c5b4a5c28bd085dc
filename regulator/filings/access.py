"""Declared access of every filings URL (enforced by the authorisation matrix test).
Each object factory makes a fresh return of entity A in the state the URL needs."""

from __future__ import annotations

from typing import Any

from regulator.core.access import Access

MEMBER_ROLES = ()  # any active membership
DECLARING = ("treasurer", "deputy-treasurer", "responsible-person", "donee")
# Those who prepare returns; the viewer and agent memberships are read-only.
WRITING = (*DECLARING, "campaigns-officer")
ANALYST = "finance-analyst"
APPROVER = "publication-approver"
_REDIRECT = (302,)


def _free_period(entity: Any, kind: str) -> str:
    """A period the entity has no return of this kind for yet (one return per period):
    the matrix makes a return for every row it checks."""
    from regulator.filings.models import FiledReturn

    taken = FiledReturn.objects.filter(entity=entity, kind=kind).count()
    if kind == "campaign-spending":
        return f"UK Parliamentary general election 04/07/{2024 - taken}"
    if kind == "accounts":
        return f"Accounts {2025 - taken}"
    quarter = 3 + taken  # Q4 2026, then the quarters after it
    return f"Q{quarter % 4 + 1} {2026 + quarter // 4}"


def _version(world: Any, status: str = "draft") -> Any:
    from regulator.core import clock
    from regulator.filings import services
    from regulator.filings.models import ReturnVersion
    from regulator.register import selectors as register_selectors

    member = register_selectors.memberships_of_entity(entity_id=world.entity_a.pk).first()
    filed = services.return_create(
        entity=world.entity_a,
        kind="quarterly-central",
        period_name=_free_period(world.entity_a, "quarterly-central"),
        actor=member.user if member else None,
    )
    version = filed.current
    extra: dict[str, Any] = {"status": status}
    if status not in {"draft", "validated", "declared"}:
        extra.update(receipt_reference=f"RT-M{version.pk}", submitted_at=clock.now())
    ReturnVersion.objects.filter(pk=version.pk).update(**extra)
    return version


def _pk(status: str = "draft") -> Any:
    return lambda world: {"pk": _version(world, status).filed_return_id}


def _row(world: Any) -> dict[str, Any]:
    from regulator.filings import services
    from regulator.filings.rules.inputs import TransactionKind

    version = _version(world)
    services.transaction_add(
        version=version, kind=TransactionKind.DONATION, data={"DonorName": "A"}, actor=None
    )
    return {"pk": version.filed_return_id, "row": 1}


def _upload(world: Any) -> dict[str, Any]:
    from regulator.core import clock
    from regulator.filings.models import Upload
    from regulator.register import selectors as register_selectors

    version = _version(world)
    member = register_selectors.memberships_of_entity(entity_id=world.entity_a.pk).first()
    assert member is not None, "the access world gives entity A a member"
    upload = Upload.objects.create(
        version=version,
        kind="donations",
        file_name="m.csv",
        uploaded_by=member.user,
        uploaded_at=clock.now(),
    )
    return {"pk": version.filed_return_id, "upload_id": upload.pk}


def _receipt(world: Any) -> dict[str, Any]:
    version = _version(world, "submitted")
    return {"pk": version.filed_return_id, "number": version.number}


def _loan_entry(world: Any) -> dict[str, Any]:
    return {"pk": _version(world).filed_return_id, "kind": "loans"}


def _token(world: Any) -> dict[str, Any]:
    """A token of entity A's treasurer: only that user may revoke it (everyone else, entity
    A's other members included, gets 404)."""
    from regulator.audit.types import Actor
    from regulator.filings.services import filer_token_issue

    token, _key = filer_token_issue(user=world.filer_a, name="Matrix", actor=Actor.system("matrix"))
    return {"token_id": token.pk}


# Staff read a return once it has been submitted (never a draft: tested in
# regulator/filings/tests/test_least_privilege.py).
_STAFF_READERS = (
    Access.staff(ANALYST, kwargs=_pk("submitted")),
    Access.staff(APPROVER, kwargs=_pk("submitted")),
)

ACCESS: dict[str, Access | tuple[Access, ...]] = {
    "filings:dashboard": Access.filer(),
    "filings:return_create": Access.filer(),
    "filings:template": Access.public(kwargs=lambda world: {"kind": "donations"}),
    "filings:return_detail": (Access.member(kwargs=_pk()), *_STAFF_READERS),
    "filings:return_results": (Access.member(kwargs=_pk()), *_STAFF_READERS),
    "filings:return_receipt": (
        Access.member(kwargs=_receipt),
        Access.staff(ANALYST, kwargs=_receipt),
        Access.staff(APPROVER, kwargs=_receipt),
    ),
    "filings:transaction_add": Access.member(*WRITING, kwargs=_pk()),
    "filings:transaction_add_kind": Access.member(*WRITING, kwargs=_loan_entry),
    # A filer's own API tokens: creating one needs a membership of some entity (every
    # filer of the matrix has one) and a recent sign-in.
    "filings:tokens": Access.filer(),
    "filings:token_create": Access.filer(),
    "filings:token_revoke": Access.member(method="POST", kwargs=_token, ok_statuses=_REDIRECT),
    "filings:transaction_remove": Access.member(
        *WRITING, method="POST", kwargs=_row, ok_statuses=_REDIRECT
    ),
    "filings:upload": Access.member(*WRITING, kwargs=_pk()),
    "filings:upload_report": Access.member(*WRITING, kwargs=_upload),
    "filings:return_nothing_to_report": Access.member(
        *WRITING, method="POST", kwargs=_pk(), ok_statuses=_REDIRECT
    ),
    "filings:return_validate": Access.member(
        *WRITING, method="POST", kwargs=_pk(), ok_statuses=_REDIRECT
    ),
    # Declaring and submitting: the declaring roles only (after re-authentication).
    "filings:return_declare": Access.member(*DECLARING, kwargs=_pk("validated")),
    "filings:return_submit": Access.member(*DECLARING, kwargs=_pk("declared")),
    "filings:return_amend": Access.member(
        *WRITING, method="POST", kwargs=_pk("queried"), ok_statuses=_REDIRECT
    ),
    "filings:queue": (Access.staff(ANALYST), Access.staff(APPROVER)),
    "filings:return_review": Access.staff(
        ANALYST, method="POST", kwargs=_pk("submitted"), ok_statuses=_REDIRECT
    ),
    "filings:return_publish": Access.staff(
        APPROVER, method="POST", kwargs=_pk("accepted"), ok_statuses=_REDIRECT
    ),
}

# The filing API (regulator/filings/api_urls.py, joined under /api/ by config/api_urls.py),
# a filer's own entities only.
API_ACCESS: dict[str, Access | tuple[Access, ...]] = {
    "api:filings_returns": Access.filer(),
    "api:filings_return": Access.member(kwargs=_pk()),
    # An empty form POST: refused as 415 (the API takes JSON or CSV) or 400.
    "api:filings_transactions": Access.member(
        *WRITING, method="POST", kwargs=_pk(), ok_statuses=(400, 415)
    ),
    "api:filings_validate": Access.member(*WRITING, method="POST", kwargs=_pk()),
    "api:filings_results": Access.member(kwargs=_pk()),
}
ACCESS.update(API_ACCESS)


# --- Documents (regulator/filings/document_views.py) ------------------------------------------

_SEATS = {"england": 533, "scotland": 57, "wales": 32, "northern-ireland": 0}
_PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def _document_return(world: Any, kind: str, status: str = "draft", document: bool = False) -> Any:
    from regulator.filings import services
    from regulator.filings.models import ReturnVersion
    from regulator.register import selectors as register_selectors

    member = register_selectors.memberships_of_entity(entity_id=world.entity_a.pk).first()
    user = member.user if member else None
    filed = services.return_create(
        entity=world.entity_a,
        kind=kind,
        period_name=_free_period(world.entity_a, kind),
        actor=user,
        seats_contested=_SEATS,
    )
    version = filed.current
    attachment = None
    if document:
        attachment = services.attachment_add(
            version=version, source=_PDF, file_name="invoice.pdf", actor=user
        )
    if status != "draft":
        ReturnVersion.objects.filter(pk=version.pk).update(
            status=status, receipt_reference=f"RT-D{version.pk}"
        )
    return filed, attachment


def _spending_pk(world: Any) -> dict[str, Any]:
    return {"pk": _document_return(world, "campaign-spending")[0].pk}


def _accounts_pk(world: Any) -> dict[str, Any]:
    return {"pk": _document_return(world, "accounts")[0].pk}


def _document(status: str) -> Any:
    def kwargs(world: Any) -> dict[str, Any]:
        filed, attachment = _document_return(world, "campaign-spending", status, document=True)
        return {"pk": filed.pk, "document": attachment.pk}

    return kwargs


ACCESS.update(
    {
        "filings:document_upload": Access.member(*WRITING, kwargs=_spending_pk),
        "filings:document_remove": Access.member(
            *WRITING, method="POST", kwargs=_document("draft"), ok_statuses=_REDIRECT
        ),
        # The filer's people and the staff who review or publish returns; never the public.
        "filings:document_download": (
            Access.member(kwargs=_document("submitted")),
            Access.staff(ANALYST, kwargs=_document("submitted")),
            Access.staff(APPROVER, kwargs=_document("submitted")),
        ),
        "filings:accounts_figures": Access.member(*WRITING, kwargs=_accounts_pk),
    }
)
