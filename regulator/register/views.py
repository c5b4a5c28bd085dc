"""Pages of the register: the public register, online registration and changes, and the
registration officers' queue. Views are thin: services write, selectors read."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from regulator.core.permissions import SignInRequired, permission_check, sign_in_on_demand
from regulator.register import selectors, services, steps
from regulator.register.forms import (
    ApproveForm,
    ChangesRequestForm,
    DeclarationForm,
    EntitySearchForm,
    RefuseForm,
)
from regulator.register.models import Application, RegulatedEntity
from regulator.register.types import (
    ENTITY_PAGE_SECTIONS,
    NEW_ENTITY_KINDS,
    ApplicationKind,
    ApplicationStatus,
    EntityPageSection,
    EntityType,
    OfficerRole,
)
from regulator.register.validation import RegisterError, party_name_matches


def _application(request: HttpRequest, reference: str) -> Application:
    application = Application.objects.select_related("entity").filter(reference=reference).first()
    if not request.user.is_authenticated:
        raise SignInRequired
    if application is None:
        raise Http404
    permission_check(request, "register.view_application", application, hide=True)
    return application


# --- Public register ---------------------------------------------------------------------


@require_safe
def entity_list(request: HttpRequest) -> HttpResponse:
    form = EntitySearchForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "q": data["q"],
            "entity_types": [data["entity_type"]] if data["entity_type"] else None,
            "registers": [data["register"]] if data["register"] else None,
            "statuses": [data["status"]] if data["status"] else None,
        }
    entities = selectors.entity_list(**filters).order_by("name", "pk")
    page = Paginator(entities, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "register/entity_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@require_safe
def entity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entity = selectors.entity_public_get(pk)
    if entity is None:
        raise Http404
    officers = list(entity.officers.all())
    can_change = request.user.is_authenticated and request.user.has_perm(
        "register.change_registration", entity
    )
    address = (
        getattr(entity, "address", None)
        if entity.entity_type != EntityType.REGULATED_DONEE
        else None
    )
    # Higher areas' public sections (e.g. cases' published enforcement outcomes).
    sections = [
        s for s in ENTITY_PAGE_SECTIONS.collect(entity.pk) if isinstance(s, EntityPageSection)
    ]
    return render(
        request,
        "register/entity_detail.html",
        {
            "entity": entity,
            "address": address,
            "current_officers": [o for o in officers if o.ended_on is None],
            "past_officers": [o for o in officers if o.ended_on is not None],
            "units": list(entity.accounting_units.all()),
            "descriptions": [d for d in entity.descriptions.all() if d.ended_on is None],
            "emblems": [e for e in entity.emblems.all() if e.approved_on and not e.ended_on],
            "former_names": [n for n in entity.names.all() if n.valid_to is not None],
            "finance_url": reverse("disclosure:search") + f"?regulated_entity={entity.pk}",
            "can_change": can_change,
            "sections": sorted(sections, key=lambda section: section.order),
        },
    )


@require_safe
def emblem_image(request: HttpRequest, pk: int) -> FileResponse:
    emblem = selectors.emblem_public_get(pk)
    if emblem is None:
        raise Http404
    try:
        handle = emblem.image.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, content_type=emblem.content_type)
    response["Cache-Control"] = "public, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Applying ------------------------------------------------------------------------------


@sign_in_on_demand
@require_http_methods(["GET", "POST"])
def application_start(request: HttpRequest) -> HttpResponse:
    permission_check(request, "register.start_application")
    error = ""
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        if kind in NEW_ENTITY_KINDS:
            application = services.application_start(
                applicant=request.user, kind=kind, actor=request.user
            )
            first = steps.steps_for(application)[0]
            return redirect(
                "register:application_step", reference=application.reference, step=first.slug
            )
        error = _("Select what you want to do")
    return render(
        request,
        "register/application_start.html",
        {
            "error": error,
            "kinds": [
                (ApplicationKind.PARTY_REGISTRATION, ApplicationKind.PARTY_REGISTRATION.label),
                (
                    ApplicationKind.CAMPAIGNER_NOTIFICATION,
                    ApplicationKind.CAMPAIGNER_NOTIFICATION.label,
                ),
            ],
        },
        status=400 if error else 200,
    )


@sign_in_on_demand
@require_safe
def application_list(request: HttpRequest) -> HttpResponse:
    permission_check(request, "register.start_application")
    return render(
        request,
        "register/application_list.html",
        {"applications": selectors.applications_of(request.user)},
    )


@sign_in_on_demand
@require_http_methods(["GET", "POST"])
def change_start(request: HttpRequest, pk: int) -> HttpResponse:
    entity = RegulatedEntity.objects.filter(pk=pk).first()
    if not request.user.is_authenticated:
        raise SignInRequired
    if entity is None:
        raise Http404
    permission_check(request, "register.change_registration", entity, hide=True)
    kinds = [k for k in ApplicationKind if k not in NEW_ENTITY_KINDS]
    if entity.entity_type != EntityType.POLITICAL_PARTY:
        kinds = [k for k in kinds if k not in (ApplicationKind.NAME_CHANGE,)]
    error = ""
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        if kind in kinds:
            application = services.application_start(
                applicant=request.user, kind=kind, entity=entity, actor=request.user
            )
            first = steps.steps_for(application)[0]
            return redirect(
                "register:application_step", reference=application.reference, step=first.slug
            )
        error = _("Select the change you want to make")
    return render(
        request,
        "register/change_start.html",
        {"entity": entity, "kinds": [(k.value, k.label) for k in kinds], "error": error},
        status=400 if error else 200,
    )


def _initial(application: Application, step: steps.Step) -> dict[str, Any]:
    return {k: v for k, v in application.answers.items() if k in step.form_class.base_fields}


@sign_in_on_demand
@require_http_methods(["GET", "POST"])
def application_step(request: HttpRequest, reference: str, step: str) -> HttpResponse:
    application = _application(request, reference)
    current = steps.step_get(application, step)
    if current is None:
        raise Http404
    if not application.is_editable:
        return redirect("register:application_detail", reference=reference)
    kwargs: dict[str, Any] = {}
    if "entity_id" in current.form_class.__init__.__code__.co_varnames:
        kwargs["entity_id"] = application.entity_id
    if request.method == "POST":
        form = current.form_class(request.POST, request.FILES, **kwargs)
        if form.is_valid():
            answers = form.answers()
            upload = form.cleaned_data.get("emblem")
            answers.pop("emblem", None)
            try:
                if upload:
                    application = services.application_emblem_save(
                        application=application,
                        upload=upload,
                        description=answers.get("emblem_description", ""),
                        actor=request.user,
                    )
                services.application_answers_save(
                    application=application, step=current.slug, answers=answers, actor=request.user
                )
            except RegisterError as error:
                form.add_register_error(error)
            else:
                following = steps.step_after(application, current.slug)
                if following is None or request.GET.get("check"):
                    return redirect("register:application_check", reference=reference)
                return redirect(
                    "register:application_step", reference=reference, step=following.slug
                )
    else:
        form = current.form_class(initial=_initial(application, current), **kwargs)
    all_steps = steps.steps_for(application)
    index = [s.slug for s in all_steps].index(current.slug)
    back = (
        reverse(
            "register:application_step",
            kwargs={"reference": reference, "step": all_steps[index - 1].slug},
        )
        if index
        else reverse("register:application_list")
    )
    return render(
        request,
        "register/application_step.html",
        {
            "application": application,
            "step": current,
            "form": form,
            "back": back,
            "has_emblem": bool(application.emblem),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def _summary(application: Application) -> list[dict[str, Any]]:
    answers = application.answers
    rows = []
    for step in steps.steps_for(application):
        for key, label in step.summary:
            if key == "address":
                value = "\n".join(
                    str(answers.get(k, ""))
                    for k in ("address_line_1", "address_line_2", "town", "postcode")
                    if answers.get(k)
                )
            elif key == "register":
                value = {
                    "great-britain": _("Great Britain"),
                    "northern-ireland": _("Northern Ireland"),
                }.get(answers.get(key, ""), "")
            elif key == "emblem":
                value = (
                    answers.get("emblem_description", "") or _("Uploaded")
                    if application.emblem
                    else ""
                )
            else:
                value = str(answers.get(key, ""))
            rows.append(
                {
                    "label": label,
                    "value": value,
                    "change_url": reverse(
                        "register:application_step",
                        kwargs={"reference": application.reference, "step": step.slug},
                    )
                    + "?check=1",
                }
            )
    return rows


@sign_in_on_demand
@require_http_methods(["GET", "POST"])
def application_check(request: HttpRequest, reference: str) -> HttpResponse:
    application = _application(request, reference)
    if not application.is_editable:
        return redirect("register:application_detail", reference=reference)
    form = DeclarationForm(request.POST if request.method == "POST" else None)
    problems = services.application_problems(application)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_submit(
                application=application, declaration=True, actor=request.user
            )
        except RegisterError as error:
            problems = [error]
        else:
            return redirect("register:application_detail", reference=reference)
    problem_links = [
        {
            "message": p.message,
            "url": reverse(
                "register:application_step",
                kwargs={
                    "reference": reference,
                    "step": steps.step_for_field(application, p.field).slug,
                },
            )
            + "?check=1",
        }
        for p in problems
    ]
    return render(
        request,
        "register/application_check.html",
        {
            "application": application,
            "rows": _summary(application),
            "form": form,
            "problems": problem_links if request.method == "POST" else [],
            "incomplete": problem_links,
        },
        status=400 if request.method == "POST" else 200,
    )


@sign_in_on_demand
@require_safe
def application_detail(request: HttpRequest, reference: str) -> HttpResponse:
    application = _application(request, reference)
    if application.is_editable and application.status == ApplicationStatus.DRAFT:
        return redirect("register:application_check", reference=reference)
    return render(
        request,
        "register/application_detail.html",
        {"application": application, "rows": _summary(application)},
    )


# --- Registration officers ---------------------------------------------------------------


@sign_in_on_demand
@require_safe
def application_queue(request: HttpRequest) -> HttpResponse:
    permission_check(request, "register.view_application_queue")
    return render(
        request,
        "register/staff/queue.html",
        {
            "items": selectors.application_queue(),
            "target_days": getattr(settings, "REGISTER_APPLICATION_TARGET_DAYS", 30),
        },
    )


@sign_in_on_demand
@require_http_methods(["GET", "POST"])
def application_review(request: HttpRequest, reference: str) -> HttpResponse:
    permission_check(request, "register.review_application")
    application = (
        Application.objects.select_related("entity", "applicant")
        .filter(reference=reference)
        .first()
    )
    if application is None or application.status == ApplicationStatus.DRAFT:
        raise Http404
    approve_form = ApproveForm(prefix="approve")
    refuse_form = RefuseForm(prefix="refuse")
    changes_form = ChangesRequestForm(prefix="changes")
    error = ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "approve":
                approve_form = ApproveForm(request.POST, prefix="approve")
                if approve_form.is_valid():
                    services.application_approve(
                        application=application,
                        officer=request.user,
                        reason=approve_form.cleaned_data["reason"],
                    )
                    return redirect("register:application_review", reference=reference)
            elif action == "refuse":
                refuse_form = RefuseForm(request.POST, prefix="refuse")
                if refuse_form.is_valid():
                    services.application_refuse(
                        application=application,
                        officer=request.user,
                        reason=refuse_form.cleaned_data["reason"],
                    )
                    return redirect("register:application_review", reference=reference)
            elif action == "changes":
                changes_form = ChangesRequestForm(request.POST, prefix="changes")
                if changes_form.is_valid():
                    services.application_changes_request(
                        application=application,
                        officer=request.user,
                        note=changes_form.cleaned_data["note"],
                    )
                    return redirect("register:application_review", reference=reference)
            else:
                error = _("Choose whether to approve, refuse or ask for changes")
        except RegisterError as problem:
            error = problem.message
    name = application.answers.get("name", "")
    near_matches = (
        party_name_matches(name, exclude_entity_id=application.entity_id)
        if name
        and application.kind in (ApplicationKind.PARTY_REGISTRATION, ApplicationKind.NAME_CHANGE)
        else []
    )
    invalid = any(f.is_bound and f.errors for f in (approve_form, refuse_form, changes_form))
    return render(
        request,
        "register/staff/review.html",
        {
            "application": application,
            "rows": _summary(application),
            "near_matches": near_matches,
            "approve_form": approve_form,
            "refuse_form": refuse_form,
            "changes_form": changes_form,
            "decision_forms": [approve_form, changes_form, refuse_form],
            "error": error,
            "awaiting": application.status == ApplicationStatus.SUBMITTED,
        },
        status=400 if (error or invalid) else 200,
    )


@sign_in_on_demand
@require_safe
def entity_history(request: HttpRequest, pk: int) -> HttpResponse:
    permission_check(request, "register.view_entity_history")
    entity = RegulatedEntity.objects.filter(pk=pk).first()
    if entity is None:
        raise Http404
    return render(
        request,
        "register/staff/history.html",
        {
            "entity": entity,
            "events": selectors.entity_history(entity),
            "roles": dict(OfficerRole.choices),
        },
    )
