"""Mail leaves through the real path: test process -> Redis -> Celery worker -> SMTP.

The unit tests run tasks eagerly into Django's locmem outbox; these start a worker
subprocess on a queue of their own, in a Redis database of their own, and count what an
aiosmtpd sink really received.
"""

import re
from collections.abc import Iterator
from email.utils import make_msgid

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from config.celery import app as celery_app
from participation.tasks import send_email
from tests import services
from tests.conftest import need

pytestmark = pytest.mark.services

DELIVERY_TIMEOUT = 20.0  # seconds

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


@pytest.mark.django_db
@pytest.mark.usefixtures("publish_to_worker")
def test_signup_verification_mail_is_delivered_by_the_worker_through_smtp(
    client, django_capture_on_commit_callbacks, broker_url, queue, sink
):
    email = SIGNUP["email"]
    env = services.worker_environment(broker_url=broker_url, smtp_port=sink.port)
    with services.celery_worker(queue=queue, env=env) as worker:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("account_signup"), SIGNUP)
        assert response.status_code == 302, response.content.decode()[:2000]
        assert response["Location"] == reverse("account_email_verification_sent")

        delivered = sink.wait_for(
            lambda messages: any(email in m.rcpt_tos for m in messages), DELIVERY_TIMEOUT
        )
        assert delivered, f"no mail within {DELIVERY_TIMEOUT} s; worker log:\n{worker.log}"
        assert "participation.tasks.send_email" in worker.log
    # The worker stopped warm, returning anything it still held: nothing may be left over.
    assert services.queue_length(broker_url, queue) == 0

    assert mail.outbox == []  # not sent in this process
    [received] = sink.messages_to(email)
    assert received.rcpt_tos == (email,)
    assert received.subject == german_confirmation_subject()
    assert "E-Mail-Adresse" in received.subject
    assert "Confirm" not in received.subject
    assert received.message_id.endswith("@stadtdialog>"), received.message_id
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
    message_id = make_msgid(domain="stadtdialog")
    # First retry after at most 1 s, the second after at most 2 s (full jitter).
    env = services.worker_environment(
        broker_url=broker_url, smtp_port=sink.port, MAIL_RETRY_BACKOFF_SECONDS="1"
    )
    with services.celery_worker(queue=queue, env=env) as worker:
        send_email.apply_async(
            kwargs={
                "to": ["retry@example.org"],
                "subject": "Zustellung nach Wartezeit",
                "body": "Der Server hat zweimal um Geduld gebeten.",
                "html": None,
                "from_email": settings.DEFAULT_FROM_EMAIL,
                "headers": {"Message-ID": message_id},
            },
            queue=queue,
        )
        delivered = sink.wait_for(
            lambda messages: any(m.message_id == message_id for m in messages), DELIVERY_TIMEOUT
        )
        assert delivered, (
            f"not delivered within {DELIVERY_TIMEOUT} s after {sink.refused} refusal(s); "
            f"worker log:\n{worker.log}"
        )
    assert services.queue_length(broker_url, queue) == 0

    assert sink.refused == refusals
    assert worker.log.count("retry: Retry in") == refusals
    [received] = sink.with_message_id(message_id)
    assert received.rcpt_tos == ("retry@example.org",)
    assert received.subject == "Zustellung nach Wartezeit"
