"""Figures by recipient, the audited accounts' seven days, and correct citations.

- Regulated donees have their own thresholds (PPERA 2000 Sch. 7 para 10(1A)): a members
  association reports over £7,500 (£11,180 from 1 January 2024), every other donee over
  £1,500 (£2,230); until now they borrowed the accounting-unit figure.
- Non-party campaigners (Sch. 11 para 10, Sch. 11A para 4, s.95B(6)) and permitted
  participants (Sch. 15 para 10) get thresholds of their own. S.I. 2023/1235 art. 4
  raised the thresholds of registered parties, regulated donees and permitted
  participants, not those of non-party campaigners (its explanatory note and the
  written statement of 20 November 2023 list who it covers; the Commission's guidance
  for non-party campaigners still says £7,500).
- An audited statement of accounts is due 7 days after the end of the six months
  allowed for the audit (s.45(2) with s.43(3)(a)).
- Every source names the provision that sets the figure, and the 2024 order by its real
  title: the Representation of the People (Variation of Election Expenses, Expenditure
  Limits and Donation etc. Thresholds) Order 2023 (S.I. 2023/1235).

Rows as in 0001 (code, value, unit, from, to, source, verified, note); each row is
matched on (code, effective_from), so a row already there gets the new source and note.
"""

import datetime as dt
import importlib

from django.db import migrations

D = dt.date
START_2010 = D(2010, 1, 1)
END_2023 = D(2023, 12, 31)
UPLIFT = D(2024, 1, 1)
_initial = importlib.import_module("regulator.filings.migrations.0001_initial")

SI_2023_1235 = (
    "S.I. 2023/1235 (Representation of the People (Variation of Election Expenses, "
    "Expenditure Limits and Donation etc. Thresholds) Order 2023)"
)
THRESHOLDS_2024 = SI_2023_1235 + " art. 4"
LIMITS_2024 = SI_2023_1235 + " art. 3"
START_NOTE = (
    "Value confirmed (in force until 31/12/2023); the start date 01/01/2010 (the Political "
    "Parties and Elections Act 2009 uplift) is unverified."
)
UPLIFT_NOTE = "Raised by 49.09% from 1 January 2024, rounded down to £10."

