"""Writes with side effects on the people side: consents, outgoing mail, account deletion."""

import uuid
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.sessions.models import Session
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import get_language

from participation.mail import PRERENDERED
from participation.models import (
    Consent,
    EmailSubscription,
    Event,
    NotificationPreference,
    OutboxMessage,
    Page,
    User,
)
from participation.notifications import request_delivery


def current_page_version(slug: str) -> str:
    return Page.objects.filter(slug=slug).values_list("version", flat=True).first() or "1"


@transaction.atomic
def record_signup_consents(*, user: User, minimum_age_confirmed: bool) -> list[Consent]:
    consents = [
        Consent(
            user=user, kind=Consent.Kind.TERMS, version=current_page_version("nutzungsbedingungen")
        ),
        Consent(user=user, kind=Consent.Kind.PRIVACY, version=current_page_version("datenschutz")),
    ]
    if minimum_age_confirmed:
        consents.append(Consent(user=user, kind=Consent.Kind.MINIMUM_AGE, version="1"))
    return Consent.objects.bulk_create(consents)


@transaction.atomic
def queue_email(message: EmailMessage) -> None:
    """Put a message rendered in the request (allauth's account mails) into the outbox.

    The worker sends it after commit, like every other mail; it is never sent inside
    the request, and a broker outage only delays it until the next sweep.
    """
    html = None
    if isinstance(message, EmailMultiAlternatives):
        html = next((body for body, mime in message.alternatives if mime == "text/html"), None)
    for address in message.to:
        OutboxMessage.objects.create(
            recipient=User.objects.filter(email__iexact=address).first(),
            email=address,
            language=get_language() or settings.LANGUAGE_CODE,
            event=Event.ACCOUNT,
            template=PRERENDERED,
            context={"subject": str(message.subject), "text": str(message.body), "html": html},
            dedupe_key=f"account:{uuid.uuid4().hex}",
        )
    request_delivery()


@transaction.atomic
def delete_account(*, user: User, request: HttpRequest | None = None) -> None:
    """Delete the person and everything only about them.

    What they wrote stays: relations from content to the user are ``SET_NULL`` and
    show up as "gelöschtes Konto". Consents and email addresses go with the row; mail to
    any of their addresses (sent or not, also to an email-only subscription), those
    subscriptions, and the sessions of every device they are signed in on go here.
    """
    addresses = user.email_addresses()
    OutboxMessage.objects.annotate(address=Lower("email")).filter(
        Q(recipient=user) | Q(address__in=addresses)
    ).delete()
    EmailSubscription.objects.annotate(address=Lower("email")).filter(
        address__in=addresses
    ).delete()
    _end_sessions(user)
    if request is not None:
        logout(request)
    user.delete()


def _end_sessions(user: User) -> None:
    """Sessions are not indexed by user: read the unexpired ones (deletion is rare)."""
    user_id = str(user.pk)
    mine = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get(SESSION_KEY) == user_id
    ]
    # Through the configured engine, so that a session cached in Redis (cached_db) ends too.
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for key in mine:
        store(session_key=key).delete()


@transaction.atomic
def save_notification_preferences(*, user: User, choices: dict[str, str]) -> None:
    for event, frequency in choices.items():
        NotificationPreference.objects.update_or_create(
            user=user, event=event, defaults={"frequency": frequency}
        )
