"""A published record's own page and API address, with the proof that it is what the
Commission's file said; docs/audit.md's leaf verifier works exactly as printed."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from regulator.audit.types import Actor
from regulator.core import merkle
from regulator.core.testing import database_url_for_processes
from regulator.disclosure import services
from regulator.finance.models import Donation
from regulator.finance.services import ec_file_import
from regulator.finance.tests.samples import EC_DATA

ACTOR = Actor.system("tests")
DOC = Path(settings.BASE_DIR) / "docs" / "audit.md"


def _import() -> Donation:
    summary = ec_file_import(
        kind="donations", path=EC_DATA / "donations-2024-prepoll-week1.csv", actor=ACTOR
    )
    assert summary.ok, summary.error
    record = Donation.objects.order_by("ec_ref").first()
    assert record is not None
    return record


def _page(client: Client, ref: str, prefix: str = "") -> Any:
    return client.get(f"{prefix}{reverse('disclosure:record', args=['donations', ref])}")


def _proof(client: Client, ref: str) -> Any:
    return client.get(reverse("api:record_proof", args=["donations", ref]))


@pytest.mark.django_db
def test_a_record_has_a_page_an_api_address_and_a_proof_in_both_languages(client):
    record = _import()
    page = _page(client, record.ec_ref)
    assert page.status_code == 200
    html = page.content.decode()
    assert f"Record {record.ec_ref}" in html
    assert record.entity_name.split()[0] in html
    assert "£" in html
    assert "Proven" in html
    assert reverse("disclosure:entity", args=[record.entity_id]) in html
    welsh = _page(client, record.ec_ref, "/cy").content.decode()
    assert f"Cofnod {record.ec_ref}" in welsh
    assert "Wedi\u2019i brofi" in welsh

    detail = client.get(reverse("api:record", args=["donations", record.ec_ref]))
    assert detail.status_code == 200
    assert detail.json()["ec_ref"] == record.ec_ref
    assert detail["Access-Control-Allow-Origin"] == "*"

    proof = _proof(client, record.ec_ref).json()
    assert proof["valid"] is True
    assert proof["leaf_data_withheld"] is False
    leaf = merkle.leaf_hash(proof["leaf_data"].encode())
    assert leaf.hex() == proof["leaf_hash"]
    assert merkle.verify_inclusion(
        leaf,
        proof["leaf_index"],
        proof["tree_size"],
        [bytes.fromhex(node) for node in proof["audit_path"]],
        bytes.fromhex(proof["root"]),
    )

    # The search results link each record's page.
    results = client.get(reverse("disclosure:search"), {"q": record.donor_name.split()[0]})
    assert (
        reverse("disclosure:record", args=["donations", record.ec_ref]) in results.content.decode()
    )


@pytest.mark.django_db
def test_an_edited_record_says_it_is_not_proven(client):
    record = _import()
    Donation.all_objects.filter(pk=record.pk).update(value=Decimal("1.00"))
    assert "Not proven" in _page(client, record.ec_ref).content.decode()
    assert _proof(client, record.ec_ref).json()["valid"] is False


@pytest.mark.django_db
def test_withdrawn_unknown_and_unpublished_records(client, world):
    record = _import()
    services.record_withdraw(
        user=world["approver"], kind="donations", ec_ref=record.ec_ref, reason="Reported twice"
    )
    page = _page(client, record.ec_ref)
    assert page.status_code == 200
    html = page.content.decode()
    assert "withdrawn from publication" in html
    assert "Reported twice" in html
    assert "Proven" not in html
    gone = client.get(reverse("api:record", args=["donations", record.ec_ref]))
    assert gone.status_code == 410
    assert "Reported twice" in gone.json()["errors"][0]["message"]
    assert _proof(client, record.ec_ref).status_code == 410

    for ref in ("C0000000", "X" * 65):
        assert client.get(f"/search/donations/records/{ref}/").status_code == 404
        assert client.get(f"/api/v1/donations/{ref}/").status_code == 404
    # Other areas' addresses are not taken by the record's.
    assert client.get("/api/v1/nothing-here/C0000000/").status_code == 404


def _verifier(tmp_path: Path) -> Path:
    block = DOC.read_text().split("<!-- verify-leaf -->", 1)[1]
    script = tmp_path / "verify_leaf.py"
    script.write_text(block.split("```python\n", 1)[1].split("```", 1)[0])
    return script


def _verify(script: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(script), *arguments],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.django_db(transaction=True)
def test_the_leaf_verifier_in_the_docs_works_as_printed(client, tmp_path):
    record = _import()
    proof = _proof(client, record.ec_ref).json()
    script = _verifier(tmp_path)
    saved = tmp_path / "proof.json"
    saved.write_text(json.dumps(proof))
    database = database_url_for_processes(tmp_path, scheme="postgresql").removeprefix("sqlite:///")

    result = _verify(script, str(saved), database)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"proven: {record.ec_ref} is leaf {proof['leaf_index']}")

    cases = {
        "the leaf data do not give the leaf hash": {
            **proof,
            "leaf_data": proof["leaf_data"].replace(record.ec_ref, record.ec_ref + "0"),
        },
        "the audit path does not lead to the root": {**proof, "root": "00" * 32},
        "committed to another root": {
            **proof,
            "root": merkle.root([bytes.fromhex(proof["leaf_hash"])]).hex(),
            "tree_size": 1,
            "leaf_index": 0,
            "audit_path": [],
        },
    }
    for reason, forged in cases.items():
        saved.write_text(json.dumps(forged))
        result = _verify(script, str(saved), database)
        assert result.returncode == 1, reason
        assert reason in result.stderr
