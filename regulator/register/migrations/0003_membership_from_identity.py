# Memberships move here from identity (identity/0003). The table keeps its name
# (identity_membership), its index and its constraint: state only, no schema change.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("register", "0002_idcounter_registeredaddress_emblem_entityname_and_more"),
        ("identity", "0003_membership_moves_to_register"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Membership",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("role", models.CharField(choices=[("treasurer", "Treasurer"), ("deputy-treasurer", "Deputy treasurer"), ("responsible-person", "Responsible person"), ("donee", "Regulated donee"), ("campaigns-officer", "Campaigns officer"), ("agent", "Agent"), ("viewer", "Viewer")], max_length=32)),
                        ("granted_at", models.DateTimeField()),
                        ("revoked_at", models.DateTimeField(blank=True, null=True)),
                        ("entity", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="memberships", to="register.regulatedentity")),
                        ("granted_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="memberships_granted", to=settings.AUTH_USER_MODEL)),
                        ("revoked_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="memberships_revoked", to=settings.AUTH_USER_MODEL)),
                        ("user", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="memberships", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "db_table": "identity_membership",
                        "indexes": [models.Index(fields=["user", "entity", "revoked_at"], name="identity_me_user_id_94c848_idx")],
                        "constraints": [models.UniqueConstraint(condition=models.Q(("revoked_at__isnull", True)), fields=("user", "entity", "role"), name="one_active_membership_per_role")],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
