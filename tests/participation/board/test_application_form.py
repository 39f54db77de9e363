"""The public application form: window, eligibility, pools, receipt, bad input, limits."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from participation.models import Application
from tests.participation.board.factories import make_board, make_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def board():
    return make_board(name="Beteiligungsbeirat", slug="beirat")


@pytest.fixture
def call(board):
    return make_call(board)


def valid(**overrides) -> dict[str, str]:
    data = {
        "name": "Paula Probe",
        "contact": "paula@example.org",
        "age_confirmed": "on",
        "residence_confirmed": "on",
        "privacy_read": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_open_call_shows_the_form_and_the_privacy_notice_with_retention(client, call, settings):
    settings.BOARD_APPLICATION_RETENTION_DAYS = 123
    response = client.get(call.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="name"' in html
    assert 'name="contact"' in html
    assert "123" in html
    assert 'name="birth_year"' not in html  # confirmations instead of a date of birth


def test_anonymous_application_gets_a_number_and_a_receipt(client, call):
    response = client.post(call.get_absolute_url(), valid())
    assert response.status_code == 302
    application = Application.objects.get()
    assert (application.name, application.contact) == ("Paula Probe", "paula@example.org")
    assert application.age_confirmed
    assert application.residence_confirmed
    receipt = client.get(response["Location"])
    assert receipt.status_code == 200
    assert re.search(rf"<strong>{application.number}</strong>", receipt.content.decode())


def test_receipt_with_a_forged_token_answers_404(client, call):
    url = reverse(
        "participation:board_application_received", kwargs={"pk": call.pk, "token": "forged:x"}
    )
    assert client.get(url).status_code == 404


def test_missing_confirmations_are_refused_with_messages(client, call):
    response = client.post(
        call.get_absolute_url(), valid(age_confirmed=None, residence_confirmed=None)
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "14" in html
    assert "form-errors" in html
    assert not Application.objects.exists()


def test_residence_is_not_asked_when_the_call_does_not_require_it(client, board):
    call = make_call(board, residence_required=False)
    assert 'name="residence_confirmed"' not in client.get(call.get_absolute_url()).content.decode()
    response = client.post(call.get_absolute_url(), valid(residence_confirmed=None))
    assert response.status_code == 302


def test_invalid_contact_is_refused_by_the_service_and_shown_on_the_field(client, call):
    response = client.post(call.get_absolute_url(), valid(contact="kein kontakt"))
    assert response.status_code == 400
    assert 'id="id_contact_error"' in response.content.decode()
    assert not Application.objects.exists()


def test_call_with_pools_requires_a_pool(client, board):
    call = make_call(board, pools={"Frauen": 4, "Männer": 4})
    html = client.get(call.get_absolute_url()).content.decode()
    assert "<legend>" in html
    assert "Frauen" in html
    assert client.post(call.get_absolute_url(), valid()).status_code == 400
    pool = call.pools.get(name="Frauen")
    response = client.post(call.get_absolute_url(), valid(pool=str(pool.pk)))
    assert response.status_code == 302
    assert Application.objects.get().pool == pool


def test_pool_of_another_call_is_refused(client, board):
    call = make_call(board, pools={"Frauen": 4})
    other = make_call(board, pools={"Frauen": 2})
    foreign = other.pools.get()
    response = client.post(call.get_absolute_url(), valid(pool=str(foreign.pk)))
    assert response.status_code == 400
    assert not Application.objects.exists()


def test_closed_call_explains_the_window_and_refuses_posts(client, board):
    now = timezone.now()
    closed = make_call(
        board,
        opens_at=now - datetime.timedelta(days=30),
        closes_at=now - datetime.timedelta(days=1),
    )
    response = client.get(closed.get_absolute_url())
    assert response.status_code == 200
    assert 'name="name"' not in response.content.decode()
    assert client.post(closed.get_absolute_url(), valid()).status_code == 403
    assert not Application.objects.exists()


def test_call_not_yet_open_says_when_it_opens(client, board):
    now = timezone.now()
    later = make_call(
        board, opens_at=now + datetime.timedelta(days=3), closes_at=now + datetime.timedelta(days=9)
    )
    response = client.get(later.get_absolute_url())
    assert response.status_code == 200
    assert "open on" in response.content.decode() or "öffnet" in response.content.decode()
    assert client.post(later.get_absolute_url(), valid()).status_code == 403


def test_nul_bytes_are_refused_with_400(client, call):
    response = client.post(call.get_absolute_url(), valid(name="Paula\x00Probe"))
    assert response.status_code == 400
    response = client.post(call.get_absolute_url(), valid(contact="a\x00@example.org"))
    assert response.status_code == 400
    assert not Application.objects.exists()


def test_unknown_call_answers_404(client, board):
    assert client.get(reverse("participation:board_call", kwargs={"pk": 999})).status_code == 404


def test_applications_are_rate_limited_per_ip_address(client, call, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "board_application": "2/h/ip"}
    for _ in range(2):
        assert client.post(call.get_absolute_url(), valid()).status_code == 302
    limited = client.post(call.get_absolute_url(), valid())
    assert limited.status_code == 429
    assert "try again" in limited.content.decode() or "erneut" in limited.content.decode()
    assert Application.objects.count() == 2


def test_two_applications_get_consecutive_numbers(client, call):
    client.post(call.get_absolute_url(), valid())
    client.post(call.get_absolute_url(), valid(name="Zweite Person"))
    assert list(Application.objects.order_by("number").values_list("number", flat=True)) == [1, 2]
