"""Reads of the donors area: the public donor search and profile, the review queue.

Public reads only show active donors and only published records (finance's ``objects``
managers); never an address or a postcode.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Sum, Value, When
from django.db.models.functions import ExtractYear
from rapidfuzz import fuzz, process

from regulator.donors import linkage
from regulator.donors.models import Donor, DonorLink, DonorName, ResolutionRun, ReviewPair
from regulator.finance import selectors as finance_selectors
from regulator.finance import types as finance_types

_DONOR_ID = re.compile(r"^\s*[Dd]?0*(\d{1,12})\s*$")


def donor_number_parse(raw: str) -> int | None:
    """D0000042, d42 and 42 are all donor number 42; anything else is None."""
    match = _DONOR_ID.match(raw or "")
    return int(match.group(1)) if match else None


def donor_id_format(number: int) -> str:
    return f"{linkage.ID_PREFIX}{number:0{linkage.ID_DIGITS}d}"


# Near spellings: each word of a donor search also matches the reported-name words that
# are this close (rapidfuzz's ratio, 0-100), as the donation search does ("glenistar"
# finds Glenister). Words shorter than NEAR_MIN_LENGTH match only as typed.
NEAR_SCORE = 80
NEAR_MIN_LENGTH = 4
NEAR_LIMIT = 10
MAX_SEARCH_WORDS = 8
VOCABULARY_TTL_SECONDS = 300.0
_VOCABULARY: dict[str, tuple[float, tuple[Any, ...], list[str]]] = {}


def _vocabulary_stamp() -> tuple[Any, ...]:
    """Donors and their names change only in a resolution run: the newest run's id and
    state say whether the words read before are still the words there are."""
    latest = ResolutionRun.objects.order_by("-pk").values_list("pk", "status").first()
    return (latest, Donor.objects.filter(active=True).count())


def name_vocabulary() -> list[str]:
    """Every word (folded) of the active donors' names as reported, remembered per
    process until a resolution run changes them (at most VOCABULARY_TTL_SECONDS)."""
    stamp = _vocabulary_stamp()
    cached = _VOCABULARY.get("names")
    if cached and cached[1] == stamp and time.monotonic() - cached[0] < VOCABULARY_TTL_SECONDS:
        return cached[2]
    words: set[str] = set()
    names = DonorName.objects.filter(donor__active=True).values_list("name", flat=True)
    for name in names.iterator(chunk_size=5000):
        words.update(w for w in finance_selectors.text_fold(name).split() if len(w) >= 2)
    vocabulary = sorted(words)
    _VOCABULARY["names"] = (time.monotonic(), stamp, vocabulary)
    return vocabulary


def near_words(word: str) -> list[str]:
    """``word`` and the reported-name words spelt nearly like it."""
    found = [word]
    if len(word) >= NEAR_MIN_LENGTH:
        for term, _score, _index in process.extract(
            word,
            name_vocabulary(),
            scorer=fuzz.ratio,
            score_cutoff=NEAR_SCORE,
            limit=NEAR_LIMIT,
        ):
            if term not in found:
                found.append(term)
    return found


def _name_matches(word: str) -> Q:
    return Q(display_name__icontains=word) | Q(
        pk__in=DonorName.objects.filter(name__icontains=word).values("donor_id")
    )


def donor_list(*, q: str = "", statuses: list[str] | None = None) -> QuerySet[Donor]:
    """Active donors whose display name or any reported name has every word of ``q``
    (any case, or spelt nearly so), of the given statuses: donors with the words as typed
    first, then the near spellings, each in name order. A donor id (D0000042) finds that
    donor."""
    donors = Donor.objects.filter(active=True, record_count__gt=0)
    words = q.split()
    number = donor_number_parse(q) if len(words) == 1 and q.strip()[:1] in "Dd" else None
    if number is not None:
        donors = Donor.objects.filter(active=True, donor_id=donor_id_format(number))
        return donors.filter(donor_status__in=statuses) if statuses else donors
    folded = [w for w in finance_selectors.text_fold(q).split() if len(w) >= 2]
    exact = Q()
    for word in words[:MAX_SEARCH_WORDS]:
        exact &= _name_matches(word)
    for word in list(dict.fromkeys(folded))[:MAX_SEARCH_WORDS]:
        near = Q()
        for alternative in near_words(word):
            near |= _name_matches(alternative)
        donors = donors.filter(near | exact)
    if words and not folded:
        donors = donors.filter(exact)
    if statuses:
        donors = donors.filter(donor_status__in=statuses)
    if not words:
        return donors.order_by("display_name", "pk")
    return donors.annotate(
        near=Case(When(exact, then=Value(0)), default=Value(1), output_field=IntegerField())
    ).order_by("near", "display_name", "pk")


def donor_statuses() -> list[str]:
    return list(
        Donor.objects.filter(active=True)
        .exclude(donor_status="")
        .values_list("donor_status", flat=True)
        .distinct()
        .order_by("donor_status")
    )


def donor_get(raw_id: str) -> Donor | None:
    """The donor with this public id (active or merged into another), or None."""
    number = donor_number_parse(raw_id)
    if number is None:
        return None
    return (
        Donor.objects.select_related("merged_into").filter(donor_id=donor_id_format(number)).first()
    )


def donor_donations(donor: Donor) -> QuerySet[Any]:
    number = linkage.parse_id_number(donor.donor_id)
    return (
        finance_selectors.transactions_published("donations")
        .filter(donor_id=number)
        .order_by("-date", "-pk")
    )


def donor_loans(donor: Donor) -> QuerySet[Any]:
    number = linkage.parse_id_number(donor.donor_id)
    return (
        finance_selectors.transactions_published("loans")
        .filter(donor_id=number)
        .order_by("-date", "-pk")
    )


@dataclass
class TotalRow:
    key: str
    label: str
    donations_total: Decimal = Decimal("0.00")
    donations_count: int = 0
    loans_total: Decimal = Decimal("0.00")
    loans_count: int = 0

    @property
    def total(self) -> Decimal:
        return self.donations_total + self.loans_total


@dataclass
class DonorTotals:
    by_recipient: list[TotalRow] = field(default_factory=list)
    by_year: list[TotalRow] = field(default_factory=list)
    donations_total: Decimal = Decimal("0.00")
    donations_count: int = 0
    loans_total: Decimal = Decimal("0.00")
    loans_count: int = 0


def donor_totals(donor: Donor) -> DonorTotals:
    """Published donations and loans of the donor, by recipient (largest first) and by
    year (oldest first)."""
    totals = DonorTotals()
    recipients: dict[str, TotalRow] = {}
    years: dict[str, TotalRow] = {}
    for kind, queryset in (("donations", donor_donations(donor)), ("loans", donor_loans(donor))):
        for row in (
            queryset.order_by()
            .values("entity_id", "entity_name")
            .annotate(total=Sum("value"), count=Count("pk"))
        ):
            item = recipients.setdefault(
                str(row["entity_id"]), TotalRow(str(row["entity_id"]), row["entity_name"])
            )
            setattr(item, f"{kind}_total", getattr(item, f"{kind}_total") + row["total"])
            setattr(item, f"{kind}_count", getattr(item, f"{kind}_count") + row["count"])
        for row in (
            queryset.order_by()
            .annotate(year=ExtractYear("date"))
            .values("year")
            .annotate(total=Sum("value"), count=Count("pk"))
        ):
            item = years.setdefault(str(row["year"]), TotalRow(str(row["year"]), str(row["year"])))
            setattr(item, f"{kind}_total", getattr(item, f"{kind}_total") + row["total"])
            setattr(item, f"{kind}_count", getattr(item, f"{kind}_count") + row["count"])
    totals.by_recipient = sorted(recipients.values(), key=lambda r: (-r.total, r.label))
    totals.by_year = sorted(years.values(), key=lambda r: r.key)
    totals.donations_total = sum((r.donations_total for r in years.values()), Decimal("0.00"))
    totals.donations_count = sum(r.donations_count for r in years.values())
    totals.loans_total = sum((r.loans_total for r in years.values()), Decimal("0.00"))
    totals.loans_count = sum(r.loans_count for r in years.values())
    return totals


def review_queue() -> QuerySet[ReviewPair]:
    return ReviewPair.objects.filter(status=ReviewPair.Status.OPEN).order_by("-probability", "pk")


@dataclass
class RecordView:
    """One side of a review pair: the record as reported, for analysts (staff only)."""

    key: str
    kind: str
    name: str
    status: str = ""
    company_number: str = ""
    postcode: str = ""
    recipient: str = ""
    date: Any = None
    value: Decimal | None = None
    reference: str = ""
    donor_id: str = ""
    donor_name: str = ""


def record_view(key: str, fallback_name: str = "") -> RecordView:
    """What the finance tables say about a record key (any publication state)."""
    kind, _sep, raw_pk = key.partition(":")
    view = RecordView(key=key, kind=kind, name=fallback_name)
    link = DonorLink.objects.select_related("donor").filter(record_key=key).first()
    if link is not None:
        view.donor_id, view.donor_name = link.donor.donor_id, link.donor.display_name
    if not raw_pk.isdigit():
        return view
    if kind == "donation":
        d = finance_selectors.transactions_all("donations").filter(pk=int(raw_pk)).first()
        if d is not None:
            view.name, view.status, view.company_number = (
                d.donor_name,
                d.donor_status,
                d.company_number,
            )
            view.postcode, view.recipient, view.date = d.postcode, d.entity_name, d.date
            view.value, view.reference = d.value, d.ec_ref
    elif kind == "loan":
        loan = finance_selectors.transactions_all("loans").filter(pk=int(raw_pk)).first()
        if loan is not None:
            view.name, view.status = loan.lender_name, loan.lender_type
            view.company_number, view.postcode = loan.company_number, loan.postcode
            view.recipient, view.date = loan.entity_name, loan.date
            view.value, view.reference = loan.value, loan.ec_ref
    return view


def donor_record_views(donor: Donor) -> list[RecordView]:
    """Every record of the donor (for an analyst choosing records to split off)."""
    links = DonorLink.objects.filter(donor=donor).order_by("record_key")
    return [record_view(link.record_key, link.reported_name) for link in links[:500]]


def names_may_match(a: str, b: str, *, person: bool) -> bool:
    """Whether two names may be one donor by the rules donor resolution uses (for other
    areas' duplicate checks, e.g. contacts): people agree on the surname and their given
    names are compatible ('Bill Smith' / 'William J Smith'); organisations' normalised
    names (legal forms and 'the' folded) are at least as alike as linkage demands."""
    from rapidfuzz import fuzz

    from regulator.donors import normalise as norm

    if person:
        left, right = norm.person_parts(a), norm.person_parts(b)
        if not left or not right or left[-1] != right[-1]:
            return False
        return norm.given_names_compatible(left[:-1], right[:-1])
    key_a, key_b = " ".join(norm.organisation_parts(a)), " ".join(norm.organisation_parts(b))
    if not key_a or not key_b:
        return False
    similarity = max(fuzz.token_set_ratio(key_a, key_b), fuzz.ratio(key_a, key_b))
    return similarity >= linkage.ORGANISATION_NAME_MIN_SIMILARITY


def donors_by_number(numbers: list[int]) -> dict[int, Donor]:
    """The donors with these public numbers (the finance records' ``donor_id``), by number;
    a merged donor's number gives the donor it was merged into."""
    wanted = [donor_id_format(number) for number in numbers if number is not None]
    found: dict[int, Donor] = {}
    for donor in Donor.objects.select_related("merged_into").filter(donor_id__in=wanted):
        shown = donor if donor.active else donor.merged_into
        number = linkage.parse_id_number(donor.donor_id)
        if shown is not None and shown.active and number is not None:
            found[number] = shown
    return found


def organisation_name_similarity(a: str, b: str) -> float:
    """How alike two organisations' names are (0 to 1) once legal forms, 'the' and
    punctuation are folded as donor resolution folds them; the same score linkage uses."""
    from rapidfuzz import fuzz

    from regulator.donors import normalise as norm

    key_a, key_b = " ".join(norm.organisation_parts(a)), " ".join(norm.organisation_parts(b))
    if not key_a or not key_b:
        return 0.0
    return max(fuzz.token_set_ratio(key_a, key_b), fuzz.ratio(key_a, key_b)) / 100


def organisation_key(name: str) -> str:
    """An organisation's name as donor resolution compares it."""
    from regulator.donors import normalise as norm

    return " ".join(norm.organisation_parts(name))


def donor_histories(
    lookups: list[finance_types.DonorLookup],
) -> dict[finance_types.DonorLookup, finance_types.DonorHistory]:
    """Answers ``finance.types.DONOR_HISTORIES``: for each name a return reports, the
    active donor it resolves to (by company number when given, else by a name the donor
    has been reported under, case and spacing aside) and that donor's published history.
    A name no resolution run has seen is left out (a new donor). A handful of queries
    whatever the number of lookups."""
    from django.urls import reverse

    donors = _donors_for(lookups)
    numbers = {
        donor.pk: number
        for donor in donors.values()
        if (number := linkage.parse_id_number(donor.donor_id)) is not None
    }
    given = _given_by(list(numbers.values()))
    histories: dict[int, finance_types.DonorHistory] = {}
    for donor in {d.pk: d for d in donors.values()}.values():
        facts = given.get(numbers.get(donor.pk, -1), {})
        years = sorted(facts.get("years", set()))
        histories[donor.pk] = finance_types.DonorHistory(
            donor_id=donor.donor_id,
            name=donor.display_name,
            url=reverse("donors:donor_detail", kwargs={"donor_id": donor.donor_id}),
            donations_count=facts.get("donations_count", 0),
            donations_total=facts.get("donations_total", Decimal("0.00")),
            loans_count=facts.get("loans_count", 0),
            loans_total=facts.get("loans_total", Decimal("0.00")),
            recipients=len(facts.get("recipients", set())),
            first_year=str(years[0]) if years else "",
            last_year=str(years[-1]) if years else "",
        )
    return {lookup: histories[donor.pk] for lookup, donor in donors.items()}


def _given_by(numbers: list[int]) -> dict[int, dict[str, Any]]:
    """Published donations and loans of these donor numbers: count, total, recipients,
    years (two queries a kind)."""
    facts: dict[int, dict[str, Any]] = {}
    if not numbers:
        return facts
    for kind in ("donations", "loans"):
        published = finance_selectors.transactions_published(kind).filter(donor_id__in=numbers)
        for row in (
            published.order_by()
            .values("donor_id", "entity_id")
            .annotate(total=Sum("value"), count=Count("pk"), year=ExtractYear("date"))
        ):
            item = facts.setdefault(row["donor_id"], {"recipients": set(), "years": set()})
            item[f"{kind}_count"] = item.get(f"{kind}_count", 0) + row["count"]
            item[f"{kind}_total"] = item.get(f"{kind}_total", Decimal("0.00")) + row["total"]
            item["recipients"].add(row["entity_id"])
            if row["year"]:
                item["years"].add(row["year"])
    return facts


def _donors_for(
    lookups: list[finance_types.DonorLookup],
) -> dict[finance_types.DonorLookup, Donor]:
    from django.db.models.functions import Lower

    found: dict[finance_types.DonorLookup, Donor] = {}
    numbers = {
        lookup: (lookup.company_number or "").strip().upper()
        for lookup in lookups
        if (lookup.company_number or "").strip()
    }
    by_number: dict[str, Donor] = {}
    for donor in Donor.objects.filter(
        company_number__in=set(numbers.values()), active=True
    ).order_by("-pk"):
        by_number[donor.company_number] = donor
    for lookup, number in numbers.items():
        if number in by_number:
            found[lookup] = by_number[number]
    names = {
        lookup: " ".join((lookup.name or "").split()).lower()
        for lookup in lookups
        if lookup not in found and (lookup.name or "").strip()
    }
    by_name: dict[str, Donor] = {}
    if names:
        reported = (
            DonorName.objects.select_related("donor")
            .annotate(folded=Lower("name"))
            .filter(folded__in=set(names.values()), donor__active=True)
            .order_by("record_count", "-pk")
        )
        for row in reported:
            by_name[row.folded] = row.donor  # the most used name last, so it wins
        missing = set(names.values()) - set(by_name)
        if missing:
            for donor in (
                Donor.objects.annotate(folded=Lower("display_name"))
                .filter(folded__in=missing, active=True)
                .order_by("-pk")
            ):
                by_name[donor.folded] = donor
    for lookup, name in names.items():
        if name in by_name:
            found[lookup] = by_name[name]
    return found
