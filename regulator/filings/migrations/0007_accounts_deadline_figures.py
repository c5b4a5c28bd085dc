"""The figures for statements of accounts: when they are due and when they must be
audited. Rows as in 0001 (code, value, unit, from, to, source, verified, note)."""

import datetime as dt
import importlib

from django.db import migrations

START_2010 = dt.date(2010, 1, 1)
_initial = importlib.import_module("regulator.filings.migrations.0001_initial")

FIGURES = [
    ("accounts_report_months", "4", "months", START_2010, None,
     "PPERA 2000 s.45(2)(b), as amended by the Electoral Administration Act 2006 s.54", True,
     "Four months after the end of the financial year for accounts that need no audit (three before the 2006 Act)."),
    ("accounts_report_months_audited", "6", "months", START_2010, None,
     "PPERA 2000 s.45(2)(a)", True,
     "Audited accounts: within 7 days of the auditor's report and no later than 6 months after the year end."),
    ("accounts_audit_threshold", "250000", "GBP", START_2010, None, "PPERA 2000 s.43(1)", True, ""),
]


def load(apps, schema_editor):
    _initial.load_figures(apps, FIGURES)


def unload(apps, schema_editor):
    StatutoryFigure = apps.get_model("filings", "StatutoryFigure")
    for code, _value, _unit, start, *_rest in FIGURES:
        StatutoryFigure.objects.filter(code=code, effective_from=start).delete()


class Migration(migrations.Migration):
    dependencies = [("filings", "0006_draft_rows_one_index_by_version")]

    operations = [migrations.RunPython(load, unload)]
