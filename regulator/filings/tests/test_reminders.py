"""filings_reminders: reminders 14 and 3 days before the deadline and a late notice after
it, counted in Europe/London, once per return and milestone."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from regulator.audit.models import AuditEvent
from regulator.core import clock, notify
from regulator.filings import services
from regulator.filings.models import FiledReturn, Reminder, ReturnKind
from regulator.filings.services import milestone_for

pytestmark = pytest.mark.django_db

UTC = dt.UTC


@pytest.fixture(autouse=True)
def _memory(settings: Any) -> Any:
    settings.NOTIFY_BACKEND = "memory"
    notify.outbox.clear()
    yield
    clock.freeze(None)
    notify.outbox.clear()


def _return(world: dict[str, Any], period: str = "Q4 2026") -> FiledReturn:
    clock.freeze(dt.datetime(2026, 11, 30, 12, tzinfo=UTC))
    return services.return_create(
        entity=world["entity"],
        kind=ReturnKind.QUARTERLY_CENTRAL,
        period_name=period,
        actor=world["agent"],
    )


_capture: Any = None


@pytest.fixture(autouse=True)
def _on_commit(django_capture_on_commit_callbacks: Any) -> Any:
    """Emails go out on commit: run the callbacks as a real commit would."""
    global _capture
    _capture = django_capture_on_commit_callbacks
    yield
    _capture = None


def _run(at: dt.datetime) -> str:
    clock.freeze(at)
    out = StringIO()
    with _capture(execute=True):
        call_command("filings_reminders", stdout=out)
    return out.getvalue()


def _milestones(filed: FiledReturn) -> set[str]:
    return set(Reminder.objects.filter(filed_return=filed).values_list("milestone", flat=True))


def test_each_milestone_is_sent_once_on_its_side_of_the_date(world: dict[str, Any]) -> None:
    filed = _return(world)
    assert filed.due_date == dt.date(2027, 1, 30)
    _run(dt.datetime(2027, 1, 15, 23, 59, tzinfo=UTC))  # 15 days before
    assert _milestones(filed) == set()
    assert notify.outbox == []

    out = _run(dt.datetime(2027, 1, 16, 0, 1, tzinfo=UTC))  # 14 days before
    assert _milestones(filed) == {"due-14"}
    assert "1 at 14 days" in out
    assert [m.email_address for m in notify.outbox] == [world["treasurer"].email]
    message = notify.outbox[0]
    assert "30/01/2027" in message.personalisation["body"]
    assert "Due in 14 days" in message.personalisation["subject"]

    _run(dt.datetime(2027, 1, 16, 9, tzinfo=UTC))  # again the same day: nothing new
    _run(dt.datetime(2027, 1, 26, 23, 59, tzinfo=UTC))  # 4 days before: nothing new
    assert len(notify.outbox) == 1

    _run(dt.datetime(2027, 1, 27, 0, 1, tzinfo=UTC))  # 3 days before
    assert _milestones(filed) == {"due-14", "due-3"}
    assert len(notify.outbox) == 2

    _run(dt.datetime(2027, 1, 30, 23, 55, tzinfo=UTC))  # last minutes of the due date
    filed.refresh_from_db()
    assert not filed.is_late
    assert len(notify.outbox) == 2

    out = _run(dt.datetime(2027, 1, 31, 0, 5, tzinfo=UTC))  # the deadline has passed
    filed.refresh_from_db()
    assert filed.is_late
    assert "1 late (1 flagged late)" in out
    late = notify.outbox[2:]
    assert sorted(m.email_address for m in late) == sorted(
        [world["treasurer"].email, world["agent"].email]
    )
    assert all(m.personalisation["subject"].startswith("Late:") for m in late)

    _run(dt.datetime(2027, 2, 5, tzinfo=UTC))
    assert len(notify.outbox) == 4
    assert Reminder.objects.filter(filed_return=filed).count() == 3
    events = AuditEvent.objects.filter(action="filings.reminder_sent")
    assert events.count() == 3


def test_deadline_is_counted_in_london_summer_time(world: dict[str, Any]) -> None:
    filed = _return(world, "Q1 2027")
    assert filed.due_date == dt.date(2027, 4, 30)
    # 22:55 UTC on 30 April is 23:55 in London (BST): still in time.
    _run(dt.datetime(2027, 4, 30, 22, 55, tzinfo=UTC))
    filed.refresh_from_db()
    assert not filed.is_late
    assert _milestones(filed) == {"due-3"}
    # 23:05 UTC is 00:05 on 1 May in London: late.
    _run(dt.datetime(2027, 4, 30, 23, 5, tzinfo=UTC))
    filed.refresh_from_db()
    assert filed.is_late
    assert _milestones(filed) == {"due-3", "late"}


def test_the_14_day_milestone_turns_over_at_london_midnight() -> None:
    due = dt.date(2027, 7, 20)
    # 23:30 UTC on 5 July is 00:30 on 6 July in London: 14 days before.
    assert milestone_for(due, dt.datetime(2027, 7, 5, 22, 59, tzinfo=UTC)) is None
    assert milestone_for(due, dt.datetime(2027, 7, 5, 23, 30, tzinfo=UTC)) == "due-14"
    assert milestone_for(due, dt.datetime(2027, 7, 16, 22, 59, tzinfo=UTC)) == "due-14"
    assert milestone_for(due, dt.datetime(2027, 7, 16, 23, 1, tzinfo=UTC)) == "due-3"
    assert milestone_for(due, dt.datetime(2027, 7, 20, 23, 1, tzinfo=UTC)) == "late"


def test_a_submitted_return_gets_no_reminder(world: dict[str, Any]) -> None:
    from regulator.filings.rules.inputs import TransactionKind
    from regulator.filings.tests.factories import donations_csv

    filed = _return(world)
    version = filed.current
    services.upload_receive(
        version=version,
        kind=TransactionKind.DONATION,
        source=donations_csv(2),
        file_name="d.csv",
        actor=world["treasurer"],
    )
    version = services.version_validate(version=version, actor=world["treasurer"])
    services.version_declare(version=version, user=world["treasurer"])
    services.version_submit(version=version, user=world["treasurer"], idempotency_key="r1")
    notify.outbox.clear()
    _run(dt.datetime(2027, 1, 28, tzinfo=UTC))
    _run(dt.datetime(2027, 2, 28, tzinfo=UTC))
    assert _milestones(filed) == set()
    assert notify.outbox == []
    filed.refresh_from_db()
    assert not filed.is_late


def test_reminders_are_in_english_and_welsh(world: dict[str, Any]) -> None:
    _return(world)
    _run(dt.datetime(2027, 1, 20, tzinfo=UTC))
    body = notify.outbox[0].personalisation["body"]
    english, welsh = body.split("\n\n")
    assert "is due by 30/01/2027" in english
    assert "erbyn 30/01/2027, ymhen 14 diwrnod neu lai" in welsh
    assert "ymhen 14 diwrnod" in notify.outbox[0].personalisation["subject"]
