"""The regulator's starting file plan and retention schedule (services.fileplan's
FUNCTIONS, ACTIVITIES and CLASSES), loaded once; later changes are new dated rules."""

from __future__ import annotations

from typing import Any

from django.db import migrations
from django.utils import timezone


def load(apps: Any, schema_editor: Any) -> None:
    from regulator.records.services.fileplan import ACTIVITIES, AUTHORITY, CLASSES, FUNCTIONS, START

    function_model = apps.get_model("records", "RecordFunction")
    activity_model = apps.get_model("records", "RecordActivity")
    class_model = apps.get_model("records", "RecordClass")
    rule_model = apps.get_model("records", "RetentionRule")
    functions = {}
    for code, english, welsh in FUNCTIONS:
        functions[code], _ = function_model.objects.get_or_create(
            code=code, defaults={"title_en": english, "title_cy": welsh}
        )
    activities = {}
    for function, code, english, welsh in ACTIVITIES:
        activities[code], _ = activity_model.objects.get_or_create(
            code=code,
            defaults={"function": functions[function], "title_en": english, "title_cy": welsh},
        )
    for activity, code, english, welsh, trigger, years, action, sensitive, closed, exempt in CLASSES:
        record_class, _ = class_model.objects.get_or_create(
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
        if not rule_model.objects.filter(record_class=record_class).exists():
            rule_model.objects.create(
                record_class=record_class,
                trigger=str(trigger),
                period_years=years,
                action=str(action),
                effective_from=START,
                authority=AUTHORITY,
                created_at=timezone.now(),
                created_by="migration",
            )


class Migration(migrations.Migration):
    dependencies = [("records", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
