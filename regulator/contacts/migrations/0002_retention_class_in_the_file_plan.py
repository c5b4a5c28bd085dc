"""A contact's retention class is a class of the records area's file plan: the old
placeholder code becomes CON-COR (correspondence with the regulated community)."""

from typing import Any

from django.db import migrations, models


def _to_file_plan(apps: Any, schema_editor: Any) -> None:
    contact = apps.get_model("contacts", "Contact")
    contact.objects.filter(retention_class="contacts-correspondence").update(
        retention_class="CON-COR"
    )


def _back(apps: Any, schema_editor: Any) -> None:
    contact = apps.get_model("contacts", "Contact")
    contact.objects.filter(retention_class="CON-COR").update(
        retention_class="contacts-correspondence"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="contact",
            name="retention_class",
            field=models.CharField(default="CON-COR", max_length=50),
        ),
        migrations.RunPython(_to_file_plan, _back),
    ]
