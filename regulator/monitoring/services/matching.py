"""Matching outside names (advertisers, MPs' donors, companies, news) to regulated
entities: every name the register knows an entity by (current, former, its accounting
units), compared the way donor resolution compares organisations. An analyst's decision
(confirm, reject, link elsewhere) sticks across runs; the matcher never touches it.

Newspapers, broadcasters and public bodies are never matched to a party silently: a name
that reads as one gets no suggestion (an analyst may still link it by hand)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from regulator.audit.services import audit_record
from regulator.core import clock
from regulator.donors import selectors as donors_selectors
from regulator.monitoring.models import Advertiser, Match
from regulator.monitoring.services.errors import error
from regulator.monitoring.types import MatchStatus, MonitoringErrorCode, SubjectKind
from regulator.register import selectors as register_selectors

# At or above this the matcher suggests the entity (an analyst confirms).
SUGGEST_AT = 0.9
# Words that mark a newspaper, broadcaster, publisher or public body.
NOT_A_PARTY = re.compile(
    r"\b(news|newspapers?|times|gazette|telegraph|guardian|herald|express|mirror|media|"
    r"broadcasting|bbc|itv|channel|publishing|publications|council|borough|county|"
    r"government|department|ministry|parliament|commission|nhs|police|university)\b",
    re.IGNORECASE,
)


# Words every party name has: they say nothing about which party it is.
GENERIC = frozenset({"the", "and", "of", "party", "campaign", "campaigns"})


def _tokens(name: str) -> list[str]:
    return [t for t in donors_selectors.organisation_key(name).split() if t not in GENERIC]


def similarity(a: str, b: str) -> float:
    """How surely two organisation names are one (0 to 1), after donor resolution's
    folding and without the words every party shares. Unlike linkage's token-set score, a
    name that only shares some of another's words ("Scottish Green" and "Green") is not a
    sure match: each word more on one side costs 0.05 below the suggestion line."""
    from rapidfuzz import fuzz

    left, right = _tokens(a), _tokens(b)
    if not left or not right:
        return 0.0
    if sorted(left) == sorted(right):
        return 1.0
    score = fuzz.token_sort_ratio(" ".join(left), " ".join(right)) / 100
    small, large = sorted((set(left), set(right)), key=len)
    if small <= large:
        score = max(score, SUGGEST_AT - 0.05 * len(large - small))
    return round(min(score, 0.99), 3)


@dataclass(frozen=True)
class Candidate:
    entity_id: int
    name: str
    kind: str
    confidence: float


def best_candidate(name: str, names: Iterable[tuple[int, str, str]]) -> Candidate | None:
    best: Candidate | None = None
    for entity_id, known, kind in names:
        score = similarity(name, known)
        if kind == "former":
            score *= 0.97  # an old name is a little weaker evidence than the current one
        if best is None or score > best.confidence:
            best = Candidate(entity_id, known, kind, round(score, 3))
    return best


def match_refresh(
    *, subject_kind: str, subject_key: str, name: str, names: list[tuple[int, str, str]]
) -> Match:
    """The matcher's view of one outside name, unless an analyst has decided it."""
    match = Match.objects.filter(subject_kind=subject_kind, subject_key=subject_key).first()
    if match is not None and match.status in (MatchStatus.CONFIRMED, MatchStatus.REJECTED):
        if match.name != name:
            match.name = name[:300]
            match.save(update_fields=["name"])
        return match
    candidate = None if NOT_A_PARTY.search(name) else best_candidate(name, names)
    suggested = candidate is not None and candidate.confidence >= SUGGEST_AT
    values: dict[str, Any] = {
        "name": name[:300],
        "entity_id": candidate.entity_id if suggested and candidate else None,
        "confidence": candidate.confidence if candidate else 0.0,
        "status": MatchStatus.SUGGESTED if suggested else MatchStatus.NONE,
        "reason": (
            f"{candidate.kind} name “{candidate.name}”"
            if candidate is not None
            else _("Reads as a newspaper, broadcaster or public body: never matched automatically.")
        )[:300],
    }
    match, _created = Match.objects.update_or_create(
        subject_kind=subject_kind, subject_key=subject_key, defaults=values
    )
    return match


def matches_refresh_advertisers(*, platform: str) -> int:
    """Match every UK advertiser of a platform against the register as it stands."""
    names = register_selectors.entity_name_candidates()
    count = 0
    for advertiser in Advertiser.objects.filter(platform=platform, uk=True).iterator():
        match_refresh(
            subject_kind=SubjectKind.ADVERTISER,
            subject_key=f"{platform}:{advertiser.advertiser_id}",
            name=advertiser.name,
            names=names,
        )
        count += 1
    return count


def match_decide(
    *, match: Match, actor: Any, decision: str, entity_id: int | None = None, reason: str = ""
) -> Match:
    """An analyst confirms the suggestion, rejects it, or links the name elsewhere."""
    if decision not in ("confirm", "reject", "link"):
        raise error(MonitoringErrorCode.BAD_CHOICE, _("Choose confirm, reject or link."))
    if decision == "confirm" and match.entity_id is None:
        raise error(
            MonitoringErrorCode.BAD_CHOICE, _("There is no suggestion to confirm: link it instead.")
        )
    if decision == "link" and (
        entity_id is None or register_selectors.entity_get(entity_id=entity_id) is None
    ):
        raise error(
            MonitoringErrorCode.BAD_CHOICE, _("There is no regulated entity with that number.")
        )
    with transaction.atomic():
        before = match.entity_id
        if decision == "link":
            match.entity_id = entity_id
        if decision == "reject":
            match.status = MatchStatus.REJECTED
        else:
            match.status = MatchStatus.CONFIRMED
        match.reason = (reason or match.reason)[:300]
        match.decided_by = actor
        match.decided_at = clock.now()
        match.save()
        audit_record(
            actor=actor,
            action="monitoring.match_decided",
            subject=match,
            payload={"decision": decision, "from": before, "to": match.entity_id},
        )
    return match


def entity_of(subject_kind: str, subject_key: str) -> int | None:
    """The entity an outside subject stands for: confirmed, or suggested and not rejected."""
    match = Match.objects.filter(subject_kind=subject_kind, subject_key=subject_key).first()
    if match is None or match.status not in (MatchStatus.CONFIRMED, MatchStatus.SUGGESTED):
        return None
    return match.entity_id
