"""What is not public never leaves the endpoint: not its names, not its ids."""

import pytest

from participation.models import Minutes
from tests.participation.oparl.crawl import PREFIX, crawl

LISTS = ["organization", "person", "membership", "meeting", "agendaItem", "file", "paper"]
LISTS += ["legislativeTerm"]


def test_no_answer_of_a_full_crawl_names_or_points_to_anything_secret(client, world):
    _objects, texts = crawl(client)
    everything = "\n".join(texts)
    assert "GEHEIM" not in everything
    for address in world.secret_ids:
        assert PREFIX + address + '"' not in everything
        assert PREFIX + address + "/" not in everything


@pytest.mark.parametrize("name", LISTS)
def test_no_list_shows_anything_secret_even_when_asked_for_changes(oparl, world, name):
    for query in ("", "?modified_since=2000-01-01T00:00:00%2B01:00", "?limit=100"):
        text = oparl(f"body/1/{name}{query}").content.decode()
        assert "GEHEIM" not in text
        assert not any(PREFIX + address + '"' in text for address in world.secret_ids)


def test_a_secret_object_answers_404_exactly_like_an_unknown_one(oparl, world):
    unknown = oparl("meeting/999999")
    assert unknown.status_code == 404
    for address in world.secret_ids:
        response = oparl(address)
        assert response.status_code == 404, address
        assert response.json() == {
            "error": {**unknown.json()["error"], "message": response.json()["error"]["message"]}
        }
        assert "GEHEIM" not in response.content.decode()


def test_a_person_without_consent_is_not_a_member_of_the_organization(oparl, world):
    organization = oparl(f"organization/{world.board.pk}").json()
    assert organization["membership"] == [PREFIX + f"membership/{world.member.pk}"]


def test_the_minutes_pdf_is_the_results_protocol_only_once_the_minutes_are_published(oparl, world):
    minutes = world.meeting.minutes
    assert "resultsProtocol" not in oparl(f"meeting/{world.meeting.pk}").json()
    minutes.state = Minutes.State.PUBLISHED
    minutes.save()
    meeting = oparl(f"meeting/{world.meeting.pk}").json()
    assert meeting["resultsProtocol"]["id"] == PREFIX + f"file/{minutes.pdf_id}"
    assert oparl(f"file/{minutes.pdf_id}").status_code == 200


def test_the_answers_do_not_depend_on_who_asks(client, oparl, world, admin_user):
    anonymous = oparl("body/1/person").content
    client.force_login(admin_user)
    assert oparl("body/1/person").content == anonymous
    assert "GEHEIM" not in oparl("body/1/meeting").content.decode()
