"""The validation rules of online filing, one module per family. Importing this package
fills the registry (``REGISTRY``); ``validate`` runs them."""

from regulator.filings.rules import (  # noqa: F401 - importing registers the rules
    cells,
    dates,
    deadlines,
    documents,
    loans,
    permissibility,
    permissions,
    spending,
    statuses,
    thresholds,
    value,
)
from regulator.filings.rules.base import REGISTRY, Finding, Rule, RuleCode
from regulator.filings.rules.engine import has_errors, validate

__all__ = ["REGISTRY", "Finding", "Rule", "RuleCode", "has_errors", "validate"]
