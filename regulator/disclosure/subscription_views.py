"""Follow published data by email (no account), confirm, unsubscribe in one click; and the
webhook pages of API-key holders (identified by their key, kept in the session)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from regulator.core.forms import GovukForm
from regulator.disclosure.models import Webhook
from regulator.disclosure.services import subscriptions as subscription_services
from regulator.disclosure.services import webhooks as webhook_services
from regulator.donors import selectors as donors_selectors
from regulator.guidance.types import Audience
from regulator.identity import selectors as identity_selectors
from regulator.register import selectors as register_selectors

SESSION_KEY = "disclosure_webhook_key"


class FollowForm(GovukForm):
    email = forms.EmailField(
        label=gettext_lazy("Email address"),
        error_messages={
            "required": gettext_lazy("Enter your email address"),
            "invalid": gettext_lazy(
                "Enter an email address in the correct format, like name@example.com"
            ),
        },
    )
    frequency = forms.ChoiceField(
        label=gettext_lazy("How often"),
        choices=[("daily", gettext_lazy("Once a day")), ("weekly", gettext_lazy("Once a week"))],
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose how often")},
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language of the emails"),
        choices=[("en", "English"), ("cy", "Cymraeg")],
        widget=forms.RadioSelect,
    )


def _target(request: HttpRequest) -> tuple[str, str, str, str]:
    """(target, value, search kind, label) from the query, or 404."""
    target = request.GET.get("target", "")
    value = request.GET.get("value", "")
    if target == "entity" and value.isdigit():
        entity = register_selectors.entity_public_get(int(value))
        if entity is not None:
            return target, value, "", entity.name
    if target == "donor":
        donor = donors_selectors.donor_get(value)
        number = donors_selectors.donor_number_parse(value)
        if donor is not None and number is not None:
            return target, str(number), "", donor.display_name
    if target == "search":
        kind = request.GET.get("kind", "donations")
        if kind in {"donations", "loans", "spending"}:
            return (
                target,
                value,
                kind,
                _("Search of %(kind)s: %(query)s")
                % {"kind": kind, "query": value or _("everything")},
            )
    if target == "guidance" and value in Audience.values:
        return (
            target,
            value,
            "",
            _("Guidance for %(audience)s") % {"audience": Audience(value).label},
        )
    raise Http404


def follow(request: HttpRequest) -> HttpResponse:
    target, value, kind, label = _target(request)
    current = "cy" if translation.get_language() == "cy" else "en"
    form = FollowForm(request.POST or None, initial={"language": current, "frequency": "daily"})
    if request.method == "POST" and form.is_valid():
        subscription_services.subscription_start(
            email=form.cleaned_data["email"],
            target=target,
            value=value,
            label=label,
            language=form.cleaned_data["language"],
            frequency=form.cleaned_data["frequency"],
            search_kind=kind,
        )
        return render(request, "disclosure/subscriptions/check_email.html", {"label": label})
    return render(
        request,
        "disclosure/subscriptions/follow.html",
        {"form": form, "label": label},
        status=400 if form.errors else 200,
    )


def subscription_confirm(request: HttpRequest, token: str) -> HttpResponse:
    subscription = subscription_services.subscription_by_token(token=token)
    if subscription is None:
        raise Http404
    if request.method == "POST":
        subscription_services.subscription_confirm(token=token)
        return render(
            request, "disclosure/subscriptions/confirmed.html", {"subscription": subscription}
        )
    return render(request, "disclosure/subscriptions/confirm.html", {"subscription": subscription})


def subscription_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    subscription = subscription_services.subscription_for_unsubscribe(token=token)
    if subscription is None:
        raise Http404
    if request.method == "POST":
        subscription_services.subscription_unsubscribe(token=token)
        return render(
            request, "disclosure/subscriptions/unsubscribed.html", {"subscription": subscription}
        )
    return render(
        request, "disclosure/subscriptions/unsubscribe.html", {"subscription": subscription}
    )


# --- Webhooks ---------------------------------------------------------------------------------


class KeyForm(GovukForm):
    key = forms.CharField(
        label=gettext_lazy("Your API key"),
        max_length=200,
        error_messages={"required": gettext_lazy("Enter your API key")},
    )


class WebhookForm(GovukForm):
    url = forms.CharField(
        label=gettext_lazy("Address of your endpoint"),
        max_length=500,
        error_messages={"required": gettext_lazy("Enter the address of your endpoint")},
    )
    entity = forms.IntegerField(
        label=gettext_lazy("Only for the regulated entity with this id (optional)"),
        required=False,
        min_value=1,
    )


def _key(request: HttpRequest) -> Any:
    pk = request.session.get(SESSION_KEY)
    return identity_selectors.api_key_get(pk=pk) if isinstance(pk, int) else None


def webhooks(request: HttpRequest) -> HttpResponse:
    api_key = _key(request)
    if api_key is None:
        form = KeyForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            found = identity_selectors.api_key_active_get(key=form.cleaned_data["key"])
            if found is not None:
                request.session.cycle_key()
                request.session[SESSION_KEY] = found.pk
                return redirect("disclosure:webhooks")
            form.add_error("key", _("This API key is not valid or has been revoked."))
        return render(
            request,
            "disclosure/webhooks/key.html",
            {"form": form},
            status=400 if form.errors else 200,
        )
    webhook_form = WebhookForm(request.POST or None)
    secret = ""
    if request.method == "POST" and webhook_form.is_valid():
        try:
            webhook = webhook_services.webhook_register(
                api_key=api_key,
                url=webhook_form.cleaned_data["url"],
                entity_id=webhook_form.cleaned_data["entity"],
            )
        except webhook_services.WebhookError as exc:
            webhook_form.add_error("url", exc.message)
        else:
            secret = webhook.secret
            webhook_form = WebhookForm()
    hooks = Webhook.objects.filter(api_key=api_key, removed_at__isnull=True).order_by("pk")
    response = render(
        request,
        "disclosure/webhooks/list.html",
        {"form": webhook_form, "webhooks": hooks, "secret": secret, "api_key": api_key},
        status=400 if webhook_form.errors else 200,
    )
    response["Cache-Control"] = "no-store"
    return response


def _webhook(request: HttpRequest, pk: int) -> Webhook:
    api_key = _key(request)
    webhook = Webhook.objects.filter(pk=pk, removed_at__isnull=True).first()
    if api_key is None or webhook is None or webhook.api_key_id != api_key.pk:
        raise Http404
    return webhook


def webhook_deliveries(request: HttpRequest, pk: int) -> HttpResponse:
    webhook = _webhook(request, pk)
    return render(
        request,
        "disclosure/webhooks/deliveries.html",
        {"webhook": webhook, "deliveries": webhook.deliveries.order_by("-pk")[:100]},
    )


@require_POST
def webhook_test(request: HttpRequest, pk: int) -> HttpResponse:
    webhook = _webhook(request, pk)
    webhook_services.webhook_test_send(webhook=webhook)
    messages.success(request, _("A test delivery is on its way. It appears in the log below."))
    return redirect("disclosure:webhook_deliveries", pk=webhook.pk)


@require_POST
def webhook_remove(request: HttpRequest, pk: int) -> HttpResponse:
    webhook_services.webhook_remove(webhook=_webhook(request, pk))
    return redirect("disclosure:webhooks")
