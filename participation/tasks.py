import smtplib

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives

RETRYABLE = (smtplib.SMTPException, OSError)


@shared_task(
    acks_late=True,
    autoretry_for=RETRYABLE,
    retry_backoff=settings.MAIL_RETRY_BACKOFF_SECONDS,
    retry_backoff_max=1800,
    retry_jitter=True,
    max_retries=10,
)
def send_email(
    *,
    to: list[str],
    subject: str,
    body: str,
    html: str | None,
    from_email: str,
    headers: dict[str, str],
) -> None:
    message = EmailMultiAlternatives(subject, body, from_email, to, headers=headers)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
