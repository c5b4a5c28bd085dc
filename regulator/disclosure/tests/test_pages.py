from __future__ import annotations

import csv
import io
import sqlite3

import pyarrow.parquet as pq
import pytest
from django.core.management import call_command

from regulator.audit.models import AuditEvent
from regulator.core.errors import PermissionDeniedError
from regulator.disclosure import services
from regulator.finance.models import Donation, Loan, SpendingItem
from regulator.finance.services import FinanceError, FinanceErrorCode
from regulator.identity.types import StaffRole

pytestmark = pytest.mark.django_db


def test_the_search_page_and_the_api_agree(client, imported_samples):
    page = client.get("/search/", {"q": "harborne", "donor_status": "individual"})
    api = client.get("/api/v1/donations/", {"q": "harborne", "donor_status": "individual"}).json()
    assert page.status_code == 200
    html = page.content.decode()
    assert f"{api['count']} results" in html
    for item in api["results"]:
        assert item["donor_name"] in html
    assert 'href="/api/v1/donations/?q=harborne&amp;donor_status=individual&amp;format=csv"' in html


def test_facet_counts_sit_beside_each_filter(client, imported_samples):
    html = client.get("/search/").content.decode()
    individuals = Donation.objects.filter(donor_status="Individual").count()
    assert (
        f'Individual <span class="govuk-hint govuk-!-display-inline">({individuals})</span>' in html
    )


def test_bad_filters_show_an_error_summary_and_change_nothing(client, imported_samples):
    response = client.get("/search/", {"date_from": "31/02/2024"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert 'href="#date_from"' in html
    welsh = client.get("/cy/search/", {"value_min": "lots"}).content.decode()
    assert "govuk-error-summary" in welsh
    assert 'href="#value_min"' in welsh
    assert "Rhoi\u2019r hidlwyr ar waith" in welsh


def test_loans_and_spending_pages(client, imported_samples):
    assert client.get("/search/loans/").status_code == 200
    html = client.get("/search/spending/", {"expense_category": "advertising"}).content.decode()
    count = SpendingItem.objects.filter(expense_category="Advertising").count()
    assert f"{count} results" in html


def test_the_entity_page_shows_public_funds_apart_with_charts_tables_and_data(
    client, imported_samples
):
    entity_id = (
        Donation.objects.filter(is_public_fund=True).values_list("entity_id", flat=True).first()
    )
    html = client.get(f"/search/entities/{entity_id}/").content.decode()
    assert "Public funds by year" in html
    assert 'data-vega-spec="chart-spec-year"' in html
    assert 'id="chart-spec-year"' in html
    data = client.get(f"/search/entities/{entity_id}/charts/year.csv")
    rows = list(csv.DictReader(io.StringIO(data.content.decode())))
    private = Donation.objects.filter(entity_id=entity_id, is_public_fund=False)
    assert sum(int(row["count"]) for row in rows) == private.count()
    assert client.get(f"/cy/search/entities/{entity_id}/").status_code == 200
    assert client.get(f"/search/entities/{entity_id}/charts/colour.csv").status_code == 404


def test_only_a_publication_approver_may_withdraw_and_the_note_stays_visible(
    client, imported_samples, django_user_model
):
    from django.contrib.auth.models import Group

    approver = django_user_model.objects.create_user(
        username="approver", email="approver@example.org", kind="staff"
    )
    approver.groups.add(Group.objects.get_or_create(name=StaffRole.PUBLICATION_APPROVER)[0])
    analyst = django_user_model.objects.create_user(
        username="analyst", email="analyst@example.org", kind="staff"
    )
    record = Donation.objects.filter(entity_id=52).first()
    assert record is not None
    with pytest.raises(PermissionDeniedError):
        services.record_withdraw(user=analyst, kind="donations", ec_ref=record.ec_ref, reason="x")
    with pytest.raises(FinanceError) as error:
        services.record_withdraw(user=approver, kind="donations", ec_ref=record.ec_ref, reason=" ")
    assert error.value.code == FinanceErrorCode.REASON_REQUIRED
    services.record_withdraw(
        user=approver, kind="donations", ec_ref=record.ec_ref, reason="Reported twice in error"
    )
    assert not Donation.objects.filter(pk=record.pk).exists()
    assert AuditEvent.objects.filter(
        action="finance.record_withdrawn", subject_id=str(record.pk)
    ).exists()
    html = client.get("/search/entities/52/").content.decode()
    assert record.ec_ref in html
    assert "Reported twice in error" in html
    corrected = Donation.objects.filter(entity_id=52).first()
    assert corrected is not None
    services.record_correct(
        user=approver,
        kind="donations",
        ec_ref=corrected.ec_ref,
        changes={"donor_name": "Corrected Name Ltd"},
        note="Donor name corrected by the party",
    )
    api = client.get("/api/v1/donations/", {"q": "corrected name"}).json()["results"]
    assert api[0]["correction_note"] == "Donor name corrected by the party"


def test_an_unpublished_filed_record_is_published_by_an_approver(
    imported_samples, django_user_model
):
    from django.contrib.auth.models import Group

    approver = django_user_model.objects.create_user(
        username="approver2", email="approver2@example.org", kind="staff"
    )
    approver.groups.add(Group.objects.get_or_create(name=StaffRole.PUBLICATION_APPROVER)[0])
    record = Donation.objects.first()
    assert record is not None
    Donation.all_objects.filter(pk=record.pk).update(published_at=None)
    assert not Donation.objects.filter(pk=record.pk).exists()
    services.record_publish(user=approver, kind="donations", ec_ref=record.ec_ref)
    assert Donation.objects.filter(pk=record.pk).exists()


def test_the_nightly_bulk_files_hold_everything_published(imported_samples, tmp_path):
    call_command("disclosure_bulk_files", "--folder", str(tmp_path))
    rows = list(csv.DictReader((tmp_path / "donations.csv").open(encoding="utf-8")))
    assert len(rows) == Donation.objects.count()
    assert pq.read_table(tmp_path / "spending.parquet").num_rows == SpendingItem.objects.count()
    db = sqlite3.connect(tmp_path / "political-finance.sqlite3")
    assert db.execute("SELECT count(*) FROM loans").fetchone()[0] == Loan.objects.count()
    assert db.execute("SELECT count(*) FROM donations").fetchone()[0] == Donation.objects.count()
