"""``disclosure_import_check`` names the rows of an imported file that no longer match
the Merkle root in its audit event, and exits 1."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from regulator.audit.types import Actor
from regulator.finance.selectors import transactions_all
from regulator.finance.services import ec_file_import
from regulator.finance.tests.samples import EC_DATA


@pytest.mark.django_db
def test_the_check_passes_then_names_an_edited_row():
    summary = ec_file_import(
        kind="donations", path=EC_DATA / "donations-2019-q4.csv", actor=Actor.system("tests")
    )
    assert summary.ok, summary.error
    out = StringIO()
    call_command("disclosure_import_check", stdout=out)
    assert f"{summary.created} rows match the event's root" in out.getvalue()

    victim = transactions_all("donations").order_by("pk")[0]
    transactions_all("donations").filter(pk=victim.pk).update(value=Decimal("0.01"))
    err = StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("disclosure_import_check", stdout=StringIO(), stderr=err)
    assert exited.value.code == 1
    assert f"edited: {victim.ec_ref}" in err.getvalue()
