"""The ways in: the public allegation form (English and Welsh, no account, rate-limited)
and its acknowledgement (a signed-in officer reporting their own entity files a
self-report), and staff referrals."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from regulator.audit.types import Actor
from regulator.cases import selectors, services
from regulator.cases.forms import AllegationForm, ReferralForm
from regulator.cases.types import Source
from regulator.core import limits
from regulator.core.errors import InvalidValueError
from regulator.core.permissions import permission_required
from regulator.identity import selectors as identity_selectors
from regulator.register import selectors as register_selectors

SESSION_KEY = "cases:last_reference"


@require_http_methods(["GET", "POST"])
def allegation_form(request: HttpRequest) -> HttpResponse:
    language = "cy" if (get_language() or "").startswith("cy") else "en"
    offences = [(o.code, f"{o.description} ({o.provision})") for o in selectors.offences_in_force()]
    entities = (
        [(e.pk, e.name) for e in register_selectors.entities_for_member(user=request.user)]
        if identity_selectors.user_is_filer(user=request.user)
        else []
    )
    form = AllegationForm(
        request.POST or None,
        request.FILES or None,
        offences=offences,
        entities=entities,
        initial={"language": language, "email": getattr(request.user, "email", "")},
    )
    if request.method == "POST":
        rate = limits.rate_parse(str(getattr(settings, "CASES_ALLEGATION_RATE", "5/hour")))
        decision = limits.rate_hit("cases-allegation", limits.client_ident(request), rate)
        if not decision.allowed:
            return limits.too_many_requests(request, decision.retry_after)
        if form.is_valid():
            data = form.cleaned_data
            actor = (
                request.user
                if request.user.is_authenticated
                else Actor.anonymous("allegation form")
            )
            own = data.get("own_entity")
            upload = data.get("attachment")
            attachments = [(upload.name, upload.read())] if upload else []
            try:
                intake = services.case_open(
                    actor=actor,
                    source=Source.SELF_REPORT if own else Source.ALLEGATION,
                    subject_name=data["subject_name"],
                    entity_id=own,
                    matter=data["matter"],
                    details=data["details"],
                    offence_code=data.get("offence") or "",
                    offence_date=data.get("offence_date"),
                    name=data.get("name") or "",
                    email=data.get("email") or "",
                    language=data["language"],
                    attachments=attachments,
                )
            except InvalidValueError as exc:
                form.add_error(None, exc.message)
            else:
                request.session[SESSION_KEY] = intake.reference
                return redirect("cases:allegation_sent")
    return render(request, "cases/allegation_form.html", {"form": form})


def allegation_sent(request: HttpRequest) -> HttpResponse:
    reference = request.session.get(SESSION_KEY, "")
    if not reference:
        messages.info(request, _("Use the form to report a possible breach."))
        return redirect("cases:allegation_form")
    return render(request, "cases/allegation_sent.html", {"reference": reference})


@require_http_methods(["GET", "POST"])
@permission_required("cases.refer")
def referral(request: HttpRequest) -> HttpResponse:
    """Any member of staff refers a possible breach they found in their own work."""
    offences = [(o.code, f"{o.description} ({o.provision})") for o in selectors.offences_in_force()]
    form = ReferralForm(request.POST or None, offences=offences)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            intake = services.case_open(
                actor=request.user,
                source=Source.REFERRAL,
                subject_name=data["subject_name"],
                entity_id=data.get("entity"),
                matter=data["matter"],
                details=data["details"],
                offence_code=data.get("offence") or "",
                offence_date=data.get("offence_date"),
                name=request.user.get_username(),
            )
        except InvalidValueError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Referred as %(intake)s, case %(case)s.")
                % {"intake": intake.reference, "case": intake.case.reference},
            )
            return redirect("cases:refer")
    return render(request, "cases/referral.html", {"form": form})
