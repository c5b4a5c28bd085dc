"""Staff pages of enquiries: the team queues, entering an enquiry, an enquiry's page
with its clock, assigning, pausing, resuming, extending and closing it, replying in the
required language, the mailbox's "needs a person" queue and bulk messages."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from regulator.contacts import selectors, services
from regulator.contacts.forms import (
    AssignForm,
    BulkForm,
    EnquiryForm,
    EscalateForm,
    ExtendForm,
    PauseForm,
    ReplyForm,
)
from regulator.contacts.models import Enquiry
from regulator.contacts.types import Channel, EnquiryKind, EnquiryState
from regulator.contacts.views import team_choices
from regulator.core.errors import InvalidValueError
from regulator.core.permissions import permission_check, permission_required


def _enquiry(request: HttpRequest, reference: str) -> Enquiry:
    enquiry = selectors.enquiry_get(reference=reference)
    if enquiry is None:
        raise Http404
    permission_check(request, "contacts.handle_enquiry", enquiry, hide=True)
    return enquiry


@require_safe
@permission_required("contacts.view_queue")
def queue(request: HttpRequest) -> HttpResponse:
    manager = request.user.has_perm("contacts.manage_contacts")
    mine = selectors.team_ids_of(request.user)
    teams = [t for t in selectors.teams_all() if manager or t.pk in mine]
    team = next((t for t in teams if t.slug == request.GET.get("team")), None)
    kind = request.GET.get("kind", "")
    kind = kind if kind in EnquiryKind.values else ""
    rows = []
    if team is not None or manager:
        rows = selectors.enquiry_queue(team=team, kind=kind)
    elif teams:
        rows = [r for t in teams for r in selectors.enquiry_queue(team=t, kind=kind)]
    return render(
        request,
        "contacts/queue.html",
        {
            "rows": rows,
            "teams": teams,
            "team": team,
            "kind": kind,
            "kinds": EnquiryKind.choices,
            "my_team_ids": mine,
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required("contacts.manage_contacts")
def enquiry_new(request: HttpRequest) -> HttpResponse:
    form = EnquiryForm(request.POST or None, initial={"contact": request.GET.get("contact", "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        contact = selectors.contact_get(pk=data["contact"])
        if contact is None:
            form.add_error("contact", _("There is no contact with that number."))
        else:
            try:
                enquiry = services.enquiry_open(
                    actor=request.user,
                    kind=data["kind"],
                    subject=data["subject"],
                    body=data["body"],
                    contact=selectors.contact_survivor(contact),
                    channel=Channel.STAFF,
                    language=data["language"],
                    entity_id=data["entity_id"],
                    holds=[line.strip() for line in data["holds"].splitlines() if line.strip()],
                )
            except InvalidValueError as exc:
                form.add_error(None, exc.message)
            else:
                return redirect("contacts:enquiry_detail", reference=enquiry.reference)
    return render(request, "contacts/enquiry_new.html", {"form": form})


@require_safe
@permission_required()
def enquiry_detail(request: HttpRequest, reference: str) -> HttpResponse:
    enquiry = _enquiry(request, reference)
    people = [(str(u.pk), u.get_username()) for u in enquiry.team.members.all()]
    return render(
        request,
        "contacts/enquiry_detail.html",
        {
            "enquiry": enquiry,
            "row": selectors.enquiry_row(enquiry),
            "timeline": selectors.enquiry_timeline(enquiry=enquiry, user=request.user),
            "clock_events": enquiry.clock_events.all(),
            "records_holds": selectors.enquiry_records_holds(enquiry=enquiry),
            "rule": services.reply_language(enquiry),
            "assign_form": AssignForm(people=people),
            "pause_form": PauseForm(),
            "extend_form": ExtendForm(),
            "escalate_form": EscalateForm(),
            "can_escalate": enquiry.kind in services.ESCALATES_TO
            and not enquiry.follow_ons.exists(),
            "open": enquiry.state
            in (EnquiryState.NEW, EnquiryState.IN_PROGRESS, EnquiryState.PAUSED),
        },
    )


@require_POST
@permission_required()
def enquiry_action(request: HttpRequest, reference: str, action: str) -> HttpResponse:
    enquiry = _enquiry(request, reference)
    try:
        if action == "assign":
            form = AssignForm(
                request.POST,
                people=[(str(u.pk), u.get_username()) for u in enquiry.team.members.all()],
            )
            if not form.is_valid():
                raise InvalidValueError(_("Choose a member of the team."))
            assignee = enquiry.team.members.get(pk=int(form.cleaned_data["assignee"]))
            services.enquiry_assign(actor=request.user, enquiry=enquiry, assignee=assignee)
            messages.success(request, _("Assigned."))
        elif action == "pause":
            pause = PauseForm(request.POST)
            if not pause.is_valid():
                raise InvalidValueError(_("Choose why the clock stops."))
            services.enquiry_pause(
                actor=request.user, enquiry=enquiry, reason=pause.cleaned_data["reason"]
            )
            messages.success(request, _("The clock is paused."))
        elif action == "resume":
            services.enquiry_resume(actor=request.user, enquiry=enquiry)
            messages.success(request, _("The clock runs again."))
        elif action == "extend":
            extend = ExtendForm(request.POST)
            if not extend.is_valid():
                raise InvalidValueError(_("Enter how long the extension is and why."))
            services.enquiry_extend(
                actor=request.user,
                enquiry=enquiry,
                by=extend.cleaned_data["by"],
                reason=extend.cleaned_data["reason"],
            )
            messages.success(request, _("The deadline is extended."))
        elif action == "escalate":
            escalate = EscalateForm(request.POST)
            if not escalate.is_valid():
                raise InvalidValueError(_("Say what the requester asked for."))
            follow_on = services.enquiry_escalate(
                actor=request.user, enquiry=enquiry, reason=escalate.cleaned_data["reason"]
            )
            messages.success(
                request, _("Opened %(reference)s.") % {"reference": follow_on.reference}
            )
            return redirect("contacts:enquiry_detail", reference=follow_on.reference)
        elif action == "close":
            services.enquiry_close(actor=request.user, enquiry=enquiry)
            messages.success(request, _("Closed."))
        else:
            raise Http404
    except InvalidValueError as exc:
        messages.error(request, exc.message)
    return redirect("contacts:enquiry_detail", reference=enquiry.reference)


@require_http_methods(["GET", "POST"])
@permission_required()
def enquiry_reply(request: HttpRequest, reference: str) -> HttpResponse:
    enquiry = _enquiry(request, reference)
    rule = services.reply_language(enquiry)
    initial: dict[str, str] = {"language": rule.language}
    template = selectors.template_get(slug=request.GET.get("template", ""))
    if template is not None:
        initial["subject"], initial["body"] = services.template_render(
            template, enquiry, rule.language
        )
    form = ReplyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.reply_send(
                actor=request.user,
                enquiry=enquiry,
                language=data["language"],
                subject=data["subject"],
                body=data["body"],
                guidance_slug=data["guidance_slug"],
            )
        except InvalidValueError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Reply sent."))
            return redirect("contacts:enquiry_detail", reference=enquiry.reference)
    return render(
        request,
        "contacts/enquiry_reply.html",
        {"enquiry": enquiry, "form": form, "rule": rule, "templates": selectors.templates_all()},
    )


@require_safe
@permission_required("contacts.manage_contacts")
def mailbox(request: HttpRequest) -> HttpResponse:
    return render(request, "contacts/mailbox.html", {"mail": selectors.mail_needing_person()})


@require_http_methods(["GET", "POST"])
@permission_required("contacts.manage_contacts")
def bulk(request: HttpRequest) -> HttpResponse:
    form = BulkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        recipients = selectors.bulk_recipients(role=data["role"], register=data["register"])
        try:
            result = services.bulk_send(
                actor=request.user,
                contacts=recipients,
                subject_en=data["subject_en"],
                body_en=data["body_en"],
                subject_cy=data["subject_cy"],
                body_cy=data["body_cy"],
            )
        except InvalidValueError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Sent to %(sent)s; %(opted_out)s opted out; %(no_email)s had no email address.")
                % {"sent": result.sent, "opted_out": result.opted_out, "no_email": result.no_email},
            )
            return redirect("contacts:bulk")
    return render(request, "contacts/bulk.html", {"form": form, "teams": team_choices()})
