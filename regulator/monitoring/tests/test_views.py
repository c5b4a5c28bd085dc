"""The monitoring staff pages: the alert queue (filters, age and target, bulk triage all
or nothing, CSV with formulas neutralised), an alert's page (evidence, rule, snapshots,
assignment, triage, an assessment opened in cases), sources, matches, the dashboard, the
intelligence log (investigators and finance analysts only), the entity's monitoring
section, and Welsh pages."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from regulator.audit.types import Actor
from regulator.core import clock
from regulator.identity.testing import signed_in_client
from regulator.identity.tests.factories import StaffFactory
from regulator.identity.types import StaffRole
from regulator.monitoring import services
from regulator.monitoring.models import Alert, Intelligence, Match, Snapshot, Source
from regulator.monitoring.risk_rules.base import Finding
from regulator.monitoring.risk_rules.registry import REGISTRY
from regulator.register.tests.factories import EntityFactory

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("test")


def make_entity(**kwargs: Any) -> Any:
    return EntityFactory(**kwargs)


def raise_alert(
    label: str = "Vote Example Ltd",
    period: str = "UKPGE 2024",
    entity: Any = None,
    snapshot: Snapshot | None = None,
    rule: int = 0,
) -> Alert:
    alert, _created = services.alert_raise(
        rule=REGISTRY[rule],
        finding=Finding(
            subject_kind="advertiser",
            subject_key=f"google-ads:{label}",
            subject_label=label,
            period=period,
            summary=f"{label} spent at least £25,000.00",
            evidence={"spend_min_pence": 2_500_000, "threshold_pence": 1_000_000},
            entity_id=entity.pk if entity is not None else None,
            snapshot_ids=(snapshot.pk,) if snapshot is not None else (),
        ),
        actor=SYSTEM,
    )
    return alert


def client_for(role: StaffRole) -> Any:
    return signed_in_client(StaffFactory(roles=[role]))


def snapshot() -> Snapshot:
    source = Source.objects.create(kind="google-ads")
    return Snapshot.objects.create(
        source=source,
        fetched_at=clock.now(),
        sha256="ab" * 32,
        size=10,
        record_reference="REC-000042",
        file_name="bundle.zip",
        rows=3,
        complete=True,
    )


def test_the_queue_shows_each_alert_with_its_age_target_and_filters() -> None:
    entity = make_entity()
    late = raise_alert("Late Ltd", entity=entity)
    Alert.objects.filter(pk=late.pk).update(
        raised_at=clock.now() - dt.timedelta(days=12),
        target_on=clock.local_today() - dt.timedelta(days=3),
    )
    raise_alert("Other Ltd", rule=1)
    client = client_for(StaffRole.FINANCE_ANALYST)
    body = client.get("/monitoring/").content.decode()
    assert late.reference in body
    assert "Other Ltd" in body
    assert 'data-testid="overdue"' in body
    assert ">12<" in body
    assert f'name="alerts" value="{late.reference}"' in body
    body = client.get(f"/monitoring/?entity={entity.pk}").content.decode()
    assert "Late Ltd" in body
    assert "Other Ltd" not in body
    body = client.get(f"/monitoring/?rule={REGISTRY[1].code}").content.decode()
    assert "Late Ltd" not in body
    assert "Other Ltd" in body
    body = client.get("/monitoring/?state=dismissed").content.decode()
    assert "No alerts match these filters." in body
    bad = client.get("/monitoring/?entity=abc")
    assert "Enter the entity&#x27;s number in digits" in bad.content.decode()
    assert "govuk-error-summary" in bad.content.decode()


def test_the_csv_is_the_filtered_queue_with_formulas_neutralised() -> None:
    raise_alert('=HYPERLINK("http://x")')
    raise_alert("Other Ltd", rule=1)
    client = client_for(StaffRole.INVESTIGATOR)
    response = client.get(f"/monitoring/alerts.csv?rule={REGISTRY[0].code}")
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode()
    assert "'=HYPERLINK" in text
    assert "Other Ltd" not in text
    assert text.splitlines()[0].startswith("reference,state,severity,rule")
    assert client.get("/monitoring/alerts.csv?severity=extreme").status_code == 400


def test_bulk_triage_decides_every_ticked_alert_or_none_with_the_reason() -> None:
    one, two = raise_alert("One Ltd"), raise_alert("Two Ltd")
    client = client_for(StaffRole.FINANCE_ANALYST)
    refs = [one.reference, two.reference]
    missing = client.post(
        "/monitoring/alerts/triage/", {"alerts": refs, "outcome": "dismissed", "reason": ""}
    )
    assert missing.status_code == 200
    assert "Give the reason for the decision." in missing.content.decode()
    services.alert_triage(
        alert=two, actor=StaffFactory(roles=[StaffRole.INVESTIGATOR]), outcome="advice", reason="x"
    )
    partly = client.post(
        "/monitoring/alerts/triage/", {"alerts": refs, "outcome": "dismissed", "reason": "Dup"}
    )
    assert partly.status_code == 200
    assert f"Alert {two.reference} is already closed" in partly.content.decode()
    one.refresh_from_db()
    assert one.state == "open"
    three = raise_alert("Three Ltd")
    done = client.post(
        "/monitoring/alerts/triage/",
        {
            "alerts": [one.reference, three.reference],
            "outcome": "watching",
            "reason": "Until the return is due",
            "query": "severity=high&evil=1",
        },
    )
    assert done.status_code == 302
    assert done["Location"] == "/monitoring/?severity=high"
    assert set(Alert.objects.filter(pk__in=[one.pk, three.pk]).values_list("state", flat=True)) == {
        "watching"
    }
    nothing = client.post("/monitoring/alerts/triage/", {"outcome": "watching", "reason": "x"})
    assert "Select at least one alert." in nothing.content.decode()


def test_the_alert_page_shows_the_evidence_rule_and_snapshots_and_takes_decisions() -> None:
    entity = make_entity()
    alert = raise_alert(entity=entity, snapshot=snapshot())
    investigator: Any = StaffFactory(roles=[StaffRole.INVESTIGATOR])
    client = signed_in_client(investigator)
    url = f"/monitoring/alerts/{alert.reference}/"
    body = client.get(url).content.decode()
    assert "spend_min_pence" in body
    assert "2500000" in body
    assert REGISTRY[0].text[:40] in body
    assert REGISTRY[0].version in body
    assert "ab" * 32 in body
    assert "REC-000042" in body
    assert client.post(url + "assign/", {"assignee": str(investigator.pk)}).status_code == 302
    alert.refresh_from_db()
    assert alert.assignee == investigator
    bad = client.post(url + "triage/", {"outcome": "case", "reason": "x"})
    assert bad.status_code == 200
    assert "govuk-error-summary" in bad.content.decode()
    alert.refresh_from_db()
    assert alert.state == "open"
    promoted = client.post(url + "assessment/", {"details": "Worth a look"})
    assert promoted.status_code == 302
    alert.refresh_from_db()
    assert alert.state == "case"
    assert alert.case_reference
    body = client.get(url).content.decode()
    assert f'href="/cases/{alert.case_reference}/"' in body
    again = client.post(url + "assessment/", {"details": ""})
    assert "is already closed" in again.content.decode()


def test_only_monitoring_staff_see_the_alerts() -> None:
    alert = raise_alert()
    outsider = client_for(StaffRole.RECORDS_MANAGER)
    assert outsider.get("/monitoring/").status_code == 403
    assert outsider.get(f"/monitoring/alerts/{alert.reference}/").status_code == 403
    assert (
        client_for(StaffRole.CASE_DECISION_MAKER).get("/monitoring/alerts/MON-999999/").status_code
        == 404
    )


def test_sources_show_the_last_success_failure_reason_and_age() -> None:
    snap = snapshot()
    Source.objects.filter(pk=snap.source_id).update(
        current=snap,
        last_success_at=clock.now() - dt.timedelta(days=4),
        last_failure_at=clock.now(),
        last_failure_reason="HTTP 503 from the report",
    )
    body = client_for(StaffRole.CASE_DECISION_MAKER).get("/monitoring/sources/").content.decode()
    assert "HTTP 503 from the report" in body
    assert ">4<" in body
    assert "ab" * 32 in body
    assert "Never harvested" in body


def test_analysts_confirm_reject_or_link_matches() -> None:
    entity, other = make_entity(name="Example Party"), make_entity()
    match = services.match_refresh(
        subject_kind="advertiser",
        subject_key="google-ads:AR1",
        name="Example Party",
        names=[(entity.pk, "Example Party", "current")],
    )
    client = client_for(StaffRole.FINANCE_ANALYST)
    assert "Example Party" in client.get("/monitoring/matches/?status=suggested").content.decode()
    url = f"/monitoring/matches/{match.pk}/decide/"
    bad = client.post(url, {"decision": "link", "entity": "999999"})
    assert "There is no regulated entity with that number." in bad.content.decode()
    assert client.post(url, {"decision": "link", "entity": "x"}).status_code == 200
    match.refresh_from_db()
    assert match.status == "suggested"
    assert client.post(url, {"decision": "link", "entity": str(other.pk)}).status_code == 302
    match.refresh_from_db()
    assert (match.status, match.entity_id) == ("confirmed", other.pk)
    assert client.post(url, {"decision": "reject"}).status_code == 302
    assert Match.objects.get().status == "rejected"
    assert client_for(StaffRole.CASE_DECISION_MAKER).get("/monitoring/matches/").status_code == 403


def test_the_dashboard_compares_platform_spend_with_reported_in_chart_and_table() -> None:
    from regulator.monitoring.models import Ad, Advertiser

    entity = make_entity(name="Example Party")
    snap = snapshot()
    advertiser = Advertiser.objects.create(
        platform="google-ads",
        advertiser_id="AR1",
        name="Example Party",
        uk=True,
        first_snapshot=snap,
        last_snapshot=snap,
    )
    Ad.objects.create(
        platform="google-ads",
        ad_id="CR1",
        advertiser=advertiser,
        start=dt.date(2024, 6, 1),
        end=dt.date(2024, 6, 30),
        spend_min_pence=1_234_500,
        snapshot=snap,
    )
    Match.objects.create(
        subject_kind="advertiser",
        subject_key="google-ads:AR1",
        name="Example Party",
        entity=entity,
        confidence=1,
        status="confirmed",
    )
    raise_alert()
    client = client_for(StaffRole.INVESTIGATOR)
    body = client.get("/monitoring/dashboard/?period=UKPGE 2024").content.decode()
    assert "£12,345.00" in body
    assert "Above reported" in body
    spec = json.loads(
        body.split('<script id="spend-spec" type="application/json">')[1].split("</script>")[0]
    )
    assert spec["data"]["values"][0]["pounds"] == 12345.0
    assert 'data-testid="counts"' in body
    assert str(REGISTRY[0].title) in body
    bad = client.get("/monitoring/dashboard/?period=1066").content.decode()
    assert "Choose a regulated period from the list." in bad


def test_the_intelligence_log_is_for_investigators_and_finance_analysts_only() -> None:
    alert = raise_alert()
    entity = make_entity()
    client = client_for(StaffRole.INVESTIGATOR)
    form = {
        "title": "Tip-off",
        "body": "Paid through a company.",
        "source_evaluation": "2",
        "assessment": "B",
        "handling": "C",
        "handling_conditions": "",
        "entity": str(entity.pk),
        "donor_id": "D000123",
        "alerts": f"{alert.reference}, MON-999999",
    }
    page = client.post("/monitoring/intelligence/new/", form)
    body = page.content.decode()
    assert "Say what conditions apply to sharing it." in body
    page = client.post("/monitoring/intelligence/new/", {**form, "handling_conditions": "x"})
    assert "There is no alert MON-999999." in page.content.decode()
    ungraded = client.post("/monitoring/intelligence/new/", {**form, "assessment": ""})
    assert "Choose how the intelligence is known." in ungraded.content.decode()
    assert Intelligence.objects.count() == 0
    done = client.post(
        "/monitoring/intelligence/new/",
        {
            **form,
            "handling_conditions": "Police only",
            "alerts": alert.reference.lower(),
            "attachment": SimpleUploadedFile("note.txt", b"a note"),
        },
    )
    assert done.status_code == 302
    entry = Intelligence.objects.get()
    detail = client.get(done["Location"]).content.decode()
    assert entry.attachments[0]["sha256"] in detail
    assert entry.attachments[0]["record"] in detail
    assert "2BC" in detail
    assert entry.reference in client.get(f"/monitoring/alerts/{alert.reference}/").content.decode()
    decider = client_for(StaffRole.CASE_DECISION_MAKER)
    for url in ("/monitoring/intelligence/", "/monitoring/intelligence/new/", done["Location"]):
        assert decider.get(url).status_code == 403
    assert (
        entry.reference
        not in decider.get(f"/monitoring/alerts/{alert.reference}/").content.decode()
    )


def test_the_entity_section_lists_the_entitys_alerts_for_monitoring_staff_only() -> None:
    from django.template.loader import render_to_string

    from regulator.contacts.types import EntityViewRequest
    from regulator.monitoring.staff_work import entity_section

    entity = make_entity()
    alert = raise_alert(entity=entity)
    investigator = StaffFactory(roles=[StaffRole.INVESTIGATOR])
    section = entity_section(EntityViewRequest(entity_id=entity.pk, user=investigator))
    assert section is not None
    html = render_to_string(section.template, section.context)
    assert f'href="/monitoring/alerts/{alert.reference}/"' in html
    assert f"entity={entity.pk}" in html
    outsider = StaffFactory(roles=[StaffRole.RECORDS_MANAGER])
    assert entity_section(EntityViewRequest(entity_id=entity.pk, user=outsider)) is None


def test_the_entity_view_shows_the_monitoring_section() -> None:
    entity = make_entity()
    alert = raise_alert(entity=entity)
    client = client_for(StaffRole.INVESTIGATOR)
    body = client.get(f"/contacts/entities/{entity.pk}/").content.decode()
    assert f'href="/monitoring/alerts/{alert.reference}/"' in body


def test_the_pages_answer_in_welsh() -> None:
    alert = raise_alert()
    client = client_for(StaffRole.INVESTIGATOR)
    for url in (
        "/cy/monitoring/",
        f"/cy/monitoring/alerts/{alert.reference}/",
        "/cy/monitoring/sources/",
        "/cy/monitoring/matches/",
        "/cy/monitoring/dashboard/",
        "/cy/monitoring/intelligence/",
        "/cy/monitoring/intelligence/new/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'lang="cy"' in response.content.decode()
