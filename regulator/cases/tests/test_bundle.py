"""The referral bundle: built by the command, checked by the command and by the
stand-alone verifier exactly as docs/cases.md prints it, and caught when tampered with."""

from __future__ import annotations

import ast
import base64
import csv
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from regulator.audit.models import AuditEvent
from regulator.cases import bundle_verify, services
from regulator.cases.models import Case, Evidence
from regulator.cases.services.bundle import _zip_write
from regulator.cases.tests import factories

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
DOC = ROOT / "docs" / "cases.md"
SOURCE = ROOT / "regulator" / "cases" / "bundle_verify.py"
Files = dict[str, bytes]


def _doc_verifier() -> str:
    section = DOC.read_text(encoding="utf-8").split("### Stand-alone verifier", 1)[1]
    match = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert match is not None, "docs/cases.md has no python block under Stand-alone verifier"
    return match.group(1)


@dataclass
class Built:
    case: Case
    people: factories.Team
    letter: Evidence
    interview: Evidence
    redacted: Evidence


def _case() -> Built:
    people = factories.team()
    case = factories.proposed(people).case
    who = people.investigator
    letter = services.evidence_add(
        case=case,
        actor=who,
        title="Bank statement",
        file_name="statement.pdf",
        data=b"%PDF-1.7 the party's bank statement",
        kind="document",
        obtained="voluntary",
        obtained_from="The Treasurer",
    )
    interview = services.evidence_add(
        case=case,
        actor=who,
        title='=HYPERLINK("http://x") Interview under notice',
        file_name="../../interview notes.txt",
        data=b"Q: When did you receive it? A: In May.",
        kind="statement",
        obtained="investigation-notice",
        obtained_from="The Treasurer",
    )
    redacted = services.evidence_derive(
        original=interview,
        actor=who,
        derivation="redacted",
        data=b"Q: When did you receive it? A: [redacted]",
        file_name="interview-redacted.txt",
        tool="sed 's/In May/[redacted]/'",
        purpose="Remove a third party's name",
    )
    services.evidence_decide(
        item=letter,
        actor=who,
        relevance="relevant",
        sensitivity="non-sensitive",
        reason="Shows when the donation arrived.",
    )
    services.evidence_decide(
        item=interview,
        actor=who,
        relevance="relevant",
        sensitivity="sensitive",
        reason="Names a witness.",
    )
    return Built(case, people, letter, interview, redacted)


def _build(case: Case, out: Path, *extra: str) -> Path:
    printed = io.StringIO()
    call_command("cases_bundle", case.reference, str(out), *extra, stdout=printed)
    path = Path(printed.getvalue().strip())
    assert path.exists()
    return path


def _read(path: Path) -> Files:
    with zipfile.ZipFile(path) as bundle:
        return {name: bundle.read(name) for name in bundle.namelist()}


def _rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _rewrite(
    source: Path, target: Path, change: Callable[[Files], object], *, reseal: bool = False
) -> Path:
    """A copy of the bundle changed by ``change``; ``reseal`` also rewrites the manifest
    and MANIFEST.sha256 to match, as a careful forger would."""
    files = _read(source)
    change(files)
    if reseal:
        manifest = json.loads(files["manifest.json"])
        manifest["files"] = [
            {"path": p, "size": len(d), "sha256": _sha(d)}
            for p, d in sorted(files.items())
            if p not in ("manifest.json", "MANIFEST.sha256")
        ]
        files["manifest.json"] = json.dumps(manifest).encode()
        files["MANIFEST.sha256"] = "".join(
            f"{_sha(d)}  {p}\n" for p, d in sorted(files.items()) if p != "MANIFEST.sha256"
        ).encode()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, data in files.items():
            bundle.writestr(name, data)
    return target


def _events(files: Files, name: str = "audit/events.jsonl") -> list[dict[str, Any]]:
    return [json.loads(line) for line in files[name].decode().splitlines()]


def _set_events(
    files: Files, events: list[dict[str, Any]], name: str = "audit/events.jsonl"
) -> None:
    files[name] = "".join(json.dumps(e) + "\n" for e in events).encode()


def _event_hash(event: dict[str, Any]) -> str:
    fields = {name: event[name] for name in bundle_verify.HASHED_FIELDS}
    return _sha(bundle_verify.canonical(fields).encode())