FIGURES = [
    # Registered parties: the same values, their provisions named.
    ("central_reporting_threshold", "7500", "GBP", START_2010, END_2023,
     "PPERA 2000 s.62(4) (donations) and s.71M(4) (loans)", False, START_NOTE),
    ("central_reporting_threshold", "11180", "GBP", UPLIFT, None,
     "PPERA 2000 s.62(4) and s.71M(4), as varied by " + THRESHOLDS_2024, True, UPLIFT_NOTE),
    ("further_gift_threshold", "1500", "GBP", START_2010, END_2023,
     "PPERA 2000 s.62(6) to (8) (and s.71M for loans)", False, START_NOTE),
    ("further_gift_threshold", "2230", "GBP", UPLIFT, None,
     "PPERA 2000 s.62(6) to (8), as varied by " + THRESHOLDS_2024, True, UPLIFT_NOTE),
    ("accounting_unit_threshold", "1500", "GBP", START_2010, END_2023,
     "PPERA 2000 s.62(11) (accounting units)", False, START_NOTE),
    ("accounting_unit_threshold", "2230", "GBP", UPLIFT, None,
     "PPERA 2000 s.62(11), as varied by " + THRESHOLDS_2024, True, UPLIFT_NOTE),
    ("unincorporated_association_registration", "25000", "GBP", START_2010, END_2023,
     "PPERA 2000 Sch. 19A para 1", False, START_NOTE),
    ("unincorporated_association_registration", "37270", "GBP", UPLIFT, None,
     "PPERA 2000 Sch. 19A para 1, as varied by " + SI_2023_1235, True,
     "The Commission's guidance: register when political contributions of more than "
     "£37,270 are made in a calendar year."),
    # Regulated donees (Sch. 7 para 10(1A)).
    ("donee_reporting_threshold", "1500", "GBP", START_2010, END_2023,
     "PPERA 2000 Sch. 7 para 10(1A) (a donee other than a members association)", False,
     "£1,500 confirmed by the Commission's form RD1A notes; the start date is unverified."),
    ("donee_reporting_threshold", "2230", "GBP", UPLIFT, None,
     "PPERA 2000 Sch. 7 para 10(1A), as varied by " + THRESHOLDS_2024, True, UPLIFT_NOTE),
    ("members_association_reporting_threshold", "7500", "GBP", START_2010, END_2023,
     "PPERA 2000 Sch. 7 para 10(1A) (a members association)", False,
     "£7,500 confirmed by the Commission's form RD1A notes; the start date is unverified."),
    ("members_association_reporting_threshold", "11180", "GBP", UPLIFT, None,
     "PPERA 2000 Sch. 7 para 10(1A), as varied by " + THRESHOLDS_2024, True, UPLIFT_NOTE),
    # Non-party campaigners: not varied by S.I. 2023/1235.
    ("third_party_reporting_threshold", "7500", "GBP", START_2010, None,
     "PPERA 2000 Sch. 11 para 10, Sch. 11A para 4(2) and s.95B(6)", True,
     "£7,500 in the text in force on 01/11/2023 and in the Commission's 2024 guidance for "
     "non-party campaigners; S.I. 2023/1235 does not vary it. Start date unverified."),
    ("third_party_further_gift_threshold", "7500", "GBP", START_2010, None,
     "PPERA 2000 Sch. 11A para 4(3) (condition B)", False,
     "UNVERIFIED: the text of condition B (a donor already reported in an earlier quarterly "
     "report) was not found; the first threshold is used until it is confirmed."),
    # Permitted participants at referendums.
    ("permitted_participant_reporting_threshold", "7500", "GBP", START_2010, END_2023,
     "PPERA 2000 Sch. 15 para 10", False, START_NOTE),
    ("permitted_participant_reporting_threshold", "11180", "GBP", UPLIFT, None,
     "PPERA 2000 Sch. 15 para 10, as varied by " + THRESHOLDS_2024, True,
     "S.I. 2023/1235 art. 4 covers permitted participants (its explanatory note)."),
    # Deadlines and periods, their provisions named.
    ("impermissible_return_days", "30", "days", START_2010, None,
     "PPERA 2000 s.56(2)", True,
     "30 days beginning with the date of receipt: the day of receipt is day 1."),
    ("quarterly_report_days", "30", "days", START_2010, None,
     "PPERA 2000 s.65(1)", True,
     "The Commission's published due dates (30 April, 30 July, 30 October, 30 January) count "
     "the 30 days from the day after the quarter's last day."),
    ("prepoll_report_days", "7", "days", START_2010, None,
     "PPERA 2000 s.65 (parties) and s.95B(7) (non-party campaigners)", True,
     "Counted from the day after the week's last day, as the Commission's due dates do."),
    ("third_party_quarterly_report_days", "30", "days", D(2014, 1, 30), None,
     "PPERA 2000 s.95A (inserted by the Transparency of Lobbying, Non-Party Campaigning and "
     "Trade Union Administration Act 2014)", False,
     "UNVERIFIED: the deadline of s.95A was not found; 30 days after the end of the quarter, "
     "as for parties' quarterly reports (the published 2024 reports came 17 and 26 days "
     "after their quarter). Section 95A in force from 30/01/2014 (the 2014 Act's Sch. 4)."),
    ("donee_report_days", "30", "days", START_2010, None,
     "PPERA 2000 Sch. 7 para 10 and para 11(1)(b)", True,
     "30 days beginning with the date of acceptance (para 10) or with the date the gift was "
     "dealt with (para 11): that date is day 1."),
    ("spending_claim_days", "30", "days", START_2010, None,
     "PPERA 2000 s.77(1)", True,
     "Not later than 30 days after polling day; a last day on a weekend or bank holiday "
     "moves to the next working day (the Commission's guidance)."),
    ("spending_payment_days", "60", "days", START_2010, None,
     "PPERA 2000 s.77(2)", True,
     "Not later than 60 days after polling day; a last day on a weekend or bank holiday "
     "moves to the next working day (the Commission's guidance)."),
    # Party spending limits: the instrument of 2024 named.
    ("party_spending_limit_per_seat", "54010", "GBP", UPLIFT, None,
     "PPERA 2000 Sch. 9 para 3, as varied by " + LIMITS_2024, True,
     "Raised by 80.06% (£30,000 × 1.8006 rounded down to £10); start date per the domain "
     "notes."),
    ("party_spending_fixed_england", "1458440", "GBP", UPLIFT, None,
     "PPERA 2000 Sch. 9 para 3, as varied by " + LIMITS_2024, True, "Start date per the domain notes."),
    ("party_spending_fixed_scotland", "216060", "GBP", UPLIFT, None,
     "PPERA 2000 Sch. 9 para 3, as varied by " + LIMITS_2024, True, "Start date per the domain notes."),
    ("party_spending_fixed_wales", "108030", "GBP", UPLIFT, None,
     "PPERA 2000 Sch. 9 para 3, as varied by " + LIMITS_2024, True, "Start date per the domain notes."),
    # Statements of accounts (s.43(3)(a) and s.45(2)).
    ("accounts_report_months_audited", "6", "months", START_2010, None,
     "PPERA 2000 s.43(3)(a) (the period allowed for the audit)", True,
     "The audit must be carried out within six months of the end of the financial year; "
     "the statement is then due 7 days later (accounts_audited_delivery_days)."),
    ("accounts_audited_delivery_days", "7", "days", START_2010, None,
     "PPERA 2000 s.45(2)", True,
     "No later than 7 days after the end of the period allowed under s.43(3) for the audit."),
]


def load(apps, schema_editor):
    _initial.load_figures(apps, FIGURES)


NEW_CODES = {
    "donee_reporting_threshold",
    "members_association_reporting_threshold",
    "third_party_reporting_threshold",
    "third_party_further_gift_threshold",
    "permitted_participant_reporting_threshold",
    "accounts_audited_delivery_days",
    "third_party_quarterly_report_days",
}


def unload(apps, schema_editor):
    StatutoryFigure = apps.get_model("filings", "StatutoryFigure")
    StatutoryFigure.objects.filter(code__in=NEW_CODES).delete()


class Migration(migrations.Migration):
    dependencies = [("filings", "0007_accounts_deadline_figures")]

    operations = [migrations.RunPython(load, unload)]
