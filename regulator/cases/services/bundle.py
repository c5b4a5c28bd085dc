"""The referral bundle: one ZIP for police or prosecutors (or, as ``kind="sanction"``, for
the decision maker deciding a sanction) with the case summary, the evidence and its index,
the CPIA schedules, the custody log, the case's audit events with their proof against a
signed checkpoint, and a manifest of SHA-256 hashes. ``regulator/cases/bundle_verify.py``
(printed in docs/cases.md) checks one with nothing but Python's standard library.

The same state gives the same bytes: names are sorted and every member has one fixed
date, so a bundle rebuilt from a restored database can be compared byte for byte."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from regulator.audit.types import as_actor
from regulator.cases import selectors
from regulator.cases.clocks import add_months
from regulator.cases.models import Case, Evidence
from regulator.cases.services.bundle_audit import Source, audit_proof
from regulator.cases.services.common import event, require_team
from regulator.cases.services.errors import error
from regulator.cases.services.evidence import evidence_content
from regulator.cases.types import COMPELLED, CasesErrorCode, CustodyAction, Relevance
from regulator.core import clock
from regulator.core.cells import neutralise_formula

REFERRAL, SANCTION = "referral", "sanction"
REFERRAL_PURPOSE = "Referral to police or prosecutors"
SANCTION_PURPOSE = "Sanction decision (material obtained under compulsion left out)"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest ZIP date: no build time leaks into bytes


INDEX_HEADER = [
    "number", "title", "kind", "obtained", "obtained_from", "compelled", "derived_from",
    "derivation", "sha256", "size", "record_reference", "relevance", "sensitivity",
    "schedule_number", "file",
]  # fmt: skip
CUSTODY_FIELDS = ["action", "at", "actor", "purpose", "tool", "hash_before", "hash_after"]


def bundle_build(
    *,
    case: Case,
    actor: Any,
    out_dir: Path,
    purpose: str = REFERRAL_PURPOSE,
    kind: str = REFERRAL,
) -> Path:
    """Write ``out_dir/<reference>.zip`` (``<reference>-sanction.zip`` for a sanction
    bundle) and record ``cases.bundle_built``. A sanction bundle leaves out everything
    obtained under compulsion and anything made from it; left at the referral default,
    its purpose says so.

    One transaction: the custody log's "exported" lines commit with the bundle's event,
    or, if the build fails, not at all."""
    require_team(actor, case)
    if kind not in (REFERRAL, SANCTION):
        raise error(CasesErrorCode.BAD_CHOICE, _("Choose a referral or a sanction bundle."))
    if kind == SANCTION and purpose == REFERRAL_PURPOSE:
        purpose = SANCTION_PURPOSE
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{case.reference}{'-sanction' if kind == SANCTION else ''}.zip"
    with transaction.atomic():
        files, checkpoint = _contents(case=case, actor=actor, purpose=purpose, kind=kind)
        partial = target.with_name(f".{target.name}.partial")
        try:
            _zip_write(partial, files)
            digest = _file_sha256(partial)
            event(
                actor,
                case,
                "bundle_built",
                kind=kind,
                sha256=digest,
                files=len(files),
                checkpoint_size=checkpoint["size"],
            )
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
    return target


def _contents(
    *, case: Case, actor: Any, purpose: str, kind: str
) -> tuple[dict[str, Source], dict[str, Any]]:
    items, left_out = _items(case, kind)
    now = clock.now()
    officer = as_actor(actor).label
    # Exports first: each writes its custody line, which the custody log must show.
    files: dict[str, Source] = dict(_evidence_files(items, actor, purpose))
    files["evidence/index.csv"] = _index(items)
    files.update(_schedules(case, items, officer, clock.local_today()))
    files["custody.csv"] = _custody_log(case, items)
    summary = _summary(case, items, left_out, kind=kind, purpose=purpose, now=now, by=officer)
    files["summary.json"] = _json(summary)
    files["summary.txt"] = _text(summary).encode("utf-8")
    proof, checkpoint = audit_proof(case, actor)
    files.update(proof)
    files.update(
        _manifest(files, case=case, kind=kind, now=now, by=officer, size=checkpoint["size"])
    )
    return files, checkpoint


def _items(case: Case, kind: str) -> tuple[list[Evidence], int]:
    """The items the bundle carries, and how many a sanction bundle leaves out."""
    every = list(selectors.evidence_of(case))
    if kind != SANCTION:
        return every, 0
    permitted = set(
        selectors.evidence_for_sanction_decision(case)
        .exclude(derived_from__obtained__in=COMPELLED)
        .values_list("pk", flat=True)
    )
    kept = [item for item in every if item.pk in permitted and not _compelled(item)]
    return kept, len(every) - len(kept)


def _compelled(item: Evidence) -> bool:
    origin = item.derived_from
    return item.obtained in COMPELLED or (origin is not None and origin.obtained in COMPELLED)


def _safe_name(name: str) -> str:
    """A member name no unzip tool can turn into a path outside its folder."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._")
    return cleaned[:120] or "file"


