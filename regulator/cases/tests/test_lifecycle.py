from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from regulator.cases import selectors, services
from regulator.cases.models import Case
from regulator.cases.tests import factories
from regulator.cases.types import CasesErrorCode, PaymentStatus, Stage
from regulator.identity.tests.factories import StaffFactory
from regulator.identity.types import StaffRole
from regulator.records import selectors as records_selectors

pytestmark = pytest.mark.django_db


def test_allegation_opens_a_case_with_a_record_an_acknowledgement_and_the_policy_of_the_offence_date(
    outbox: list, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        case = factories.allegation()
    intake = case.intakes.get()
    assert case.stage == Stage.INITIAL
    assert case.policy is not None
    assert case.policy.name == "Enforcement Policy (September 2023)"
    record = records_selectors.record_get(reference=intake.record_reference)
    assert record is not None
    assert record.record_class.code == "CAS-EVI"
    assert [m.personalisation["subject"] for m in outbox] == [
        f"We have your report {intake.reference}"
    ]
    older = factories.allegation(
        subject_name="Another Party", offence_date=dt.date(2020, 1, 5), matter="Accounts late"
    )
    assert older.policy is not None
    assert older.policy.name == "Enforcement Policy (April 2016)"


def test_a_second_allegation_about_the_same_subject_and_matter_joins_the_open_case() -> None:
    first = factories.allegation()
    second = factories.allegation(
        subject_name="EXAMPLE  party", name="Bob", email="bob@example.org", details="Again."
    )
    assert second.pk == first.pk
    assert [i.name for i in first.intakes.all()] == ["Ann Citizen", "Bob"]
    other = factories.allegation(subject_name="Different Party")
    assert other.pk != first.pk


def test_bad_intake_is_refused_with_a_specific_error_and_changes_nothing() -> None:
    with pytest.raises(services.CasesError) as caught:
        factories.allegation(subject_name="", matter="x")
    assert caught.value.code == CasesErrorCode.SUBJECT_REQUIRED
    with pytest.raises(services.CasesError) as caught:
        factories.allegation(offence_code="no-such-offence")
    assert caught.value.code == CasesErrorCode.UNKNOWN_OFFENCE
    assert Case.objects.count() == 0


def test_the_decision_maker_is_never_the_investigator() -> None:
    people = factories.team()
    both = StaffFactory(roles=[StaffRole.INVESTIGATOR, StaffRole.CASE_DECISION_MAKER])
    case = factories.allegation()
    with pytest.raises(services.CasesError) as caught:
        services.case_assign(
            case=case, actor=people.decider, investigator=both, decision_maker=both
        )
    assert caught.value.code == CasesErrorCode.SAME_PERSON
    case = factories.investigating(people, subject_name="Other")
    with pytest.raises(services.CasesError) as caught:
        services.findings_record(
            case=case, actor=people.investigator, finding="offence-found", reason="x"
        )
    assert caught.value.code == CasesErrorCode.SAME_PERSON


def test_an_investigation_needs_every_checklist_answer_yes() -> None:
    people = factories.team()
    case = factories.allegation()
    services.case_assign(
        case=case,
        actor=people.decider,
        investigator=people.investigator,
        decision_maker=people.decider,
    )
    with pytest.raises(services.CasesError) as caught:
        services.assessment_decide(
            case=case,
            actor=people.investigator,
            answers={**factories.YES, "proportionate": False},
            outcome="investigation",
            reason="r",
        )
    assert caught.value.code == CasesErrorCode.CHECKLIST
    services.assessment_decide(
        case=case,
        actor=people.investigator,
        answers={**factories.YES, "proportionate": False},
        outcome="advice",
        reason="A first slip, put right at once.",
    )
    case.refresh_from_db()
    assert case.stage == Stage.CONCLUDED
    assert case.outcome_words == "advice"


def test_representations_are_decided_by_someone_who_did_not_issue_the_notice() -> None:
    people = factories.team()
    sanction = factories.proposed(people, kind="variable")
    case = sanction.case
    services.representations_receive(sanction=sanction, actor=people.investigator, text="Ill.")
    with pytest.raises(services.CasesError) as caught:
        services.representations_decide(
            sanction=sanction, actor=people.decider, outcome="impose", reason="No excuse."
        )
    assert caught.value.code == CasesErrorCode.SAME_PERSON
    with pytest.raises(services.CasesError) as caught:
        services.representations_decide(
            sanction=sanction, actor=people.second, outcome="impose", reason="No excuse."
        )
    assert caught.value.code == CasesErrorCode.NOT_MEMBER
    services.team_add(case=case, actor=people.decider, user=people.second)
    services.representations_decide(
        sanction=sanction,
        actor=people.second,
        outcome="modify",
        reason="Illness mitigates.",
        amount_pence=300_000,
    )
    case.refresh_from_db()
    assert case.stage == Stage.FINAL_DECISION


def test_a_conflicted_user_cannot_open_the_case_and_outsiders_see_nothing() -> None:
    people = factories.team()
    case = factories.investigating(people)
    outsider = StaffFactory(roles=[StaffRole.INVESTIGATOR])
    assert selectors.case_for(user=outsider, reference=case.reference) is None
    assert selectors.case_for(user=people.investigator, reference=case.reference) == case
    services.conflict_declare(
        case=case, actor=people.investigator, reason="My brother is treasurer."
    )
    assert selectors.case_for(user=people.investigator, reference=case.reference) is None
    with pytest.raises(services.CasesError) as caught:
        services.team_add(case=case, actor=people.decider, user=people.investigator)
    assert caught.value.code == CasesErrorCode.CONFLICT
    fresh = factories.allegation(subject_name="New Party")
    services.conflict_declare(case=fresh, actor=outsider, reason="Former member.")
    assert selectors.case_for(user=outsider, reference=fresh.reference) is None
    assert fresh not in selectors.triage_queue(user=outsider)


def test_fixed_penalty_discharged_on_the_notice_of_intent() -> None:
    people = factories.team()
    sanction = factories.proposed(people)
    services.payment_record(sanction=sanction, actor=people.investigator, amount_pence=20_000)
    case = Case.objects.get(pk=sanction.case.pk)
    assert case.stage == Stage.CONCLUDED
    assert case.payment_status == PaymentStatus.PAID_INITIAL


def test_fixed_and_discretionary_sanctions_for_one_act_are_refused() -> None:
    people = factories.team()
    sanction = factories.proposed(people)
    case = sanction.case
    case.stage = Stage.FINDINGS
    case.save()
    with pytest.raises(services.CasesError) as caught:
        services.sanction_propose(
            case=case,
            actor=people.decider,
            kind="compliance",
            act="Q2 2025 donation report",
            recipient="Treasurer",
            served_by="email",
        )
    assert caught.value.code == CasesErrorCode.COMBINATION


def test_referral_only_offences_cannot_be_sanctioned() -> None:
    people = factories.team()
    case = factories.investigating(people, offence_code="donor-information", matter="Evasion")
    services.findings_record(case=case, actor=people.decider, finding="offence-found", reason="r")
    with pytest.raises(services.CasesError) as caught:
        services.sanction_propose(
            case=case,
            actor=people.decider,
            kind="variable",
            act="a",
            recipient="r",
            served_by="email",
            amount_pence=100_000,
        )
    assert caught.value.code == CasesErrorCode.REFERRAL_ONLY


def test_publication_needs_an_approver_and_a_concluded_investigation() -> None:
    people = factories.team()
    sanction = factories.proposed(people)
    services.payment_record(sanction=sanction, actor=people.investigator, amount_pence=20_000)
    case = Case.objects.get(pk=sanction.case.pk)
    with pytest.raises(services.CasesError):
        services.case_publish(case=case, actor=people.decider, summary_en="s")
    services.case_publish(case=case, actor=people.approver, summary_en="Paid on the notice.")
    assert list(selectors.outcomes_published()) == [case]
    assert [e.action for e in selectors.timeline(case)][-1] == "cases.outcome_published"


def test_the_team_is_reminded_once_before_representations_end(outbox: list) -> None:
    people = factories.team()
    sanction = factories.proposed(people)
    task = sanction.case.tasks.get(kind="representations-due")
    assert task.due_on == sanction.notices.get().due_on
    early = task.due_on - dt.timedelta(days=10)
    assert services.tasks_remind(today=early) == []
    close = task.due_on - dt.timedelta(days=1)
    assert services.tasks_remind(today=close) == [task]
    assert sorted(m.email_address for m in outbox) == sorted(
        [people.investigator.email, people.decider.email]
    )
    assert services.tasks_remind(today=close) == []
