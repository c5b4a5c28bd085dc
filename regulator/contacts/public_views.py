"""The public contact form (English and Welsh, no account) and its acknowledgement. A
signed-in filer may say which of their organisations the enquiry is about."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from regulator.audit.types import Actor
from regulator.contacts import selectors, services
from regulator.contacts.forms import PublicContactForm
from regulator.contacts.types import Channel, ContactKind, LanguageSource
from regulator.core import limits
from regulator.core.errors import InvalidValueError
from regulator.identity import selectors as identity_selectors
from regulator.register import selectors as register_selectors

SESSION_KEY = "contacts:last_reference"


def _filer_entities(request: HttpRequest) -> list[tuple[int, str]]:
    if not identity_selectors.user_is_filer(user=request.user):
        return []
    return [(e.pk, e.name) for e in register_selectors.entities_for_member(user=request.user)]


@require_http_methods(["GET", "POST"])
def contact_form(request: HttpRequest) -> HttpResponse:
    entities = _filer_entities(request)
    language = "cy" if (get_language() or "").startswith("cy") else "en"
    form = PublicContactForm(
        request.POST or None,
        request.FILES or None,
        entities=entities,
        initial={"language": language, "email": getattr(request.user, "email", "")},
    )
    if request.method == "POST":
        rate = limits.rate_parse(str(getattr(settings, "CONTACTS_FORM_RATE", "5/hour")))
        decision = limits.rate_hit("contacts-form", limits.client_ident(request), rate)
        if not decision.allowed:
            return limits.too_many_requests(request, decision.retry_after)
        if form.is_valid():
            data = form.cleaned_data
            actor = (
                request.user if request.user.is_authenticated else Actor.anonymous("contact form")
            )
            try:
                contact = selectors.contact_by_email(
                    email=data["email"]
                ) or services.contact_create(
                    actor=actor,
                    kind=ContactKind.PERSON,
                    name=data["name"],
                    email=data["email"],
                    language=data["language"],
                    language_source=LanguageSource.FORM,
                )
                if contact.language != data["language"]:
                    services.contact_language_record(
                        actor=actor,
                        contact=contact,
                        language=data["language"],
                        source=LanguageSource.FORM,
                    )
                enquiry = services.enquiry_open(
                    actor=actor,
                    kind=data["kind"],
                    subject=data["subject"],
                    body=data["message"],
                    contact=contact,
                    channel=Channel.FILER if entities else Channel.FORM,
                    language=data["language"],
                    entity_id=data.get("entity"),
                    attachments=[(upload.name, upload.read())]
                    if (upload := data.get("attachment"))
                    else [],
                )
            except InvalidValueError as exc:
                form.add_error(None, exc.message)
            else:
                request.session[SESSION_KEY] = enquiry.reference
                return redirect("contacts:contact_sent")
    return render(request, "contacts/public_form.html", {"form": form})


def contact_sent(request: HttpRequest) -> HttpResponse:
    reference = request.session.get(SESSION_KEY, "")
    if not reference:
        messages.info(request, _("Use the form to contact us."))
        return redirect("contacts:contact_form")
    return render(request, "contacts/public_sent.html", {"reference": reference})
