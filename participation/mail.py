"""Rendering an outbox row into an email: name → subject, text and HTML, in the
recipient's language, with the footer that says why it came and how to stop it."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from participation.models import OutboxMessage
from participation.notifications import absolute_url, unsubscribe_token, unsubscribe_url


def message_id(row: OutboxMessage) -> str:
    """The same Message-ID for every attempt, so a resend after a crash is recognisable."""
    return f"<outbox-{row.pk}@{urlsplit(settings.SITE_URL).hostname or 'localhost'}>"


PRERENDERED = "emails/prerendered"
TRANSLATED_KEYS = ("change", "decision", "disposition", "reason")


def _translate_keys(context: dict[str, Any]) -> dict[str, Any]:
    for key in TRANSLATED_KEYS:
        if context.get(key):
            context[key] = translation.gettext(context[key])
    return context


def render(row: OutboxMessage) -> EmailMultiAlternatives:
    """Build the message; template errors propagate so that the row fails visibly."""
    if row.template == PRERENDERED:
        return _prerendered(row)
    if row.recipient_id is not None:
        token = unsubscribe_token(user=row.recipient, event=row.event)
        preferences = absolute_url(reverse("participation:notification_preferences"))
    else:
        token = unsubscribe_token(subscription=row.subscription)
        preferences = ""
    stop_url = unsubscribe_url(token)
    context: dict[str, Any] = {
        **row.context,
        "event": row.event,
        "site_name": settings.SITE_NAME,
        "city_name": settings.CITY_NAME,
        "site_url": settings.SITE_URL,
        "unsubscribe_url": stop_url,
        "preferences_url": preferences,
        "is_subscription": row.recipient_id is None,
    }
    with translation.override(row.language or settings.LANGUAGE_CODE):
        # Callers pass English source strings (gettext_noop) for these; translate them
        # into the recipient's language, not the language of the request that queued them.
        _translate_keys(context)
        if context.get("groups"):  # a digest: each item is the context of one mail
            context["groups"] = [
                {**group, "items": [_translate_keys(dict(item)) for item in group["items"]]}
                for group in context["groups"]
            ]
        subject = " ".join(render_to_string(f"{row.template}_subject.txt", context).split())
        text = render_to_string(f"{row.template}_message.txt", context)
        html = render_to_string(f"{row.template}_message.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[row.email],
        headers={
            "Message-ID": message_id(row),
            "List-Unsubscribe": f"<{stop_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def _prerendered(row: OutboxMessage) -> EmailMultiAlternatives:
    """Account mails (verification, password reset) rendered by allauth in the request."""
    message = EmailMultiAlternatives(
        subject=row.context["subject"],
        body=row.context["text"],
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[row.email],
        headers={"Message-ID": message_id(row), "Auto-Submitted": "auto-generated"},
    )
    if row.context.get("html"):
        message.attach_alternative(row.context["html"], "text/html")
    return message
