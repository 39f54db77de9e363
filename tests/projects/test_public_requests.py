"""Anregungen from the entry page: ask for participation, support, and the refusals."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from projects.models import ParticipationRequest, RequestState, RequestSupport
from tests.projects.factories import make_project, make_request

pytestmark = pytest.mark.django_db

REASON = "Die Anwohnenden kennen die Kreuzung am besten."


def create_url(project) -> str:
    return reverse("projects:request_create", args=[project.slug])


def support_url(request) -> str:
    return reverse("projects:request_support", args=[request.project.slug, request.pk])


def test_verified_resident_asks_for_participation_and_is_redirected_to_the_entry(client, resident):
    project = make_project("Fahrradstraße")
    client.force_login(resident)

    response = client.post(create_url(project), {"reason": REASON, "age_confirmed": "on"})

    assert response.status_code == 302
    assert response["Location"] == f"{project.get_absolute_url()}#anregungen"
    request = ParticipationRequest.objects.get(project=project)
    assert request.reason == REASON
    assert request.author == resident
    assert request.supporter_count == 1
    page = client.get(response["Location"]).content.decode()
    assert REASON in page
    assert 'class="message message--success"' in page


def test_unverified_person_cannot_ask_for_participation(client, unverified):
    project = make_project("Fahrradstraße")
    client.force_login(unverified)

    response = client.post(create_url(project), {"reason": REASON, "age_confirmed": "on"})

    assert response.status_code == 403
    assert 'role="alert"' in response.content.decode()
    assert not ParticipationRequest.objects.exists()


def test_anonymous_visitor_is_sent_to_the_login(client):
    project = make_project("Fahrradstraße")

    for response in (client.get(create_url(project)), client.post(create_url(project), {})):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    assert not ParticipationRequest.objects.exists()


def test_missing_age_confirmation_is_refused_and_the_reason_kept(client, resident, settings):
    settings.PROJECTS_REQUEST_MINIMUM_AGE = 16
    project = make_project("Fahrradstraße")
    client.force_login(resident)

    response = client.post(create_url(project), {"reason": REASON})

    assert response.status_code == 400
    html = response.content.decode()
    assert "16" in html
    assert REASON in html  # nothing typed is lost
    assert not ParticipationRequest.objects.exists()


def test_without_a_minimum_age_no_confirmation_is_asked(client, resident, settings):
    settings.PROJECTS_REQUEST_MINIMUM_AGE = 0
    project = make_project("Fahrradstraße")
    client.force_login(resident)

    assert 'name="age_confirmed"' not in client.get(create_url(project)).content.decode()
    response = client.post(create_url(project), {"reason": REASON})

    assert response.status_code == 302
    assert ParticipationRequest.objects.filter(project=project).exists()


def test_an_empty_reason_is_refused_with_a_message(client, resident):
    project = make_project("Fahrradstraße")
    client.force_login(resident)

    response = client.post(create_url(project), {"reason": "  \x00 ", "age_confirmed": "on"})

    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_asking_outside_the_window_is_refused(client, resident, settings):
    settings.PROJECTS_REQUEST_WINDOW_DAYS = 56
    project = make_project("Alt", added_on=timezone.localdate() - timedelta(days=90))
    client.force_login(resident)

    response = client.post(create_url(project), {"reason": REASON, "age_confirmed": "on"})

    assert response.status_code == 400
    assert not ParticipationRequest.objects.exists()
    assert create_url(project) not in client.get(project.get_absolute_url()).content.decode()


def test_a_second_request_on_the_same_entry_is_refused(client, resident):
    project = make_project("Fahrradstraße")
    make_request(project)
    client.force_login(resident)

    response = client.post(create_url(project), {"reason": REASON, "age_confirmed": "on"})

    assert response.status_code == 400
    assert ParticipationRequest.objects.count() == 1


def test_no_request_on_a_draft(client, resident):
    draft = make_project("Entwurf", published=False)
    client.force_login(resident)

    assert client.get(create_url(draft)).status_code == 404
    assert client.post(create_url(draft), {"reason": REASON}).status_code == 404


def test_resident_supports_once_and_a_second_time_gets_a_message(client, resident):
    request = make_request(make_project("Spielplatz"))
    client.force_login(resident)

    first = client.post(support_url(request), {"age_confirmed": "on"})
    second = client.post(support_url(request), {"age_confirmed": "on"})

    assert first.status_code == 302
    assert second.status_code == 400
    assert 'role="alert"' in second.content.decode()
    request.refresh_from_db()
    assert request.supporter_count == 2
    assert RequestSupport.objects.filter(request=request, user=resident).count() == 1


def test_the_entry_page_says_the_resident_supports_it_already(client, resident):
    request = make_request(make_project("Spielplatz"), supporters=[resident])
    client.force_login(resident)

    html = client.get(request.project.get_absolute_url()).content.decode()

    assert 'class="request__own"' in html
    assert support_url(request) not in html


def test_supporting_a_closed_request_is_refused(client, resident):
    request = make_request(make_project("Spielplatz"), state=RequestState.CLOSED)
    client.force_login(resident)

    response = client.post(support_url(request), {"age_confirmed": "on"})

    assert response.status_code == 400
    request.refresh_from_db()
    assert request.supporter_count == 1


def test_support_needs_a_signed_in_person_and_a_post(client, resident):
    request = make_request(make_project("Spielplatz"))

    anonymous = client.post(support_url(request), {"age_confirmed": "on"})
    client.force_login(resident)
    by_get = client.get(support_url(request))

    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("account_login"))
    assert by_get.status_code == 405


def test_supporting_a_request_on_a_draft_or_of_another_entry_is_not_found(client, resident):
    request = make_request(make_project("Entwurf", published=False))
    other = make_project("Anderes")
    client.force_login(resident)

    assert client.post(support_url(request), {"age_confirmed": "on"}).status_code == 404
    wrong_entry = reverse("projects:request_support", args=[other.slug, request.pk])
    assert client.post(wrong_entry, {"age_confirmed": "on"}).status_code == 404


def test_requests_are_shown_with_state_count_and_dates(client):
    project = make_project("Bürgerhaus")
    make_request(
        project,
        state=RequestState.CLOSED,
        decided_at=timezone.now(),
        outcome="Der Rat beschließt eine Werkstatt.",
    )

    html = client.get(project.get_absolute_url()).content.decode()

    assert "Der Rat beschließt eine Werkstatt." in html
    assert 'id="anregungen"' in html


def test_the_quorum_is_shown_when_one_is_configured(client, settings):
    settings.PROJECTS_REQUEST_QUORUM = 400
    request = make_request(make_project("Spielplatz"))

    html = client.get(request.project.get_absolute_url()).content.decode()

    assert "400" in html


def test_the_support_that_reaches_the_quorum_moves_the_request_on(client, resident, settings):
    settings.PROJECTS_REQUEST_QUORUM = 2
    request = make_request(make_project("Spielplatz"))
    client.force_login(resident)

    response = client.post(support_url(request), {"age_confirmed": "on"})

    assert response.status_code == 302
    request.refresh_from_db()
    assert request.state == RequestState.QUORUM_REACHED
