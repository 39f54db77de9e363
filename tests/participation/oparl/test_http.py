"""The endpoint as HTTP: lists and their links, bad parameters, caching, CORS."""

import pytest

from tests.participation.board import factories as f
from tests.participation.oparl.crawl import PREFIX
from tests.participation.oparl.schemas import validate_list


@pytest.fixture
def meetings(world):
    for _ in range(4):
        f.make_meeting(world.board)
    return world


def test_a_list_is_paginated_with_first_next_prev_and_last_links(client, meetings):
    first = client.get("/oparl/v1/body/1/meeting?limit=2").json()
    validate_list(first)
    assert first["pagination"] == {
        "totalElements": 5,
        "elementsPerPage": 2,
        "currentPage": 1,
        "totalPages": 3,
    }
    assert "prev" not in first["links"]
    assert first["links"]["last"] == PREFIX + "body/1/meeting?limit=2&page=3"
    seen = [m["id"] for m in first["data"]]
    page = first
    while "next" in page["links"]:
        page = client.get(page["links"]["next"].removeprefix("http://127.0.0.1:8000")).json()
        seen += [m["id"] for m in page["data"]]
    assert page["links"]["prev"] == PREFIX + "body/1/meeting?limit=2&page=2"
    assert len(seen) == len(set(seen)) == 5


def test_a_page_beyond_the_last_is_empty_but_well_formed(client, meetings):
    page = client.get("/oparl/v1/body/1/meeting?page=9").json()
    validate_list(page)
    assert page["data"] == []
    assert page["pagination"]["totalElements"] == 5


BAD = [
    "body/1/meeting?modified_since=gestern",
    "body/1/meeting?modified_since=2026-13-45T00:00:00",
    "body/1/meeting?created_until=2026-02-30T10:00:00%2B01:00",
    "body/1/meeting?page=-1",
    "body/1/meeting?page=0",
    "body/1/meeting?page=99999999999999999999",
    "body/1/meeting?page=%D9%A3",  # an Arabic-Indic digit
    "body/1/meeting?limit=101",
    "body/1/meeting?limit=abc",
    "body/1/person?omit_internal=vielleicht",
]


@pytest.mark.parametrize("address", BAD)
def test_bad_parameters_answer_400_with_a_json_body(client, world, address):
    response = client.get("/oparl/v1/" + address)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json()["error"]["status"] == 400
    assert response.json()["error"]["message"]


def test_a_nul_byte_is_refused_with_400_never_500(client, world):
    for address in ("body/1/meeting?modified_since=%00", "meeting/%00", "body/1/file?page=1%00"):
        assert client.get("/oparl/v1/" + address).status_code in (400, 404)


@pytest.mark.parametrize(
    "address",
    [
        "meeting/999999",
        "body/2",
        "body/2/meeting",
        "organization/999/meeting",
        "nothing/here",
        "meeting/" + "9" * 40,
        "system/",
    ],
)
def test_unknown_addresses_answer_404_with_a_json_body(client, world, address):
    response = client.get("/oparl/v1/" + address)
    assert response.status_code == 404
    assert response.json()["error"]["status"] == 404


def test_a_write_is_refused_with_405(client, world):
    response = client.post("/oparl/v1/system")
    assert response.status_code == 405
    assert response.json()["error"]["status"] == 405


def test_answers_are_json_for_everyone_with_cors_and_public_caching(client, world):
    response = client.get("/oparl/v1/system", headers={"Origin": "https://example.org"})
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "public" in response["Cache-Control"]
    assert not response.cookies


def test_a_preflight_request_is_answered(client, world):
    response = client.options(
        "/oparl/v1/body/1/meeting",
        headers={"Origin": "https://example.org", "Access-Control-Request-Method": "GET"},
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]


def test_revalidation_with_the_etag_answers_304(client, world):
    first = client.get("/oparl/v1/body/1/meeting")
    again = client.get("/oparl/v1/body/1/meeting", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    assert again["Access-Control-Allow-Origin"] == "*"
    world.meeting.title = "Neuer Titel"
    world.meeting.save()
    changed = client.get("/oparl/v1/body/1/meeting", headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200


def test_revalidation_with_last_modified_answers_304_until_the_object_changes(client, world):
    address = f"/oparl/v1/meeting/{world.meeting.pk}"
    first = client.get(address)
    stamp = first["Last-Modified"]
    assert client.get(address, headers={"If-Modified-Since": stamp}).status_code == 304
    world.item.outcome = "Geändert"
    world.item.save()  # an embedded item changes the meeting's modified
    assert client.get(address, headers={"If-None-Match": first["ETag"]}).status_code == 200


def test_the_paper_list_is_empty_but_valid(client, world):
    page = client.get("/oparl/v1/body/1/paper").json()
    validate_list(page)
    assert page["data"] == []


def test_omit_internal_leaves_out_embedded_objects(client, world):
    meeting = client.get("/oparl/v1/body/1/meeting?omit_internal=true").json()["data"][0]
    assert "agendaItem" not in meeting
    assert "invitation" not in meeting
    person = client.get("/oparl/v1/body/1/person?omit_internal=true").json()["data"][0]
    assert "membership" not in person


def test_created_since_and_until_select_by_creation_time(client, world):
    from datetime import timedelta

    from django.utils import timezone

    from participation.models import Meeting

    Meeting.objects.filter(pk=world.meeting.pk).update(created=timezone.now() - timedelta(days=9))
    week_ago = (timezone.now() - timedelta(days=7)).isoformat().replace("+", "%2B")
    newer = client.get(f"/oparl/v1/body/1/meeting?created_since={week_ago}").json()["data"]
    older = client.get(f"/oparl/v1/body/1/meeting?created_until={week_ago}").json()["data"]
    assert PREFIX + f"meeting/{world.meeting.pk}" not in {m["id"] for m in newer}
    assert [m["id"] for m in older] == [PREFIX + f"meeting/{world.meeting.pk}"]


def test_a_head_request_answers_like_get_without_a_body(client, world):
    response = client.head("/oparl/v1/body/1/meeting")
    assert response.status_code == 200
    assert response["ETag"] == client.get("/oparl/v1/body/1/meeting")["ETag"]
