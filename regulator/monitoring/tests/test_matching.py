"""The matcher against a labelled set of UK advertiser names and the register of the
published EC samples: precision stays at or above 0.95, newspapers and public bodies are
never suggested, and analysts' decisions outlast later runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from regulator.monitoring import evaluation, services
from regulator.monitoring.models import Match
from regulator.monitoring.services.matching import similarity
from regulator.monitoring.types import MatchStatus, SubjectKind

EC = sorted((Path(settings.BASE_DIR) / "tests" / "data" / "ec").glob("*.csv"))


def test_precision_on_the_labelled_set() -> None:
    quality = evaluation.evaluate(evaluation.register_names(EC))
    assert quality.wrong == []
    assert quality.precision >= 0.95
    assert quality.recall >= 0.75
    media = [o for o in quality.outcomes if "newspaper" in o.name.lower() or o.name == "BBC News"]
    assert all(o.suggested is None for o in media)


def test_a_name_with_extra_words_is_not_a_sure_match() -> None:
    assert similarity("The Labour Party", "Labour Party") == 1.0
    assert similarity("Reform UK Party Limited", "Reform UK") == 1.0
    assert similarity("Scottish Green Party", "Green Party") < 0.9
    assert similarity("Liberal Democrat Voice", "Liberal Democrats") < 0.9


@pytest.mark.django_db
def test_an_analysts_decision_outlasts_the_next_run() -> None:
    from regulator.identity.tests.factories import StaffFactory
    from regulator.identity.types import StaffRole
    from regulator.register.tests.factories import EntityFactory

    party: Any = EntityFactory(name="Harbour Party")
    other: Any = EntityFactory(name="Quay Alliance")
    names = [(party.pk, party.name, "current"), (other.pk, other.name, "current")]
    match = services.match_refresh(
        subject_kind=SubjectKind.ADVERTISER,
        subject_key="google-ads:AR1",
        name="Harbour Party",
        names=names,
    )
    assert (match.status, match.entity_id) == (MatchStatus.SUGGESTED, party.pk)
    analyst = StaffFactory(roles=[StaffRole.FINANCE_ANALYST])
    services.match_decide(
        match=match, actor=analyst, decision="link", entity_id=other.pk, reason="Same agent"
    )
    again = services.match_refresh(
        subject_kind=SubjectKind.ADVERTISER,
        subject_key="google-ads:AR1",
        name="Harbour Party",
        names=names,
    )
    assert (again.status, again.entity_id) == (MatchStatus.CONFIRMED, other.pk)
    press = services.match_refresh(
        subject_kind=SubjectKind.ADVERTISER,
        subject_key="google-ads:AR2",
        name="Harbour Party News",
        names=names,
    )
    assert press.entity_id is None
    assert Match.objects.count() == 2
