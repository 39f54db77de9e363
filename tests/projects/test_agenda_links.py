"""A meeting page of the board names the Anregungen on its agenda."""

import pytest
from django.urls import reverse

from projects.models import ParticipationRequest
from tests.participation.board.factories import make_agenda_item, make_board, make_meeting
from tests.projects.factories import make_project, make_request

pytestmark = pytest.mark.django_db


def test_the_meeting_page_links_the_anregung_on_its_agenda(client):
    item = make_agenda_item(make_meeting(make_board()), title="Anregung Radweg")
    request = make_request(make_project("Radweg Hauptstraße"))
    ParticipationRequest.objects.filter(pk=request.pk).update(agenda_item=item)

    page = client.get(reverse("participation:board_meeting", args=[item.meeting.pk])).content

    assert f"#anregung-{request.pk}".encode() in page
    assert "Radweg Hauptstraße".encode() in page


def test_an_anregung_on_a_draft_entry_is_not_named(client):
    item = make_agenda_item(make_meeting(make_board()))
    request = make_request(make_project("Geheimes Vorhaben", published=False))
    ParticipationRequest.objects.filter(pk=request.pk).update(agenda_item=item)

    page = client.get(reverse("participation:board_meeting", args=[item.meeting.pk])).content

    assert b"Geheimes Vorhaben" not in page
