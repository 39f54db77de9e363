"""Clients that sync: ``modified_since`` returns exactly what changed, and what was
public and is not any more comes back as a tombstone."""

import datetime

import pytest
from django.utils import timezone

from participation.models import OParlTombstone
from tests.participation.board import factories as f
from tests.participation.oparl.crawl import PREFIX
from tests.participation.oparl.schemas import validate_list

LISTS = ["organization", "person", "membership", "meeting", "agendaItem", "file"]


def _ids(oparl, name, since):
    query = {"modified_since": since.isoformat(), "limit": "100"}
    response = oparl(
        f"body/1/{name}?" + "&".join(f"{k}={v.replace('+', '%2B')}" for k, v in query.items())
    )
    assert response.status_code == 200
    validate_list(response.json())
    return {obj["id"]: obj for obj in response.json()["data"]}


def _backdate(*objects):
    """Pretend everything so far happened a day ago."""
    earlier = timezone.now() - datetime.timedelta(days=1)
    for obj in objects:
        type(obj).objects.filter(pk=obj.pk).update(modified=earlier)


@pytest.fixture
def since(world):
    from participation.models import AgendaItem, Attachment, Board, Meeting, Membership, Minutes

    earlier = timezone.now() - datetime.timedelta(days=1)
    for model in (Board, Membership, Meeting, AgendaItem, Attachment, Minutes):
        model.objects.update(modified=earlier)
    return timezone.now() - datetime.timedelta(hours=1)


@pytest.mark.parametrize("name", LISTS)
def test_nothing_changed_means_nothing_is_listed(oparl, world, since, name):
    assert _ids(oparl, name, since) == {}


def test_a_changed_item_lists_the_item_and_the_meeting_that_embeds_it(oparl, world, since):
    world.item.outcome = "Einstimmig empfohlen"
    world.item.save()
    assert set(_ids(oparl, "agendaItem", since)) == {PREFIX + f"agendaItem/{world.item.pk}"}
    assert set(_ids(oparl, "meeting", since)) == {PREFIX + f"meeting/{world.meeting.pk}"}
    assert _ids(oparl, "person", since) == {}
    # A file's visibility hangs on its item: it counts as changed with it, others do not.
    assert set(_ids(oparl, "file", since)) == {PREFIX + f"file/{world.item_file.pk}"}


def test_a_new_member_who_consented_is_listed_as_person_and_membership(oparl, world, since):
    new = f.make_membership(f.make_seat(world.board), "Neu Mitglied")
    assert set(_ids(oparl, "person", since)) == {PREFIX + f"person/{new.pk}"}
    assert set(_ids(oparl, "membership", since)) == {PREFIX + f"membership/{new.pk}"}
    assert set(_ids(oparl, "organization", since)) == {PREFIX + f"organization/{world.board.pk}"}


def test_a_deleted_meeting_leaves_tombstones_for_it_its_items_and_files(oparl, world, since):
    meeting_pk, item_pk, file_pk = world.meeting.pk, world.item.pk, world.item_file.pk
    world.meeting.delete()
    meetings = _ids(oparl, "meeting", since)
    assert meetings == {
        PREFIX + f"meeting/{meeting_pk}": meetings[PREFIX + f"meeting/{meeting_pk}"]
    }
    assert meetings[PREFIX + f"meeting/{meeting_pk}"]["deleted"] is True
    assert set(_ids(oparl, "agendaItem", since)) == {PREFIX + f"agendaItem/{item_pk}"}
    assert PREFIX + f"file/{file_pk}" in _ids(oparl, "file", since)
    # The secret item and files were never public: no tombstone names them.
    assert not OParlTombstone.objects.filter(
        object_pk=world.secret_item.pk, object_type="AgendaItem"
    ).exists()
    assert oparl(f"meeting/{meeting_pk}").json()["deleted"] is True


def test_a_meeting_made_non_public_disappears_and_leaves_a_tombstone(oparl, world, since):
    world.meeting.is_public = False
    world.meeting.save()
    assert _ids(oparl, "meeting", since)[PREFIX + f"meeting/{world.meeting.pk}"]["deleted"]
    assert _ids(oparl, "agendaItem", since)[PREFIX + f"agendaItem/{world.item.pk}"]["deleted"]
    listed = oparl("body/1/meeting").json()["data"]
    assert PREFIX + f"meeting/{world.meeting.pk}" not in {m["id"] for m in listed}


def test_a_meeting_made_public_again_is_served_without_its_tombstone(oparl, world, since):
    world.meeting.is_public = False
    world.meeting.save()
    world.meeting.is_public = True
    world.meeting.save()
    meetings = _ids(oparl, "meeting", since)
    assert list(meetings) == [PREFIX + f"meeting/{world.meeting.pk}"]
    assert "deleted" not in meetings[PREFIX + f"meeting/{world.meeting.pk}"]
    assert "deleted" not in oparl(f"meeting/{world.meeting.pk}").json()


def test_a_withdrawn_consent_removes_the_person_and_leaves_tombstones(oparl, world, since):
    world.member.consent_to_publish = False
    world.member.save()
    people = _ids(oparl, "person", since)
    assert people == {
        PREFIX + f"person/{world.member.pk}": people[PREFIX + f"person/{world.member.pk}"]
    }
    assert set(people[PREFIX + f"person/{world.member.pk}"]) == {
        "id",
        "type",
        "created",
        "modified",
        "deleted",
    }
    assert _ids(oparl, "membership", since)[PREFIX + f"membership/{world.member.pk}"]["deleted"]
    assert "Erika" not in oparl("body/1/person").content.decode()


def test_tombstones_appear_only_for_changes_after_modified_since(oparl, world, since):
    pk = world.invitation.pk
    world.invitation.delete()
    assert _ids(oparl, "file", since)[PREFIX + f"file/{pk}"]["deleted"] is True
    later = timezone.now() + datetime.timedelta(minutes=1)
    assert _ids(oparl, "file", later) == {}
    # Without modified_since a list shows what exists, no tombstones.
    listed = oparl("body/1/file").json()["data"]
    assert PREFIX + f"file/{pk}" not in {obj["id"] for obj in listed}


def test_a_public_file_taken_as_pdf_of_draft_minutes_leaves_a_tombstone(oparl, world, since):
    meeting = f.make_meeting(world.board)
    document = f.make_attachment(meeting=meeting, title="Protokoll")
    f.make_minutes(meeting, pdf=document)
    files = _ids(oparl, "file", since)
    assert files[PREFIX + f"file/{document.pk}"]["deleted"] is True


def test_a_deleted_membership_leaves_tombstones_but_a_hidden_one_leaves_none(oparl, world, since):
    member_pk = world.member.pk
    world.member.delete()
    world.hidden_member.delete()
    assert set(_ids(oparl, "person", since)) == {PREFIX + f"person/{member_pk}"}
    assert set(OParlTombstone.objects.values_list("object_type", "object_pk")) == {
        ("Person", member_pk),
        ("Membership", member_pk),
    }
