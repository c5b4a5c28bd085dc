"""Filing details (issue 15, item 7): nil returns say what they are nil for and offer no
upload, and warn when late like any return; money is shown as money and kinds in words;
each bad cell of an upload is reported once, under the column the file names; one return
per entity, kind and period (and accounting unit) holds in the database too, and a race
past the service's check gets the same refusal; the migration refuses existing
duplicates by name and changes nothing."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from typing import Any

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from regulator.audit.models import AuditEvent
from regulator.core import clock
from regulator.core.testing import clock_frozen_at
from regulator.filings import services
from regulator.filings.models import FiledReturn, ReturnKind, ReturnVersion, Status
from regulator.filings.parsing import TEMPLATES
from regulator.filings.rules.inputs import TransactionKind
from regulator.filings.services import FilingError, FilingErrorCode
from regulator.filings.services import returns as returns_service
from regulator.filings.tests.factories import TEMPLATE_DONATION, filing_world
from regulator.identity.testing import signed_in_client

pytestmark = pytest.mark.django_db

_frozen = clock_frozen_at(dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC))


def _draft(world: dict[str, Any], period: str = "Q4 2026") -> ReturnVersion:
    return services.return_create(
        entity=world["entity"],
        kind=ReturnKind.QUARTERLY_CENTRAL,
        period_name=period,
        actor=world["treasurer"],
    ).current


# --- Nil returns ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "says", "late"),
    [
        (
            "",
            "There are no donations or loans to report in the quarterly donations and loans "
            "report (central party) for Q3 2026.",
            "This return was due by 30 October 2026 and is late.",
        ),
        (
            "/cy",
            "Nid oes unrhyw roddion na benthyciadau i\u2019w hadrodd ar gyfer",
            "Roedd y ffurflen hon i fod i\u2019w chyflwyno erbyn 30 Hydref 2026",
        ),
    ],
)
def test_a_nil_return_says_what_it_is_nil_for_offers_no_upload_and_warns_when_late(
    world: dict[str, Any], prefix: str, says: str, late: str
) -> None:
    version = _draft(world, "Q3 2026")  # due 30 October 2026; it is 30 November
    client = signed_in_client(world["treasurer"])
    page = f"{prefix}/filing/returns/{version.filed_return_id}/"
    assert 'id="nothing-to-report"' in client.get(page).content.decode()
    response = client.post(f"{page}nothing-to-report/", {"nothing": "yes"})
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.nothing_to_report
    body = client.get(page).content.decode()
    assert says in body
    assert late in body
    assert "/upload/" not in body
    assert "/add/" not in body
    # The upload page itself sends the filer back to the return.
    assert client.get(f"{page}upload/").status_code == 302
    # Checking the return gives the late warning the rules give any late return.
    version = services.version_validate(version=version, actor=world["treasurer"])
    assert version.status == Status.VALIDATED
    assert [f["code"] for f in version.warnings] == ["report_late"]
    assert AuditEvent.objects.filter(action="filings.nothing_to_report").count() == 1


def test_a_nil_return_holds_no_transactions_and_can_be_taken_back(world: dict[str, Any]) -> None:
    version = _draft(world)
    services.version_nothing_to_report(version=version, actor=world["treasurer"], nothing=True)
    with pytest.raises(FilingError) as refused:
        services.transaction_add(
            version=version,
            kind=TransactionKind.DONATION,
            data=TEMPLATE_DONATION,
            actor=world["treasurer"],
        )
    assert refused.value.code == FilingErrorCode.NOTHING_TO_REPORT
    assert version.transactions.count() == 0
    services.version_nothing_to_report(version=version, actor=world["treasurer"], nothing=False)
    services.transaction_add(
        version=version,
        kind=TransactionKind.DONATION,
        data=TEMPLATE_DONATION,
        actor=world["treasurer"],
    )
    # A return with transactions cannot be declared nil; nothing changes.
    with pytest.raises(FilingError) as refused:
        services.version_nothing_to_report(version=version, actor=world["treasurer"], nothing=True)
    assert refused.value.code == FilingErrorCode.HAS_TRANSACTIONS
    version.refresh_from_db()
    assert not version.nothing_to_report


def test_a_nil_return_is_declared_submitted_and_its_amendment_stays_nil(
    world: dict[str, Any],
) -> None:
    version = _draft(world)
    services.version_nothing_to_report(version=version, actor=world["treasurer"], nothing=True)
    version = services.version_validate(version=version, actor=world["treasurer"])
    services.version_declare(version=version, user=world["treasurer"])
    version = services.version_submit(version=version, user=world["treasurer"], idempotency_key="n")
    assert version.status == Status.SUBMITTED
    services.version_query(version=version, analyst=world["analyst"], question="Really nothing?")
    amendment = services.version_amend(
        version=version, user=world["treasurer"], change_note="Confirmed: nothing"
    )
    assert amendment.nothing_to_report


# --- Money and kinds in words ----------------------------------------------------------------


@pytest.mark.parametrize(("prefix", "kind"), [("", "Donations"), ("/cy", "Rhoddion")])
def test_the_transactions_table_shows_money_as_money_and_kinds_in_words(
    world: dict[str, Any], prefix: str, kind: str
) -> None:
    version = _draft(world)
    services.transaction_add(
        version=version,
        kind=TransactionKind.DONATION,
        data=TEMPLATE_DONATION,
        actor=world["treasurer"],
    )
    body = (
        signed_in_client(world["treasurer"])
        .get(f"{prefix}/filing/returns/{version.filed_return_id}/")
        .content.decode()
    )
    table = body[body.index("<table") :]
    assert "£15,000.00" in table
    assert "15000.00" not in table
    assert "Decimal(" not in body
    assert f'<td class="govuk-table__cell">{kind}</td>' in table
    assert '<td class="govuk-table__cell">donations</td>' not in table


# --- Each bad cell once ----------------------------------------------------------------------


def _csv(*rows: dict[str, str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=TEMPLATES[TransactionKind.DONATION])
    writer.writeheader()
    for row in rows:
        writer.writerow(dict(TEMPLATE_DONATION, **row))
    return buffer.getvalue().encode()


BAD_CELLS = {
    (1, "AcceptedDate"): "31/02/2026",
    (2, "Value"): "lots",
    (3, "ReceivedDate"): "soon",
    (3, "Value"): "1,50",
}


@pytest.mark.parametrize(
    ("prefix", "words"),
    [("", ["is not a date", "is not an amount of money"]), ("/cy", ["yn ddyddiad", "nid yw"])],
)
def test_each_bad_cell_is_reported_once_under_the_column_the_file_names(
    world: dict[str, Any], prefix: str, words: list[str]
) -> None:
    version = _draft(world)
    upload = services.upload_receive(
        version=version,
        kind=TransactionKind.DONATION,
        source=_csv(
            {"DonorName": "A", "AcceptedDate": "31/02/2026"},
            {"DonorName": "B", "Value": "lots"},
            {"DonorName": "C", "ReceivedDate": "soon", "Value": "1,50"},
        ),
        file_name="bad.csv",
        actor=world["treasurer"],
    )
    cells = [(p["row"], p["column"]) for p in upload.problems]
    assert sorted(cells) == sorted(BAD_CELLS), upload.problems
    for problem in upload.problems:
        assert problem["value"] == BAD_CELLS[problem["row"], problem["column"]]
    internal = {"value", "accepted", "received", "accepted_date", "received_date"}
    assert not internal & {p["column"] for p in upload.problems}
    body = (
        signed_in_client(world["treasurer"])
        .get(f"{prefix}/filing/returns/{version.filed_return_id}/upload/{upload.pk}/")
        .content.decode()
    )
    rows = body[body.index("<tbody") : body.index("</tbody>")]
    assert rows.count("<tr") == len(BAD_CELLS)
    for word in words:
        assert word in rows
    for (_row, column), value in BAD_CELLS.items():
        # The message names the column as the file does, and quotes the cell once.
        said = re.findall(rf"{column}: [^<]*\u201c{re.escape(value)}\u201d", rows)
        assert len(said) == 1, (column, value)


def test_a_rule_on_a_field_is_reported_under_the_template_column(world: dict[str, Any]) -> None:
    version = _draft(world)
    services.transaction_add(
        version=version,
        kind=TransactionKind.DONATION,
        data=dict(TEMPLATE_DONATION, AcceptedDate=""),
        actor=world["treasurer"],
    )
    version = services.version_validate(version=version, actor=world["treasurer"])
    columns = {f["column"] for f in version.findings}
    assert "AcceptedDate" in columns
    assert "accepted" not in columns


# --- One return per period in the database ---------------------------------------------------


def test_two_returns_for_one_period_are_refused_by_the_database(world: dict[str, Any]) -> None:
    first = _draft(world).filed_return
    fields = {
        "entity": first.entity,
        "kind": first.kind,
        "period_name": first.period_name,
        "created_by": world["treasurer"],
        "created_at": clock.now(),
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        FiledReturn.objects.create(**fields)
    # Another accounting unit's return for the same period is its own return; a second
    # one for that unit is refused too.
    from regulator.audit.types import Actor
    from regulator.register.services import accounting_unit_add

    unit = accounting_unit_add(entity=first.entity, name="Ceredigion", actor=Actor.system("t"))
    FiledReturn.objects.create(**fields, accounting_unit=unit)
    with pytest.raises(IntegrityError), transaction.atomic():
        FiledReturn.objects.create(**fields, accounting_unit=unit)


def test_a_race_past_the_services_check_gets_the_same_refusal(
    world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = returns_service.existing_return
    raced: list[FiledReturn] = []

    def another_request_wins(entity: Any, kind: str, name: str, unit: Any) -> Any:
        if not raced:
            # The other request inserts between this one's check and its insert.
            raced.append(
                FiledReturn.objects.create(
                    entity=entity,
                    kind=kind,
                    period_name=name,
                    accounting_unit=unit,
                    created_by=world["agent"],
                    created_at=clock.now(),
                )
            )
            return None
        return real(entity, kind, name, unit)

    monkeypatch.setattr(returns_service, "existing_return", another_request_wins)
    with pytest.raises(services.ReturnExistsError) as refused:
        services.return_create(
            entity=world["entity"],
            kind=ReturnKind.QUARTERLY_CENTRAL,
            period_name="q1 2026",
            actor=world["treasurer"],
        )
    assert refused.value.code == FilingErrorCode.RETURN_EXISTS
    assert refused.value.existing == raced[0].pk
    assert "You have already started a" in refused.value.message
    # Nothing of this request's return was made (the raced row was inserted in this
    # test's own transaction, so the refusal's rollback takes it too; a real other
    # request's row is committed on its own).
    assert not ReturnVersion.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_migration_refuses_existing_duplicates_by_name_and_changes_nothing() -> None:
    world = filing_world()
    executor = MigrationExecutor(connection)
    call_command("migrate", "filings", "0010", verbosity=0)
    try:
        old = executor.loader.project_state(("filings", "0010_non_party_campaigner_figures")).apps
        old_model = old.get_model("filings", "FiledReturn")
        made = [
            old_model.objects.create(
                entity_id=world["entity"].pk,
                kind="quarterly-central",
                period_name="Q1 2026",
                created_by_id=world["treasurer"].pk,
                created_at=clock.now(),
            )
            for _ in range(2)
        ]
        with pytest.raises(Exception, match="these returns share entity, kind") as refused:
            call_command("migrate", "filings", "0011", verbosity=0)
        message = str(refused.value)
        assert f"entity {world['entity'].pk}, kind quarterly-central, period 'Q1 2026'" in message
        assert f"returns {made[0].pk}, {made[1].pk}" in message
        recorder = MigrationExecutor(connection).loader.applied_migrations
        assert ("filings", "0011_one_return_per_period_and_nil") not in recorder
        # Resolved by staff (one kept), the migration runs.
        old_model.objects.filter(pk=made[1].pk).delete()
    finally:
        call_command("migrate", "filings", verbosity=0)
    assert ("filings", "0011_one_return_per_period_and_nil") in (
        MigrationExecutor(connection).loader.applied_migrations
    )


@pytest.mark.parametrize("prefix", ["", "/cy"])
def test_amounts_in_the_stored_findings_are_shown_as_money(
    world: dict[str, Any], prefix: str
) -> None:
    version = _draft(world)
    services.transaction_add(
        version=version,
        kind=TransactionKind.DONATION,
        data=dict(TEMPLATE_DONATION, Value="100.00"),
        actor=world["treasurer"],
    )
    version = services.version_validate(version=version, actor=world["treasurer"])
    stored = [f for f in version.findings if f["params"].get("value") == "100.00"]
    assert stored, version.findings
    body = (
        signed_in_client(world["treasurer"])
        .get(f"{prefix}/filing/returns/{version.filed_return_id}/results/")
        .content.decode()
    )
    assert "£100.00" in body
    assert not re.search(
        r"[^£\d,]100\.00", body.replace('<td class="govuk-table__cell">100.00</td>', "")
    )
