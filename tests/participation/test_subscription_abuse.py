"""The email-only subscription form cannot be used to mail-bomb an address."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from participation.models import EmailSubscription, Event, OutboxMessage


def confirmation_mails(email: str) -> int:
    return OutboxMessage.objects.filter(event=Event.CONFIRM_SUBSCRIPTION, email=email).count()


def subscribe(client, email="ziel@example.org", topic="projects", ip="203.0.113.7"):
    return client.post(
        reverse("participation:subscribe", args=[topic]),
        {"email": email, "consent": "on"},
        REMOTE_ADDR=ip,
    )


def test_repeated_requests_for_one_address_send_one_confirmation(client, db):
    answers = [subscribe(client, ip=f"198.51.100.{i}").status_code for i in range(25)]

    assert confirmation_mails("ziel@example.org") == 1
    assert answers[0] == 200
    assert set(answers) <= {200, 429}


def test_a_request_after_the_cooldown_sends_the_confirmation_again(client, db, settings):
    subscribe(client)
    EmailSubscription.objects.update(created_at=timezone.now() - timedelta(minutes=16))

    subscribe(client, ip="198.51.100.99")

    assert confirmation_mails("ziel@example.org") == 2


def test_one_client_cannot_request_for_many_addresses(client, db):
    answers = [subscribe(client, email=f"opfer{i}@example.org").status_code for i in range(30)]

    assert answers.count(200) == 10
    assert answers[-1] == 429
    assert OutboxMessage.objects.filter(event=Event.CONFIRM_SUBSCRIPTION).count() == 10


def test_the_limit_answers_with_a_message_in_german(client, db):
    for i in range(11):
        response = subscribe(client, email=f"opfer{i}@example.org")

    assert response.status_code == 429
    assert "Zu viele Anfragen" in response.content.decode()


@pytest.mark.parametrize("confirmed", [True, False])
def test_the_answer_is_the_same_whether_or_not_the_address_is_subscribed(client, db, confirmed):
    EmailSubscription.objects.create(
        email="ziel@example.org",
        topic="projects",
        confirmed_at=timezone.now() if confirmed else None,
    )
    EmailSubscription.objects.update(created_at=timezone.now() - timedelta(hours=1))
    known = subscribe(client)
    unknown = subscribe(client, email="neu@example.org", ip="198.51.100.1")

    assert known.status_code == unknown.status_code == 200
    assert page_text(known) == page_text(unknown)


def page_text(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
