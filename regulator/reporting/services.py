"""Writes of the reporting area.

Publishing a pack, revising a measure's definition, setting a cost input and sending
the monthly pack are audited. The probe's results, metric samples and feedback answers
are telemetry (thousands a day, nobody's decision): stored here, not audited."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import translation
from django.utils.translation import gettext as _

from regulator.audit.services import audit_record
from regulator.core import clock, notify
from regulator.reporting import catalogue, probe, statutory
from regulator.reporting.models import (
    CostInput,
    Feedback,
    MeasureDefinition,
    MetricSample,
    Pack,
    PackEmail,
    ProbeResult,
    Satisfaction,
)
from regulator.reporting.periods import Period


class ReportingError(ValueError):
    pass


def _digest(measures: list[dict[str, Any]], tables: list[dict[str, Any]]) -> str:
    text = json.dumps({"measures": measures, "statutory": tables}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def pack_digest(pack: Pack) -> str:
    """The SHA-256 a pack was published with (recorded in its audit event)."""
    return _digest(pack.measures, pack.statutory)


@transaction.atomic
def pack_publish(*, period: Period, actor: Any, user: Any = None) -> Pack:
    """Freeze every measure of ``period`` (value, numerator, denominator, definition
    version, parameters and the records behind each number) as a new edition."""
    as_of = clock.now()
    results = [result.as_dict() for result in catalogue.compute_all(period, as_of)]
    tables = [table.as_dict() for table in statutory.tables_for(period, as_of)]
    edition = (Pack.objects.filter(period=period.code).aggregate(n=Max("edition"))["n"] or 0) + 1
    pack = Pack.objects.create(
        period=period.code,
        edition=edition,
        start=period.start,
        end=period.end,
        as_of=as_of,
        published_at=as_of,
        published_by=user if getattr(user, "pk", None) else None,
        measures=results,
        statutory=tables,
        digest=_digest(results, tables),
    )
    audit_record(
        actor=actor,
        action="reporting.pack_published",
        subject=pack,
        payload={
            "period": period.code,
            "edition": edition,
            "measures": len(results),
            "available": sum(1 for r in results if r["available"]),
            "sha256": pack.digest,
        },
    )
    return pack


@transaction.atomic
def definition_revise(
    *, code: str, effective_from: dt.date, changes: dict[str, Any], change_note: str, actor: Any
) -> MeasureDefinition:
    """A new version of a measure, in force from ``effective_from``; earlier versions stay
    as they were (packs name the version they used)."""
    if not change_note.strip():
        raise ReportingError(_("Say why the definition changes."))
    latest = MeasureDefinition.objects.filter(code=code).order_by("-version").first()
    if latest is None:
        raise ReportingError(_("There is no measure %(code)s.") % {"code": code})
    if effective_from <= latest.effective_from:
        raise ReportingError(
            _("A new version must take effect after %(date)s.")
            % {"date": latest.effective_from.strftime("%d/%m/%Y")}
        )
    allowed = {f.name for f in MeasureDefinition._meta.fields} - {
        "id",
        "code",
        "version",
        "effective_from",
        "change_note",
        "created_at",
    }
    unknown = set(changes) - allowed
    if unknown:
        raise ReportingError(_("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))})
    fields = {f: getattr(latest, f) for f in allowed}
    fields.update(changes)
    revised = MeasureDefinition.objects.create(
        code=code,
        version=latest.version + 1,
        effective_from=effective_from,
        change_note=change_note.strip(),
        created_at=clock.now(),
        **fields,
    )
    audit_record(
        actor=actor,
        action="reporting.definition_revised",
        subject=revised,
        payload={
            "code": code,
            "version": revised.version,
            "effective_from": effective_from.isoformat(),
            "changed": sorted(changes),
            "note": change_note.strip(),
        },
    )
    return revised


@transaction.atomic
def cost_input_set(
    *, code: str, label: str, monthly_amount: Decimal, effective_from: dt.date, actor: Any
) -> CostInput:
    """A monthly cost in force from the first of a month (a new row: history kept)."""
    if monthly_amount < 0:
        raise ReportingError(_("A cost cannot be negative."))
    if effective_from.day != 1:
        raise ReportingError(_("A cost takes effect on the first day of a month."))
    row, _created = CostInput.objects.update_or_create(
        code=code,
        effective_from=effective_from,
        defaults={"label": label, "monthly_amount": monthly_amount, "created_at": clock.now()},
    )
    audit_record(
        actor=actor,
        action="reporting.cost_input_set",
        subject=row,
        payload={"code": code, "monthly_amount": str(monthly_amount), "from": str(effective_from)},
    )
    return row


def _previous_probe(before: dt.datetime) -> ProbeResult | None:
    return ProbeResult.objects.filter(at__lt=before).order_by("-at", "-id").first()


def probe_run(
    *, readiness_url: str, metrics_url: str, timeout: float, token: str = ""
) -> ProbeResult:
    """Ask the readiness endpoint and sample the metrics once; store both."""
    at = clock.now()
    answer = probe.readiness_check(readiness_url, timeout=timeout)
    previous = _previous_probe(at)
    result = ProbeResult.objects.create(
        at=at,
        url=readiness_url,
        ok=answer.ok,
        status_code=answer.status_code,
        latency_ms=answer.latency_ms,
        cause=answer.cause,
        previous_ok=previous.ok if previous else None,
        gap_seconds=(at - previous.at).total_seconds() if previous else None,
    )
    if metrics_url:
        histogram = probe.metrics_fetch(metrics_url, timeout=timeout, token=token)
        if histogram is not None:
            metric_samples_insert(rows=[(at, histogram.count, histogram.buckets)], url=metrics_url)
    return result


def probe_results_insert(*, rows: list[tuple[dt.datetime, bool, str]], url: str) -> int:
    """Store a probe history in time order, after any stored (the demo's, an imported
    one); how many rows."""
    if not rows:
        return 0
    previous = _previous_probe(rows[0][0])
    last_at, last_ok = (previous.at, previous.ok) if previous else (None, None)
    objects = []
    for at, ok, cause in rows:
        objects.append(
            ProbeResult(
                at=at,
                url=url,
                ok=ok,
                status_code=200 if ok else 503,
                cause=cause,
                previous_ok=last_ok,
                gap_seconds=(at - last_at).total_seconds() if last_at else None,
            )
        )
        last_at, last_ok = at, ok
    ProbeResult.objects.bulk_create(objects, batch_size=2000)
    return len(rows)


def metric_samples_insert(
    *, rows: list[tuple[dt.datetime, float, dict[str, float]]], url: str
) -> int:
    """Store samples of one URL's histogram in time order, each linked to the one before
    (a reset where the count went down)."""
    previous = (
        MetricSample.objects.filter(url=url, at__lt=rows[0][0]).order_by("-at", "-id").first()
        if rows
        else None
    )
    last_at, last_count = (previous.at, previous.count) if previous else (None, None)
    objects = []
    for at, count, buckets in rows:
        objects.append(
            MetricSample(
                at=at,
                url=url,
                count=count,
                buckets=buckets,
                previous_at=last_at,
                reset=last_count is None or count < last_count,
            )
        )
        last_at, last_count = at, count
    MetricSample.objects.bulk_create(objects, batch_size=2000)
    return len(rows)


def feedback_record(*, journey: str, rating: str, comment: str = "") -> Feedback:
    if rating not in Satisfaction.values:
        raise ReportingError(_("Choose how satisfied you were."))
    return Feedback.objects.create(
        journey=journey[:32], rating=rating, comment=comment.strip()[:1200], at=clock.now()
    )


def _pack_message(period: Period, link: str) -> tuple[str, str]:
    values = {"period": period.code, "link": link}
    subject = _("Performance pack for %(period)s") % values
    body = (
        _(
            "The performance pack for %(period)s is ready. Open it here (you will be asked "
            "to sign in): %(link)s"
        )
        % values
    )
    return subject, body


@transaction.atomic
def pack_email_send(*, period: Period, recipients: list[str], link: str, actor: Any) -> list[str]:
    """Email the link to the period's pack to each recipient not yet sent it (once each);
    the addresses emailed now."""
    with translation.override("en"):
        subject_en, body_en = _pack_message(period, link)
    with translation.override("cy"):
        subject_cy, body_cy = _pack_message(period, link)
    sent = []
    for address in recipients:
        try:
            with transaction.atomic():
                PackEmail.objects.create(period=period.code, email=address, sent_at=clock.now())
        except IntegrityError:
            continue
        sent.append(address)
    if sent:
        audit_record(
            actor=actor,
            action="reporting.pack_emailed",
            subject=None,
            payload={"period": period.code, "recipients": len(sent), "link": link},
        )

        def _send() -> None:
            for address in sent:
                notify.send_email(
                    email_address=address,
                    template_id=notify.generic_template_id(),
                    personalisation={
                        "subject": f"{subject_en} / {subject_cy}",
                        "body": f"{body_en}\n\n{body_cy}",
                    },
                    reference=f"reporting-pack-{period.code}",
                )

        transaction.on_commit(_send)
    return sent
