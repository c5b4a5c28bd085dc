"""The offence reference table and the Enforcement Policy versions, as dated data
(domain-staff.md §1). Seeded by migration cases/0002 and kept by ``reference_data_seed``;
a change in the law is a new row with its own effective date, never an edit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from regulator.cases.types import SanctionKind

_ALL_CIVIL = [
    SanctionKind.FIXED,
    SanctionKind.VARIABLE,
    SanctionKind.COMPLIANCE,
    SanctionKind.RESTORATION,
    SanctionKind.STOP,
    SanctionKind.UNDERTAKING,
]
_DISCRETIONARY = [
    SanctionKind.VARIABLE,
    SanctionKind.COMPLIANCE,
    SanctionKind.RESTORATION,
    SanctionKind.STOP,
    SanctionKind.UNDERTAKING,
]
_LIMIT = "Proceedings within 1 year of the Commission having sufficient evidence, and within 3 years of the offence (unverified)"
PPERA_CIVIL_FROM = dt.date(2010, 12, 1)

# code, provision, English, Welsh, sanctions, referral only, limitation months.
OFFENCES: list[tuple[str, str, str, str, list[SanctionKind], bool, int | None]] = [
    (
        "late-donation-report",
        "PPERA s.65(3)",
        "Failure to deliver a donation report on time",
        "Methu â chyflwyno adroddiad rhoddion mewn pryd",
        [SanctionKind.FIXED, *_DISCRETIONARY],
        False,
        36,
    ),
    (
        "impermissible-donation-not-returned",
        "PPERA s.56(3)",
        "Failure to return an impermissible donation within 30 days",
        "Methu â dychwelyd rhodd na chaniateir o fewn 30 diwrnod",
        _DISCRETIONARY,
        False,
        36,
    ),
    (
        "late-accounts",
        "PPERA s.47",
        "Failure to deliver statement of accounts on time",
        "Methu â chyflwyno datganiad o gyfrifon mewn pryd",
        _ALL_CIVIL,
        False,
        36,
    ),
    (
        "donation-report-inaccurate",
        "PPERA s.62",
        "Inaccurate or incomplete donation report",
        "Adroddiad rhoddion anghywir neu anghyflawn",
        _DISCRETIONARY,
        False,
        36,
    ),
    (
        "donor-information",
        "PPERA s.54(7)",
        "Failure to give donor information (evasion of restrictions)",
        "Methu â rhoi gwybodaeth am roddwr (osgoi cyfyngiadau)",
        [],
        True,
        36,
    ),
    (
        "regulated-transaction-report",
        "PPERA s.71L",
        "Failure to report a regulated transaction on time",
        "Methu ag adrodd trafodiad a reoleiddir mewn pryd",
        [SanctionKind.FIXED, *_DISCRETIONARY],
        False,
        36,
    ),
    (
        "campaign-spending-return",
        "PPERA s.82",
        "Failure to deliver a campaign spending return on time",
        "Methu â chyflwyno ffurflen gwariant ymgyrch mewn pryd",
        _ALL_CIVIL,
        False,
        36,
    ),
    (
        "disclosure-notice-failure",
        "PPERA Sch 19B para 13(1)",
        "Failure without reasonable excuse to comply with a disclosure or investigation notice",
        "Methu heb esgus rhesymol â chydymffurfio â hysbysiad datgelu neu ymchwilio",
        _DISCRETIONARY,
        False,
        36,
    ),
]

POLICIES = [
    (
        "Enforcement Policy (April 2016)",
        dt.date(2016, 4, 5),
        dt.date(2023, 8, 31),
        "https://www.electoralcommission.org.uk/",
    ),
    (
        "Enforcement Policy (September 2023)",
        dt.date(2023, 9, 1),
        None,
        "https://www.electoralcommission.org.uk/",
    ),
]


def reference_data_seed(*, offence_model: Any = None, policy_model: Any = None) -> int:
    """Add the shipped offences and policies that are missing; return how many."""
    if offence_model is None or policy_model is None:
        from regulator.cases.models import Offence, PolicyVersion

        offence_model, policy_model = Offence, PolicyVersion
    added = 0
    for code, provision, en, cy, sanctions, referral, months in OFFENCES:
        _row, created = offence_model.objects.get_or_create(
            code=code,
            effective_from=PPERA_CIVIL_FROM,
            defaults={
                "provision": provision,
                "description_en": en,
                "description_cy": cy,
                "sanctions_allowed": [str(kind) for kind in sanctions],
                "referral_only": referral,
                "limitation_months": months,
                "limitation_rule": _LIMIT,
            },
        )
        added += created
    for name, start, end, url in POLICIES:
        _row, created = policy_model.objects.get_or_create(
            effective_from=start, defaults={"name": name, "effective_to": end, "url": url}
        )
        added += created
    return added
