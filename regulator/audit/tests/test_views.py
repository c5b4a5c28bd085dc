from __future__ import annotations

import pytest
from django.urls import reverse

from regulator.audit import signing
from regulator.audit.services import checkpoint_write
from regulator.audit.tests.factories import chain_build
from regulator.audit.types import Actor
from regulator.audit.verify import Checkpoint, chain_verify

pytestmark = pytest.mark.django_db


def test_the_urls_sit_outside_the_language_prefix() -> None:
    assert reverse("audit:checkpoints") == "/audit/checkpoints.json"
    assert reverse("audit:public_key") == "/audit/public-key.pem"


def test_checkpoints_are_published_newest_first_for_anyone(client) -> None:
    empty = client.get("/audit/checkpoints.json")
    assert empty.status_code == 200
    assert empty.json()["checkpoints"] == []
    chain_build(2)
    first = checkpoint_write(actor=Actor.system("test"))
    second = checkpoint_write(actor=Actor.system("test"))
    response = client.get("/audit/checkpoints.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "public" in response["Cache-Control"]
    assert "max-age=300" in response["Cache-Control"]
    assert response["Access-Control-Allow-Origin"] == "*"
    document = response.json()
    assert document["algorithm"] == "Ed25519"
    assert document["public_key_url"] == "http://testserver/audit/public-key.pem"
    assert [c["size"] for c in document["checkpoints"]] == [second.size, first.size]
    # What is published verifies with the published key.
    key = client.get("/audit/public-key.pem")
    assert key.status_code == 200
    public = signing.load_public_key_pem(key.content)
    assert key["X-Key-Id"] == signing.key_id(public)
    published = [Checkpoint(**c, source="url") for c in document["checkpoints"]]
    assert chain_verify(checkpoints=published, public_keys=[public]).checkpoints_checked == 2


def test_checkpoints_answer_304_to_a_matching_etag(client) -> None:
    checkpoint_write(actor=Actor.system("test"))
    etag = client.get("/audit/checkpoints.json")["ETag"]
    assert client.get("/audit/checkpoints.json", headers={"if-none-match": etag}).status_code == 304
    checkpoint_write(actor=Actor.system("test"))
    assert client.get("/audit/checkpoints.json", headers={"if-none-match": etag}).status_code == 200


def test_the_public_key_is_404_until_a_key_exists(client, settings) -> None:
    response = client.get("/audit/public-key.pem")
    assert response.status_code == 404
    assert response.content == b"No checkpoint has been signed yet.\n"
    assert not settings.AUDIT_SIGNING_KEY_FILE.exists()  # a GET never creates the key


def test_a_broken_key_file_is_503_without_revealing_its_path(client, settings) -> None:
    settings.AUDIT_SIGNING_KEY_FILE.parent.mkdir(parents=True)
    settings.AUDIT_SIGNING_KEY_FILE.write_text("garbage")
    response = client.get("/audit/public-key.pem")
    assert response.status_code == 503
    assert str(settings.AUDIT_SIGNING_KEY_FILE).encode() not in response.content


def test_only_safe_methods_are_allowed(client) -> None:
    assert client.post("/audit/checkpoints.json").status_code in {403, 405}
    assert client.delete("/audit/checkpoints.json").status_code == 405


def test_the_admin_is_read_only_even_for_superusers(admin_client) -> None:
    event = chain_build(1)[0]
    checkpoint_write(actor=Actor.system("test"))
    change = f"/admin/audit/auditevent/{event.pk}/change/"
    assert admin_client.get("/admin/audit/auditevent/").status_code == 200
    assert admin_client.get("/admin/audit/auditcheckpoint/").status_code == 200
    assert admin_client.get(change).status_code == 200
    assert admin_client.get("/admin/audit/auditevent/add/").status_code == 403
    assert admin_client.get(f"/admin/audit/auditevent/{event.pk}/delete/").status_code == 403
    assert admin_client.get("/admin/audit/auditcheckpoint/add/").status_code == 403
    page = admin_client.get(change).content.decode()
    assert 'name="_save"' not in page
