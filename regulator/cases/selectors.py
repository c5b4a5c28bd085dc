"""Reads of the cases area. Every read of a case takes the user and answers None (the
view's 404) for anyone outside the case's need-to-know."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from regulator.audit import selectors as audit_selectors
from regulator.cases.models import (
    Case,
    Custody,
    DisclosureAction,
    Evidence,
    Intake,
    Notice,
    Offence,
    PolicyVersion,
    Sanction,
    Task,
    Track,
)
from regulator.cases.rules import is_enforcement_staff, may_open_case
from regulator.cases.types import (
    COMPELLED,
    OPEN_STAGES,
    POWERS,
    AssessmentOutcome,
    NoticeKind,
    Obtained,
    Relevance,
    SanctionKind,
    Sensitivity,
    Stage,
    TrackKind,
)
from regulator.contacts import selectors as contacts_selectors
from regulator.core import clock


def cases_all() -> QuerySet[Case]:
    return Case.objects.select_related("offence", "entity", "investigator", "decision_maker")


def cases_visible(*, user: Any) -> QuerySet[Case]:
    """The cases this user may open: their teams' cases and, for enforcement staff, the
    untriaged ones; never one on which they declared a conflict."""
    if not is_enforcement_staff(user):
        return Case.objects.none()
    return (
        cases_all()
        .filter(Q(team=user) | Q(team__isnull=True, stage=Stage.INITIAL))
        .exclude(conflicts__user=user)
        .distinct()
    )


def case_get(*, reference: str) -> Case | None:
    return cases_all().filter(reference=reference).first()


def case_for(*, user: Any, reference: str) -> Case | None:
    case = case_get(reference=reference)
    if case is None or not may_open_case(user, case):
        return None
    return case


def my_cases(*, user: Any) -> QuerySet[Case]:
    return cases_visible(user=user).filter(team=user, stage__in=OPEN_STAGES)


def triage_queue(*, user: Any) -> QuerySet[Case]:
    return cases_visible(user=user).filter(stage=Stage.INITIAL).order_by("opened_at")


@dataclass(frozen=True)
class Deadline:
    case: Case
    due_on: dt.date
    what: str


def time_limit(case: Case) -> dt.date | None:
    """The last day proceedings may start, by the offence's limitation rule (months from
    the offence), or None where the table records no limit or the date is unknown."""
    from regulator.cases.clocks import add_months

    if case.offence is None or case.offence_date is None or not case.offence.limitation_months:
        return None
    return add_months(case.offence_date, case.offence.limitation_months)


def deadlines(*, user: Any, within_days: int = 7, today: dt.date | None = None) -> list[Deadline]:
    """What falls due on the user's cases in the next ``within_days`` days (and anything
    already overdue): notices' due dates, payments and tasks."""
    today = today or clock.local_today()
    until = today + dt.timedelta(days=within_days)
    cases = list(my_cases(user=user))
    rows: list[Deadline] = []
    for notice in Notice.objects.filter(case__in=cases, due_on__lte=until).select_related("case"):
        if notice.case.stage in (Stage.CONCLUDED, Stage.PUBLISHED):
            continue
        if notice.due_on is not None and notice.due_on >= today - dt.timedelta(days=60):
            rows.append(Deadline(notice.case, notice.due_on, str(notice.get_kind_display())))
    for task in Task.objects.filter(
        case__in=cases, done_on__isnull=True, due_on__lte=until
    ).select_related("case"):
        rows.append(Deadline(task.case, task.due_on, str(task.get_kind_display())))
    # The limitation date is shown 90 days ahead: a case must not run out of time unseen.
    for case in cases:
        limit = time_limit(case)
        if limit is not None and limit <= today + dt.timedelta(days=max(within_days, 90)):
            rows.append(Deadline(case, limit, _("Time limit for proceedings")))
    return sorted(rows, key=lambda row: (row.due_on, row.case.reference))


def intakes_of(case: Case) -> QuerySet[Intake]:
    return case.intakes.all()


def evidence_of(case: Case) -> QuerySet[Evidence]:
    return case.evidence.select_related("derived_from").order_by("number")


