"""Models of the disclosure area: what was published when (publication events), and who
follows it (email subscriptions without an account, webhooks of API-key holders, and
the log of every webhook delivery)."""

from __future__ import annotations

from django.db import models


class PublicationEvent(models.Model):
    """One change to the published data (or to guidance), as announced after commit:
    a kind, what happened, and every reference it touched (a large publication is one
    event, not one per record)."""

    kind = models.CharField(max_length=20)  # donations | loans | spending | guidance
    action = models.CharField(max_length=20)  # published | corrected | withdrawn
    refs = models.JSONField(default=list)
    reason = models.CharField(max_length=300, blank=True, default="")
    extra = models.JSONField(default=dict)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.kind}.{self.action} ({len(self.refs)})"


class Subscription(models.Model):
    class Target(models.TextChoices):
        ENTITY = "entity"
        DONOR = "donor"
        SEARCH = "search"
        GUIDANCE = "guidance"

    class Frequency(models.TextChoices):
        DAILY = "daily"
        WEEKLY = "weekly"

    email = models.EmailField()
    language = models.CharField(max_length=2, default="en")
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    target = models.CharField(max_length=10, choices=Target.choices)
    # The entity's id, the donor's number, the search's query string, or the audience.
    value = models.CharField(max_length=2000)
    search_kind = models.CharField(max_length=20, blank=True, default="")
    label = models.CharField(max_length=300)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    # Events up to this id have been considered for a digest.
    last_event_id = models.BigIntegerField(default=0)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["confirmed_at", "unsubscribed_at"], name="disc_sub_active")]

    def __str__(self) -> str:
        return f"{self.target}:{self.value[:40]}"

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class Webhook(models.Model):
    api_key = models.ForeignKey("identity.ApiKey", on_delete=models.CASCADE, related_name="+")
    url = models.URLField(max_length=500)
    # The shared secret of the HMAC-SHA256 signature (shown to the key holder once).
    secret = models.CharField(max_length=100)
    entity_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField()
    removed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.url


class WebhookDelivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending"
        DELIVERED = "delivered"
        FAILED = "failed"

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey(PublicationEvent, null=True, blank=True, on_delete=models.SET_NULL)
    event_type = models.CharField(max_length=40)
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.IntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True, default="")
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.event_type} #{self.pk}"
