"""The figures a non-party campaigner's duty to notify turns on (the guidance area's
step-by-step answer "Do I need to notify?" reads them by date). Rows as in 0001 (code,
value, unit, from, to, source, verified, note)."""

import datetime as dt
import importlib

from django.db import migrations

START_2010 = dt.date(2010, 1, 1)
ELECTIONS_ACT_2022 = dt.date(2023, 1, 1)
_initial = importlib.import_module("regulator.filings.migrations.0001_initial")

FIGURES = [
    ("npc_notification_england", "20000", "GBP", START_2010, None,
     "PPERA 2000 s.94(5)(a), as amended by the Transparency of Lobbying etc. Act 2014", False,
     "Notify before spending more than this in England in a regulated period; the start date is unverified (the 2014 Act set £20,000)."),
    ("npc_notification_other", "10000", "GBP", START_2010, None,
     "PPERA 2000 s.94(5)(b)-(d)", False,
     "Notify before spending more than this in Scotland, Wales or Northern Ireland; the start date is unverified."),
    ("npc_eligibility_uk", "10000", "GBP", ELECTIONS_ACT_2022, None,
     "PPERA 2000 s.88A, inserted by the Elections Act 2022", False,
     "A campaigner spending more than this UK-wide must be an eligible campaigner even below the notification thresholds; the commencement date is unverified."),
]


def load(apps, schema_editor):
    _initial.load_figures(apps, FIGURES)


def unload(apps, schema_editor):
    StatutoryFigure = apps.get_model("filings", "StatutoryFigure")
    for code, _value, _unit, start, *_rest in FIGURES:
        StatutoryFigure.objects.filter(code=code, effective_from=start).delete()


class Migration(migrations.Migration):
    dependencies = [("filings", "0009_return_seats_contested")]

    operations = [migrations.RunPython(load, unload)]
