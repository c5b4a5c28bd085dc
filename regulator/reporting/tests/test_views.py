"""The pages: the dashboard and a drill-down (a performance viewer sees counts, a finance
analyst the returns they may open), publishing and downloading a pack, the statutory
tables, the public page in English and Welsh, the feedback question and the monthly
email."""

from __future__ import annotations

from io import StringIO
from typing import Any

from django.core.management import call_command
from django.test import Client

from regulator.core import notify
from regulator.identity.testing import signed_in_client
from regulator.identity.tests.factories import StaffFactory
from regulator.identity.types import StaffRole
from regulator.reporting.models import Feedback, Pack


def viewer(email: str = "viewer@staff.example") -> Any:
    return StaffFactory(roles=[StaffRole.PERFORMANCE_VIEWER], email=email)


def test_the_dashboard_shows_every_measure(quarter_returns: dict[str, Any]) -> None:
    response = signed_in_client(viewer()).get("/reporting/?period=2025-Q3")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Returns filed on time" in page
    assert "33.3%" in page
    assert "Not yet available" in page
    assert 'data-vega-spec="shares-spec"' in page
    welsh = signed_in_client(viewer("cy@staff.example")).get("/cy/reporting/?period=2025-Q3")
    welsh = welsh.content.decode()
    assert "Ffurflenni a gyflwynwyd mewn pryd" in welsh
    assert "Ddim ar gael eto" in welsh


def test_a_bad_period_is_a_clear_error(db: Any) -> None:
    response = signed_in_client(viewer()).get("/reporting/?period=Q9")
    assert response.status_code == 400
    assert "is not a period" in response.content.decode()


def test_the_drill_down_lists_records_only_to_those_who_may_open_them(
    quarter_returns: dict[str, Any],
) -> None:
    url = "/reporting/measures/returns-filed-on-time/?period=2025-Q3"
    detail = f"/filing/returns/{quarter_returns['on_time'].pk}/"
    as_viewer = signed_in_client(viewer()).get(url).content.decode()
    assert detail not in as_viewer
    assert "1 record is counted here" in as_viewer
    assert "2025-07" in as_viewer  # the month by month breakdown
    as_analyst = signed_in_client(quarter_returns["analyst"]).get(url).content.decode()
    assert detail in as_analyst


def test_publishing_and_downloading_a_pack(quarter_returns: dict[str, Any]) -> None:
    client = signed_in_client(viewer())
    bad = client.post("/reporting/packs/publish/", {"period": "soon"})
    assert bad.status_code == 400
    assert Pack.objects.count() == 0
    response = client.post("/reporting/packs/publish/", {"period": "2025-Q3"})
    pack = Pack.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"/packs/{pack.pk}/")
    page = client.get(f"/reporting/packs/{pack.pk}/").content.decode()
    assert "Nothing has changed" in page
    for fmt, start in (("xlsx", b"PK"), ("ods", b"PK"), ("pdf", b"%PDF"), ("csv", b"\xef\xbb\xbf")):
        download = client.get(f"/reporting/packs/{pack.pk}/download.{fmt}")
        assert download.status_code == 200
        assert download.content.startswith(start)
        assert "attachment" in download["Content-Disposition"]
    assert client.get(f"/reporting/packs/{pack.pk}/download.exe").status_code == 404
    assert client.get(f"/reporting/packs/{pack.pk}/print/").status_code == 200
    # an analyst sees the dashboard but not the packs
    analyst = signed_in_client(quarter_returns["analyst"])
    assert analyst.get(f"/reporting/packs/{pack.pk}/").status_code == 403


