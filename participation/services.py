"""Writes with side effects on the people side: consents, outgoing mail, account deletion."""

from django.contrib.auth import logout
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.message import make_msgid
from django.db import transaction
from django.http import HttpRequest

from participation.models import Consent, Page, User
from participation.tasks import send_email


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


def queue_email(message: EmailMessage) -> None:
    """Hand a rendered message to the worker once the surrounding transaction commits.

    The Message-ID is fixed here so that a retried task sends the same message, which
    receiving servers and the SMTP sink in our tests can recognise.
    """
    html = None
    if isinstance(message, EmailMultiAlternatives):
        html = next((body for body, mime in message.alternatives if mime == "text/html"), None)
    headers = {**message.extra_headers, "Message-ID": make_msgid(domain="stadtdialog")}
    send_email.delay_on_commit(  # type: ignore[attr-defined]  # celery-types lags Celery 5.4
        to=list(message.to),
        subject=str(message.subject),
        body=str(message.body),
        html=str(html) if html is not None else None,
        from_email=message.from_email,
        headers=headers,
    )


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
