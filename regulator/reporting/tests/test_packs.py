"""Frozen packs: publishing freezes every value with its definition version and the
records behind it, audited; the pack never changes when the data under it changes later,
and re-computing shows exactly what changed and why; the exports carry the same figures
(CSV with formulas neutralised, XLSX, ODS, PDF)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from typing import Any

import pytest

from regulator.audit.selectors import event_list_for_subject
from regulator.audit.types import Actor
from regulator.core import clock
from regulator.reporting import exports, packs, services
from regulator.reporting.models import FrozenError, Pack
from regulator.reporting.periods import period_parse
from regulator.reporting.tests.conftest import at

Q3 = period_parse("2025-Q3")
ACTOR = Actor.system("tests")


def _measure(pack: Pack, code: str) -> dict[str, Any]:
    return next(m for m in pack.measures if m["code"] == code)


def test_a_frozen_pack_does_not_change_when_the_data_changes(
    quarter_returns: dict[str, Any],
) -> None:
    clock.freeze(at(2025, 10, 10))
    pack = services.pack_publish(period=Q3, actor=ACTOR)
    frozen = Pack.objects.get(pk=pack.pk).measures
    assert _measure(pack, "returns-missing")["numerator"] == "1"
    assert _measure(pack, "returns-filed-on-time")["version"] == 1
    (event,) = event_list_for_subject(subject=pack)
    assert event.action == "reporting.pack_published"
    assert event.payload["sha256"] == pack.digest == services.pack_digest(pack)

    # Later the missing return is filed (late) and a new version of a definition lands.
    from regulator.filings import services as filing_services

    missing = quarter_returns["missing"]
    treasurer = quarter_returns["treasurer"]
    clock.freeze(at(2025, 11, 3))
    version = filing_services.version_validate(version=missing.current, actor=treasurer)
    filing_services.version_declare(version=version, user=treasurer)
    filing_services.version_submit(version=version, user=treasurer, idempotency_key="later")
    services.definition_revise(
        code="returns-filed-on-time",
        effective_from=dt.date(2025, 9, 1),
        changes={"target": 97},
        change_note="Target raised by the board.",
        actor=ACTOR,
    )

    stored = Pack.objects.get(pk=pack.pk)
    assert stored.measures == frozen
    assert services.pack_digest(stored) == stored.digest

    changes = {c.code: c for c in packs.pack_compare(stored, at(2025, 11, 4))}
    missing_change = changes["returns-missing"]
    assert ("numerator", "1", "0") in missing_change.changed_values
    assert missing_change.removed == {"numerator": [str(missing.pk)]}
    late_change = changes["returns-filed-late"]
    assert late_change.added == {"numerator": [str(missing.pk)]}
    revised = changes["returns-filed-on-time"]
    assert revised.newer_definition is not None
    assert revised.newer_definition.version == 2
    assert "days-to-publication" not in changes

    # Publishing again makes a second edition; the first stays as it was.
    clock.freeze(at(2025, 11, 5))
    second = services.pack_publish(period=Q3, actor=ACTOR)
    assert second.edition == 2
    assert _measure(second, "returns-missing")["numerator"] == "0"
    assert _measure(second, "returns-filed-on-time")["version"] == 2
    assert Pack.objects.get(pk=pack.pk).measures == frozen


@pytest.mark.django_db
def test_a_pack_cannot_be_changed_or_deleted() -> None:
    pack = services.pack_publish(period=Q3, actor=ACTOR)
    pack.measures = []
    with pytest.raises(FrozenError):
        pack.save()
    with pytest.raises(FrozenError):
        pack.delete()
    assert Pack.objects.get(pk=pack.pk).measures != []


@pytest.mark.django_db
def test_definition_changes_are_checked() -> None:
    with pytest.raises(services.ReportingError, match="Say why"):
        services.definition_revise(
            code="returns-missing",
            effective_from=dt.date(2026, 1, 1),
            changes={},
            change_note=" ",
            actor=ACTOR,
        )
    with pytest.raises(services.ReportingError, match="after"):
        services.definition_revise(
            code="returns-missing",
            effective_from=dt.date(2024, 1, 1),
            changes={},
            change_note="x",
            actor=ACTOR,
        )
    with pytest.raises(services.ReportingError, match="Unknown fields"):
        services.definition_revise(
            code="returns-missing",
            effective_from=dt.date(2026, 1, 1),
            changes={"bogus": 1},
            change_note="x",
            actor=ACTOR,
        )


def test_exports_carry_the_frozen_figures(quarter_returns: dict[str, Any]) -> None:
    clock.freeze(at(2025, 10, 10))
    pack = services.pack_publish(period=Q3, actor=ACTOR)
    # a hostile name in a frozen row: every export must neutralise it
    hostile = dict(pack.measures[0], name_en='=HYPERLINK("http://x")')
    Pack.objects.filter(pk=pack.pk).update(measures=[hostile, *pack.measures[1:]])
    pack.refresh_from_db()

    rows = list(csv.reader(io.StringIO(exports.as_csv(pack).decode("utf-8-sig"))))
    assert rows[0][:3] == ["Code", "Measure", "Value"]
    assert rows[1][1].startswith("'=")
    on_time = next(r for r in rows if r[0] == "returns-filed-on-time")
    assert on_time[2:6] == ["33.3", "%", "1", "3"]
    assert next(r for r in rows if r[0] == "sanctions-imposed")[2] == "Not yet available"

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(exports.as_xlsx(pack))).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[3][:3] == ["Code", "Measure", "Value"]
    assert str(values[4][1]).startswith("'=")
    on_time_row = next(v for v in values if v[0] == "returns-filed-on-time")
    assert float(on_time_row[2]) == 33.3

    ods = exports.as_ods(pack)
    with zipfile.ZipFile(io.BytesIO(ods)) as archive:
        assert archive.read("mimetype") == b"application/vnd.oasis.opendocument.spreadsheet"
        content = archive.read("content.xml").decode()
    assert "returns-filed-on-time" in content
    assert "'=HYPERLINK" in content

    pdf = exports.as_pdf(pack)
    assert pdf.startswith(b"%PDF")


@pytest.mark.django_db
def test_definitions_and_costs_are_changed_by_command() -> None:
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command(
        "reporting_definition_revise",
        "returns-filed-on-time",
        effective_from="2026-04-01",
        set=["target=97", "amber=93"],
        note="Target raised by the board.",
        stdout=out,
    )
    assert "version 2" in out.getvalue()
    with pytest.raises(CommandError, match="Say why"):
        call_command(
            "reporting_definition_revise", "returns-missing", effective_from="2026-04-01", note=""
        )
    call_command(
        "reporting_cost_set",
        "hosting",
        label="Hosting",
        monthly="4200.00",
        effective_from="2025-01-01",
        stdout=out,
    )
    with pytest.raises(CommandError, match="first day of a month"):
        call_command(
            "reporting_cost_set",
            "hosting",
            label="Hosting",
            monthly="1",
            effective_from="2025-01-02",
        )
    from regulator.reporting import selectors

    total = selectors.cost_total(start=Q3.start, end=Q3.end, as_of=clock.now())
    assert str(total) == "12600.00"  # three months at £4,200
    # a cost set after the instant asked was not known then
    assert selectors.cost_total(start=Q3.start, end=Q3.end, as_of=at(2025, 1, 1)) is None
