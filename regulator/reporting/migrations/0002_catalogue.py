"""The measure catalogue, version 1 of every measure, in force from 1 January 2025.

Each numerator and denominator names a selector of the area that owns the data. Measures
of areas not built yet (cases, contacts, monitoring) name the selectors those areas are
expected to offer: they show "not yet available" until then, and become available with no
change here once the area provides them. Later changes are new versions
(``reporting.services.definition_revise``), never edits of these rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import migrations

EFFECTIVE = dt.date(2025, 1, 1)
DONATION_REPORTS = ["quarterly-central", "quarterly-unit", "weekly-pre-poll", "donee", "campaigner-pre-poll"]
F = "regulator.filings.selectors."
R = "regulator.register.selectors."
C = "regulator.cases.selectors."
K = "regulator.contacts.selectors."
M = "regulator.monitoring.selectors."
P = "regulator.reporting.selectors."
PUBLICATION = "Publication"
FILING = "Political finance filing"
REGISTRATION = "Registration"
ENFORCEMENT = "Enforcement"
ADVICE = "Advice and information"
DIGITAL = "Digital services"

# code, sort, name (en, cy), objective (en, cy), definition (en, cy), area, owner, kind,
# numerator, denominator, params, scale, unit, direction, target, amber, published
MEASURES: list[tuple[Any, ...]] = [
    (
        "reports-published-in-deadline", 10,
        "Donation and loan reports published within their deadline",
        "Adroddiadau rhoddion a benthyciadau a gyhoeddwyd o fewn eu terfyn amser",
        "Transparency of political finance", "Tryloywder cyllid gwleidyddol",
        "Of the donation and loan reports whose publication deadline (30 days after the "
        "report was due) fell in the period, the share published by that deadline.",
        "O’r adroddiadau rhoddion a benthyciadau yr oedd eu terfyn amser cyhoeddi (30 diwrnod "
        "ar ôl y dyddiad yr oedd yr adroddiad yn ddyledus) yn y cyfnod, y gyfran a gyhoeddwyd "
        "erbyn y terfyn hwnnw.",
        "filings", PUBLICATION, "ratio", F + "reports_published_within", F + "reports_publication_due",
        {"kinds": DONATION_REPORTS, "days": 30}, 100, "%", "higher", 90, 80, True,
    ),
    (
        "accounts-published-in-deadline", 11,
        "Statements of accounts published within their deadline",
        "Datganiadau cyfrifon a gyhoeddwyd o fewn eu terfyn amser",
        "Transparency of political finance", "Tryloywder cyllid gwleidyddol",
        "Of the statements of accounts whose publication deadline (30 days after they were "
        "due) fell in the period, the share published by that deadline.",
        "O’r datganiadau cyfrifon yr oedd eu terfyn amser cyhoeddi (30 diwrnod ar ôl y "
        "dyddiad yr oeddent yn ddyledus) yn y cyfnod, y gyfran a gyhoeddwyd erbyn y terfyn hwnnw.",
        "filings", PUBLICATION, "ratio", F + "reports_published_within", F + "reports_publication_due",
        {"kinds": ["accounts"], "days": 30}, 100, "%", "higher", 90, 80, True,
    ),
    (
        "days-to-publication", 12,
        "Median days from deadline to publication",
        "Canolrif y dyddiau o’r terfyn amser i’r cyhoeddi",
        "Transparency of political finance", "Tryloywder cyllid gwleidyddol",
        "For the donation and loan reports first published in the period, the median number "
        "of days from the date each was due to the day it was published.",
        "Ar gyfer yr adroddiadau rhoddion a benthyciadau a gyhoeddwyd gyntaf yn y cyfnod, "
        "canolrif nifer y dyddiau o’r dyddiad yr oedd pob un yn ddyledus i’r diwrnod y’i cyhoeddwyd.",
        "filings", PUBLICATION, "value", F + "reports_days_to_publication_median", "",
        {"kinds": DONATION_REPORTS}, 1, "days", "lower", 30, 42, True,
    ),
    (
        "returns-filed-on-time", 20,
        "Returns filed on time", "Ffurflenni a gyflwynwyd mewn pryd",
        "Compliance with the reporting rules", "Cydymffurfio â’r rheolau adrodd",
        "Of the returns due in the period, the share first submitted by the end of the day "
        "they were due (London time).",
        "O’r ffurflenni a oedd yn ddyledus yn y cyfnod, y gyfran a gyflwynwyd gyntaf erbyn "
        "diwedd y diwrnod yr oeddent yn ddyledus (amser Llundain).",
        "filings", FILING, "ratio", F + "returns_filed_on_time", F + "returns_due",
        {}, 100, "%", "higher", 95, 90, True,
    ),
    (
        "returns-filed-late", 21,
        "Returns filed late", "Ffurflenni a gyflwynwyd yn hwyr",
        "Compliance with the reporting rules", "Cydymffurfio â’r rheolau adrodd",
        "Of the returns due in the period, the share first submitted after the day they were due.",
        "O’r ffurflenni a oedd yn ddyledus yn y cyfnod, y gyfran a gyflwynwyd gyntaf ar ôl y "
        "diwrnod yr oeddent yn ddyledus.",
        "filings", FILING, "ratio", F + "returns_filed_late", F + "returns_due",
        {}, 100, "%", "lower", 5, 10, False,
    ),
    (
        "returns-missing", 22,
        "Returns missing", "Ffurflenni ar goll",
        "Compliance with the reporting rules", "Cydymffurfio â’r rheolau adrodd",
        "Of the returns due in the period, the share past their due date and not yet submitted.",
        "O’r ffurflenni a oedd yn ddyledus yn y cyfnod, y gyfran sydd wedi pasio eu dyddiad "
        "dyledus a heb eu cyflwyno eto.",
        "filings", FILING, "ratio", F + "returns_missing", F + "returns_due",
        {}, 100, "%", "lower", 2, 5, False,
    ),
    (
        "returns-filed-on-pages", 23,
        "Digital take-up: returns filed on the online pages",
        "Defnydd digidol: ffurflenni a gyflwynwyd ar y tudalennau ar-lein",
        "Digital by default", "Digidol yn ddiofyn",
        "Of the returns submitted in the period, the share whose rows were all entered or "
        "uploaded on the online pages.",
        "O’r ffurflenni a gyflwynwyd yn y cyfnod, y gyfran y rhoddwyd eu holl resi neu eu "
        "huwchlwytho ar y tudalennau ar-lein.",
        "filings", DIGITAL, "ratio", F + "returns_submitted_through_pages", F + "returns_submitted",
        {}, 100, "%", "none", None, None, True,
    ),
    (
        "returns-filed-through-api", 24,
        "Digital take-up: returns filed through the API",
        "Defnydd digidol: ffurflenni a gyflwynwyd drwy’r API",
        "Digital by default", "Digidol yn ddiofyn",
        "Of the returns submitted in the period, the share with rows sent by accounting "
        "software through the filing API.",
        "O’r ffurflenni a gyflwynwyd yn y cyfnod, y gyfran â rhesi a anfonwyd gan feddalwedd "
        "cyfrifyddu drwy’r API ffeilio.",
        "filings", DIGITAL, "ratio", F + "returns_submitted_through_api", F + "returns_submitted",
        {}, 100, "%", "none", None, None, True,
    ),
    (
        "applications-decided-in-target", 30,
        "Registration applications decided within the target",
        "Ceisiadau cofrestru y penderfynwyd arnynt o fewn y targed",
        "An effective register", "Cofrestr effeithiol",
        "Of the registration applications decided in the period, the share decided within "
        "20 working days (England and Wales) of being submitted.",
        "O’r ceisiadau cofrestru y penderfynwyd arnynt yn y cyfnod, y gyfran y penderfynwyd "
        "arni o fewn 20 diwrnod gwaith (Cymru a Lloegr) ar ôl eu cyflwyno.",
        "register", REGISTRATION, "ratio", R + "applications_decided_within_target",
        R + "applications_decided", {"working_days": 20}, 100, "%", "higher", 90, 80, True,
    ),
    *[
        (
            f"investigations-in-target-{level}", 40 + n,
            f"Investigations concluded within their target ({label_en})",
            f"Ymchwiliadau a gwblhawyd o fewn eu targed ({label_cy})",
            "Effective enforcement", "Gorfodi effeithiol",
            f"Of the {label_en} investigations concluded in the period, the share concluded "
            "within the target set for their complexity.",
            f"O’r ymchwiliadau {label_cy} a gwblhawyd yn y cyfnod, y gyfran a gwblhawyd o fewn "
            "y targed a osodwyd ar gyfer eu cymhlethdod.",
            "cases", ENFORCEMENT, "ratio", C + "investigations_concluded_within_target",
            C + "investigations_concluded", {"complexity": level}, 100, "%", "higher", 80, 70, True,
        )
        for n, (level, label_en, label_cy) in enumerate(
            [("low", "low complexity", "cymhlethdod isel"),
             ("medium", "medium complexity", "cymhlethdod canolig"),
             ("high", "high complexity", "cymhlethdod uchel")]
        )
    ],
    (
        "representations-decided-in-deadline", 43,
        "Decisions on representations within the deadline",
        "Penderfyniadau ar sylwadau o fewn y terfyn amser",
        "Effective enforcement", "Gorfodi effeithiol",
        "Of the decisions on representations made in the period, the share made within the deadline.",
        "O’r penderfyniadau ar sylwadau a wnaed yn y cyfnod, y gyfran a wnaed o fewn y terfyn amser.",
        "cases", ENFORCEMENT, "ratio", C + "representations_decided_within_deadline",
        C + "representations_decided", {}, 100, "%", "higher", 90, 80, False,
    ),
    (
        "sanctions-imposed", 44, "Sanctions imposed", "Sancsiynau a osodwyd",
        "Effective enforcement", "Gorfodi effeithiol",
        "The number of sanctions imposed in the period.",
        "Nifer y sancsiynau a osodwyd yn y cyfnod.",
        "cases", ENFORCEMENT, "count", C + "sanctions_imposed", "", {}, 1, "count", "none", None, None, True,
    ),
    (
        "sanctions-paid", 45, "Sanctions paid", "Sancsiynau a dalwyd",
        "Effective enforcement", "Gorfodi effeithiol",
        "The number of monetary penalties paid in full in the period.",
        "Nifer y cosbau ariannol a dalwyd yn llawn yn y cyfnod.",
        "cases", ENFORCEMENT, "count", C + "sanctions_paid", "", {}, 1, "count", "none", None, None, False,
    ),
    (
        "sanctions-overdue", 46, "Sanctions overdue", "Sancsiynau sy’n hwyr",
        "Effective enforcement", "Gorfodi effeithiol",
        "The number of monetary penalties unpaid after their due date at the end of the period.",
        "Nifer y cosbau ariannol heb eu talu ar ôl eu dyddiad dyledus ar ddiwedd y cyfnod.",
        "cases", ENFORCEMENT, "count", C + "sanctions_overdue", "", {}, 1, "count", "lower", 0, 5, False,
    ),
    *[
        (
            f"requests-answered-in-target-{kind}", 50 + n,
            f"{label_en} answered within target", f"{label_cy} a atebwyd o fewn y targed",
            "Clear advice for those we regulate", "Cyngor clir i’r rheini rydym yn eu rheoleiddio",
            f"Of the {label_en.lower()} answered in the period, the share answered within "
            "the target for their type.",
            f"O’r {label_cy.lower()} a atebwyd yn y cyfnod, y gyfran a atebwyd o fewn y targed "
            "ar gyfer eu math.",
            "contacts", ADVICE, "ratio", K + "requests_answered_within_target",
            K + "requests_answered", {"request_type": kind}, 100, "%", "higher", 90, 80, True,
        )
        for n, (kind, label_en, label_cy) in enumerate(
            [("advice", "Advice requests", "Ceisiadau am gyngor"),
             ("information", "Information requests", "Ceisiadau am wybodaeth")]
        )
    ],
    (
        "welsh-answered-in-welsh", 53,
        "Welsh correspondence answered in Welsh", "Gohebiaeth Gymraeg a atebwyd yn Gymraeg",
        "Welsh Language Standards", "Safonau’r Gymraeg",
        "Of the correspondence received in Welsh and answered in the period, the share answered in Welsh.",
        "O’r ohebiaeth a dderbyniwyd yn Gymraeg ac a atebwyd yn y cyfnod, y gyfran a atebwyd yn Gymraeg.",
        "contacts", ADVICE, "ratio", K + "welsh_correspondence_answered_in_welsh",
        K + "welsh_correspondence_answered", {}, 100, "%", "higher", 100, 95, True,
    ),
    (
        "alerts-triaged-in-target", 60,
        "Alerts triaged within target", "Rhybuddion a frysbennwyd o fewn y targed",
        "Effective monitoring", "Monitro effeithiol",
        "Of the alerts raised in the period, the share triaged within the target.",
        "O’r rhybuddion a godwyd yn y cyfnod, y gyfran a frysbennwyd o fewn y targed.",
        "monitoring", ENFORCEMENT, "ratio", M + "alerts_triaged_within_target",
        M + "alerts_raised", {}, 100, "%", "higher", 90, 80, False,
    ),
    (
        "alerts-raised", 61, "Alerts raised", "Rhybuddion a godwyd",
        "Effective monitoring", "Monitro effeithiol",
        "The number of alerts raised in the period.", "Nifer y rhybuddion a godwyd yn y cyfnod.",
        "monitoring", ENFORCEMENT, "count", M + "alerts_raised", "", {}, 1, "count", "none", None, None, False,
    ),
    (
        "availability-working-hours", 70,
        "Availability in working hours", "Argaeledd yn ystod oriau gwaith",
        "A reliable service", "Gwasanaeth dibynadwy",
        "The share of working hours (Monday to Friday, 09:00 to 17:30 London time, not bank "
        "holidays in England and Wales) in which the readiness check answered that the "
        "service was up, out of the working hours whose state is known; unprobed time is "
        "shown as unknown.",
        "Y gyfran o oriau gwaith (dydd Llun i ddydd Gwener, 09:00 i 17:30 amser Llundain, nid "
        "gwyliau banc yng Nghymru a Lloegr) pan atebodd y gwiriad parodrwydd fod y gwasanaeth "
        "ar gael, allan o’r oriau gwaith y mae eu cyflwr yn hysbys; dangosir amser heb ei "
        "brofi fel amser anhysbys.",
        "reporting", DIGITAL, "value", P + "availability_working_hours", "",
        {}, 1, "%", "higher", 99, 98, True,
    ),
    (
        "incidents-recovered-in-target", 71,
        "Incidents recovered within half a working day",
        "Digwyddiadau a adferwyd o fewn hanner diwrnod gwaith",
        "A reliable service", "Gwasanaeth dibynadwy",
        "Of the incidents (runs of failed readiness checks) that began and ended in the "
        "period, the share over within 4.25 working hours.",
        "O’r digwyddiadau (cyfresi o wiriadau parodrwydd a fethodd) a ddechreuodd ac a "
        "ddaeth i ben yn y cyfnod, y gyfran a ddaeth i ben o fewn 4.25 awr waith.",
        "reporting", DIGITAL, "ratio", P + "incidents_recovered_within", P + "incidents_ended",
        {"working_hours": 4.25}, 100, "%", "higher", 100, 90, False,
    ),
    (
        "response-time-p95", 72,
        "Response time (95th percentile)", "Amser ymateb (95fed canradd)",
        "A fast service", "Gwasanaeth cyflym",
        "The time within which 95% of requests were answered, in milliseconds, from the "
        "platform’s own request-latency histogram sampled by the probe.",
        "Yr amser o fewn pryd yr atebwyd 95% o geisiadau, mewn milieiliadau, o histogram "
        "oedi ceisiadau’r platfform ei hun a samplwyd gan y prawf.",
        "reporting", DIGITAL, "value", P + "response_time_p95", "", {}, 1, "ms", "lower", 1000, 2000, False,
    ),
    (
        "requests-per-second", 73,
        "Requests per second", "Ceisiadau yr eiliad",
        "A fast service", "Gwasanaeth cyflym",
        "The mean number of requests a second over the sampled time of the period.",
        "Nifer cymedrig y ceisiadau yr eiliad dros amser samplu’r cyfnod.",
        "reporting", DIGITAL, "value", P + "requests_per_second", "", {}, 1, "rps", "none", None, None, False,
    ),
    (
        "filing-completion-rate", 80,
        "Completion rate of online filing", "Cyfradd cwblhau ffeilio ar-lein",
        "Digital by default", "Digidol yn ddiofyn",
        "Of the returns started online in the period, the share submitted.",
        "O’r ffurflenni a ddechreuwyd ar-lein yn y cyfnod, y gyfran a gyflwynwyd.",
        "filings", DIGITAL, "ratio", F + "returns_started_and_submitted", F + "returns_started",
        {}, 100, "%", "higher", 80, 70, True,
    ),
    (
        "user-satisfaction", 81,
        "User satisfaction", "Bodlonrwydd defnyddwyr",
        "Digital by default", "Digidol yn ddiofyn",
        "Of the answers to the feedback question on the completion pages in the period, the "
        "share “very satisfied” or “satisfied”.",
        "O’r atebion i’r cwestiwn adborth ar y tudalennau cwblhau yn y cyfnod, y gyfran "
        "“bodlon iawn” neu “bodlon”.",
        "reporting", DIGITAL, "ratio", P + "feedback_satisfied", P + "feedback_responses",
        {}, 100, "%", "higher", 80, 70, True,
    ),
    (
        "cost-per-transaction", 82,
        "Cost per transaction", "Cost fesul trafodiad",
        "Value for money", "Gwerth am arian",
        "The running cost of the service in the period (the cost inputs) divided by the "
        "returns submitted in it.",
        "Cost rhedeg y gwasanaeth yn y cyfnod (y mewnbynnau cost) wedi’i rannu â’r ffurflenni "
        "a gyflwynwyd ynddo.",
        "reporting", DIGITAL, "value", P + "cost_total", F + "returns_submitted",
        {}, 1, "GBP", "none", None, None, True,
    ),
]


def load(apps: Any, schema_editor: Any) -> None:
    from django.utils import timezone

    definition = apps.get_model("reporting", "MeasureDefinition")
    for row in MEASURES:
        (code, sort, name_en, name_cy, objective_en, objective_cy, definition_en,
         definition_cy, area, owner, kind, numerator, denominator, params, scale, unit,
         direction, target, amber, published) = row
        definition.objects.get_or_create(
            code=code,
            version=1,
            defaults={
                "effective_from": EFFECTIVE,
                "name_en": name_en,
                "name_cy": name_cy,
                "objective_en": objective_en,
                "objective_cy": objective_cy,
                "definition_en": definition_en,
                "definition_cy": definition_cy,
                "area": area,
                "owner": owner,
                "kind": kind,
                "numerator": numerator,
                "denominator": denominator,
                "params": params,
                "scale": scale,
                "unit": unit,
                "direction": direction,
                "target": target,
                "amber": amber,
                "published": published,
                "sort": sort,
                "change_note": "First version of the catalogue.",
                "created_at": timezone.now(),
            },
        )


class Migration(migrations.Migration):
    dependencies = [("reporting", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
