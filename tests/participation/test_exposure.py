"""What a response reveals: caching of personal pages, health details, error pages."""

import pytest
from django.test import Client
from django.urls import reverse


@pytest.mark.parametrize(
    "name",
    ["participation:account", "participation:notification_preferences", "participation:home"],
)
def test_pages_seen_signed_in_are_never_stored(client, resident, name):
    client.force_login(resident)

    response = client.get(reverse(name))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_the_personal_data_export_is_never_stored(client, resident):
    client.force_login(resident)

    response = client.get(reverse("participation:account_export"))

    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_anonymous_pages_are_not_marked_private(client, db):
    response = client.get(reverse("participation:home"))

    assert "private" not in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_health_tells_anonymous_callers_only_the_status(client):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_health_details_need_the_token(client, settings):
    settings.HEALTHZ_TOKEN = "s3cret-token"

    wrong = client.get(reverse("healthz"), HTTP_AUTHORIZATION="Bearer nope")
    right = client.get(reverse("healthz"), HTTP_AUTHORIZATION="Bearer s3cret-token")

    assert "checks" not in wrong.json()
    assert right.json()["checks"]["database"] == "ok"


def test_health_details_are_shown_to_staff(client, moderator):
    client.force_login(moderator)

    assert client.get(reverse("healthz")).json()["checks"]["database"] == "ok"


@pytest.mark.django_db
def test_an_unavailable_part_is_unavailable_without_details(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}


def test_a_refused_action_gets_the_branded_german_403(client, unverified):
    client.force_login(unverified)

    response = client.post(
        reverse("participation:follow", args=["document", 1]),
        {"follow": "1"},
        HTTP_ACCEPT_LANGUAGE="de",
    )

    assert response.status_code == 403
    page = response.content.decode()
    assert 'class="site-header"' in page
    assert "E-Mail-Adresse" in page


@pytest.mark.django_db
def test_a_form_without_csrf_token_gets_the_branded_german_page():
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        reverse("participation:subscribe", args=["minutes"]),
        {"email": "a@example.org", "consent": "on"},
        HTTP_ACCEPT_LANGUAGE="de",
    )

    assert response.status_code == 403
    page = response.content.decode()
    assert 'class="site-header"' in page
    assert "Formular" in page
