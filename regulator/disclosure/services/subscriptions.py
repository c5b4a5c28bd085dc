"""Subscriptions to published data, without an account: follow a regulated entity, a
donor, a saved search of the published data, or the guidance for an audience, by email.

Double opt-in (a confirmation link first), a daily or weekly digest in the subscriber's
language, one-click unsubscribe from every email. Publication announces its changes after
commit (``finance.types.PUBLISHED_CHANGED``, guidance's ``GUIDANCE_PUBLISHED``); each
becomes one ``PublicationEvent`` however many records it touched, and the digest job
(``disclosure_digests_send``) matches events to subscriptions and sends each address
one email, so a publication of ten thousand records is one line in one digest."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Callable
from typing import Any

from django.core import signing
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from regulator.audit.services import audit_record
from regulator.audit.types import Actor
from regulator.core import clock, notify
from regulator.core.errors import RegulatorError
from regulator.disclosure.models import PublicationEvent, Subscription
from regulator.disclosure.subscription_match import matches_for
from regulator.donors import selectors as donors_selectors

SITE_URL_SETTING = "DISCLOSURE_SITE_URL"


class SubscriptionError(RegulatorError):
    code = "subscription_invalid"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _absolute(path: str) -> str:
    from django.conf import settings

    return str(getattr(settings, SITE_URL_SETTING, "http://127.0.0.1:8000")).rstrip("/") + path


def _url(name: str, language: str, **kwargs: Any) -> str:
    with translation.override(language):
        return _absolute(reverse(name, kwargs=kwargs))


@transaction.atomic
def subscription_start(
    *,
    email: str,
    target: str,
    value: str,
    label: str,
    language: str,
    frequency: str,
    search_kind: str = "",
) -> tuple[Subscription, str]:
    """A pending subscription and its confirmation email (sent once this commits).
    Returns it with the token of its links (only the token's hash is stored)."""
    if target not in Subscription.Target.values or frequency not in Subscription.Frequency.values:
        raise SubscriptionError(_("Choose what to follow and how often."))
    if not email or "@" not in email:
        raise SubscriptionError(
            _("Enter an email address in the correct format, like name@example.com")
        )
    language = "cy" if language == "cy" else "en"
    token = secrets.token_urlsafe(24)
    subscription = Subscription.objects.create(
        email=email.strip(),
        language=language,
        frequency=frequency,
        target=target,
        value=value[:2000],
        search_kind=search_kind,
        label=label[:300],
        token_hash=token_hash(token),
        created_at=clock.now(),
    )
    audit_record(
        actor=Actor.anonymous("subscriber"),
        action="disclosure.subscription_started",
        subject=subscription,
        payload={"target": target, "value": value[:200], "frequency": frequency},
    )
    confirm = _url("disclosure:subscription_confirm", language, token=token)
    with translation.override(language):
        subject = _("Confirm that you want updates: %(label)s") % {"label": label}
        body = _(
            "Someone (we hope you) asked for a %(frequency)s email when something new is "
            "published about: %(label)s.\n\nConfirm here: %(url)s\n\nIf it was not you, "
            "ignore this email: nothing will be sent."
        ) % {"frequency": _frequency_label(frequency), "label": label, "url": confirm}
    address = subscription.email
    transaction.on_commit(
        lambda: notify.send_email(
            email_address=address,
            template_id=notify.generic_template_id(),
            personalisation={"subject": subject, "body": body},
            reference=f"subscription-confirm-{subscription.pk}",
        )
    )
    return subscription, token


def _frequency_label(frequency: str) -> str:
    return _("daily") if frequency == Subscription.Frequency.DAILY else _("weekly")


def _by_token(token: str) -> Subscription:
    subscription = (
        Subscription.objects.select_for_update().filter(token_hash=token_hash(token)).first()
    )
    if subscription is None:
        raise SubscriptionError(_("This link is not valid. It may have been mistyped."))
    return subscription


@transaction.atomic
def subscription_confirm(*, token: str, include_earlier: bool = False) -> Subscription:
    """Double opt-in: the subscription starts with what is published from now on (the
    demo's followers, ``include_earlier``, also get what the demo published before)."""
    subscription = _by_token(token)
    if subscription.confirmed_at is None:
        subscription.confirmed_at = clock.now()
        subscription.last_event_id = (
            0
            if include_earlier
            else PublicationEvent.objects.aggregate(last=Max("id"))["last"] or 0
        )
        subscription.save(update_fields=["confirmed_at", "last_event_id"])
        audit_record(
            actor=Actor.anonymous("subscriber"),
            action="disclosure.subscription_confirmed",
            subject=subscription,
            payload={},
        )
    return subscription


UNSUBSCRIBE_SALT = "disclosure.unsubscribe"


def unsubscribe_token(subscription: Subscription) -> str:
    """A signed token naming the subscription (the confirmation token itself is kept only
    as a hash, so every email's unsubscribe link carries this instead)."""
    return signing.dumps(subscription.pk, salt=UNSUBSCRIBE_SALT)


def subscription_for_unsubscribe(*, token: str) -> Subscription | None:
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return Subscription.objects.filter(pk=pk).first()


@transaction.atomic
def subscription_unsubscribe(*, token: str) -> Subscription:
    found = subscription_for_unsubscribe(token=token)
    if found is None:
        raise SubscriptionError(_("This link is not valid. It may have been mistyped."))
    subscription = Subscription.objects.select_for_update().get(pk=found.pk)
    if subscription.unsubscribed_at is None:
        subscription.unsubscribed_at = clock.now()
        subscription.save(update_fields=["unsubscribed_at"])
        audit_record(
            actor=Actor.anonymous("subscriber"),
            action="disclosure.subscription_ended",
            subject=subscription,
            payload={},
        )
    return subscription


def subscription_exists(*, email: str, target: str, value: str) -> bool:
    return Subscription.objects.filter(
        email__iexact=email, target=target, value=value, unsubscribed_at__isnull=True
    ).exists()


def subscription_by_token(*, token: str) -> Subscription | None:
    return Subscription.objects.filter(token_hash=token_hash(token)).first()


# --- Publication events (hook subscribers) -------------------------------------------------


@transaction.atomic
def publication_change_record(change: Any) -> list[PublicationEvent]:
    """Subscribed to ``finance.types.PUBLISHED_CHANGED`` (after commit): one event per
    kind and action, with every reference; webhooks are queued at once."""
    now = clock.now()
    events = []
    for action, by_kind in (
        ("published", change.published),
        ("corrected", change.corrected),
        ("withdrawn", change.withdrawn),
    ):
        for kind, refs in by_kind.items():
            if refs:
                events.append(
                    PublicationEvent.objects.create(
                        kind=kind,
                        action=action,
                        refs=list(refs),
                        reason=change.reason[:300],
                        created_at=now,
                    )
                )
    if events:
        from regulator.disclosure.services.webhooks import webhook_events_queue

        webhook_events_queue(events=events)
    return events


@transaction.atomic
def guidance_change_record(change: Any) -> PublicationEvent:
    """Subscribed to ``guidance.types.GUIDANCE_PUBLISHED``: the digest of guidance
    changes per audience."""
    return PublicationEvent.objects.create(
        kind="guidance",
        action="published",
        refs=[change.document],
        reason=change.change_note[:300],
        extra={
            "audiences": list(change.audiences),
            "title": change.title,
            "version": change.version,
        },
        created_at=clock.now(),
    )


# --- Digests ------------------------------------------------------------------------------


def _due(subscription: Subscription, now: dt.datetime) -> bool:
    if subscription.last_sent_at is None:
        return True
    days = 1 if subscription.frequency == Subscription.Frequency.DAILY else 7
    return now - subscription.last_sent_at >= dt.timedelta(days=days) - dt.timedelta(minutes=30)


@transaction.atomic
def digests_send(*, actor: Any, force: bool = False) -> int:
    """Send each address one digest of what matched its due subscriptions since the
    last one. Returns how many emails were sent."""
    now = clock.now()
    last_event = PublicationEvent.objects.aggregate(last=Max("id"))["last"] or 0
    active = Subscription.objects.select_for_update().filter(
        confirmed_at__isnull=False, unsubscribed_at__isnull=True, last_event_id__lt=last_event
    )
    grouped: dict[tuple[str, str], list[tuple[Subscription, list[Any]]]] = {}
    for subscription in active.order_by("email", "pk"):
        if not force and not _due(subscription, now):
            continue
        events = list(
            PublicationEvent.objects.filter(id__gt=subscription.last_event_id, id__lte=last_event)
        )
        found = matches_for(subscription, events)
        subscription.last_event_id = last_event
        if found:
            subscription.last_sent_at = now
            grouped.setdefault((subscription.email.lower(), subscription.language), []).append(
                (subscription, found)
            )
        subscription.save(update_fields=["last_event_id", "last_sent_at"])
    sent = 0
    for (address, language), items in grouped.items():
        subject, body = _digest_text(items, language)
        transaction.on_commit(_digest_sender(address, subject, body))
        sent += 1
    audit_record(
        actor=actor,
        action="disclosure.digests_sent",
        subject=None,
        payload={"emails": sent, "up_to_event": last_event},
    )
    return sent


def _digest_sender(address: str, subject: str, body: str) -> Callable[[], object]:
    return lambda: notify.send_email(
        email_address=address,
        template_id=notify.generic_template_id(),
        personalisation={"subject": subject, "body": body},
        reference="subscription-digest",
    )


def _digest_text(items: list[tuple[Subscription, list[Any]]], language: str) -> tuple[str, str]:
    with translation.override(language):
        subject = _("New on the political finance register")
        parts = []
        for subscription, found in items:
            lines = [f"## {subscription.label}"]
            for match in found:
                lines.append(f"- {match.summary()}")
                lines.extend(f"  {ref}" for ref in match.refs[:10])
                if len(match.refs) > 10:
                    lines.append("  " + _("and %(count)s more") % {"count": len(match.refs) - 10})
            lines.append(
                _("See it: %(url)s") % {"url": _absolute(subscription_link(subscription, language))}
            )
            unsubscribe = _url(
                "disclosure:subscription_unsubscribe",
                language,
                token=unsubscribe_token(subscription),
            )
            lines.append(_("Stop these emails with one click: %(url)s") % {"url": unsubscribe})
            parts.append("\n".join(lines))
        return subject, "\n\n".join(parts)


def subscription_link(subscription: Subscription, language: str) -> str:
    with translation.override(language):
        if subscription.target == Subscription.Target.ENTITY:
            return reverse("disclosure:entity", kwargs={"pk": int(subscription.value)})
        if subscription.target == Subscription.Target.DONOR:
            donor_id = donors_selectors.donor_id_format(int(subscription.value))
            return reverse("donors:donor_detail", kwargs={"donor_id": donor_id})
        if subscription.target == Subscription.Target.GUIDANCE:
            return reverse("guidance:index") + f"?audience={subscription.value}"
        kind_url = {
            "donations": "disclosure:search",
            "loans": "disclosure:search_loans",
            "spending": "disclosure:search_spending",
        }[subscription.search_kind or "donations"]
        return reverse(kind_url) + (f"?{subscription.value}" if subscription.value else "")
