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
