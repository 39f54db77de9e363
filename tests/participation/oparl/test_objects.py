"""Every object type validates against the specification's rules, and a crawl from
System reaches every public object without a broken link."""

import jsonschema
import pytest

from participation.board import demo
from participation.models import AgendaItem, Membership
from participation.oparl import visibility
from tests.participation.oparl.crawl import PREFIX, crawl
from tests.participation.oparl.schemas import SCHEMA, validate


def test_a_crawl_from_system_reaches_every_public_object_of_the_world(client, world):
    objects, _texts = crawl(client)
    types = {obj["type"].removeprefix(SCHEMA) for obj in objects.values()}
    assert types == {
        "System",
        "Body",
        "Organization",
        "LegislativeTerm",
        "Person",
        "Membership",
        "Meeting",
        "AgendaItem",
        "File",
        "Location",
    }
    assert PREFIX + f"meeting/{world.meeting.pk}" in objects
    assert PREFIX + f"agendaItem/{world.item.pk}" in objects
    assert PREFIX + f"file/{world.invitation.pk}" in objects
    assert PREFIX + f"file/{world.item_file.pk}" in objects
    assert PREFIX + f"person/{world.member.pk}" in objects


def test_a_crawl_of_the_demo_reaches_every_public_object_with_no_broken_link(client, db):
    demo.seed()
    objects, _texts = crawl(client)
    expected = {
        PREFIX + f"meeting/{pk}" for pk in visibility.meetings().values_list("pk", flat=True)
    }
    expected |= {
        PREFIX + f"agendaItem/{pk}" for pk in visibility.agenda_items().values_list("pk", flat=True)
    }
    members = visibility.memberships().values_list("pk", flat=True)
    expected |= {PREFIX + f"person/{pk}" for pk in members}
    expected |= {PREFIX + f"membership/{pk}" for pk in members}
    expected |= {PREFIX + f"file/{pk}" for pk in visibility.files().values_list("pk", flat=True)}
    assert expected <= set(objects)
    assert AgendaItem.objects.filter(is_public=False).exists()  # the demo has secret items
    assert Membership.objects.filter(consent_to_publish=False).exists()
    hidden = {
        PREFIX + f"agendaItem/{pk}"
        for pk in AgendaItem.objects.filter(is_public=False).values_list("pk", flat=True)
    }
    hidden |= {
        PREFIX + f"person/{pk}"
        for pk in Membership.objects.filter(consent_to_publish=False).values_list("pk", flat=True)
    }
    assert not hidden & set(objects)


def test_the_meeting_carries_invitation_items_and_files_as_the_specification_names_them(
    oparl, world
):
    meeting = oparl(f"meeting/{world.meeting.pk}").json()
    validate(meeting)
    assert meeting["invitation"]["id"] == PREFIX + f"file/{world.invitation.pk}"
    assert meeting["cancelled"] is False
    assert meeting["organization"] == [PREFIX + f"organization/{world.board.pk}"]
    assert meeting["location"]["description"] == "Rathaus, Sitzungssaal 1"
    assert meeting["start"].endswith(("+01:00", "+02:00"))
    assert "." not in meeting["start"]
    (item,) = meeting["agendaItem"]
    assert item["name"] == "Bericht"
    assert item["public"] is True
    assert item["resolutionText"] == "Zur Kenntnis genommen"
    assert item["auxiliaryFile"][0]["id"] == PREFIX + f"file/{world.item_file.pk}"


def test_a_file_has_access_url_size_and_checksum(oparl, world):
    document = oparl(f"file/{world.item_file.pk}").json()
    validate(document)
    assert document["mimeType"] == "application/pdf"
    assert document["size"] == world.item_file.size > 0
    assert document["sha512Checksum"] == world.item_file.sha512
    assert document["accessUrl"].endswith(world.item_file.file.url)
    assert document["agendaItem"] == [PREFIX + f"agendaItem/{world.item.pk}"]


def test_a_membership_has_role_voting_right_and_dates(oparl, world):
    membership = oparl(f"membership/{world.member.pk}").json()
    validate(membership)
    assert membership["votingRight"] is True
    assert membership["role"] == "Vorsitz"  # rendered in LANGUAGE_CODE for every client
    assert membership["person"] == PREFIX + f"person/{world.member.pk}"
    assert membership["organization"] == PREFIX + f"organization/{world.board.pk}"


def test_the_body_embeds_the_terms_as_legislative_terms(oparl, world):
    body = oparl("body/1").json()
    validate(body)
    (term,) = body["legislativeTerm"]
    assert term["startDate"] == world.term.start.isoformat()
    assert oparl(term["id"]).status_code == 200


def test_the_schemas_reject_what_the_specification_forbids():
    with pytest.raises(jsonschema.ValidationError):
        validate({"id": PREFIX + "file/1", "type": SCHEMA + "File"})  # no accessUrl
    with pytest.raises(jsonschema.ValidationError):
        validate(
            {
                "id": PREFIX + "meeting/1",
                "type": SCHEMA + "Meeting",
                "created": "2026-12-06T18:00:00.123+01:00",
                "modified": "2026-12-06T18:00:00",
            }
        )


def test_the_body_is_the_city_named_in_the_settings(oparl, world, settings):
    settings.OPARL_BODY_NAME = "Stadt Beispielhausen"
    settings.OPARL_BODY_SHORT_NAME = "Beispielhausen"
    body = oparl("body/1").json()
    assert (body["name"], body["shortName"]) == ("Stadt Beispielhausen", "Beispielhausen")
    system = oparl("system").json()
    assert system["oparlVersion"] == SCHEMA
    assert oparl(system["body"]).json()["data"][0]["id"] == body["id"]
