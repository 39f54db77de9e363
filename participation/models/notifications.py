"""Follows, notification preferences, email-only subscriptions and the mail outbox."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Event(models.TextChoices):
    """Everything that can cause a mail. Apps name their events here; participation sends."""

    REPLY = "reply", _("Someone replied to my comment")
    RESPONSE = "response", _("The city answered my comment (Rückmeldung)")
    MODERATION = "moderation", _("A moderation decision on my comment")
    PERIOD = "period", _("A comment period opens or closes on a document I follow")
    PROJECT_CHANGED = "project_changed", _("A Vorhaben I follow changes, or a new one matches")
    REQUEST = "request", _("An Anregung reaches its quorum or is decided")
    MEETING = "meeting", _("A board meeting is scheduled or cancelled")
    MINUTES = "minutes", _("Minutes of the board are published")
    DIGEST = "digest", _("Digest")
    ACCOUNT = "account", _("Account and security (always sent)")
    CONFIRM_SUBSCRIPTION = "confirm_subscription", _("Confirmation of an email subscription")


class Frequency(models.TextChoices):
    OFF = "off", _("No email")
    INSTANT = "instant", _("Instantly")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")


# What a person gets before they change anything: answers to their own words at once,
# everything they merely follow once a day.
DEFAULT_FREQUENCY = {
    Event.REPLY: Frequency.INSTANT,
    Event.RESPONSE: Frequency.INSTANT,
    Event.MODERATION: Frequency.INSTANT,
    Event.PERIOD: Frequency.DAILY,
    Event.PROJECT_CHANGED: Frequency.DAILY,
    Event.REQUEST: Frequency.DAILY,
    Event.MEETING: Frequency.DAILY,
    Event.MINUTES: Frequency.DAILY,
}
PREFERENCE_EVENTS = list(DEFAULT_FREQUENCY)


class Follow(models.Model):
    """A person follows a document, a Vorhaben, a district or topic, or the board."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content_type", "object_id"], name="one_follow_per_target"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.user} → {self.content_type.model} {self.object_id}"


class NotificationPreference(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    event = models.CharField(_("event"), max_length=30, choices=Event.choices)
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "event"], name="one_preference_per_event")
        ]

    def __str__(self) -> str:
        return f"{self.event}: {self.frequency}"


def new_token() -> str:
    return secrets.token_urlsafe(24)


class EmailSubscription(models.Model):
    """A mail subscription without an account (double opt-in), e.g. to the board's minutes."""

    class Topic(models.TextChoices):
        PROJECTS = "projects", _("New and changed entries of the Vorhabenliste")
        MINUTES = "minutes", _("Minutes of the advisory board")

    email = models.EmailField(_("email address"))
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    language = models.CharField(_("language"), max_length=8, default="de")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed (consent given)"), null=True, blank=True)

    class Meta:
        verbose_name = _("email subscription")
        verbose_name_plural = _("email subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["email", "topic"], name="one_subscription_per_topic")
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.get_topic_display()})"


class OutboxQuerySet(models.QuerySet["OutboxMessage"]):
    def due(self) -> OutboxQuerySet:
        return self.filter(state=OutboxMessage.State.PENDING, send_after__lte=timezone.now())


class OutboxMessage(models.Model):
    """One mail to one recipient, written in the transaction of the event that causes it.

    The worker renders and sends it; ``dedupe_key`` makes the same event produce at most
    one row per recipient, and the Message-ID is derived from the row so that a resend
    after a crash is recognisable as the same message.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("pending")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        DIGESTED = "digested", _("sent in a digest")
        CANCELLED = "cancelled", _("cancelled")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="outbox_messages",
        verbose_name=_("recipient"),
    )
    subscription = models.ForeignKey(
        EmailSubscription,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("email subscription"),
    )
    email = models.EmailField(_("to"))
    language = models.CharField(_("language"), max_length=8, default="de")
    event = models.CharField(_("event"), max_length=30, choices=Event.choices, db_index=True)
    template = models.CharField(_("template"), max_length=100)
    context = models.JSONField(_("context"), default=dict)
    dedupe_key = models.CharField(_("deduplication key"), max_length=200, unique=True)
    frequency = models.CharField(
        _("delivery"), max_length=10, choices=Frequency.choices, default=Frequency.INSTANT
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    send_after = models.DateTimeField(_("send after"), default=timezone.now)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=200, blank=True)
    digest = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("digest"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)

    objects = OutboxQuerySet.as_manager()

    class Meta:
        verbose_name = _("outgoing mail")
        verbose_name_plural = _("outbox")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "send_after"])]

    def __str__(self) -> str:
        return f"{self.get_event_display()} → {self.email}"
