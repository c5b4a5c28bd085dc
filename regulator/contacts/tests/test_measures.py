"""The measures reporting's catalogue names in contacts: requests answered within their
target by type, and Welsh correspondence answered in Welsh, each as it stood at an
instant."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from regulator.contacts import selectors, services
from regulator.contacts.tests import factories
from regulator.core import clock
from regulator.core.testing import clock_frozen_at
from regulator.identity.tests.factories import StaffFactory
from regulator.identity.types import StaffRole

pytestmark = pytest.mark.django_db

LONDON = clock.local_zone()
_frozen = clock_frozen_at(dt.datetime(2026, 12, 18, 10, 0, tzinfo=LONDON))
Q4 = {"start": dt.date(2026, 10, 1), "end": dt.date(2026, 12, 31)}


def _answer(enquiry: Any, language: str = "en") -> None:
    manager = StaffFactory(roles=[StaffRole.CONTACTS_MANAGER])
    services.reply_send(
        actor=manager, enquiry=enquiry, language=language, subject="Answer", body="Answer"
    )


def test_requests_answered_within_target_by_type() -> None:
    who = factories.contact("Ann Jones", email="ann@example.org")
    late = factories.enquiry("advice-financial", who=who, received_on=dt.date(2026, 11, 2))
    in_time = factories.enquiry("advice-registration", who=who, received_on=dt.date(2026, 12, 14))
    foi = factories.enquiry("foi", who=who, received_on=dt.date(2026, 12, 1))
    unanswered = factories.enquiry("advice-financial", who=who)
    for enquiry in (late, in_time, foi):
        _answer(enquiry)
    now = clock.now()

    advice = selectors.requests_answered(**Q4, as_of=now, request_type="advice")
    assert set(advice) == {late, in_time}
    assert unanswered not in advice
    assert list(
        selectors.requests_answered_within_target(**Q4, as_of=now, request_type="advice")
    ) == [in_time]
    assert list(selectors.requests_answered(**Q4, as_of=now, request_type="information")) == [foi]
    # As it stood the day before the answers, nothing had been answered.
    before = now - dt.timedelta(days=1)
    assert not selectors.requests_answered(**Q4, as_of=before, request_type="advice").exists()


def test_welsh_correspondence_answered_in_welsh() -> None:
    sian = factories.contact("Siân Evans", email="sian@example.org")
    welsh = factories.enquiry("general", who=sian, language="cy")
    waiting = factories.enquiry("general", who=sian, language="cy")
    english = factories.enquiry("general", who=sian, language="en")
    _answer(welsh, "cy")
    _answer(english, "cy")  # her recorded preference is Welsh
    now = clock.now()

    assert set(selectors.welsh_correspondence_received(**Q4, as_of=now)) == {welsh, waiting}
    assert list(selectors.welsh_correspondence_answered(**Q4, as_of=now)) == [welsh]
    assert list(selectors.welsh_correspondence_answered_in_welsh(**Q4, as_of=now)) == [welsh]
    services.interaction_log(
        actor=factories.SYSTEM, kind="call", summary="Ffoniodd", contact=sian, language="cy"
    )
    assert selectors.welsh_calls_taken(**Q4, as_of=clock.now()).count() == 1
    assert selectors.welsh_calls_taken(**Q4, as_of=now - dt.timedelta(hours=1)).count() == 0
