"""Evidence and its chain of custody, the unused-material register, notices as records in
both languages, and retention that follows the case through records holds."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import pytest

from regulator.cases import selectors, services
from regulator.cases.clocks import add_months
from regulator.cases.models import Case, Evidence
from regulator.cases.tests import factories
from regulator.cases.types import CasesErrorCode, Stage, records_hold_subject
from regulator.core import clock
from regulator.identity.tests.factories import StaffFactory
from regulator.identity.types import StaffRole
from regulator.records import selectors as records_selectors
from regulator.records import services as records_services

pytestmark = pytest.mark.django_db


def _item(case: Case, actor: object, data: bytes = b"bank statement", **extra: str) -> Evidence:
    values = {
        "title": "Bank statement",
        "file_name": "statement.csv",
        "kind": "data",
        "obtained": "voluntary",
    }
    values.update(extra)
    return services.evidence_add(case=case, actor=actor, data=data, **values)


def test_an_original_is_hashed_at_intake_and_every_access_is_on_its_custody_log() -> None:
    people = factories.team()
    case = factories.investigating(people)
    item = _item(case, people.investigator)
    assert item.sha256 == hashlib.sha256(b"bank statement").hexdigest()
    record = records_selectors.record_get(reference=item.record_reference)
    assert record is not None
    assert record.sha256 == item.sha256
    data = services.evidence_content(
        item=item, actor=people.investigator, action="viewed", purpose="Check the date"
    )
    assert data == b"bank statement"
    lines = list(selectors.custody_of(item))
    assert [line.action for line in lines] == ["acquired", "viewed"]
    assert lines[1].hash_before == lines[1].hash_after == item.sha256
    assert lines[1].purpose == "Check the date"
    with pytest.raises(services.CasesError) as caught:
        services.evidence_content(item=item, actor=people.investigator, action="viewed", purpose="")
    assert caught.value.code == CasesErrorCode.REASON_REQUIRED


def test_a_redacted_copy_links_to_its_original_which_never_changes() -> None:
    people = factories.team()
    case = factories.investigating(people)
    original = _item(case, people.investigator, data=b"name: J Smith; amount 20000")
    copy = services.evidence_derive(
        original=original,
        actor=people.investigator,
        derivation="redacted",
        data=b"name: [redacted]; amount 20000",
        file_name="redacted.txt",
        tool="sed 4.9",
        purpose="Remove a third party's name",
    )
    assert copy.derived_from == original
    original.refresh_from_db()
    assert original.sha256 == hashlib.sha256(b"name: J Smith; amount 20000").hexdigest()
    processed = original.custody.get(action="processed")
    assert (processed.hash_before, processed.hash_after, processed.tool) == (
        original.sha256,
        copy.sha256,
        "sed 4.9",
    )
    # A copy of a copy is linked to the original, not to the copy.
    again = services.evidence_derive(
        original=copy,
        actor=people.investigator,
        derivation="extract",
        data=b"amount 20000",
        file_name="extract.txt",
        tool="sed 4.9",
        purpose="Extract the amount",
    )
    assert again.derived_from == original


def test_compelled_statements_never_reach_a_sanction_decision() -> None:
    people = factories.team()
    case = factories.investigating(people)
    voluntary = _item(case, people.investigator)
    compelled = _item(
        case,
        people.investigator,
        data=b"interview",
        kind="statement",
        obtained="investigation-notice",
        title="Interview",
    )
    assert list(selectors.evidence_for_sanction_decision(case)) == [voluntary]
    assert compelled in selectors.evidence_of(case)


def test_an_outsider_cannot_add_or_read_evidence() -> None:
    people = factories.team()
    case = factories.investigating(people)
    item = _item(case, people.investigator)
    outsider = StaffFactory(roles=[StaffRole.INVESTIGATOR])
    with pytest.raises(services.CasesError) as caught:
        _item(case, outsider)
    assert caught.value.code == CasesErrorCode.NOT_MEMBER
    with pytest.raises(services.CasesError):
        services.evidence_content(item=item, actor=outsider, action="downloaded", purpose="p")
    assert item.custody.count() == 1


def test_the_mg6c_numbers_run_on_across_submissions_and_every_decision_is_on_the_record_sheet() -> (
    None
):
    people = factories.team()
    case = factories.investigating(people)
    first, second, third = (_item(case, people.investigator, data=bytes([n])) for n in range(3))
    services.evidence_decide(
        item=second,
        actor=people.investigator,
        relevance="relevant",
        sensitivity="non-sensitive",
        reason="Dates",
    )
    services.evidence_decide(
        item=third,
        actor=people.investigator,
        relevance="relevant",
        sensitivity="sensitive",
        reason="Names an informant",
    )
    services.evidence_decide(
        item=first,
        actor=people.investigator,
        relevance="relevant",
        sensitivity="non-sensitive",
        reason="Amounts",
    )
    assert [(e.number, e.schedule_number) for e in selectors.schedule_non_sensitive(case)] == [
        (2, 1),
        (1, 2),
    ]
    assert list(selectors.schedule_sensitive(case)) == [Evidence.objects.get(pk=third.pk)]
    assert selectors.disclosure_record(case).count() == 3
    with pytest.raises(services.CasesError) as caught:
        services.evidence_decide(
            item=first, actor=people.investigator, relevance="relevant", sensitivity="", reason="r"
        )
    assert caught.value.code == CasesErrorCode.BAD_CHOICE


def test_a_welsh_notice_is_a_pdf_record_with_its_dates() -> None:
    people = factories.team()
    case = factories.investigating(people)
    notice = services.power_notice_issue(
        case=case,
        actor=people.investigator,
        kind="disclosure",
        recipient="Y Trysorydd",
        served_by="post",
        requirements="Datganiadau banc",
        due_days=14,
        language="cy",
        sent_on=dt.date(2026, 3, 2),
    )
    assert notice.deemed_received_on == dt.date(2026, 3, 4)
    assert notice.due_on == dt.date(2026, 3, 18)
    record = records_selectors.record_get(reference=notice.record_reference)
    assert record is not None
    assert record.record_class.code == "CAS-SAN"
    assert record.language == "Welsh"
    pdf = records_services.record_content(record=record, actor=people.investigator)
    assert pdf.startswith(b"%PDF")
    assert hashlib.sha256(pdf).hexdigest() == notice.sha256


def test_assignment_holds_the_case_records_and_conclusion_starts_their_clock() -> None:
    people = factories.team()
    case = factories.investigating(people)
    item = _item(case, people.investigator)
    holds = records_selectors.holds_active().filter(subject=records_hold_subject(case.reference))
    assert holds.count() == 1
    assert holds.get().kind == "case"
    services.findings_record(case=case, actor=people.decider, finding="no-offence", reason="r")
    assert (
        not records_selectors.holds_active()
        .filter(subject=records_hold_subject(case.reference))
        .exists()
    )
    record = records_selectors.record_get(reference=item.record_reference)
    assert record is not None
    assert record.trigger_on == clock.local_today()


def test_an_open_referral_keeps_the_hold_after_conclusion() -> None:
    people = factories.team()
    case = factories.investigating(people)
    services.track_open(case=case, actor=people.investigator, kind="referral", body="CPS")
    services.findings_record(
        case=case, actor=people.decider, finding="no-determination", reason="r"
    )
    assert (
        records_selectors.holds_active()
        .filter(subject=records_hold_subject(case.reference))
        .exists()
    )


def test_an_independent_review_task_is_raised_at_eleven_months() -> None:
    people = factories.team()
    case = factories.investigating(people)
    task = case.tasks.get()
    assert task.kind == "independent-review"
    assert task.due_on == add_months(clock.local_today(), 11)
    Case.objects.filter(pk=case.pk).update(investigation_opened_on=dt.date(2025, 1, 10))
    case.tasks.all().delete()
    assert services.tasks_raise(today=dt.date(2025, 12, 9)) == []
    raised = services.tasks_raise(today=dt.date(2025, 12, 10))
    assert [(t.case_id, t.due_on) for t in raised] == [(case.pk, dt.date(2025, 12, 10))]
    assert services.tasks_raise(today=dt.date(2025, 12, 11)) == []


def test_self_reports_come_only_from_the_entitys_officers() -> None:
    from regulator.identity.tests.factories import FilerFactory
    from regulator.register.tests.factories import EntityFactory

    entity: Any = EntityFactory()
    stranger = FilerFactory()
    with pytest.raises(services.CasesError) as caught:
        factories.allegation(source="self-report", actor=stranger, entity_id=entity.pk)
    assert caught.value.code == CasesErrorCode.NOT_AN_OFFICER
    assert Case.objects.count() == 0


def test_a_sanction_is_refused_before_its_time_or_out_of_bounds() -> None:
    people = factories.team()
    sanction = factories.proposed(people)
    with pytest.raises(services.CasesError) as caught:
        services.final_notice_issue(
            sanction=sanction, actor=people.decider, recipient="T", served_by="email"
        )
    assert caught.value.code == CasesErrorCode.DATE
    case = factories.investigating(people, subject_name="Second Party")
    services.findings_record(case=case, actor=people.decider, finding="offence-found", reason="r")
    for amount in (19_999, 2_000_001):
        with pytest.raises(services.CasesError) as caught:
            services.sanction_propose(
                case=case,
                actor=people.decider,
                kind="variable",
                act="a",
                recipient="T",
                served_by="email",
                amount_pence=amount,
            )
        assert caught.value.code == CasesErrorCode.AMOUNT
    assert Case.objects.get(pk=case.pk).stage == Stage.FINDINGS


def test_a_discretionary_requirement_then_a_fixed_penalty_for_the_same_act_is_refused() -> None:
    people = factories.team()
    sanction = factories.proposed(people, kind="variable")
    case = sanction.case
    Case.objects.filter(pk=case.pk).update(stage=Stage.FINDINGS)
    case.refresh_from_db()
    with pytest.raises(services.CasesError) as caught:
        services.sanction_propose(
            case=case,
            actor=people.decider,
            kind="fixed",
            act="q2 2025 donation report",
            recipient="T",
            served_by="email",
        )
    assert caught.value.code == CasesErrorCode.COMBINATION
    # A different act may have its own sanction.
    services.sanction_propose(
        case=case,
        actor=people.decider,
        kind="fixed",
        act="Q3 2025 donation report",
        recipient="T",
        served_by="email",
    )


def test_an_appeal_suspends_and_its_dismissal_restarts_payment() -> None:
    people = factories.team()
    sanction = factories.proposed(people)
    case = sanction.case
    clock.freeze(clock.now() + dt.timedelta(days=35))
    try:
        services.final_notice_issue(
            sanction=sanction, actor=people.decider, recipient="T", served_by="email"
        )
        services.appeal_lodge(sanction=sanction, actor=people.investigator)
        assert Case.objects.get(pk=case.pk).stage == Stage.APPEAL
        with pytest.raises(services.CasesError):
            services.payment_record(
                sanction=sanction, actor=people.investigator, amount_pence=20_000
            )
        services.appeal_determine(
            sanction=sanction, actor=people.decider, upheld=False, reason="Dismissed"
        )
        case.refresh_from_db()
        assert (case.stage, case.payment_status) == (Stage.PAYMENT, "due")
        services.payment_record(sanction=sanction, actor=people.investigator, amount_pence=20_000)
        assert Case.objects.get(pk=case.pk).payment_status == "paid"
    finally:
        clock.freeze(None)
