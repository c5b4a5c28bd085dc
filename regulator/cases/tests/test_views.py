"""The cases pages: the allegation form (both languages, errors, rate limit), need-to-know
on every page of a case, a conflict declared on the page, steps refused with the reason,
and evidence downloads that are logged."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from regulator.cases import services
from regulator.cases.models import Case
from regulator.cases.tests import factories
from regulator.identity.testing import signed_in_client
from regulator.identity.tests.factories import StaffFactory
from regulator.identity.types import StaffRole

pytestmark = pytest.mark.django_db

FORM = {
    "subject_name": "Example Party",
    "offence": "late-donation-report",
    "matter": "A donation reported late",
    "details": "Seen in the published register.",
    "offence_date": "1/8/2025",
    "language": "en",
}


def test_the_allegation_form_takes_a_report_with_an_attachment_in_welsh() -> None:
    client = Client()
    page = client.get("/cy/enforcement/report/")
    assert page.status_code == 200
    assert 'lang="cy"' in page.content.decode()
    response = client.post(
        "/cy/enforcement/report/",
        {**FORM, "language": "cy", "attachment": SimpleUploadedFile("a.txt", b"proof")},
    )
    assert response.status_code == 302
    sent = client.get(response["Location"])
    case = Case.objects.get()
    intake = case.intakes.get()
    assert intake.reference in sent.content.decode()
    assert intake.language == "cy"
    assert case.evidence.get().obtained == "intake"


def test_bad_allegations_get_specific_errors_and_change_nothing() -> None:
    client = Client()
    response = client.post("/enforcement/report/", {**FORM, "subject_name": "", "matter": ""})
    assert response.status_code == 200
    body = response.content.decode()
    assert "govuk-error-summary" in body
    # The project's wording of a missing answer (core.forms), naming the question.
    assert "Enter an answer to ‘Who is it about?’" in body  # noqa: RUF001
    response = client.post("/enforcement/report/", {**FORM, "offence_date": "31/2/2025"})
    assert "Enter a real date, for example 27/3/2026" in response.content.decode()
    response = client.post("/enforcement/report/", {**FORM, "offence_date": "1/1/2099"})
    assert "cannot be in the future" in response.content.decode()
    assert Case.objects.count() == 0


def test_the_allegation_form_is_rate_limited(settings: Any) -> None:
    settings.CASES_ALLEGATION_RATE = "2/hour"
    client = Client()
    statuses = [
        client.post("/enforcement/report/", {**FORM, "subject_name": f"Party {n}"}).status_code
        for n in range(3)
    ]
    assert statuses == [302, 302, 429]
    assert Case.objects.count() == 2


def test_a_case_is_need_to_know_on_every_page() -> None:
    people = factories.team()
    case = factories.investigating(people)
    services.evidence_add(
        case=case,
        actor=people.investigator,
        title="t",
        file_name="f.txt",
        data=b"x",
        kind="document",
        obtained="voluntary",
    )
    urls = [
        f"/cases/{case.reference}/",
        f"/cases/{case.reference}/schedules/",
        f"/cases/{case.reference}/evidence/1/",
        f"/cases/{case.reference}/assess/",
    ]
    insider = signed_in_client(people.investigator)
    assert [insider.get(url).status_code for url in urls] == [200] * 4
    for role in (StaffRole.INVESTIGATOR, StaffRole.CASE_DECISION_MAKER, StaffRole.RECORDS_MANAGER):
        outsider = signed_in_client(StaffFactory(roles=[role]))
        assert [outsider.get(url).status_code for url in urls] == [404] * 4


def test_declaring_a_conflict_on_the_page_closes_the_case_to_the_declarer() -> None:
    people = factories.team()
    case = factories.investigating(people)
    client = signed_in_client(people.investigator)
    response = client.post(
        f"/cases/{case.reference}/conflict/", {"reason": "My cousin is the treasurer."}
    )
    assert response.status_code == 302
    assert client.get(f"/cases/{case.reference}/").status_code == 404
    assert case.conflicts.get().user == people.investigator


def test_a_step_the_user_may_not_take_is_refused_with_the_reason_and_changes_nothing() -> None:
    people = factories.team()
    case = factories.investigating(people)
    client = signed_in_client(people.investigator)
    response = client.post(
        f"/cases/{case.reference}/findings/",
        {"finding": "offence-found", "reason": "Late."},
    )
    assert response.status_code == 200
    assert "The investigator cannot decide the case" in response.content.decode()
    case.refresh_from_db()
    assert case.stage == "investigation"
    assert case.finding == ""


def test_an_evidence_download_needs_a_purpose_and_is_logged() -> None:
    people = factories.team()
    case = factories.investigating(people)
    item = services.evidence_add(
        case=case,
        actor=people.investigator,
        title="t",
        file_name="f.txt",
        data=b"bytes",
        kind="document",
        obtained="voluntary",
    )
    client = signed_in_client(people.decider)
    url = f"/cases/{case.reference}/evidence/1/download/"
    refused = client.post(url, {"purpose": ""})
    assert refused.status_code == 302
    assert item.custody.count() == 1
    response = client.post(url, {"purpose": "Prepare the findings"})
    assert response.content == b"bytes"
    assert list(item.custody.values_list("action", flat=True)) == ["acquired", "downloaded"]


def test_publication_is_for_approvers_only() -> None:
    people = factories.team()
    sanction = factories.proposed(people)
    services.payment_record(sanction=sanction, actor=people.investigator, amount_pence=20_000)
    reference = sanction.case.reference
    assert signed_in_client(people.decider).get(f"/cases/publish/{reference}/").status_code == 403
    approver = signed_in_client(people.approver)
    assert reference in approver.get("/cases/publish/").content.decode()
    response = approver.post(
        f"/cases/publish/{reference}/", {"summary_en": "Paid at once.", "summary_cy": "Talwyd."}
    )
    assert response.status_code == 302
    assert Case.objects.get(reference=reference).stage == "published"


def test_the_case_page_lists_the_parties_from_contacts_and_the_intakes() -> None:
    from regulator.audit.types import Actor
    from regulator.contacts import services as contacts_services
    from regulator.register.tests.factories import EntityFactory

    entity: Any = EntityFactory()
    treasurer = contacts_services.contact_create(
        actor=Actor.system("test"), kind="person", name="Tess Treasurer", email="t@p.example"
    )
    contacts_services.contact_entity_link(
        actor=Actor.system("test"), contact=treasurer, entity_id=entity.pk, role="treasurer"
    )
    people = factories.team()
    case = factories.investigating(people, entity_id=entity.pk)
    page = signed_in_client(people.investigator).get(f"/cases/{case.reference}/").content.decode()
    assert "Tess Treasurer" in page
    assert f"/contacts/{treasurer.pk}/" in page
    assert "Ann Citizen" in page


def test_an_officer_reporting_their_own_entity_files_a_self_report() -> None:
    from regulator.filings.tests.factories import filing_world

    world = filing_world()
    client = signed_in_client(world["treasurer"])
    page = client.get("/enforcement/report/").content.decode()
    assert "Are you reporting your own organisation?" in page
    response = client.post("/enforcement/report/", {**FORM, "own_entity": str(world["entity"].pk)})
    assert response.status_code == 302
    case = Case.objects.get()
    assert (case.source, case.entity_id) == ("self-report", world["entity"].pk)


def test_any_member_of_staff_refers_a_case_and_filers_cannot() -> None:
    analyst = StaffFactory(roles=[StaffRole.FINANCE_ANALYST])
    client = signed_in_client(analyst)
    response = client.post(
        "/cases/refer/",
        {"subject_name": "Late Party", "matter": "Q3 report late", "details": "Seen in review."},
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.source == "referral"
    assert case.intakes.get().submitted_by == analyst
    assert "Refer a possible breach" in client.get("/staff/").content.decode()
    from regulator.identity.tests.factories import FilerFactory

    assert signed_in_client(FilerFactory()).get("/cases/refer/").status_code == 403


def test_the_contacts_entity_view_shows_the_entitys_cases_to_the_team_only() -> None:
    from regulator.register.tests.factories import EntityFactory

    entity: Any = EntityFactory()
    people = factories.team()
    case = factories.investigating(people, entity_id=entity.pk)
    inside = signed_in_client(people.investigator).get(f"/contacts/entities/{entity.pk}/")
    assert f"/cases/{case.reference}/" in inside.content.decode()
    outsider = signed_in_client(StaffFactory(roles=[StaffRole.INVESTIGATOR]))
    assert (
        f"/cases/{case.reference}/"
        not in outsider.get(f"/contacts/entities/{entity.pk}/").content.decode()
    )


def test_the_time_limit_is_on_the_case_page_and_in_the_deadlines_when_near() -> None:
    import datetime as dt

    from regulator.cases import selectors
    from regulator.core import clock

    people = factories.team()
    case = factories.investigating(people, offence_date=dt.date(2024, 1, 15))
    assert selectors.time_limit(case) == dt.date(2027, 1, 15)
    page = signed_in_client(people.investigator).get(f"/cases/{case.reference}/")
    assert "15 January 2027" in page.content.decode()
    clock.freeze(dt.datetime(2026, 9, 1, 12, tzinfo=dt.UTC))
    assert "Time limit for proceedings" not in [
        d.what for d in selectors.deadlines(user=people.investigator)
    ]
    clock.freeze(dt.datetime(2026, 11, 1, 12, tzinfo=dt.UTC))
    assert "Time limit for proceedings" in [
        d.what for d in selectors.deadlines(user=people.investigator)
    ]
