"""Checks made while reading a file, cell by cell (the reader raises them; no function
here). They are in the registry so that they are documented and translated like the
rest."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from regulator.filings.rules.base import EVERY_KIND, Rule, RuleCode, Scope, declare
from regulator.filings.rules.inputs import Severity

FAMILY = "cells"

for _code, _message in (
    (
        RuleCode.CELL_NOT_MONEY,
        _(
            "%(column)s: “%(value)s” is not an amount of money. Enter an amount in pounds, "
            "for example 2500.00 or £2,500.00."
        ),
    ),
    (
        RuleCode.CELL_NOT_DATE,
        _(
            "%(column)s: “%(value)s” is not a date. Enter a date as dd/mm/yyyy, for example 27/03/2025."
        ),
    ),
    (
        RuleCode.CELL_NOT_BOOLEAN,
        _("%(column)s: “%(value)s” is not True or False. Enter True or False, or leave it blank."),
    ),
    (
        RuleCode.CELL_NOT_COMPANY_NUMBER,
        _(
            "%(column)s: “%(value)s” is not a company registration number. Enter 8 characters "
            "as Companies House writes them, for example 01234567 or SC123456."
        ),
    ),
):
    declare(
        Rule(
            code=_code,
            family=FAMILY,
            severity=Severity.ERROR,
            reference="PPERA 2000 s.62 (the content of reports)",
            message=_message,
            applies_to=EVERY_KIND,
            scope=Scope.CELL,
            field="",
            func=None,
        )
    )

# Read in the Commission's published layout, a company number that is not one is the
# Commission's record of what the recipient reported (two published rows carry nine-digit
# numbers, VAT numbers by the look of them): a warning to check, not an error to fix. The
# same row filed through our template or a page is refused (``cell_not_company_number``).
declare(
    Rule(
        code=RuleCode.PUBLISHED_COMPANY_NUMBER_UNREADABLE,
        family=FAMILY,
        severity=Severity.WARNING,
        reference="PPERA 2000 Sch. 6 para 2(4)(c) (the company's registered number)",
        message=_(
            "%(column)s: “%(value)s” is not a Companies House number, as published. Check the "
            "company's number with the recipient before relying on it."
        ),
        applies_to=EVERY_KIND,
        scope=Scope.CELL,
        field="",
        func=None,
    )
)
