"""The file plan: functions → activities → record classes, each class with dated
retention rules (a new rule supersedes the old from its date; the old stays as history).
``fileplan_seed`` loads the regulator's starting plan, once."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from regulator.audit.services import audit_record
from regulator.audit.types import Actor, as_actor
from regulator.core import clock
from regulator.records.models import RecordActivity, RecordClass, RecordFunction, RetentionRule
from regulator.records.services.store import RecordsError
from regulator.records.types import Action, RecordsErrorCode, Trigger

START = dt.date(2026, 1, 1)
AUTHORITY = "Records retention schedule, approved by the Board"

# (code, English, Welsh)
FUNCTIONS = (
    ("REG", "Regulating political finance", "Rheoleiddio cyllid gwleidyddol"),
    ("GOV", "Running the organisation", "Rhedeg y sefydliad"),
)
ACTIVITIES = (
    (
        "REG",
        "REG-REG",
        "Registration of parties and campaigners",
        "Cofrestru pleidiau ac ymgyrchwyr",
    ),
    ("REG", "REG-FIL", "Returns and statements of accounts", "Ffurflenni a datganiadau cyfrifon"),
    ("REG", "REG-ENF", "Investigation and enforcement", "Ymchwilio a gorfodi"),
    ("REG", "REG-GUI", "Guidance and advice", "Canllawiau a chyngor"),
    ("GOV", "GOV-INF", "Information rights and correspondence", "Hawliau gwybodaeth a gohebiaeth"),
    ("GOV", "GOV-REC", "Records management and assurance", "Rheoli cofnodion a sicrwydd"),
)
# (activity, code, English, Welsh, trigger, years, action, sensitive, closed, exemption)
CLASSES = (
    (
        "REG-REG",
        "REG-EMB",
        "Registered emblems",
        "Arwyddluniau cofrestredig",
        Trigger.DECLARED,
        20,
        Action.TRANSFER,
        False,
        False,
        "",
    ),
    (
        "REG-FIL",
        "FIL-DOC",
        "Invoices and receipts filed with returns",
        "Anfonebau a derbynebau a ffeiliwyd gyda ffurflenni",
        Trigger.RETURN_PUBLISHED,
        6,
        Action.DESTROY,
        False,
        False,
        "",
    ),
    (
        "REG-FIL",
        "FIL-SOA",
        "Statements of accounts",
        "Datganiadau cyfrifon",
        Trigger.RETURN_PUBLISHED,
        20,
        Action.TRANSFER,
        False,
        False,
        "",
    ),
    (
        "REG-ENF",
        "CAS-EVI",
        "Case evidence",
        "Tystiolaeth achosion",
        Trigger.CASE_CLOSED,
        6,
        Action.REVIEW,
        True,
        True,
        "30(1);40(2)",
    ),
    (
        "REG-ENF",
        "CAS-SAN",
        "Sanction notices and payments",
        "Hysbysiadau a thaliadau cosbau",
        Trigger.SANCTION_PAID,
        6,
        Action.DESTROY,
        False,
        False,
        "",
    ),
    (
        "REG-GUI",
        "GUI-VER",
        "Published guidance versions",
        "Fersiynau o ganllawiau a gyhoeddwyd",
        Trigger.DECLARED,
        10,
        Action.TRANSFER,
        False,
        False,
        "",
    ),
    (
        "GOV-INF",
        "CON-COR",
        "Correspondence with the regulated community",
        "Gohebiaeth â'r gymuned a reoleiddir",
        Trigger.CONTACT_INACTIVE,
        3,
        Action.REDACT,
        True,
        False,
        "",
    ),
    (
        "GOV-INF",
        "CON-FOI",
        "Information requests and replies",
        "Ceisiadau am wybodaeth ac atebion",
        Trigger.REQUEST_CLOSED,
        3,
        Action.DESTROY,
        False,
        False,
        "",
    ),
    (
        "REG-ENF",
        "MON-SNP",
        "Monitoring harvests of outside sources",
        "Cynaeafau monitro o ffynonellau allanol",
        Trigger.DECLARED,
        6,
        Action.REVIEW,
        False,
        False,
        "",
    ),
    (
        "REG-ENF",
        "MON-INT",
        "Intelligence log attachments",
        "Atodiadau'r log cudd-wybodaeth",
        Trigger.DECLARED,
        6,
        Action.REVIEW,
        True,
        True,
        "30(1);31(1)(g);40(2)",
    ),
    (
        "GOV-REC",
        "AUD-CHK",
        "Audit chain checkpoints",
        "Pwyntiau gwirio'r gadwyn archwilio",
        Trigger.DECLARED,
        7,
        Action.REVIEW,
        False,
        False,
        "",
    ),
    (
        "GOV-REC",
        "RM-CERT",
        "Disposal and transfer certificates",
        "Tystysgrifau gwaredu a throsglwyddo",
        Trigger.DECLARED,
        20,
        Action.TRANSFER,
        False,
        False,
        "",
    ),
)


def fileplan_seed(*, actor: Any = None) -> int:
    """The starting file plan (functions, activities, classes and their first rules);
    adds only what is missing. Returns how many classes it added."""
    who = as_actor(actor) if actor is not None else Actor.system("records file plan")
    added = 0
    with transaction.atomic():
        functions = {}
        for code, english, welsh in FUNCTIONS:
            functions[code], _created = RecordFunction.objects.get_or_create(
                code=code, defaults={"title_en": english, "title_cy": welsh}
            )
        activities = {}
        for function, code, english, welsh in ACTIVITIES:
            activities[code], _created = RecordActivity.objects.get_or_create(
                code=code,
                defaults={"function": functions[function], "title_en": english, "title_cy": welsh},
            )
        for (
            activity,
            code,
            english,
            welsh,
            trigger,
            years,
            action,
            sensitive,
            closed,
            exempt,
        ) in CLASSES:
            record_class, created = RecordClass.objects.get_or_create(
                code=code,
                defaults={
                    "activity": activities[activity],
                    "title_en": english,
                    "title_cy": welsh,
                    "sensitive": sensitive,
                    "closed": closed,
                    "foi_exemption_code": exempt,
                    "closure_period_years": 20 if closed else 0,
                },
            )
            if not record_class.rules.exists():
                RetentionRule.objects.create(
                    record_class=record_class,
                    trigger=trigger,
                    period_years=years,
                    action=action,
                    effective_from=START,
                    authority=AUTHORITY,
                    created_at=clock.now(),
                    created_by=who.label,
                )
            added += int(created)
        if added:
            audit_record(actor=who, action="records.file_plan_seeded", payload={"classes": added})
    return added


def rule_add(
    *,
    record_class: RecordClass,
    trigger: str,
    period_years: int,
    period_months: int,
    action: str,
    effective_from: dt.date,
    reason: str,
    fixed_date: dt.date | None = None,
    authority: str = "",
    actor: Any,
) -> RetentionRule:
    """A new rule for ``record_class`` from ``effective_from`` (today or later); the rule
    it supersedes stays in the schedule's history."""
    if not reason.strip():
        raise RecordsError(
            _("Enter the reason for the new rule."), code=RecordsErrorCode.REASON_REQUIRED
        )
    if effective_from < clock.local_today():
        raise RecordsError(
            _("A new rule must come into force today or later: the schedule's past is kept."),
            code=RecordsErrorCode.RULE_DATE,
        )
    if trigger not in Trigger.values or action not in Action.values:
        raise RecordsError(_("Choose a trigger and an action."), code=RecordsErrorCode.PERIOD)
    if trigger == Trigger.FIXED_DATE and fixed_date is None:
        raise RecordsError(
            _("Enter the fixed date the period runs from."), code=RecordsErrorCode.PERIOD
        )
    if not 0 <= period_years <= 150 or not 0 <= period_months <= 11:
        raise RecordsError(
            _("Enter a period of 0 to 150 years and 0 to 11 months."),
            code=RecordsErrorCode.PERIOD,
        )
    with transaction.atomic():
        if RetentionRule.objects.filter(
            record_class=record_class, effective_from=effective_from
        ).exists():
            raise RecordsError(
                _("This class already has a rule coming into force on that date."),
                code=RecordsErrorCode.RULE_DATE,
            )
        who = as_actor(actor)
        rule = RetentionRule.objects.create(
            record_class=record_class,
            trigger=trigger,
            period_years=period_years,
            period_months=period_months,
            action=action,
            fixed_date=fixed_date,
            effective_from=effective_from,
            authority=authority or AUTHORITY,
            reason=reason.strip(),
            created_at=clock.now(),
            created_by=who.label,
        )
        audit_record(
            actor=who,
            action="records.rule_added",
            subject=rule,
            payload={
                "class": record_class.code,
                "trigger": trigger,
                "period_years": period_years,
                "period_months": period_months,
                "action": action,
                "effective_from": effective_from,
                "reason": reason.strip(),
            },
        )
    return rule
