"""Staff pages of contacts: the list and search, a contact's page (details, language,
roles at entities, relations, timeline, possible duplicates, merges), merging, logging an
interaction, and the joined-up view of a regulated entity. Thin: services write,
selectors read."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from regulator.contacts import selectors, services
from regulator.contacts.forms import ContactForm, InteractionForm, LanguageForm, LinkForm, MergeForm
from regulator.contacts.models import Contact
from regulator.contacts.types import ContactKind
from regulator.core.errors import InvalidValueError
from regulator.core.permissions import permission_check, permission_required


def _contact_or_404(pk: int) -> Contact:
    contact = selectors.contact_get(pk=pk)
    if contact is None:
        raise Http404
    return contact


def team_choices() -> list[tuple[str, str]]:
    welsh = (get_language() or "").startswith("cy")
    return [(t.slug, t.name_cy if welsh else t.name_en) for t in selectors.teams_all()]


@require_safe
@permission_required("contacts.view_contacts")
def contact_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")[:200]
    kind = request.GET.get("kind", "")
    if kind not in ContactKind.values:
        kind = ""
    contacts = list(selectors.contacts_search(q=q, kind=kind)[:100])
    return render(
        request,
        "contacts/contact_list.html",
        {"contacts": contacts, "q": q, "kind": kind, "kinds": ContactKind.choices},
    )


@require_http_methods(["GET", "POST"])
@permission_required("contacts.manage_contacts")
def contact_new(request: HttpRequest) -> HttpResponse:
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            contact = services.contact_create(actor=request.user, **data)
        except InvalidValueError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("contacts:contact_detail", pk=contact.pk)
    return render(request, "contacts/contact_new.html", {"form": form})


@require_safe
@permission_required("contacts.view_contacts")
def contact_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _contact_or_404(pk)
    if contact.merged_into_id:
        survivor = selectors.contact_survivor(contact)
        messages.info(request, _("That contact was merged into this one."))
        return redirect("contacts:contact_detail", pk=survivor.pk)
    manager = request.user.has_perm("contacts.manage_contacts")
    return render(
        request,
        "contacts/contact_detail.html",
        {
            "contact": contact,
            "links": selectors.entity_links_of(contact),
            "relations": selectors.relations_of(contact),
            "timeline": selectors.timeline(user=request.user, contact=contact),
            "hidden": selectors.interaction_restricted_hidden(user=request.user, contact=contact),
            "enquiries": selectors.enquiries_of_contact(contact),
            "duplicates": selectors.duplicates_of(contact) if manager else [],
            "merges": selectors.merges_of(contact),
            "manager": manager,
            "language_form": LanguageForm(initial={"language": contact.language or "en"}),
            "link_form": LinkForm(),
        },
    )


@require_POST
@permission_required("contacts.manage_contacts")
def contact_language(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _contact_or_404(pk)
    form = LanguageForm(request.POST)
    if form.is_valid():
        try:
            services.contact_language_record(
                actor=request.user,
                contact=contact,
                language=form.cleaned_data["language"],
                source=form.cleaned_data["source"],
            )
        except InvalidValueError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Preferred language recorded."))
    else:
        messages.error(request, _("Choose a language and how it was recorded."))
    return redirect("contacts:contact_detail", pk=contact.pk)


@require_POST
@permission_required("contacts.manage_contacts")
def contact_link(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _contact_or_404(pk)
    form = LinkForm(request.POST)
    if form.is_valid():
        try:
            services.contact_entity_link(
                actor=request.user,
                contact=contact,
                entity_id=form.cleaned_data["entity_id"],
                role=form.cleaned_data["role"],
            )
        except InvalidValueError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Role added."))
    else:
        messages.error(request, _("Enter the entity's number and choose a role."))
    return redirect("contacts:contact_detail", pk=contact.pk)


@require_http_methods(["GET", "POST"])
@permission_required("contacts.manage_contacts")
def contact_merge(request: HttpRequest, pk: int) -> HttpResponse:
    survivor = _contact_or_404(pk)
    form = MergeForm(request.POST or None, initial={"duplicate": request.GET.get("duplicate", "")})
    duplicate = None
    if request.method == "POST" and form.is_valid():
        duplicate = selectors.contact_get(pk=form.cleaned_data["duplicate"])
        if duplicate is None:
            form.add_error("duplicate", _("There is no contact with that number."))
        else:
            try:
                services.contact_merge(
                    actor=request.user,
                    survivor=survivor,
                    duplicate=duplicate,
                    reason=form.cleaned_data["reason"],
                )
            except InvalidValueError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request, _("Merged. The duplicate's history is kept with this contact.")
                )
                return redirect("contacts:contact_detail", pk=survivor.pk)
    return render(
        request,
        "contacts/contact_merge.html",
        {"contact": survivor, "form": form, "duplicates": selectors.duplicates_of(survivor)},
    )


@require_safe
@permission_required("contacts.manage_contacts")
def duplicates(request: HttpRequest) -> HttpResponse:
    return render(request, "contacts/duplicates.html", {"pairs": selectors.duplicate_pairs()})


@require_http_methods(["GET", "POST"])
@permission_required("contacts.log_interaction")
def interaction_new(request: HttpRequest) -> HttpResponse:
    contact = None
    entity_id = None
    source = request.POST if request.method == "POST" else request.GET
    if source.get("contact", "").isdigit():
        contact = selectors.contact_get(pk=int(source["contact"]))
    if source.get("entity", "").isdigit() and len(source["entity"]) < 15:
        entity_id = int(source["entity"])
    if contact is None and entity_id is None:
        raise Http404
    form = InteractionForm(request.POST or None, request.FILES or None, teams=team_choices())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        team = selectors.team_get(slug=data["restricted"]) if data["restricted"] else None
        if team is not None and team.pk not in selectors.team_ids_of(request.user):
            form.add_error("restricted", _("Restrict it only to a team you are in."))
        else:
            try:
                services.interaction_log(
                    actor=request.user,
                    kind=data["kind"],
                    summary=data["summary"],
                    body=data["body"],
                    contact=contact,
                    entity_id=entity_id,
                    restricted_to=team,
                    guidance_slug=data["guidance_slug"],
                    attachments=[(upload.name, upload.read())]
                    if (upload := data.get("attachment"))
                    else [],
                )
            except InvalidValueError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Interaction recorded."))
                if contact is not None:
                    return redirect("contacts:contact_detail", pk=contact.pk)
                return redirect("contacts:entity_view", entity_id=entity_id)
    return render(
        request,
        "contacts/interaction_new.html",
        {"form": form, "contact": contact, "entity_id": entity_id},
    )


@require_safe
@permission_required("contacts.view_entity")
def entity_view(request: HttpRequest, entity_id: int) -> HttpResponse:
    if entity_id > 10**15:
        raise Http404
    view = selectors.entity_view(entity_id=entity_id, user=request.user)
    if view is None:
        raise Http404
    permission_check(request, "contacts.view_entity", view.entity)
    return render(
        request,
        "contacts/entity_view.html",
        {"view": view, "my_team_ids": selectors.team_ids_of(request.user)},
    )
