"""Donor record linkage: which published donations and loans came from the same donor.

``resolve`` is the whole engine, with no database access, so it can be run, measured and
tested on plain lists:

1. Every record is normalised (``normalise``) and records that agree on everything the
   model compares (normalised name, status, company number, postcode) are folded into one
   *profile*; recipients become a list. One million donation records from 125,000 donors
   become a few hundred thousand profiles, and Splink compares profiles, not records.
2. Splink (DuckDB backend) scores candidate pairs of profiles from blocking rules on the
   company number, the name's words in any order, surname with first initial, given name
   with the start of the surname, and the postcode. Comparisons: name (exact, same words
   in another order, Jaro-Winkler bands, with term-frequency adjustment so that 'David
   Jones' counts for less than 'Dinesh Dhamija'), donor status, company number, postcode
   (full, district) and recipients in common. The model is trained without labels:
   u-probabilities by random sampling, m-probabilities by expectation maximisation over
   blocking rules. Below ``MIN_PROFILES_TO_TRAIN`` profiles a run uses the shipped model
   (``default_model.json``, trained the same way on synthetic data; see docs/donors.md).
3. Hard rules on top of the model: an exact company-number match settles a company (the
   profiles are linked whatever the names say); two different company numbers are two
   companies; two people whose given names conflict ('Simon Acland' / 'Serena Acland')
   are two people.
4. Analysts' decisions (must-link / cannot-link between two groups of records; a pair
   confirmation or rejection is the one-record case, a split is a cannot-link between the
   two parts, a merge a must-link between two donors' records) override the model on
   every run, the newest decision winning a conflict.
5. Clustering: profiles are joined in order of decreasing match probability (decisions
   first, then company numbers, then the model's pairs at or above the threshold), and a
   join that would put two cannot-linked records into one donor is refused.
6. Public ids are stable: each new cluster keeps the previous id of the donor that holds
   most of its previous records (each previous id goes to one cluster only); merges and
   splits relative to the previous run are reported.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from regulator.donors import normalise as norm
from regulator.donors import splink_model

# Chosen on the labelled evaluation sets (docs/donors.md, ``choose_threshold``).
DEFAULT_THRESHOLD = 0.7
# Pairs scored in [REVIEW_LOW, threshold) go to the analysts' review queue.
DEFAULT_REVIEW_LOW = 0.3
MIN_PROFILES_TO_TRAIN = 20_000
ID_PREFIX = "D"
ID_DIGITS = 7

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DonorRecord:
    """One published donation or loan as the donor was reported on it."""

    record_key: str  # "donation:<pk>" / "loan:<pk>" (or "ec:<ECRef>" from a CSV)
    name: str
    donor_status: str
    company_number: str = ""
    postcode: str = ""
    recipient_entity_id: str = ""
    date: dt.date | None = None


class DecisionKind(StrEnum):
    MUST_LINK = "must_link"
    CANNOT_LINK = "cannot_link"


@dataclass(frozen=True)
class ReviewDecision:
    """An analyst's ruling: the records in ``left`` and those in ``right`` are (must_link)
    or are not (cannot_link) the same donor. Give them oldest first; the newest wins."""

    kind: DecisionKind
    left: tuple[str, ...]
    right: tuple[str, ...]
    reference: str = ""  # the stored decision's id, echoed in ``Resolution.overridden``


@dataclass(frozen=True)
class ReviewPair:
    left_key: str
    right_key: str
    left_name: str
    right_name: str
    probability: float


@dataclass
class ResolvedDonor:
    donor_id: str
    display_name: str
    donor_status: str
    company_number: str
    record_keys: list[str]
    names: Counter[str]


@dataclass(frozen=True)
class Merge:
    donor_id: str  # the id that survives
    absorbed: tuple[str, ...]  # previous ids whose records joined it


@dataclass(frozen=True)
class Split:
    previous_id: str
    into: tuple[str, ...]  # the donors that now hold its previous records


@dataclass
class Resolution:
    assignments: dict[str, str]  # record_key → donor_id
    donors: dict[str, ResolvedDonor]
    merges: list[Merge]
    splits: list[Split]
    review_pairs: list[ReviewPair]
    overridden: list[str]  # references of decisions a newer decision overrode
    threshold: float
    model: dict[str, Any]
    stats: dict[str, Any] = field(default_factory=dict)


# --- profiles --------------------------------------------------------------------------


@dataclass
class _Profile:
    index: int
    name_key: str
    name_sorted: str
    status: str
    is_person: bool
    parts: tuple[str, ...]
    company_number: str
    postcode: str
    recipients: set[str] = field(default_factory=set)
    record_keys: list[str] = field(default_factory=list)
    raw_names: Counter[str] = field(default_factory=Counter)


def _status_key(status: str) -> str:
    return " ".join(status.split()).lower()


def build_profiles(
    records: Iterable[DonorRecord], *, isolate: set[str] | frozenset[str] = frozenset()
) -> tuple[list[_Profile], dict[str, int]]:
    """Fold records that agree on every compared field into profiles. Records named in
    ``isolate`` (those an analyst has cut apart) get a profile of their own."""
    profiles: list[_Profile] = []
    by_key: dict[tuple[str, ...], int] = {}
    where: dict[str, int] = {}
    name_cache: dict[tuple[str, str], tuple[tuple[str, ...], bool]] = {}
    for record in records:
        if record.record_key in where:
            continue  # the same record twice (an exact duplicate row) counts once
        status = _status_key(record.donor_status)
        cached = name_cache.get((record.name, status))
        if cached is None:
            person = norm.is_person(status)
            parts = (
                norm.person_parts(record.name) if person else norm.organisation_parts(record.name)
            )
            cached = (parts, person)
            name_cache[(record.name, status)] = cached
        parts, person = cached
        company = norm.normalise_company_number(record.company_number)
        postcode = norm.normalise_postcode(record.postcode)
        key: tuple[str, ...] = (" ".join(parts), status, company, postcode)
        if record.record_key in isolate:
            key = (*key, record.record_key)
        index = by_key.get(key)
        if index is None:
            index = len(profiles)
            by_key[key] = index
            profiles.append(
                _Profile(
                    index=index,
                    name_key=key[0],
                    name_sorted=" ".join(sorted(parts)),
                    status=status,
                    is_person=person,
                    parts=parts,
                    company_number=company,
                    postcode=postcode,
                )
            )
        profile = profiles[index]
        profile.record_keys.append(record.record_key)
        profile.raw_names[" ".join(record.name.split())] += 1
        if record.recipient_entity_id:
            profile.recipients.add(str(record.recipient_entity_id))
        where[record.record_key] = index
    return profiles, where


def profiles_table(profiles: list[_Profile]) -> Any:
    import pyarrow as pa

    def blank_none(value: str) -> str | None:
        return value or None

    surname: list[str | None] = []
    initial: list[str | None] = []
    given: list[str | None] = []
    for p in profiles:
        if p.is_person and p.parts:
            surname.append(p.parts[-1])
            first = p.parts[0] if len(p.parts) > 1 else ""
            initial.append(first[:1] or None)
            given.append(first if len(first) > 1 else None)
        else:
            surname.append(p.parts[0] if p.parts else None)
            initial.append(p.parts[1][:1] if len(p.parts) > 1 else None)
            given.append(None)
    return pa.table(
        {
            "unique_id": pa.array([p.index for p in profiles], pa.int64()),
            "name_key": [blank_none(p.name_key) for p in profiles],
            "name_sorted": [blank_none(p.name_sorted) for p in profiles],
            "surname": surname,
            "first_initial": initial,
            "given": given,
            "surname_start": [s[:2] if s else None for s in surname],
            "recipient_first": [min(p.recipients) if p.recipients else None for p in profiles],
            "full_words": [
                blank_none(" ".join(sorted(w for w in p.parts if len(w) > 1))) for p in profiles
            ],
            "status": [blank_none(p.status) for p in profiles],
            "company_number": [blank_none(p.company_number) for p in profiles],
            "postcode": [blank_none(p.postcode) for p in profiles],
            "postcode_district": [blank_none(norm.postcode_district(p.postcode)) for p in profiles],
            "recipients": pa.array(
                [sorted(p.recipients) or None for p in profiles], pa.list_(pa.string())
            ),
        }
    )


# --- clustering under constraints ------------------------------------------------------


class _Clusters:
    """Union-find over profiles that refuses a join across a cannot-link."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))
        self.rank = [0] * size
        # root → cannot-link tokens (decision number, side) held by that component
        self.tokens: dict[int, set[tuple[int, int]]] = {}

    def find(self, item: int) -> int:
        parent = self.parent
        root = item
        while parent[root] != root:
            root = parent[root]
        while parent[item] != root:
            parent[item], item = root, parent[item]
        return root

    def conflicts(self, a: int, b: int) -> bool:
        ta = self.tokens.get(a)
        tb = self.tokens.get(b)
        if not ta or not tb:
            return False
        if len(ta) > len(tb):
            ta, tb = tb, ta
        return any((number, 1 - side) in tb for number, side in ta)

    def union(self, a: int, b: int) -> bool:
        """Join the components of a and b; False when a cannot-link forbids it."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if self.conflicts(ra, rb):
            return False
        if self.rank[ra] < self.rank[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        if self.rank[ra] == self.rank[rb]:
            self.rank[ra] += 1
        moved = self.tokens.pop(rb, None)
        if moved:
            self.tokens.setdefault(ra, set()).update(moved)
        return True

    def add_token(self, item: int, token: tuple[int, int]) -> None:
        self.tokens.setdefault(self.find(item), set()).add(token)


class Veto(StrEnum):
    NONE = ""
    COMPANY_NUMBERS_DIFFER = "company_numbers_differ"
    GIVEN_NAMES_CONFLICT = "given_names_conflict"
    ORGANISATION_NAMES_DIFFER = "organisation_names_differ"
    PUBLIC_BODIES_DIFFER = "public_bodies_differ"


# Organisations that share an address and a recipient (the two Houses of Parliament at
# SW1A 0AA; a union reported at another union's postcode) are not one donor unless their
# names are alike: the names' word sets must overlap this much (rapidfuzz 0-100).
ORGANISATION_NAME_MIN_SIMILARITY = 80


def hard_veto(a: _Profile, b: _Profile) -> Veto:
    """Why the model must not link these profiles whatever it scores (NONE: it may)."""
    if a.company_number and b.company_number:
        if a.company_number != b.company_number:
            return Veto.COMPANY_NUMBERS_DIFFER
        return Veto.NONE
    if a.is_person and b.is_person:
        if norm.given_names_compatible(a.parts, b.parts):
            return Veto.NONE
        return Veto.GIVEN_NAMES_CONFLICT
    if a.name_key != b.name_key and is_public_body(a) and is_public_body(b):
        return Veto.PUBLIC_BODIES_DIFFER
    if not a.is_person and not b.is_person:
        from rapidfuzz import fuzz

        similarity = max(
            fuzz.token_set_ratio(a.name_key, b.name_key),
            fuzz.ratio(a.name_key, b.name_key),
        )
        if similarity < ORGANISATION_NAME_MIN_SIMILARITY:
            return Veto.ORGANISATION_NAMES_DIFFER
    return Veto.NONE


def is_public_body(profile: _Profile) -> bool:
    return norm.is_public_body(status_key=_status_key(profile.status), name_key=profile.name_key)


def _review_pair(a: _Profile, b: _Profile, probability: float) -> ReviewPair:
    return ReviewPair(
        left_key=a.record_keys[0],
        right_key=b.record_keys[0],
        left_name=a.raw_names.most_common(1)[0][0],
        right_name=b.raw_names.most_common(1)[0][0],
        probability=round(float(probability), 4),
    )


def _format_id(number: int) -> str:
    return f"{ID_PREFIX}{number:0{ID_DIGITS}d}"


def parse_id_number(donor_id: str) -> int | None:
    if donor_id.startswith(ID_PREFIX) and donor_id[len(ID_PREFIX) :].isdigit():
        return int(donor_id[len(ID_PREFIX) :])
    return None


def resolve(
    records: list[DonorRecord],
    *,
    previous: dict[str, str] | None,
    decisions: list[ReviewDecision],
    model: dict[str, Any] | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    review_low: float = DEFAULT_REVIEW_LOW,
    next_number: int | None = None,
    progress: Callable[[str], None] | None = None,
) -> Resolution:
    """Resolve records into donors.

    ``previous`` maps record keys to the donor ids of the last run (None on the first);
    ``decisions`` are the analysts' rulings, oldest first; ``model`` trained settings (None:
    train on these records when there are enough, else the shipped model); new ids are
    numbered from ``next_number`` (default: one past the highest previous id)."""
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def stage(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[name] = round(now - clock, 3)
        clock = now
        if progress is not None:
            progress(name)

    previous = previous or {}
    isolate = {key for d in decisions if d.kind == DecisionKind.CANNOT_LINK for key in d.left}
    isolate |= {key for d in decisions if d.kind == DecisionKind.CANNOT_LINK for key in d.right}
    profiles, where = build_profiles(records, isolate=isolate)
    stage("normalise")

    trained_here = False
    left_ids: list[int] = []
    right_ids: list[int] = []
    probabilities: list[float] = []
    if len(profiles) >= 2:
        table = profiles_table(profiles)
        if model is None:
            if len(profiles) >= MIN_PROFILES_TO_TRAIN:
                model = splink_model.train(table)
                trained_here = True
            else:
                model = splink_model.load_default_model()
        stage("train")
        left_ids, right_ids, probabilities = splink_model.predict(table, model, low=review_low)
    elif model is None:
        model = splink_model.load_default_model()
    stage("predict")

    clusters = _Clusters(len(profiles))
    overridden: list[str] = []
    # Decisions, newest first: a newer ruling stands and an older one that contradicts
    # it is overridden.
    for number in range(len(decisions) - 1, -1, -1):
        decision = decisions[number]
        left = [where[k] for k in decision.left if k in where]
        right = [where[k] for k in decision.right if k in where]
        if not left or not right:
            continue
        if decision.kind == DecisionKind.MUST_LINK:
            group = left + right
            snapshot = (list(clusters.parent), {k: set(v) for k, v in clusters.tokens.items()})
            if not all(clusters.union(group[0], other) for other in group[1:]):
                clusters.parent, clusters.tokens = snapshot[0], snapshot[1]
                overridden.append(decision.reference)
        else:
            roots_left = {clusters.find(i) for i in left}
            roots_right = {clusters.find(i) for i in right}
            if roots_left & roots_right:
                overridden.append(decision.reference)
                continue
            for i in left:
                clusters.add_token(i, (number, 0))
            for i in right:
                clusters.add_token(i, (number, 1))

    # An exact company-number match settles a company.
    by_company: dict[str, int] = {}
    for profile in profiles:
        if profile.company_number:
            first = by_company.setdefault(profile.company_number, profile.index)
            if first != profile.index:
                clusters.union(first, profile.index)

    linked = vetoed = refused = 0
    review: list[ReviewPair] = []
    for a, b, probability in zip(left_ids, right_ids, probabilities, strict=True):
        pa_, pb_ = profiles[a], profiles[b]
        veto = hard_veto(pa_, pb_)
        if veto:
            vetoed += 1
            # Unlike names of organisations the model liked are worth an analyst's look.
            # Public bodies with unlike names are distinct by rule: nothing to review.
            if (
                veto == Veto.ORGANISATION_NAMES_DIFFER
                and clusters.find(a) != clusters.find(b)
                and not (is_public_body(pa_) or is_public_body(pb_))
            ):
                review.append(_review_pair(pa_, pb_, probability))
            continue
        if probability >= threshold:
            if clusters.union(a, b):
                linked += 1
            else:
                refused += 1
        elif clusters.find(a) != clusters.find(b):
            review.append(_review_pair(pa_, pb_, probability))
    # A pair below the threshold whose profiles ended up together anyway is settled.
    review = [
        pair
        for pair in review
        if clusters.find(where[pair.left_key]) != clusters.find(where[pair.right_key])
    ]
    stage("cluster")

    members: dict[int, list[int]] = defaultdict(list)
    for profile in profiles:
        members[clusters.find(profile.index)].append(profile.index)

    # Stable ids: candidates (cluster, previous id, records of that id in the cluster).
    previous_count: Counter[str] = Counter(previous.values())
    candidates: list[tuple[int, str, int]] = []
    for root, indexes in members.items():
        counts: Counter[str] = Counter()
        for index in indexes:
            for key in profiles[index].record_keys:
                old = previous.get(key)
                if old:
                    counts[old] += 1
        for old, count in counts.items():
            candidates.append((count, old, root))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    id_of_root: dict[int, str] = {}
    taken: set[str] = set()
    for _count, old, root in candidates:
        if root in id_of_root or old in taken:
            continue
        id_of_root[root] = old
        taken.add(old)
    if next_number is None:
        numbers = [n for n in (parse_id_number(i) for i in previous_count) if n is not None]
        next_number = max(numbers, default=0) + 1
    # New ids in a deterministic order: by each cluster's smallest record key.
    fresh = sorted(
        (min(key for i in indexes for key in profiles[i].record_keys), root)
        for root, indexes in members.items()
        if root not in id_of_root
    )
    for _first_key, root in fresh:
        id_of_root[root] = _format_id(next_number)
        next_number += 1

    assignments: dict[str, str] = {}
    donors: dict[str, ResolvedDonor] = {}
    for root, indexes in members.items():
        donor_id = id_of_root[root]
        names: Counter[str] = Counter()
        statuses: Counter[str] = Counter()
        companies: Counter[str] = Counter()
        keys: list[str] = []
        for index in indexes:
            profile = profiles[index]
            names.update(profile.raw_names)
            n = len(profile.record_keys)
            statuses[profile.status] += n
            if profile.company_number:
                companies[profile.company_number] += n
            keys.extend(profile.record_keys)
            for key in profile.record_keys:
                assignments[key] = donor_id
        display = max(names.items(), key=lambda item: (item[1], len(item[0]), item[0]))[0]
        donors[donor_id] = ResolvedDonor(
            donor_id=donor_id,
            display_name=display,
            donor_status=norm.display_status(statuses),
            company_number=companies.most_common(1)[0][0] if companies else "",
            record_keys=sorted(keys),
            names=names,
        )

    merges: list[Merge] = []
    splits: list[Split] = []
    if previous:
        olds_by_donor: dict[str, set[str]] = defaultdict(set)
        news_by_old: dict[str, set[str]] = defaultdict(set)
        for key, old in previous.items():
            new = assignments.get(key)
            if new is None:
                continue
            olds_by_donor[new].add(old)
            news_by_old[old].add(new)
        for new, olds in sorted(olds_by_donor.items()):
            absorbed = tuple(sorted(olds - {new}))
            if len(olds) > 1 and absorbed:
                merges.append(Merge(donor_id=new, absorbed=absorbed))
        for old, news in sorted(news_by_old.items()):
            if len(news) > 1:
                splits.append(Split(previous_id=old, into=tuple(sorted(news))))
    stage("assign")

    return Resolution(
        assignments=assignments,
        donors=donors,
        merges=merges,
        splits=splits,
        review_pairs=sorted(review, key=lambda p: -p.probability),
        overridden=overridden,
        threshold=threshold,
        model=model,
        stats={
            "records": len(where),
            "distinct_names": len({n for p in profiles for n in p.raw_names}),
            "profiles": len(profiles),
            "pairs_scored": len(probabilities),
            "pairs_linked": linked,
            "pairs_vetoed": vetoed,
            "pairs_refused_by_decisions": refused,
            "donors": len(donors),
            "trained_on_this_run": trained_here,
            "seconds": timings,
        },
    )