def _evidence_path(item: Evidence) -> str:
    return f"evidence/{item.label}-{_safe_name(item.file_name)}"


def _evidence_files(
    items: Iterable[Evidence], actor: Any, purpose: str
) -> Iterable[tuple[str, bytes]]:
    for item in items:
        data = evidence_content(
            item=item, actor=actor, action=CustodyAction.EXPORTED, purpose=purpose
        )
        yield _evidence_path(item), data


def _instant(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return _instant(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return neutralise_formula(str(value))


def _csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([_cell(value) for value in row] for row in rows)
    return buffer.getvalue().encode("utf-8")


def _json(value: Any) -> bytes:
    return (json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def _index(items: Iterable[Evidence]) -> bytes:
    return _csv(
        INDEX_HEADER,
        (
            [
                item.label,
                item.title,
                item.get_kind_display(),
                item.get_obtained_display(),
                item.obtained_from,
                _compelled(item),
                item.derived_from.label if item.derived_from else "",
                item.get_derivation_display() if item.derivation else "",
                item.sha256,
                item.size,
                item.record_reference,
                item.get_relevance_display(),
                item.get_sensitivity_display(),
                item.schedule_number,
                _evidence_path(item),
            ]
            for item in items
        ),
    )


def _schedules(case: Case, items: list[Evidence], officer: str, today: dt.date) -> dict[str, bytes]:
    """MG6C, MG6D (a nil return still signed), MG6E and the disclosure record sheet,
    limited to the items the bundle carries."""
    carried = {item.pk for item in items}
    non_sensitive = [i for i in selectors.schedule_non_sensitive(case) if i.pk in carried]
    sensitive = [i for i in selectors.schedule_sensitive(case) if i.pk in carried]
    signed = [_("Signed"), _("Disclosure officer: %(name)s") % {"name": officer}, today, ""]
    mg6d_rows: list[list[Any]] = [
        [i.label, i.title, i.description, i.decision_reason] for i in sensitive
    ]
    if not sensitive:
        nil = _("Nil return: there is no relevant sensitive material in case %(reference)s.")
        mg6d_rows.append([_("Nil return"), nil % {"reference": case.reference}, "", ""])
    record = [
        line
        for line in selectors.disclosure_record(case)
        if line.evidence_id is None or line.evidence_id in carried
    ]
    return {
        "schedules/mg6c.csv": _csv(
            ["schedule_number", "evidence", "title", "description", "location", "reason"],
            [_mg6c_row(i) for i in non_sensitive],
        ),
        "schedules/mg6d.csv": _csv(
            ["evidence", "title", "description", "reason_sensitive"], [*mg6d_rows, signed]
        ),
        "schedules/mg6e.txt": _mg6e(
            case, items, officer, today, len(non_sensitive), len(sensitive)
        ),
        "schedules/disclosure_record.csv": _csv(
            ["at", "actor", "action", "evidence"],
            [
                [line.at, line.actor, line.action, line.evidence.label if line.evidence else ""]
                for line in record
            ],
        ),
    }


def _mg6c_row(i: Evidence) -> list[Any]:
    return [
        i.schedule_number,
        i.label,
        i.title,
        i.description,
        i.record_reference,
        i.decision_reason,
    ]


def _mg6e(
    case: Case, items: list[Evidence], officer: str, today: dt.date, mg6c: int, mg6d: int
) -> bytes:
    undecided = [i.label for i in items if not i.relevance]
    relevant = [i for i in items if i.relevance == Relevance.RELEVANT]
    lines = [
        _("Disclosure officer's report (MG6E): case %(reference)s") % {"reference": case.reference},
        _("Disclosure officer: %(name)s   Date: %(date)s")
        % {"name": officer, "date": today.isoformat()},
        "",
        _("Items of material: %(count)d") % {"count": len(items)},
        _("Relevant: %(count)d   Not relevant: %(none)d   Undecided: %(open)d")
        % {
            "count": len(relevant),
            "none": sum(1 for i in items if i.relevance == Relevance.NOT_RELEVANT),
            "open": len(undecided),
        },
        _("Items on the non-sensitive schedule (MG6C): %(c)d   on the sensitive (MG6D): %(d)d")
        % {"c": mg6c, "d": mg6d},
        _("Undecided items: %(labels)s") % {"labels": ", ".join(undecided) or _("none")},
        "",
        _("Items flagged relevant:"),
        *(f"  {i.label}  {i.title}: {i.decision_reason}" for i in relevant),
        *([] if relevant else ["  " + _("none")]),
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _custody_log(case: Case, items: list[Evidence]) -> bytes:
    carried = {item.pk for item in items}
    return _csv(
        ["evidence", *CUSTODY_FIELDS],
        (
            [line.evidence.label, *(getattr(line, name) for name in CUSTODY_FIELDS)]
            for line in selectors.custody_of_case(case)
            if line.evidence_id in carried
        ),
    )


def _pounds(pence: int | None) -> str | None:
    return None if pence is None else f"£{pence // 100:,}.{pence % 100:02d}"


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _time_limit(case: Case, today: dt.date) -> dict[str, Any]:
    """When proceedings must start by: the offence date plus the offence's limitation
    period, where both are recorded (the rule's wording says what else may apply)."""
    offence = case.offence
    months = offence.limitation_months if offence else None
    result: dict[str, Any] = {
        "offence_date": _day(case.offence_date),
        "limitation_months": months,
        "rule": offence.limitation_rule if offence else "",
        "proceedings_by": None,
        "days_left": None,
    }
    if case.offence_date is None or months is None:
        result["note"] = (
            "Not calculated: the offence date or the limitation period is not recorded."
        )
        return result
    by = add_months(case.offence_date, months)
    return {**result, "proceedings_by": by.isoformat(), "days_left": (by - today).days}


def _offence(case: Case) -> dict[str, Any] | None:
    offence = case.offence
    if offence is None:
        return None
    return {
        "code": offence.code,
        "provision": offence.provision,
        "description": offence.description_en,
        "sanctions_allowed": list(offence.sanctions_allowed),
        "referral_only": offence.referral_only,
        "limitation_rule": offence.limitation_rule,
    }


def _policy(case: Case) -> dict[str, Any] | None:
    policy = case.policy
    if policy is None:
        return None
    return {
        "name": policy.name,
        "effective_from": _day(policy.effective_from),
        "effective_to": _day(policy.effective_to),
        "url": policy.url,
    }


def _team(case: Case) -> list[dict[str, Any]]:
    people = {user.pk: user for user in case.team.all()}
    for user in (case.investigator, case.decision_maker):
        if user is not None:
            people[user.pk] = user
    rows = []
    for user in sorted(people.values(), key=lambda u: u.get_username()):
        roles = [
            role
            for role, holder in (
                ("investigator", case.investigator_id),
                ("decision maker", case.decision_maker_id),
            )
            if holder == user.pk
        ]
        rows.append({"username": user.get_username(), "roles": roles or ["team member"]})
    return rows


SANCTION_DATES = [
    "proposed_on", "representations_on", "final_on", "appeal_lodged_on",
    "appeal_determined_on", "paid_on",
]  # fmt: skip


def _sanctions(case: Case) -> list[dict[str, Any]]:
    return [
        {
            "kind": s.get_kind_display(),
            "act": s.act,
            "amount": _pounds(s.amount_pence),
            **{name: _day(getattr(s, name)) for name in SANCTION_DATES},
            "representations_outcome": s.get_representations_outcome_display() or None,
            "representations_reason": s.representations_reason,
            "appeal_upheld": s.appeal_upheld,
            "paid": _pounds(s.paid_pence),
            "dropped": s.dropped,
        }
        for s in selectors.sanctions_of(case)
    ]


def _notices(case: Case) -> list[dict[str, Any]]:
    return [
        {
            "number": n.number,
            "kind": n.get_kind_display(),
            "recipient": n.recipient,
            "served_by": n.get_served_by_display(),
            "issued_on": _day(n.issued_on),
            "deemed_received_on": _day(n.deemed_received_on),
            "due_on": _day(n.due_on),
            "amount": _pounds(n.amount_pence),
            "record_reference": n.record_reference,
            "sha256": n.sha256,
        }
        for n in selectors.notices_of(case)
    ]


def _tracks(case: Case) -> list[dict[str, Any]]:
    return [
        {
            "kind": t.get_kind_display(),
            "body": t.body,
            "opened_on": _day(t.opened_on),
            "note": t.note,
            "outcome": t.outcome,
            "closed_on": _day(t.closed_on),
            "amount": _pounds(t.amount_pence),
        }
        for t in case.tracks.order_by("opened_on", "pk")
    ]


def _summary(
    case: Case,
    items: list[Evidence],
    left_out: int,
    *,
    kind: str,
    purpose: str,
    now: dt.datetime,
    by: str,
) -> dict[str, Any]:
    return {
        "bundle": {"kind": kind, "purpose": purpose, "generated_at": _instant(now), "by": by},
        "case": {
            "reference": case.reference,
            "subject": case.subject_name,
            "entity": {"id": case.entity_id, "name": str(case.entity)} if case.entity else None,
            "matter": case.matter,
            "summary": case.summary,
            "stage": case.get_stage_display(),
            "source": case.get_source_display(),
            "opened_on": _day(case.opened_on),
            "investigation_opened_on": _day(case.investigation_opened_on),
            "concluded_on": _day(case.concluded_on),
        },
        "policy": _policy(case),
        "offence": _offence(case),
        "time_limit": _time_limit(case, clock.local_today()),
        "assessment": {
            "outcome": case.get_assessment_outcome_display() or None,
            "reason": case.assessment_reason,
        },
        "findings": {
            "finding": case.get_finding_display() or None,
            "reasons": case.finding_reason,
            "reasonable_excuse": case.reasonable_excuse,
        },
        "sanctions": _sanctions(case),
        "notices": _notices(case),
        "tracks": _tracks(case),
        "team": _team(case),
        "evidence": {"items": len(items), "left_out_obtained_under_compulsion": left_out},
    }


def _text(value: Any, depth: int = 0) -> str:
    """The summary as plain indented text, for a reader without a JSON viewer."""
    pad = "  " * depth
    if isinstance(value, dict):
        return "".join(
            f"{pad}{key.replace('_', ' ')}:\n{_text(item, depth + 1)}"
            if isinstance(item, dict | list) and item
            else f"{pad}{key.replace('_', ' ')}: {_scalar(item)}\n"
            for key, item in value.items()
        )
    if isinstance(value, list):
        return "".join(
            f"{pad}{n}.\n{_text(item, depth + 1)}"
            if isinstance(item, dict | list)
            else f"{pad}- {_scalar(item)}\n"
            for n, item in enumerate(value, 1)
        )
    return f"{pad}{_scalar(value)}\n"


def _scalar(value: Any) -> str:
    if value is None or value in ("", [], {}):
        return "(none)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _digest(source: Source) -> tuple[int, str]:
    if isinstance(source, bytes):
        return len(source), hashlib.sha256(source).hexdigest()
    source.seek(0)
    hasher, size = hashlib.sha256(), 0
    while chunk := source.read(1024 * 1024):
        hasher.update(chunk)
        size += len(chunk)
    return size, hasher.hexdigest()


def _manifest(
    files: dict[str, Source], *, case: Case, kind: str, now: dt.datetime, by: str, size: int
) -> dict[str, bytes]:
    entries: list[dict[str, Any]] = []
    for path in sorted(files):
        length, digest = _digest(files[path])
        entries.append({"path": path, "size": length, "sha256": digest})
    manifest = _json(
        {
            "case": case.reference,
            "kind": kind,
            "generated_at": _instant(now),
            "generated_by": by,
            "checkpoint_size": size,
            "files": entries,
        }
    )
    sums = [(e["sha256"], e["path"]) for e in entries]
    sums.append((hashlib.sha256(manifest).hexdigest(), "manifest.json"))
    lines = "".join(f"{digest}  {path}\n" for digest, path in sorted(sums, key=lambda s: s[1]))
    return {"manifest.json": manifest, "MANIFEST.sha256": lines.encode("utf-8")}


def _zip_write(target: Path, files: dict[str, Source]) -> None:
    with zipfile.ZipFile(target, "w") as bundle:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, wherever it is built: same bytes everywhere
            info.external_attr = 0o644 << 16
            source = files[name]
            if isinstance(source, bytes):
                bundle.writestr(info, source)
                continue
            source.seek(0)
            with bundle.open(info, "w", force_zip64=True) as out:
                shutil.copyfileobj(source, out)
            source.close()


def _file_sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return _digest(handle)[1]