def test_statutory_tables_show_the_figures_cases_provide(db: Any) -> None:
    """Cases is built: the powers-and-sanctions report counts its notices, the evidence
    obtained under warrants and court orders, the sanctions imposed by type and their
    total, forfeitures and referrals in the financial year; none is "not yet available"."""
    import datetime as dt

    from regulator.cases import services as cases_services
    from regulator.cases.tests import factories as case_factories
    from regulator.core import clock

    people = case_factories.team()
    clock.freeze(dt.datetime(2025, 9, 1, 10, tzinfo=dt.UTC))
    sanction = case_factories.proposed(people, kind="variable")
    case = sanction.case
    clock.freeze(dt.datetime(2025, 10, 15, 10, tzinfo=dt.UTC))
    cases_services.final_notice_issue(
        sanction=sanction, actor=people.decider, recipient="The Treasurer", served_by="email"
    )
    other = case_factories.investigating(people, subject_name="Beta Party", matter="Accounts")
    cases_services.power_notice_issue(
        case=other,
        actor=people.investigator,
        kind="disclosure",
        recipient="Beta Party",
        served_by="email",
        requirements="Bank statements",
        due_days=14,
    )
    for obtained in ("warrant", "warrant", "court-order", "voluntary"):
        cases_services.evidence_add(
            case=other,
            actor=people.investigator,
            title=f"Seized {obtained}",
            file_name="item.txt",
            data=obtained.encode(),
            kind="document",
            obtained=obtained,
        )
    cases_services.track_open(case=case, actor=people.decider, kind="referral", body="Police")
    # outside the year (2026-27): not counted
    clock.freeze(dt.datetime(2026, 5, 1, 10, tzinfo=dt.UTC))
    cases_services.track_open(case=case, actor=people.decider, kind="forfeiture", body="Court")
    clock.freeze(None)

    client = signed_in_client(viewer())
    response = client.get("/reporting/statutory/powers-and-sanctions/?year=2025-26")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Not yet available" not in page

    def figure(label: str) -> str:
        start = page.index(label)
        cell = page.index("govuk-table__cell--numeric", start)
        return page[page.index(">", cell) + 1 : page.index("</td>", cell)]

    assert figure("Notices to produce documents or information") == "1"
    assert figure("Investigation notices") == "0"
    assert figure("Entry and search warrants obtained") == "2"
    assert figure("Court orders obtained") == "1"
    assert figure("Variable monetary penalties imposed") == "1"
    assert figure("Fixed monetary penalties imposed") == "0"
    assert figure("Monetary penalties imposed: total") == "£5,000.00"
    assert figure("Referrals to the police or prosecutors") == "1"
    assert figure("Forfeiture orders applied for") == "0"
    welsh = client.get("/cy/reporting/statutory/welsh-language/?year=2025-26").content.decode()
    assert "Gohebiaeth a dderbyniwyd yn Gymraeg" in welsh
    assert client.get("/reporting/statutory/powers-and-sanctions/?year=2025-Q1").status_code == 400


def test_the_public_page_shows_the_published_measures_of_the_latest_pack(
    quarter_returns: dict[str, Any],
) -> None:
    assert "No figures have been published yet" in Client().get("/performance/").content.decode()
    signed_in_client(viewer()).post("/reporting/packs/publish/", {"period": "2025-Q3"})
    page = Client().get("/performance/").content.decode()
    assert "Returns filed on time" in page
    assert "Returns filed late" not in page  # not a published measure
    welsh = Client().get("/cy/performance/").content.decode()
    assert "Ein perfformiad" in welsh
    assert "Ffurflenni a gyflwynwyd mewn pryd" in welsh


def test_the_feedback_question(db: Any) -> None:
    client = Client()
    assert client.get("/feedback/?journey=filing").status_code == 200
    refused = client.post("/feedback/", {"journey": "filing"})
    assert refused.status_code == 400
    assert "Choose how satisfied you were" in refused.content.decode()
    assert Feedback.objects.count() == 0
    sent = client.post("/feedback/", {"journey": "filing", "rating": "satisfied"})
    assert sent.status_code == 302
    assert Feedback.objects.get().journey == "filing"
    assert "Thank you" in client.get(sent["Location"]).content.decode()


def test_the_monthly_pack_is_emailed_once_to_each_viewer(
    db: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.NOTIFY_BACKEND = "memory"
    notify.outbox.clear()
    viewer()
    StaffFactory(roles=[StaffRole.FINANCE_ANALYST], email="analyst@staff.example")
    out = StringIO()
    for _run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("reporting_pack_monthly", period="2025-06", stdout=out)
    assert Pack.objects.filter(period="2025-06").count() == 1
    assert [m.email_address for m in notify.outbox] == ["viewer@staff.example"]
    body = notify.outbox[0].personalisation["body"]
    pack = Pack.objects.get()
    assert f"/reporting/packs/{pack.pk}/" in body
    assert "attachment" not in notify.outbox[0].personalisation
