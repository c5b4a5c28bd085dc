"""The catalogue computed from the owning areas' selectors: filings' returns due, on time,
late and missing, the channels, publication within the deadline; the register's
decisions within the working-day target; measures of areas not built yet are "not yet
available" and become available, with no change in reporting, once a selector of that
name exists."""

from __future__ import annotations

import json
import sys
import types
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from regulator.core import clock
from regulator.reporting import catalogue
from regulator.reporting.models import MeasureDefinition
from regulator.reporting.periods import PeriodError, period_parse
from regulator.reporting.tests.conftest import at

Q3 = period_parse("2025-Q3")


def results(as_of: Any = None) -> dict[str, catalogue.Result]:
    return {r.code: r for r in catalogue.compute_all(Q3, as_of or at(2025, 12, 1))}


def test_periods() -> None:
    assert (Q3.start.isoformat(), Q3.end.isoformat()) == ("2025-07-01", "2025-09-30")
    year = period_parse("2025-26")
    assert (year.start.isoformat(), year.end.isoformat()) == ("2025-04-01", "2026-03-31")
    assert period_parse("FY2011-12").kind == "year"
    assert period_parse("2025-02").end.isoformat() == "2025-02-28"
    assert Q3.previous().code == "2025-Q2"
    assert [m.code for m in Q3.months()] == ["2025-07", "2025-08", "2025-09"]
    with pytest.raises(PeriodError, match="is not a period"):
        period_parse("2025-Q5")


@pytest.mark.django_db
def test_the_catalogue_is_seeded_with_every_measure_of_the_issue() -> None:
    codes = set(MeasureDefinition.objects.values_list("code", flat=True))
    assert {
        "reports-published-in-deadline",
        "accounts-published-in-deadline",
        "days-to-publication",
        "returns-filed-on-time",
        "returns-filed-late",
        "returns-missing",
        "returns-filed-on-pages",
        "returns-filed-through-api",
        "applications-decided-in-target",
        "investigations-in-target-low",
        "representations-decided-in-deadline",
        "sanctions-imposed",
        "sanctions-paid",
        "sanctions-overdue",
        "requests-answered-in-target-advice",
        "welsh-answered-in-welsh",
        "alerts-triaged-in-target",
        "availability-working-hours",
        "incidents-recovered-in-target",
        "response-time-p95",
        "requests-per-second",
        "filing-completion-rate",
        "user-satisfaction",
        "cost-per-transaction",
    } <= codes
    for definition in MeasureDefinition.objects.all():
        assert definition.name_cy
        assert definition.definition_cy
        assert definition.objective_cy


def test_filing_measures(quarter_returns: dict[str, Any]) -> None:
    found = results()
    on_time = found["returns-filed-on-time"]
    assert (on_time.numerator, on_time.denominator, on_time.value) == ("1", "3", "33.3")
    assert on_time.inputs["numerator"]["keys"] == [quarter_returns["on_time"].pk]
    assert found["returns-filed-late"].inputs["numerator"]["keys"] == [quarter_returns["late"].pk]
    assert found["returns-missing"].inputs["numerator"]["keys"] == [quarter_returns["missing"].pk]
    assert found["returns-filed-late"].status == "red"
    # two submitted in the quarter: one through the API, one on the pages
    assert found["returns-filed-through-api"].value == "50.0"
    assert found["returns-filed-on-pages"].value == "50.0"
    # four started in the quarter, two submitted
    assert found["filing-completion-rate"].value == "50.0"
    # the donation reports whose publication deadline (29/08) is in the quarter: two,
    # one published on 20/08
    published = found["reports-published-in-deadline"]
    assert (published.numerator, published.denominator) == ("1", "2")
    assert found["days-to-publication"].value == "21.0"
    assert found["accounts-published-in-deadline"].value is None
    assert found["accounts-published-in-deadline"].status == "no-data"


def test_figures_are_as_they_stood_at_the_instant_asked(quarter_returns: dict[str, Any]) -> None:
    before_the_deadline = results(at(2025, 7, 15))
    assert before_the_deadline["returns-filed-on-time"].numerator == "0"
    assert before_the_deadline["returns-missing"].numerator == "0"


