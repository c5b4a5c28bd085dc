# Memberships (who acts for which regulated entity) are the register's: the model moves to
# register/0003 with its table, index and constraint unchanged. Nothing in the database
# changes; only Django's idea of which app owns the table.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("identity", "0002_apikey"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Membership")],
            database_operations=[],
        ),
    ]
