"""Schemathesis over the OpenAPI schema: bounded, seeded examples for every operation of
the finance API, against the real samples; zero server errors."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from config.wsgi import application


@pytest.fixture
def _keep_test_connection():
    """Call the WSGI app the way Django's test client does: without closing the test's
    database connection at the end of each request (PostgreSQL would lose the test's
    transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.usefixtures("_keep_test_connection")
def test_the_api_never_answers_with_a_server_error(imported_samples):
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)
    prefixes = ("/api/v1/donations/", "/api/v1/loans/", "/api/v1/spending/")
    operations = []
    for result in schema.get_all_operations():
        operation = result.ok()  # type: ignore[union-attr]  # an invalid schema raises here
        if operation.path.startswith(prefixes):
            operations.append(operation)
    assert len(operations) == 9
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=30,
            deadline=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        def run(case):
            case.call_and_validate(checks=[not_a_server_error])

        run()


def _operations(prefixes: tuple[str, ...]) -> list:
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)
    found = []
    for result in schema.get_all_operations():
        operation = result.ok()  # type: ignore[union-attr]  # an invalid schema raises here
        if operation.path.startswith(prefixes):
            found.append(operation)
    return found


def _run(operation, checks, headers=None, examples: int = 25) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    def run(case):
        case.call_and_validate(checks=checks, headers=headers or {})

    run()


@pytest.mark.django_db
@pytest.mark.usefixtures("_keep_test_connection")
def test_no_read_operation_answers_with_a_server_error(imported_samples):
    """The public read APIs (published data, the register, donors): never a server
    error, whatever the parameters."""
    operations = _operations(
        (
            "/api/v1/donations/",
            "/api/v1/loans/",
            "/api/v1/spending/",
            "/api/v1/donors/",
            "/api/v1/entities/",
        )
    )
    assert len(operations) == 13
    for operation in operations:
        _run(operation, [not_a_server_error])


@pytest.mark.django_db
@pytest.mark.usefixtures("_keep_test_connection")
def test_the_filing_api_never_answers_with_a_server_error():
    """The filing API with a real filer token: generated bodies, parameters and ids, on
    a real draft return of the token's filer (so some calls reach it)."""
    from regulator.audit.types import Actor
    from regulator.filings.services import filer_token_issue
    from regulator.filings.tests.factories import filing_world

    world = filing_world()
    _token, key = filer_token_issue(
        user=world["treasurer"], name="Fuzz", actor=Actor.system("tests")
    )
    operations = _operations(("/api/v1/filings/",))
    assert len(operations) == 6
    for operation in operations:
        _run(operation, [not_a_server_error], headers={"Authorization": f"Filer-Token {key}"})


@pytest.mark.django_db
@pytest.mark.usefixtures("_keep_test_connection")
def test_the_enforcement_api_never_answers_with_a_server_error():
    """Published enforcement outcomes, list (with its CSV) and detail, over a published
    case (so generated filters and references sometimes find it)."""
    from regulator.cases import services
    from regulator.cases.tests import factories

    people = factories.team()
    case = factories.investigating(people)
    services.findings_record(case=case, actor=people.decider, finding="no-offence", reason="r")
    services.case_publish(case=case, actor=people.approver, summary_en="No offence.")
    operations = _operations(("/api/v1/enforcement/",))
    assert len(operations) == 2
    for operation in operations:
        _run(operation, [not_a_server_error], examples=40)