def evidence_get(*, case: Case, number: int) -> Evidence | None:
    return case.evidence.filter(number=number).first()


def evidence_for_sanction_decision(case: Case) -> QuerySet[Evidence]:
    """What a sanction decision may rest on: never a statement made under compulsion
    (Schedule 19B), nor anything derived from one."""
    return evidence_of(case).exclude(obtained__in=COMPELLED)


def custody_of(item: Evidence) -> QuerySet[Custody]:
    return item.custody.all()


def custody_of_case(case: Case) -> QuerySet[Custody]:
    return (
        Custody.objects.filter(evidence__case=case).select_related("evidence").order_by("at", "pk")
    )


def schedule_non_sensitive(case: Case) -> QuerySet[Evidence]:
    """MG6C: relevant non-sensitive unused material, numbered consecutively."""
    return case.evidence.filter(
        relevance=Relevance.RELEVANT, sensitivity=Sensitivity.NON_SENSITIVE
    ).order_by("schedule_number")


def schedule_sensitive(case: Case) -> QuerySet[Evidence]:
    """MG6D: relevant sensitive material, with reasons (a nil return is still signed)."""
    return case.evidence.filter(
        relevance=Relevance.RELEVANT, sensitivity=Sensitivity.SENSITIVE
    ).order_by("number")


def undecided_material(case: Case) -> QuerySet[Evidence]:
    return case.evidence.filter(relevance="")


def disclosure_record(case: Case) -> QuerySet[DisclosureAction]:
    return case.disclosure_actions.select_related("evidence")


def notices_of(case: Case) -> QuerySet[Notice]:
    return case.notices.select_related("issued_by", "sanction")


def notice_get(*, case: Case, number: int) -> Notice | None:
    return case.notices.filter(number=number).first()


def sanctions_of(case: Case) -> QuerySet[Sanction]:
    return case.sanctions.all()


def sanction_current(case: Case) -> Sanction | None:
    return case.sanctions.filter(dropped=False).order_by("-pk").first()


def tasks_of(case: Case) -> QuerySet[Task]:
    return case.tasks.all()


@dataclass(frozen=True)
class Party:
    """Someone the case concerns or who brought it: the subject entity's people from
    contacts (with their role there) and whoever sent an intake."""

    name: str
    role: str
    contact_id: int | None = None


def parties(case: Case) -> list[Party]:
    rows = [Party(case.subject_name, _("Subject of the case"))]
    if case.entity_id is not None:
        rows += [
            Party(link.contact.name, link.get_role_display(), link.contact_id)
            for link in contacts_selectors.entity_contacts(entity_id=case.entity_id)
        ]
    rows += [
        Party(intake.name, f"{intake.get_source_display()} {intake.reference}")
        for intake in case.intakes.exclude(name="")
    ]
    return rows


def timeline(case: Case) -> list[Any]:
    """The case's events from the audit chain, oldest first."""
    return list(audit_selectors.event_list_for_subject(subject=case))


def offences_in_force(*, on: dt.date | None = None) -> QuerySet[Offence]:
    on = on or clock.local_today()
    return Offence.objects.filter(effective_from__lte=on).exclude(effective_to__lt=on)


def policies() -> QuerySet[PolicyVersion]:
    return PolicyVersion.objects.all()


def publication_queue() -> QuerySet[Case]:
    """Concluded investigations waiting for an approver to publish them."""
    return cases_all().filter(
        stage=Stage.CONCLUDED, assessment_outcome=AssessmentOutcome.INVESTIGATION
    )


def case_for_publication(*, reference: str) -> Case | None:
    return publication_queue().filter(reference=reference).first()


