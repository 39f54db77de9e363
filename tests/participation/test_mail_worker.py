"""Mail leaves through the real path: request -> outbox row -> Redis -> Celery worker -> SMTP.

The unit tests run the outbox eagerly into Django's locmem backend; these start a worker
subprocess on a queue of their own, in a Redis database of their own, working on the test
database (so the tests are transactional: the worker only sees committed rows), and count
what an aiosmtpd sink really received.
"""

import re
from collections.abc import Iterator

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from config.celery import app as celery_app
from participation.mail import message_id
from participation.models import Event, OutboxMessage
from participation.notifications import notify
from participation.tasks import deliver_outbox
from tests import services
from tests.conftest import make_user, need

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

DELIVERY_TIMEOUT = 20.0  # seconds
State = OutboxMessage.State

SIGNUP = {
    "email": "worker-test@example.org",
    "display_name": "Postweg Probe",
    "password1": "ein-sehr-gutes-passwort-42",
    "password2": "ein-sehr-gutes-passwort-42",
    "accept_terms": "on",
    "accept_privacy": "on",
}
CONFIRM_LINK = re.compile(r"https?://[^/\s]+(/konto/confirm-email/[^/\s]+/)")


def german_confirmation_subject() -> str:
    """The subject allauth renders for the signup confirmation, in German.

    Rendered from the templates rather than spelled out, so that rewording the
    translation (du/Sie) does not break this test; the test checks it is German.
    """
    with translation.override("de"):
        subject = render_to_string("account/email/email_confirmation_signup_subject.txt")
    return settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.splitlines()).strip()


@pytest.fixture
def broker_url() -> str:
    url = services.worker_broker_url()
    need(services.redis_reachable(url), f"Redis is not reachable at {url}")
    return url


@pytest.fixture
def queue(broker_url: str) -> Iterator[str]:
    """A queue (and worker node name) no other run shares; its keys go afterwards."""
    name = services.unique_name("stadtdialog-mailtest")
    yield name
    services.remove_broker_keys(broker_url, name)


@pytest.fixture
def sink() -> Iterator[services.SmtpSink]:
    with services.SmtpSink() as smtp:
        yield smtp


@pytest.fixture
def publish_to_worker(broker_url: str, queue: str) -> Iterator[None]:
    """This process's Celery app publishes to the test queue instead of running eagerly."""
    with services.celery_publishing_to(celery_app, broker_url, queue):
        yield


def worker_env(broker_url: str, sink: services.SmtpSink, **extra: str) -> dict[str, str]:
    return services.worker_environment(
        broker_url=broker_url,
        smtp_port=sink.port,
        database_url=services.worker_database_url(),
        **extra,
    )


@pytest.mark.usefixtures("publish_to_worker")
def test_signup_verification_mail_is_delivered_by_the_worker_through_smtp(
    client, broker_url, queue, sink
):
    email = SIGNUP["email"]
    with services.celery_worker(queue=queue, env=worker_env(broker_url, sink)) as worker:
        response = client.post(reverse("account_signup"), SIGNUP)
        assert response.status_code == 302, response.content.decode()[:2000]
        assert response["Location"] == reverse("account_email_verification_sent")

        delivered = services.wait_until(
            lambda: bool(sink.messages_to(email) or worker.task_errors), DELIVERY_TIMEOUT
        )
        assert delivered, f"no mail within {DELIVERY_TIMEOUT} s; worker log:\n{worker.log}"
        assert not worker.task_errors, worker.log
        assert "participation.tasks.deliver_outbox" in worker.log
    # The worker stopped warm, returning anything it still held: nothing may be left over.
    assert services.queue_length(broker_url, queue) == 0

    assert mail.outbox == []  # not sent in this process
    [received] = sink.messages_to(email)
    [row] = OutboxMessage.objects.filter(email=email)
    assert row.event == Event.ACCOUNT
    assert row.state == State.SENT, (row.state, row.last_error)
    assert row.sent_at is not None
    assert row.attempts == 1
    assert row.message_id == message_id(row) == received.message_id
    assert received.rcpt_tos == (email,)
    assert received.subject == german_confirmation_subject()
    assert "E-Mail-Adresse" in received.subject
    assert "Confirm" not in received.subject
    link = CONFIRM_LINK.search(received.text)
    assert link, received.text

    confirm_url = link.group(1)
    assert client.get(confirm_url).status_code == 200
    response = client.post(confirm_url)

    assert response.status_code == 302
    address = EmailAddress.objects.get(email=email)
    assert address.verified
    assert address.user.display_name == SIGNUP["display_name"]


@pytest.mark.usefixtures("publish_to_worker")
def test_temporary_smtp_refusal_is_retried_and_delivered_once(broker_url, queue, sink):
    refusals = 2
    sink.refuse_next(refusals, "451 4.3.0 Try again later")
    person = make_user("retry@example.org", "Geduldige Leserin")
    # First retry after 1 s, the second after 2 s.
    env = worker_env(broker_url, sink, MAIL_RETRY_BACKOFF_SECONDS="1")
    with services.celery_worker(queue=queue, env=env) as worker:
        notify(
            event=Event.REPLY,
            recipients=[person],
            key="retry-test",
            context={
                "actor": "Bea",
                "title": "Leitlinien für Bürgerbeteiligung",
                "excerpt": "Der Server hat zweimal um Geduld gebeten.",
                "url": f"{settings.SITE_URL}/leitlinien/",
            },
        )  # committed at once (no atomic block), so deliver_outbox is published now
        row = OutboxMessage.objects.get(recipient=person)

        def sent() -> bool:
            return OutboxMessage.objects.filter(pk=row.pk, state=State.SENT).exists()

        # Retries are rows back in "pending" with a later send_after, not Celery retries:
        # something has to ask again, which celery beat does every minute in production.
        services.wait_until(
            lambda: sent() or bool(worker.task_errors),
            DELIVERY_TIMEOUT,
            interval=0.2,
            every=1.0,
            action=deliver_outbox.delay,
        )
        row.refresh_from_db()
        assert not worker.task_errors, worker.log
        assert sent(), (
            f"not delivered within {DELIVERY_TIMEOUT} s after {sink.refused} refusal(s); "
            f"row {row.state} after {row.attempts} attempts ({row.last_error}); "
            f"worker log:\n{worker.log}"
        )
    assert services.queue_length(broker_url, queue) == 0

    assert sink.refused == refusals
    assert row.attempts == refusals + 1
    assert row.last_error == ""
    [received] = sink.with_message_id(message_id(row))
    assert row.message_id == received.message_id
    assert received.rcpt_tos == ("retry@example.org",)
    assert "Bea" in received.subject
    assert sink.count == 1
