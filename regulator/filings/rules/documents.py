"""Documents a spending return must carry: an invoice or receipt for every payment over
£200 (PPERA 2000 s.76(2) for parties, s.91(2) for non-party campaigners; the return is
delivered with them, s.80 and s.96).

Documents are attached to rows of a stored return, after the rows exist, so the rule
speaks only when the return's context says which rows carry one
(``ReturnContext.documented_rows``): a file read on its own (an upload being checked,
``manage.py filings_validate``, either layout) is never refused for lacking them."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from regulator.filings.rules.base import SPENDING, RuleCode, RuleResult, rule
from regulator.filings.rules.inputs import ReturnContext, Severity, SpendingFacts, SpendingInput

FAMILY = "documents"
# Written into the Act itself ("unless it is not more than £200"), not set by an order
# like the figures in StatutoryFigure.
INVOICE_THRESHOLD = Decimal("200.00")


@rule(
    RuleCode.SPENDING_DOCUMENT_MISSING,
    family=FAMILY,
    severity=Severity.ERROR,
    reference="PPERA 2000 s.76(2) and s.80; s.91(2) and s.96 (non-party campaigners)",
    message=_(
        "This payment is over £200, so it must be supported by an invoice or a receipt. "
        "Upload the invoice or receipt for this row under Documents."
    ),
    applies_to=SPENDING,
    field="total",
)
def spending_document_missing(
    item: SpendingInput, ctx: ReturnContext, facts: SpendingFacts
) -> RuleResult:
    if ctx.documented_rows is None or item.total is None:
        return None
    return item.total > INVOICE_THRESHOLD and item.row not in ctx.documented_rows