def test_applications_decided_within_the_working_day_target(db: Any) -> None:
    from regulator.register import services
    from regulator.register.tests.factories import filer, officer
    from regulator.register.types import ApplicationKind

    applicant, decider = filer(), officer()
    answers = {
        "register": "great-britain",
        "address_line_1": "1 Test Street",
        "town": "Cardiff",
        "postcode": "CF10 1AA",
        "leader": "A Leader",
        "treasurer": "A Treasurer",
        "nominating_officer": "A Nominating Officer",
    }
    # 20 working days from Monday 04/08/2025 is 02/09 (25/08 is a bank holiday)
    for name, decided, approve in (
        ("Larkspur Test Alliance", at(2025, 9, 2), True),
        ("Marigold Test League", at(2025, 9, 3), False),
    ):
        clock.freeze(at(2025, 8, 4))
        application = services.application_start(
            applicant=applicant, kind=ApplicationKind.PARTY_REGISTRATION, actor=applicant
        )
        application = services.application_answers_save(
            application=application, step="all", answers={**answers, "name": name}, actor=applicant
        )
        application = services.application_submit(
            application=application, declaration=True, actor=applicant
        )
        clock.freeze(decided)
        if approve:
            services.application_approve(application=application, officer=decider)
        else:
            services.application_refuse(application=application, officer=decider, reason="No.")
    clock.freeze(None)
    measure = results()["applications-decided-in-target"]
    assert (measure.numerator, measure.denominator, measure.value) == ("1", "2", "50.0")


@pytest.mark.django_db
def test_areas_not_built_yet_are_not_yet_available_never_a_number() -> None:
    found = results()
    for code in (
        "investigations-in-target-low",
        "sanctions-imposed",
        "alerts-raised",
    ):
        assert found[code].available is False
        assert found[code].status == "unavailable"
        assert found[code].value is None
        assert found[code].numerator is None
    assert catalogue.resolve("regulator.cases.selectors.sanctions_imposed") is None
    assert catalogue.resolve("regulator.filings.selectors.no_such_selector") is None
    assert catalogue.resolve("regulator.filings.selectors.returns_due") is not None


@pytest.mark.django_db
def test_contacts_measures_come_from_the_enquiries_answered(settings: Any) -> None:
    from regulator.contacts import services as contacts_services
    from regulator.contacts.tests import factories as contact_factories
    from regulator.identity.tests.factories import StaffFactory
    from regulator.identity.types import StaffRole

    settings.NOTIFY_BACKEND = "memory"
    manager = StaffFactory(roles=[StaffRole.CONTACTS_MANAGER])
    sian = contact_factories.contact("Siân Evans", email="sian@example.org")
    clock.freeze(at(2025, 8, 1, 10))
    asked = contact_factories.enquiry("advice-financial", who=sian, language="cy")
    clock.freeze(at(2025, 8, 4, 10))
    contacts_services.reply_send(
        actor=manager, enquiry=asked, language="cy", subject="Ateb", body="Ateb"
    )
    clock.freeze(None)
    found = results()
    welsh = found["welsh-answered-in-welsh"]
    assert (welsh.available, welsh.numerator, welsh.denominator, welsh.value) == (
        True, "1", "1", "100.0"
    )  # fmt: skip
    advice = found["requests-answered-in-target-advice"]
    assert (advice.numerator, advice.denominator, advice.value) == ("1", "1", "100.0")
    assert found["requests-answered-in-target-information"].value is None


@pytest.mark.django_db
def test_a_selector_that_lands_makes_the_measure_available_with_no_change(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """As if the cases area were built and installed: its selector is found by name."""
    from django.apps import apps

    module = types.ModuleType("regulator.cases.selectors")
    setattr(module, "sanctions_imposed", lambda *, start, end, as_of: [object(), object()])  # noqa: B010 - a module made at run time
    monkeypatch.setitem(sys.modules, "regulator.cases.selectors", module)
    real = apps.is_installed
    monkeypatch.setattr(apps, "is_installed", lambda name: name == "regulator.cases" or real(name))
    measure = results()["sanctions-imposed"]
    assert measure.available is True
    assert measure.value == "2"


@pytest.mark.django_db
def test_rag_status_from_the_target_and_amber_band() -> None:
    definition = MeasureDefinition.objects.get(code="returns-filed-on-time", version=1)
    assert catalogue.status_of(definition, Decimal(96)) == "green"
    assert catalogue.status_of(definition, Decimal(92)) == "amber"
    assert catalogue.status_of(definition, Decimal(50)) == "red"
    lower = MeasureDefinition.objects.get(code="returns-missing", version=1)
    assert catalogue.status_of(lower, Decimal(1)) == "green"
    assert catalogue.status_of(lower, Decimal(4)) == "amber"
    assert catalogue.status_of(lower, Decimal(9)) == "red"


def test_the_measures_command_as_json(quarter_returns: dict[str, Any]) -> None:
    out = StringIO()
    call_command("reporting_measures", period="2025-Q3", format="json", stdout=out)
    rows = json.loads(out.getvalue())
    keys = {"code", "name", "value", "numerator", "denominator", "target", "status", "available"}
    assert all(keys <= set(row) for row in rows)
    by_code = {row["code"]: row for row in rows}
    assert by_code["returns-filed-on-time"]["denominator"] == 3
    assert by_code["sanctions-imposed"] == {
        **by_code["sanctions-imposed"],
        "value": None,
        "available": False,
        "status": "unavailable",
    }
    with pytest.raises(CommandError, match="is not a period"):
        call_command("reporting_measures", period="last quarter", format="json")
