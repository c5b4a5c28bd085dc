"""One return per entity, kind and period (and accounting unit) as a database constraint,
and the nil return's declaration (``ReturnVersion.nothing_to_report``).

Before the constraint is made, the migration looks for returns that already break it
(two requests racing past the service's check before this constraint existed). It does
not choose which of them to keep: a return holds a filer's work and may have been
submitted, so deleting or merging one is a decision for staff. It refuses, naming each
duplicate (entity, kind, period, accounting unit and the returns' ids), and changes
nothing (the migration is atomic); once staff have resolved them, it runs again."""

from django.conf import settings
from django.db import migrations, models
from django.db.models import Count


class DuplicateReturnsError(RuntimeError):
    """Returns already break the constraint; staff must resolve them first."""


def duplicates(apps, schema_editor=None):
    """The groups of returns that share entity, kind, period and accounting unit."""
    FiledReturn = apps.get_model("filings", "FiledReturn")
    groups = (
        FiledReturn.objects.values("entity_id", "kind", "period_name", "accounting_unit_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .order_by("entity_id", "kind", "period_name", "accounting_unit_id")
    )
    found = []
    for group in groups:
        keys = {k: group[k] for k in ("entity_id", "kind", "period_name", "accounting_unit_id")}
        ids = list(FiledReturn.objects.filter(**keys).order_by("id").values_list("id", flat=True))
        found.append({**keys, "ids": ids})
    return found


def refuse_duplicates(apps, schema_editor):
    found = duplicates(apps)
    if not found:
        return
    lines = [
        f"  entity {d['entity_id']}, kind {d['kind']}, period {d['period_name']!r}, "
        f"accounting unit {d['accounting_unit_id'] or 'none'}: returns {', '.join(map(str, d['ids']))}"
        for d in found
    ]
    raise DuplicateReturnsError(
        "Cannot add the one-return-per-period constraint: these returns share entity, kind "
        "and period. Keep one of each group (withdraw or merge the others through the admin "
        "or the shell; see docs/filing.md, 'One return per period'), then migrate again. "
        "Nothing was changed.\n" + "\n".join(lines)
    )


class Migration(migrations.Migration):

    dependencies = [
        ("filings", "0010_non_party_campaigner_figures"),
        ("register", "0003_membership_from_identity"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="returnversion",
            name="nothing_to_report",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(refuse_duplicates, migrations.RunPython.noop, elidable=False),
        migrations.AddConstraint(
            model_name="filedreturn",
            constraint=models.UniqueConstraint(
                condition=models.Q(("accounting_unit__isnull", True)),
                fields=("entity", "kind", "period_name"),
                name="filings_one_return_per_period",
            ),
        ),
        migrations.AddConstraint(
            model_name="filedreturn",
            constraint=models.UniqueConstraint(
                condition=models.Q(("accounting_unit__isnull", False)),
                fields=("entity", "accounting_unit", "kind", "period_name"),
                name="filings_one_unit_return_per_period",
            ),
        ),
    ]