def _command_fails(path: Path) -> str:
    with pytest.raises(CommandError) as caught:
        call_command("cases_bundle_verify", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert caught.value.returncode == 1
    return str(caught.value)


def _run_doc_script(tmp_path: Path, bundle: Path) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "bundle_verify.py"
    script.write_text(_doc_verifier(), encoding="utf-8")
    # -I -S: no environment, no user or site packages: the standard library and nothing else.
    return subprocess.run(
        [sys.executable, "-I", "-S", str(script), str(bundle)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )


def test_the_bundle_holds_the_case_its_evidence_schedules_custody_and_proof(tmp_path: Path) -> None:
    built = _case()
    path = _build(built.case, tmp_path)
    assert path == tmp_path / f"{built.case.reference}.zip"
    with zipfile.ZipFile(path) as bundle:
        names = bundle.namelist()
        assert names == sorted(names)
        assert {info.date_time for info in bundle.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    files = _read(path)
    assert {
        "summary.json",
        "summary.txt",
        "evidence/index.csv",
        "evidence/E1-statement.pdf",
        "evidence/E2-interview_notes.txt",
        "evidence/E3-interview-redacted.txt",
        "schedules/mg6c.csv",
        "schedules/mg6d.csv",
        "schedules/mg6e.txt",
        "schedules/disclosure_record.csv",
        "custody.csv",
        "audit/events.jsonl",
        "audit/leaves.jsonl",
        "audit/stack.json",
        "audit/case_events.json",
        "audit/checkpoint.json",
        "manifest.json",
        "MANIFEST.sha256",
    } == set(files)
    assert files["evidence/E1-statement.pdf"] == b"%PDF-1.7 the party's bank statement"

    index = {row["number"]: row for row in _rows(files["evidence/index.csv"])}
    assert [index[n]["compelled"] for n in ("E1", "E2", "E3")] == ["no", "yes", "yes"]
    assert index["E3"]["derived_from"] == "E2"
    assert index["E2"]["title"].startswith("'=HYPERLINK")  # not a formula in a spreadsheet
    assert index["E1"]["schedule_number"] == "1"
    assert index["E1"]["sha256"] == _sha(files["evidence/E1-statement.pdf"])

    assert [r["evidence"] for r in _rows(files["schedules/mg6c.csv"])] == ["E1"]
    mg6d = _rows(files["schedules/mg6d.csv"])
    assert mg6d[0]["evidence"] == "E2"
    assert mg6d[0]["reason_sensitive"] == "Names a witness."
    assert built.people.investigator.username in mg6d[-1]["title"]  # signed
    mg6e = files["schedules/mg6e.txt"].decode()
    assert "Undecided items: E3" in mg6e
    assert "E1  Bank statement" in mg6e
    assert len(_rows(files["schedules/disclosure_record.csv"])) == 2

    custody = _rows(files["custody.csv"])
    exported = [r["evidence"] for r in custody if r["action"] == "exported"]
    assert exported == ["E1", "E2", "E3"]
    assert {r["action"] for r in custody} >= {"acquired", "processed", "exported"}

    summary = json.loads(files["summary.json"])
    case = built.case
    assert case.offence is not None
    assert case.offence_date is not None
    assert summary["case"]["reference"] == case.reference
    assert summary["offence"]["provision"] == case.offence.provision
    assert summary["policy"]["name"] == "Enforcement Policy (September 2023)"
    assert summary["findings"]["reasons"] == "Report 40 days late."
    assert summary["notices"][0]["kind"] == "Notice of intent"
    assert summary["notices"][0]["sha256"]
    months = case.offence.limitation_months
    if months is not None:
        from regulator.cases.clocks import add_months

        assert (
            summary["time_limit"]["proceedings_by"]
            == add_months(case.offence_date, months).isoformat()
        )
    roles = {row["username"]: row["roles"] for row in summary["team"]}
    assert roles[built.people.investigator.username] == ["investigator"]
    assert roles[built.people.decider.username] == ["decision maker"]
    assert case.reference in files["summary.txt"].decode()

    manifest = json.loads(files["manifest.json"])
    assert {e["path"] for e in manifest["files"]} == set(files) - {
        "manifest.json",
        "MANIFEST.sha256",
    }
    recorded = AuditEvent.objects.filter(action="cases.bundle_built").get()
    assert recorded.payload["sha256"] == _sha(path.read_bytes())
    assert recorded.payload["files"] == len(files)
    assert recorded.payload["checkpoint_size"] == manifest["checkpoint_size"]


def test_the_audit_proof_runs_from_the_case_s_opening_to_a_signed_tree_root(
    tmp_path: Path,
) -> None:
    built = _case()
    files = _read(_build(built.case, tmp_path))
    events, leaves = _events(files), _events(files, "audit/leaves.jsonl")
    stack = json.loads(files["audit/stack.json"])
    ours = json.loads(files["audit/case_events.json"])
    checkpoint = json.loads(files["audit/checkpoint.json"])["checkpoint"]
    theirs = AuditEvent.objects.filter(subject_id=str(built.case.pk), subject_type="cases.case")
    expected = list(theirs.filter(seq__lte=checkpoint["size"]).values_list("seq", flat=True))
    assert [e["seq"] for e in events] == expected == ours["seqs"]
    assert events[0]["action"] == "cases.case_opened"
    for event in events:
        assert _event_hash(event) == event["hash"]  # the verifier's hash is the chain's
        assert AuditEvent.objects.get(seq=event["seq"]).hash == event["hash"]
    assert [leaf["seq"] for leaf in leaves] == list(range(expected[0], checkpoint["size"] + 1))
    assert stack["size"] == expected[0] - 1
    assert bundle_verify.tree_root(stack, leaves) == checkpoint["tree_root"]


def test_the_bundle_holds_no_one_else_s_events(tmp_path: Path) -> None:
    built = _case()
    files = _read(_build(built.case, tmp_path))
    leaves = _events(files, "audit/leaves.jsonl")
    others = [leaf for leaf in leaves if leaf["subject_type"] != "cases.case"]
    assert others  # other subjects' events happened in between...
    assert all(set(leaf) == {"seq", "subject_type", "subject_id", "hash"} for leaf in leaves)
    everything = b"".join(data for data in files.values())
    for leaf in others:  # ...and none of their content is in the bundle
        event = AuditEvent.objects.get(seq=leaf["seq"])
        assert event.action.encode() not in everything or event.action.startswith("cases.")
    assert {e["subject_id"] for e in _events(files)} == {str(built.case.pk)}


def test_an_intact_bundle_passes_the_command_without_the_database_and_the_docs_script(
    tmp_path: Path, django_assert_num_queries: Any
) -> None:
    path = _build(_case().case, tmp_path)
    printed = io.StringIO()
    with django_assert_num_queries(0):
        call_command("cases_bundle_verify", str(path), stdout=printed)
    assert printed.getvalue().startswith("OK: ")
    run = _run_doc_script(tmp_path, path)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.startswith("OK: ")
    assert "signed checkpoint" in run.stdout
    assert bundle_verify.verify(str(path)) == []


def test_the_command_needs_no_database_and_exits_0_or_1(tmp_path: Path) -> None:
    path = _build(_case().case, tmp_path)
    broken = _rewrite(path, tmp_path / "broken.zip", lambda f: f.pop("custody.csv"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/no_such_database",
    }
    for bundle, code in ((path, 0), (broken, 1)):
        run = subprocess.run(
            [sys.executable, "manage.py", "cases_bundle_verify", str(bundle)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env,
            timeout=120,
            check=False,
        )
        assert run.returncode == code, run.stdout + run.stderr
    assert "removed: custody.csv" in run.stderr


def _flip(name: str) -> Callable[[Files], None]:
    def change(files: Files) -> None:
        data = bytearray(files[name])
        data[len(data) // 2] ^= 0x01
        files[name] = bytes(data)

    return change


def _edit_event(files: Files) -> None:
    events = _events(files)
    target = next(e for e in events if e["action"] == "cases.evidence_acquired")
    target["payload"]["obtained"] = "public"
    _set_events(files, events)


def _rehash_with_new_link(files: Files) -> None:
    events = _events(files)
    events[3]["prev_hash"] = "ab" * 32
    events[3]["hash"] = _event_hash(events[3])
    _set_events(files, events)


def _drop_event(files: Files) -> None:
    events = _events(files)
    del events[2]
    _set_events(files, events)


def _hide_event(files: Files) -> None:
    """Drop an event and relabel its leaf as someone else's, so nothing asks for it."""
    events = _events(files)
    hidden = events.pop(2)
    _set_events(files, events)
    leaves = _events(files, "audit/leaves.jsonl")
    for leaf in leaves:
        if leaf["seq"] == hidden["seq"]:
            leaf["subject_type"] = "contacts.contact"
    _set_events(files, leaves, "audit/leaves.jsonl")


def _cut_end(files: Files) -> None:
    _set_events(files, _events(files, "audit/leaves.jsonl")[:-1], "audit/leaves.jsonl")


def _bad_signature(files: Files) -> None:
    published = json.loads(files["audit/checkpoint.json"])
    signature = bytearray(base64.b64decode(published["checkpoint"]["signature"]))
    signature[5] ^= 0x01
    published["checkpoint"]["signature"] = base64.b64encode(bytes(signature)).decode()
    files["audit/checkpoint.json"] = json.dumps(published).encode()


def _edit_manifest(files: Files) -> None:
    manifest = json.loads(files["manifest.json"])
    manifest["generated_by"] = "someone else"
    files["manifest.json"] = json.dumps(manifest).encode()


def _first_event_seq(files: Files, index: int) -> int:
    seq: int = _events(files)[index]["seq"]
    return seq


@pytest.mark.parametrize(
    ("change", "reseal", "expected"),
    [
        (
            _flip("evidence/E1-statement.pdf"),
            False,
            "changed: evidence/E1-statement.pdf does not match",
        ),
        (
            _flip("evidence/E1-statement.pdf"),
            True,
            "changed: evidence/E1-statement.pdf is not what audit event #",
        ),
        (_flip("custody.csv"), False, "changed: custody.csv does not match"),
        (
            lambda f: f.update({"evidence/notes.txt": b"x"}),
            False,
            "added: evidence/notes.txt is not in the manifest",
        ),
        (
            lambda f: f.pop("schedules/mg6d.csv"),
            False,
            "removed: schedules/mg6d.csv is in the manifest",
        ),
        (
            lambda f: f.pop("evidence/E1-statement.pdf"),
            True,
            "removed: E1 (acquired in audit event #",
        ),
        (
            _edit_manifest,
            False,
            "changed: manifest.json does not match its SHA-256 in MANIFEST.sha256",
        ),
        (_edit_event, True, "(cases.evidence_acquired) was edited"),
        (_rehash_with_new_link, True, "is not the event the tree has at #"),
        (_drop_event, True, "but is not in audit/events.jsonl"),
        (_hide_event, True, "do not give the signed checkpoint's tree root"),
        (_cut_end, True, "does not run from #"),
        (_bad_signature, True, "the checkpoint's signature does not verify"),
    ],
    ids=[
        "evidence-byte",
        "evidence-byte-resealed",
        "custody-byte",
        "added",
        "removed",
        "evidence-removed-resealed",
        "manifest",
        "event-edited",
        "event-rehashed",
        "event-removed",
        "event-hidden",
        "leaves-cut",
        "signature",
    ],
)
def test_a_tampered_bundle_fails_naming_the_file_or_event(
    tmp_path: Path, change: Callable[[Files], object], reseal: bool, expected: str
) -> None:
    path = _build(_case().case, tmp_path)
    assert bundle_verify.verify(str(path)) == []
    tampered = _rewrite(path, tmp_path / "tampered.zip", change, reseal=reseal)
    problems = bundle_verify.verify(str(tampered))
    assert any(expected in problem for problem in problems), problems
    assert _command_fails(tampered).startswith("The bundle is not intact: ")
    assert bundle_verify.main([str(tampered)]) == 1


def test_an_edited_event_is_named_by_its_number_by_the_docs_script(tmp_path: Path) -> None:
    path = _build(_case().case, tmp_path)
    tampered = _rewrite(path, tmp_path / "tampered.zip", _edit_event, reseal=True)
    seq = next(e["seq"] for e in _events(_read(path)) if e["action"] == "cases.evidence_acquired")
    run = _run_doc_script(tmp_path, tampered)
    assert run.returncode == 1
    assert run.stdout.startswith(f"FAILED: audit event #{seq} (cases.evidence_acquired) was edited")


def test_a_sanction_bundle_leaves_out_everything_obtained_under_compulsion(tmp_path: Path) -> None:
    built = _case()
    # A derivative whose own record forgot its origin is still left out: it is made from
    # a compelled statement.
    Evidence.objects.filter(pk=built.redacted.pk).update(obtained="voluntary")
    decider = built.people.decider.username
    path = _build(built.case, tmp_path, "--kind", "sanction", "--as", decider)
    assert path.name == f"{built.case.reference}-sanction.zip"
    files = _read(path)
    assert [n for n in files if n.startswith("evidence/E")] == ["evidence/E1-statement.pdf"]
    assert [r["number"] for r in _rows(files["evidence/index.csv"])] == ["E1"]
    assert {r["evidence"] for r in _rows(files["custody.csv"])} == {"E1"}
    assert _rows(files["schedules/mg6d.csv"])[0]["evidence"] == "Nil return"
    assert all("E2" not in r["evidence"] for r in _rows(files["schedules/disclosure_record.csv"]))
    summary = json.loads(files["summary.json"])
    assert summary["evidence"] == {"items": 1, "left_out_obtained_under_compulsion": 2}
    assert summary["bundle"]["purpose"].startswith("Sanction decision")
    assert bundle_verify.verify(str(path)) == []
    # Slipping the compelled statement back in is caught.
    referral = _read(_build(built.case, tmp_path / "referral"))
    smuggled = _rewrite(
        path,
        tmp_path / "smuggled.zip",
        lambda f: f.update(
            {"evidence/E2-interview_notes.txt": referral["evidence/E2-interview_notes.txt"]}
        ),
        reseal=True,
    )
    assert any("obtained under compulsion" in p for p in bundle_verify.verify(str(smuggled)))


def test_cases_list_prints_each_case_as_json_and_as_text() -> None:
    first = factories.allegation()
    second = factories.allegation(subject_name="Another Party")
    printed = io.StringIO()
    call_command("cases_list", "--format", "json", stdout=printed)
    rows = json.loads(printed.getvalue())
    assert rows == [
        {"reference": c.reference, "stage": c.stage, "opened_on": c.opened_on.isoformat()}
        for c in (first, second)
    ]
    text = io.StringIO()
    call_command("cases_list", stdout=text)
    assert [line.split()[0] for line in text.getvalue().splitlines()] == [
        first.reference,
        second.reference,
    ]


def test_an_unknown_reference_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="There is no case CAS-1999-0001"):
        call_command("cases_bundle", "CAS-1999-0001", str(tmp_path))


def test_the_same_contents_give_the_same_bytes(tmp_path: Path) -> None:
    files: dict[str, Any] = {"b.txt": b"two", "a/one.csv": b"1,2\n", "c.json": b"{}"}
    _zip_write(tmp_path / "one.zip", dict(files))
    _zip_write(tmp_path / "two.zip", dict(reversed(files.items())))
    assert (tmp_path / "one.zip").read_bytes() == (tmp_path / "two.zip").read_bytes()


def test_the_pure_python_ed25519_agrees_with_cryptography() -> None:
    for n in range(6):
        key = Ed25519PrivateKey.generate()
        public = key.public_key().public_bytes_raw()
        message = f"checkpoint {n}".encode() * n
        signature = key.sign(message)
        assert bundle_verify.ed25519_valid(public, message, signature)
        assert not bundle_verify.ed25519_valid(public, message + b"!", signature)
        bad = bytearray(signature)
        bad[n] ^= 0x40
        assert not bundle_verify.ed25519_valid(public, message, bytes(bad))
        other = Ed25519PrivateKey.generate().public_key().public_bytes_raw()
        assert not bundle_verify.ed25519_valid(other, message, signature)


def test_the_docs_print_the_verifier_exactly_and_it_needs_only_the_standard_library() -> None:
    assert _doc_verifier() == SOURCE.read_text(encoding="utf-8")
    imported = set()
    for node in ast.walk(ast.parse(SOURCE.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert imported
    assert imported <= sys.stdlib_module_names
