"""manage.py audit_verify: exit 0 with the length and head hash, or exit 1 naming the
first broken link; checkpoints from a file, the store or the public URL."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from regulator.audit import signing
from regulator.audit.models import AuditEvent
from regulator.audit.services import checkpoint_write
from regulator.audit.tests.factories import chain_build, chain_rewrite_from
from regulator.audit.types import Actor


def _verify(*args: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("audit_verify", *args, stdout=out, stderr=err)
    except SystemExit as exit_:
        return int(exit_.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_a_valid_chain_exits_0_with_its_length_and_head_hash() -> None:
    events = chain_build(7)
    status, out, _ = _verify()
    assert status == 0
    assert f"7 events, head hash {events[-1].hash}" in out


@pytest.mark.django_db
def test_a_broken_chain_exits_1_naming_the_first_broken_link(tamper) -> None:
    chain_build(7)
    with tamper():
        AuditEvent.objects.filter(seq=3).update(subject_id="999")
        AuditEvent.objects.filter(seq=5).update(subject_id="999")
    status, out, err = _verify()
    assert status == 1
    assert out == ""
    assert "INVALID at #3 [event-edited]" in err


@pytest.mark.django_db
def test_verify_checks_the_database_checkpoints_with_the_local_key(tamper) -> None:
    chain_build(3)
    checkpoint_write(actor=Actor.system("test"))
    status, out, _ = _verify()
    assert (status, "1 checkpoint(s) matched" in out) == (0, True)
    with tamper():
        AuditEvent.objects.filter(seq=1).update(actor_label="forged")
        chain_rewrite_from(1)
    status, _, err = _verify()
    assert status == 1
    assert "[checkpoint-mismatch]" in err
    # The separate store catches it too, with no argument but the database's left out...
    status, _, err = _verify("--no-database-checkpoints")
    assert status == 1
    assert "[checkpoint-mismatch]" in err
    # ...and without either the rewrite is invisible: hence the checks above.
    assert _verify("--no-database-checkpoints", "--no-checkpoint-store")[0] == 0


@pytest.mark.django_db
def test_checkpoints_from_the_store_and_a_json_file(tamper, settings, tmp_path) -> None:
    chain_build(3)
    checkpoint_write(actor=Actor.system("test"))
    published = tmp_path / "published.json"
    published.write_text(
        json.dumps({"checkpoints": [json.loads(settings.AUDIT_CHECKPOINT_STORE.read_text())]})
    )
    key = tmp_path / "public.pem"
    key.write_text(signing.public_key_pem(signing.private_key().public_key()))
    store = str(settings.AUDIT_CHECKPOINT_STORE)
    args = ["--no-database-checkpoints", "--public-key", str(key)]
    assert _verify(*args, "--checkpoints", store, str(published))[0] == 0
    with tamper():
        AuditEvent.objects.filter(seq=2).update(action="test.forged")
        chain_rewrite_from(2)
    for source in (store, str(published)):
        status, _, err = _verify(*args, "--checkpoints", source)
        assert status == 1
        assert "at #3 [checkpoint-mismatch]" in err


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "line 1 is not JSON"),
        ('[{"size": 1}]', "checkpoint 1 has no 'head_hash'"),
        (
            '[{"size": -1, "head_hash": "", "created_at": "", "key_id": "", "signature": ""}]',
            "invalid size -1",
        ),
        ('"a string"', "expected a list of checkpoints"),
    ],
)
def test_a_malformed_checkpoint_file_exits_2_with_a_clear_message(
    tmp_path, content: str, message: str
) -> None:
    source = tmp_path / "checkpoints.json"
    source.write_text(content)
    key = tmp_path / "public.pem"
    key.write_text(signing.public_key_pem(signing.private_key().public_key()))
    status, _, err = _verify("--checkpoints", str(source), "--public-key", str(key))
    assert status == 2
    assert message in err


@pytest.mark.django_db
def test_missing_sources_and_keys_exit_2(tmp_path) -> None:
    status, _, err = _verify("--checkpoints", str(tmp_path / "nowhere.json"))
    assert (status, "could not be read" in err) == (2, True)
    source = tmp_path / "checkpoints.json"
    source.write_text("[]")
    status, _, err = _verify("--checkpoints", str(source))
    assert (status, "Give --public-key" in err) == (2, True)
    not_a_key = tmp_path / "key.pem"
    not_a_key.write_text("hello")
    status, _, err = _verify("--public-key", str(not_a_key))
    assert (status, "not an Ed25519 public key" in err) == (2, True)


@pytest.mark.django_db(transaction=True)
def test_checkpoints_and_key_fetched_from_the_public_urls(live_server, tamper) -> None:
    chain_build(4)
    checkpoint_write(actor=Actor.system("test"))
    checkpoints_url = f"{live_server.url}/audit/checkpoints.json"
    key_url = f"{live_server.url}/audit/public-key.pem"
    args = ["--no-database-checkpoints", "--checkpoints", checkpoints_url, "--public-key", key_url]
    status, out, _ = _verify(*args)
    assert status == 0
    assert "1 checkpoint(s) matched" in out
    with tamper():
        AuditEvent.objects.filter(seq=4).update(payload={})
        chain_rewrite_from(4)
    status, _, err = _verify(*args)
    assert status == 1
    assert "at #4 [checkpoint-mismatch]" in err


@pytest.mark.django_db
def test_with_no_arguments_the_separate_store_is_compared(tamper, settings) -> None:
    """The store is the checkpoints' second copy, away from the database: rewriting the
    chain and the database's checkpoints together is still caught by it."""
    from regulator.audit.models import AuditCheckpoint

    chain_build(3)
    checkpoint_write(actor=Actor.system("test"))
    assert _verify()[0] == 0
    with tamper():
        AuditEvent.objects.filter(seq=2).update(action="test.forged")
        chain_rewrite_from(2)
        AuditCheckpoint.objects.all().delete()
    status, _, err = _verify()
    assert status == 1
    assert "[checkpoint-mismatch]" in err


@pytest.mark.django_db
def test_a_missing_store_fails_when_the_database_holds_checkpoints(settings) -> None:
    chain_build(3)
    checkpoint_write(actor=Actor.system("test"))
    settings.AUDIT_CHECKPOINT_STORE.unlink()
    status, out, err = _verify()
    assert (status, out) == (1, "")
    assert "checkpoint store" in err
    assert "is missing" in err


@pytest.mark.django_db
def test_no_public_key_fails_instead_of_passing_unchecked(settings) -> None:
    chain_build(3)
    checkpoint_write(actor=Actor.system("test"))
    settings.AUDIT_SIGNING_KEY_FILE.unlink()  # nothing local to check the signatures with
    status, out, err = _verify()
    assert (status, out) == (1, "")
    assert "no public key" in err
    # A chain with no checkpoints at all has no signature to check.
    assert _verify("--no-database-checkpoints", "--no-checkpoint-store")[0] == 0
