"""Writes with side effects on the people side: consents, outgoing mail, account deletion."""

import uuid

from django.conf import settings
from django.contrib.auth import logout
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import get_language

from participation.mail import PRERENDERED
from participation.models import (
    Consent,
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
    show up as "gelöschtes Konto". Consents, email addresses and sessions go with
    the row.
    """
    if request is not None:
        logout(request)
    user.delete()


@transaction.atomic
def save_notification_preferences(*, user: User, choices: dict[str, str]) -> None:
    for event, frequency in choices.items():
        NotificationPreference.objects.update_or_create(
            user=user, event=event, defaults={"frequency": frequency}
        )
