"""Pages of the records area: the public retention schedule (and CSV); for staff, records
search and a record's life; for records managers, the file plan, legal holds and
disposal (review, approval, second approval, certificates). Thin: services write."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from regulator.core import clock
from regulator.core.cells import neutralise_formula
from regulator.core.permissions import permission_check, permission_required
from regulator.records import selectors, services
from regulator.records.forms import (
    CorrectionForm,
    DecisionForm,
    HoldForm,
    ReleaseForm,
    RuleForm,
    SearchForm,
)
from regulator.records.models import DisposalBatch, LegalHold, Record
from regulator.records.types import LIFE_EVENTS

PAGE = 50


def _classes() -> list[tuple[str, str]]:
    return [(c.code, f"{c.code} {c.title}") for c in selectors.record_classes()]


def _record(reference: str) -> Record:
    found = selectors.record_get(reference=reference)
    if found is None:
        raise Http404
    return found


def _batch(reference: str) -> DisposalBatch:
    found = selectors.batch_get(reference=reference)
    if found is None:
        raise Http404
    return found


def _hold(reference: str) -> LegalHold:
    found = selectors.hold_get(reference=reference)
    if found is None:
        raise Http404
    return found


def schedule(request: HttpRequest) -> HttpResponse:
    rows = selectors.schedule_rows(on=clock.local_today())
    return render(request, "records/schedule.html", {"rows": rows})


def schedule_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="retention-schedule.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "function",
            "activity",
            "class",
            "title",
            "trigger",
            "years",
            "months",
            "action",
            "in_force_from",
            "superseded_on",
            "authority",
        ]
    )
    for row in selectors.schedule_rows():
        record_class = row["record_class"]
        superseded = ""
        for rule in row["rules"]:  # newest first
            writer.writerow(
                [
                    neutralise_formula(str(cell))
                    for cell in (
                        record_class.activity.function.code,
                        record_class.activity.code,
                        record_class.code,
                        record_class.title_en,
                        rule.trigger,
                        rule.period_years,
                        rule.period_months,
                        rule.action,
                        rule.effective_from.isoformat(),
                        superseded,
                        rule.authority,
                    )
                ]
            )
            superseded = rule.effective_from.isoformat()
    return response


@permission_required("records.search_records")
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None, classes=_classes())
    found = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        found = selectors.records_search(
            user=request.user,
            text=data["q"],
            record_class=data["record_class"],
            entity=data["entity"],
            declared_from=data["declared_from"],
            declared_to=data["declared_to"],
        )[:PAGE]
    elif not form.is_bound:
        found = selectors.records_search(user=request.user)[:PAGE]
    incidents = (
        selectors.incidents()[:20] if request.user.has_perm("records.manage_records") else []
    )
    return render(
        request,
        "records/search.html",
        {"form": form, "found": found, "incidents": incidents},
        status=400 if form.errors else 200,
    )


@permission_required()
def record(request: HttpRequest, reference: str) -> HttpResponse:
    found = _record(reference)
    permission_check(request, "records.view_record", found, hide=True)
    versions = list(selectors.records_of_source(source=found.source, source_id=found.source_id))
    return render(
        request,
        "records/record.html",
        {
            "record": found,
            "life": [
                (event, LIFE_EVENTS.get(event.action, event.action))
                for event in selectors.record_life(record=found)
            ],
            "holds": selectors.record_holds(record=found),
            "versions": versions,
            "certificate": selectors.certificate_of(record=found),
        },
    )


@permission_required("records.manage_records")
def record_correct(request: HttpRequest, reference: str) -> HttpResponse:
    found = _record(reference)
    form = CorrectionForm(
        request.POST or None, initial={"title": found.title, "description": found.description}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changes = {
            name: data[name]
            for name in ("title", "description")
            if data[name] != getattr(found, name)
        }
        try:
            services.record_correct(
                record=found, changes=changes, reason=data["reason"], actor=request.user
            )
        except services.RecordsError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The record's details are corrected."))
            return redirect(reverse("records:record", kwargs={"reference": reference}))
    return render(
        request,
        "records/correct.html",
        {"form": form, "record": found},
        status=400 if form.errors else 200,
    )


@permission_required()
def record_content(request: HttpRequest, reference: str) -> HttpResponse:
    found = _record(reference)
    permission_check(request, "records.view_record", found, hide=True)
    try:
        data = services.record_content(record=found, actor=request.user)
    except services.StoreIntegrityError as exc:
        return render(request, "records/problem.html", {"message": exc.message}, status=500)
    except services.RecordsError as exc:
        return render(request, "records/problem.html", {"message": exc.message}, status=410)
    response = HttpResponse(data, content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{found.reference}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@permission_required("records.manage_records")
def file_plan(request: HttpRequest) -> HttpResponse:
    return render(request, "records/file_plan.html", {"functions": selectors.file_plan()})


@permission_required("records.manage_records")
def rule_new(request: HttpRequest, code: str) -> HttpResponse:
    record_class = selectors.record_class_get(code=code)
    if record_class is None:
        raise Http404
    form = RuleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.rule_add(record_class=record_class, actor=request.user, **form.cleaned_data)
        except services.RecordsError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The new rule is in the schedule."))
            return redirect(reverse("records:file_plan"))
    return render(
        request,
        "records/rule_new.html",
        {"form": form, "record_class": record_class},
        status=400 if form.errors else 200,
    )


@permission_required("records.manage_records")
def holds(request: HttpRequest) -> HttpResponse:
    form = HoldForm(request.POST or None, classes=_classes())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = []
        for line in data["records"].split():
            found = selectors.record_get(reference=line.strip().upper())
            if found is None:
                form.add_error("records", _("There is no record %(ref)s.") % {"ref": line})
            else:
                chosen.append(found)
        if not form.errors:
            try:
                hold = services.hold_place(
                    kind=data["kind"],
                    title=data["title"],
                    reason=data["reason"],
                    owner=request.user,
                    review_on=data["review_on"],
                    subject=data["subject"],
                    records=chosen,
                    query_class=selectors.record_class_get(code=data["query_class"])
                    if data["query_class"]
                    else None,
                    query_entity=data["query_entity"],
                    query_from=data["query_from"],
                    query_to=data["query_to"],
                    actor=request.user,
                )
            except services.RecordsError as exc:
                form.add_error(None, exc.message)
            else:
                return redirect(reverse("records:hold", kwargs={"reference": hold.reference}))
    return render(
        request,
        "records/holds.html",
        {"form": form, "holds": selectors.holds_all()},
        status=400 if form.errors else 200,
    )


@permission_required("records.manage_records")
def hold(request: HttpRequest, reference: str) -> HttpResponse:
    found = _hold(reference)
    form = ReleaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.hold_release(
                hold=found, reason=form.cleaned_data["reason"], actor=request.user
            )
        except services.RecordsError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The hold has been released."))
            return redirect(reverse("records:hold", kwargs={"reference": reference}))
    return render(
        request,
        "records/hold.html",
        {"hold": found, "form": form, "records": selectors.hold_records(hold=found)[:200]},
        status=400 if form.errors else 200,
    )


@permission_required("records.manage_records")
def disposal(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        batch = services.disposal_batch_create(as_of=clock.local_today(), actor=request.user)
        if batch is None:
            messages.info(request, _("No records are due for disposal."))
            return redirect(reverse("records:disposal"))
        return redirect(reverse("records:batch", kwargs={"reference": batch.reference}))
    due = selectors.disposal_due(as_of=clock.local_today())
    return render(
        request,
        "records/disposal.html",
        {
            "due": due[:PAGE],
            "batches": selectors.batches()[:PAGE],
            "certificates": selectors.certificates()[:PAGE],
        },
    )


@permission_required("records.manage_records")
def batch(request: HttpRequest, reference: str) -> HttpResponse:
    found = _batch(reference)
    items = list(selectors.batch_items(batch=found))
    return render(
        request,
        "records/batch.html",
        {"batch": found, "items": items, "form": DecisionForm(), "errors": []},
    )


@require_POST
@permission_required("records.manage_records")
def item_decide(request: HttpRequest, reference: str, item: int) -> HttpResponse:
    found = _batch(reference)
    chosen = found.items.filter(pk=item).first()
    if chosen is None:
        raise Http404
    form = DecisionForm(request.POST)
    problem = ""
    if form.is_valid():
        try:
            services.disposal_item_decide(item=chosen, actor=request.user, **form.cleaned_data)
        except services.RecordsError as exc:
            problem = exc.message
    else:
        problem = " ".join(str(e) for errors in form.errors.values() for e in errors)
    if problem:
        messages.error(request, f"{chosen.record.reference}: {problem}")
    return redirect(reverse("records:batch", kwargs={"reference": reference}))


def _batch_step(request: HttpRequest, reference: str, step: Any, done: str) -> HttpResponse:
    found = _batch(reference)
    try:
        step(batch=found, actor=request.user)
    except services.RecordsError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect(reverse("records:batch", kwargs={"reference": reference}))


@require_POST
@permission_required("records.manage_records")
def batch_approve(request: HttpRequest, reference: str) -> HttpResponse:
    return _batch_step(
        request, reference, services.disposal_batch_approve, _("The batch is approved.")
    )


@require_POST
@permission_required("records.manage_records")
def batch_second_approve(request: HttpRequest, reference: str) -> HttpResponse:
    return _batch_step(
        request,
        reference,
        services.disposal_batch_second_approve,
        _("Second approval given: the approved records have been disposed of."),
    )


@permission_required("records.manage_records")
def certificate(request: HttpRequest, reference: str) -> HttpResponse:
    found = _record(reference)
    issued = selectors.certificate_of(record=found)
    if issued is None:
        raise Http404
    return render(request, "records/certificate.html", {"record": found, "certificate": issued})
