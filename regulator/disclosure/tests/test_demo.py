"""The disclosure demo: the Commission's real published files through the real import
(their parties, donees, campaigners and accounting units fill the register), synthetic
loans and donations only for the demo cast's fictional entities, nothing numbered or
called "Demo"; loading again imports nothing."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest

from regulator.audit.models import AuditEvent
from regulator.core.demo import DEMO_FILERS, LENDER_COMPANIES
from regulator.disclosure import demo
from regulator.finance.models import Donation, Loan, SpendingItem
from regulator.register import demo as register_demo
from regulator.register.models import AccountingUnit, RegulatedEntity
from regulator.register.types import EntityStatus, EntityType

pytestmark = pytest.mark.django_db

CAST = {filer.entity_id for filer in DEMO_FILERS}


def _published_rows(kind: str) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for file_kind, name in demo.PUBLISHED_FILES:
        if file_kind == kind:
            with (demo.published_dir() / name).open(encoding="utf-8-sig", newline="") as handle:
                rows += list(csv.DictReader(handle))
    return rows


def test_the_public_side_is_the_commissions_published_data_once(settings: Any, tmp_path) -> None:
    settings.VAR_DIR = tmp_path
    register_demo.cast_load(stdout=io.StringIO())
    out = io.StringIO()
    demo.load(scale=1, stdout=out)
    assert "Open Government Licence v3.0" in out.getvalue()

    donations, spending = _published_rows("donations"), _published_rows("spending")
    real = Donation.objects.exclude(entity_id__in=CAST)
    assert sorted(real.values_list("ec_ref", flat=True)) == sorted(r["ECRef"] for r in donations)
    assert SpendingItem.objects.count() == len(spending)
    # The register holds the real entities, with the published names.
    names = {int(r["RegulatedEntityId"]): r["RegulatedEntityName"] for r in donations}
    conservatives = next(pk for pk, name in names.items() if "Conservative" in name)
    assert RegulatedEntity.objects.get(pk=conservatives).name == names[conservatives]
    parties = RegulatedEntity.objects.filter(entity_type=EntityType.POLITICAL_PARTY)
    assert parties.filter(register="great-britain").count() >= 20
    assert parties.filter(register="northern-ireland").count() >= 5
    assert AccountingUnit.objects.count() >= 200
    assert RegulatedEntity.objects.filter(status=EntityStatus.DEREGISTERED).exists()
    donee_types = set(
        RegulatedEntity.objects.filter(entity_type=EntityType.REGULATED_DONEE)
        .exclude(donee_type="")
        .values_list("donee_type", flat=True)
    )
    assert len(donee_types) >= 4
    # The samples hold no loans: the only ones are the fictional cast's, from people and
    # companies named like real ones, with the companies' donations to the cast.
    assert Loan.objects.count() == demo.LOANS
    assert set(Loan.objects.values_list("entity_id", flat=True)) == CAST
    companies = {name for name, _number, _postcode in LENDER_COMPANIES}
    assert (
        set(Donation.objects.filter(entity_id__in=CAST).values_list("donor_name", flat=True))
        == companies
    )
    made_up = re.compile(r"\bDemo\b|\d+$")
    for name in [
        *RegulatedEntity.objects.values_list("name", flat=True),
        *Loan.objects.values_list("lender_name", flat=True),
    ]:
        assert not made_up.search(name), name

    counts = (Donation.objects.count(), Loan.objects.count(), SpendingItem.objects.count())
    events = AuditEvent.objects.count()
    again = io.StringIO()
    demo.load(scale=1, stdout=again)
    assert (Donation.objects.count(), Loan.objects.count(), SpendingItem.objects.count()) == counts
    # The same files again are recognised by their bytes and not imported a second time.
    assert AuditEvent.objects.count() == events
    assert again.getvalue().count("was imported before; left as it is") == 6


def test_a_larger_scale_adds_synthetic_rows_and_their_companies_house_snapshot(
    settings: Any, tmp_path
) -> None:
    settings.VAR_DIR = tmp_path
    register_demo.cast_load(stdout=io.StringIO())
    demo.load(scale=2, stdout=io.StringIO())
    synthetic = Donation.objects.filter(ec_ref__startswith="SYN")
    assert synthetic.count() == 2 * demo.DONATIONS_PER_SCALE
    assert Loan.objects.filter(ec_ref__startswith="SYNL").count() == 2 * demo.LOANS_PER_SCALE
    snapshot = (tmp_path / "demo" / "BasicCompanyData-synthetic.csv").read_text(encoding="utf-8")
    assert snapshot.startswith('"CompanyName"," CompanyNumber"')
    assert '"Dissolved"' in snapshot
    assert synthetic.filter(donor_status="Individual").exclude(postcode="").count() == 0