def outcomes_published(
    *,
    entity_id: int | None = None,
    offence: str = "",
    sanction: str = "",
    year: int | None = None,
    q: str = "",
) -> QuerySet[Case]:
    """Published outcomes, newest first, filtered as the public page and API allow."""
    rows = cases_all().filter(stage=Stage.PUBLISHED).prefetch_related("sanctions")
    if entity_id is not None:
        rows = rows.filter(entity_id=entity_id)
    if offence:
        rows = rows.filter(offence__code=offence)
    if sanction:
        rows = rows.filter(sanctions__kind=sanction, sanctions__dropped=False)
    if year is not None:
        rows = rows.filter(published_on__year=year)
    if q:
        rows = rows.filter(Q(subject_name__icontains=q) | Q(matter__icontains=q))
    return rows.order_by("-published_on", "-pk").distinct()


def outcome_published(*, reference: str) -> Case | None:
    return (
        cases_all()
        .filter(stage=Stage.PUBLISHED, reference=reference)
        .prefetch_related("sanctions")
        .first()
    )


def outcome_entities() -> list[tuple[int, str]]:
    """The regulated entities with a published outcome, by name: the page's entity filter."""
    rows = (
        Case.objects.filter(stage=Stage.PUBLISHED, entity__isnull=False)
        .values_list("entity_id", "entity__name")
        .distinct()
        .order_by("entity__name", "entity_id")
    )
    return [(int(pk), str(name)) for pk, name in rows]


def outcome_offences() -> list[Offence]:
    """The offences published outcomes were investigated for (one per code, the latest
    version), by provision: the page's offence filter."""
    seen: dict[str, Offence] = {}
    for offence in Offence.objects.filter(case__stage=Stage.PUBLISHED).order_by(
        "code", "-effective_from"
    ):
        seen.setdefault(offence.code, offence)
    return sorted(seen.values(), key=lambda o: (o.provision, o.code))


def outcome_years() -> list[int]:
    """The years in which outcomes were published, newest first: the page's year filter."""
    dates = Case.objects.filter(stage=Stage.PUBLISHED, published_on__isnull=False).dates(
        "published_on", "year", order="DESC"
    )
    return [day.year for day in dates]


@dataclass(frozen=True)
class PowersAndSanctions:
    """The annual report on the use of investigatory powers and civil sanctions
    (PPERA Sch 19B para 15, Sch 19C para 27)."""

    start: dt.date
    end: dt.date
    notices: dict[str, int]
    sanctions: dict[str, int]
    penalties_pence: int
    referrals: int
    forfeitures: int
    # Evidence obtained in the year under an inspection warrant or a court order.
    warrants: int = 0
    court_orders: int = 0


def powers_and_sanctions(*, start: dt.date, end: dt.date) -> PowersAndSanctions:
    notices = Notice.objects.filter(issued_on__gte=start, issued_on__lte=end)
    by_notice = {
        str(kind): notices.filter(kind=kind).count()
        for kind in [*sorted(POWERS), NoticeKind.INTENT, NoticeKind.FINAL, NoticeKind.STOP]
    }
    imposed = Sanction.objects.filter(dropped=False, final_on__gte=start, final_on__lte=end)
    by_sanction = {kind: imposed.filter(kind=kind).count() for kind in SanctionKind.values}
    pence = sum(
        s.amount_pence or 0
        for s in imposed.filter(kind__in=[SanctionKind.FIXED, SanctionKind.VARIABLE])
    )
    tracks = Track.objects.filter(opened_on__gte=start, opened_on__lte=end)
    obtained = Evidence.objects.filter(
        acquired_at__date__gte=start, acquired_at__date__lte=end, derived_from__isnull=True
    )
    return PowersAndSanctions(
        start=start,
        end=end,
        notices=by_notice,
        sanctions=by_sanction,
        penalties_pence=pence,
        referrals=tracks.filter(kind=TrackKind.REFERRAL).count(),
        forfeitures=tracks.filter(kind=TrackKind.FORFEITURE).count(),
        warrants=obtained.filter(obtained=Obtained.WARRANT).count(),
        court_orders=obtained.filter(obtained=Obtained.COURT_ORDER).count(),
    )


def cases_listing() -> list[dict[str, str]]:
    """``manage.py cases_list``: every case's reference, stage and opening date."""
    return [
        {"reference": c.reference, "stage": c.stage, "opened_on": c.opened_on.isoformat()}
        for c in Case.objects.order_by("opened_at", "pk")
    ]
