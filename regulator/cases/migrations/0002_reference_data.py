"""The offence reference table and the Enforcement Policy versions (dated data)."""

from typing import Any

from django.db import migrations


def seed(apps: Any, schema_editor: Any) -> None:
    from regulator.cases.services.reference_data import reference_data_seed

    reference_data_seed(
        offence_model=apps.get_model("cases", "Offence"),
        policy_model=apps.get_model("cases", "PolicyVersion"),
    )


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
