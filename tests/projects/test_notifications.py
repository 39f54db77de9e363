from datetime import date

import pytest
from django.core import mail
from django.utils import timezone

from participation.models import (
    EmailSubscription,
    Event,
    Frequency,
    NotificationPreference,
    OutboxMessage,
)
from participation.notifications import set_follow
from projects.models import Status
from projects.notifications import project_followers
from projects.services import put_on_agenda, record_change
from projects.services.changes import snapshot
from tests.conftest import make_user
from tests.projects.factories import make_district, make_project, make_request, make_topic

# Refusals and labels are asserted in their English source.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def instant(*users):
    for user in users:
        NotificationPreference.objects.create(
            user=user, event=Event.PROJECT_CHANGED, frequency=Frequency.INSTANT
        )
        NotificationPreference.objects.create(
            user=user, event=Event.REQUEST, frequency=Frequency.INSTANT
        )


@pytest.fixture
def entry(db):
    return make_project(
        "Spielplatz am Lindenhof",
        districts=[make_district("Lindenhof")],
        topics=[make_topic("Grün und Freiraum")],
        status=Status.PLANNING,
    )


def change_status(entry, editor, reason="Der Gemeinderat hat die Mittel bewilligt."):
    before = snapshot(entry)
    entry.status = Status.DECIDED
    entry.save()
    return record_change(project=entry, before=before, reason=reason, by=editor)


def test_a_person_following_entry_district_and_topic_gets_one_mail(resident, entry, editor):
    for target in (entry, entry.districts.get(), entry.topics.get()):
        set_follow(user=resident, target=target, follow=True)

    change_status(entry, editor)

    assert OutboxMessage.objects.filter(recipient=resident).count() == 1


def test_followers_of_a_district_or_topic_hear_of_the_entry(resident, other_resident, entry):
    set_follow(user=resident, target=entry.districts.get(), follow=True)
    set_follow(user=other_resident, target=entry.topics.get(), follow=True)
    bystander = make_user("c@example.org", "Unbeteiligt")
    set_follow(user=bystander, target=make_district("Nordstadt"), follow=True)

    assert project_followers(entry) == [resident, other_resident]


def test_change_mail_says_what_changed_and_why_in_german(resident, entry, editor, commit):
    set_follow(user=resident, target=entry, follow=True)
    instant(resident)

    with commit():
        change_status(entry, editor)

    [message] = mail.outbox
    assert message.subject == "Vorhabenliste: Spielplatz am Lindenhof"
    assert "hat sich geändert" in message.body
    assert "Grund: Der Gemeinderat hat die Mittel bewilligt." in message.body
    assert "→" in message.body
    assert f"/vorhaben/{entry.slug}/" in message.body
    html = message.alternatives[0][0]
    assert '<html lang="de">' in html
    assert "Der Gemeinderat hat die Mittel bewilligt." in html
    assert "red@example.org" not in message.body  # the editor stays anonymous


def test_change_mail_in_english_for_english_readers(resident, entry, editor, commit):
    resident.language = "en"
    resident.save()
    set_follow(user=resident, target=entry, follow=True)
    instant(resident)

    with commit():
        change_status(entry, editor)

    [message] = mail.outbox
    assert "An entry of the Vorhabenliste you follow has changed: status." in message.body
    # The public change log is kept in the city's language; the mail around it is English.
    assert "Status: In Planung → Beschlossen" in message.body


def test_email_only_subscribers_get_new_entries_and_changes(entry, editor):
    EmailSubscription.objects.create(
        email="abo@example.org", topic=EmailSubscription.Topic.PROJECTS, confirmed_at=timezone.now()
    )
    EmailSubscription.objects.create(email="unbestaetigt@example.org", topic="projects")

    change_status(entry, editor)

    assert list(OutboxMessage.objects.values_list("email", flat=True)) == ["abo@example.org"]


def test_the_same_change_is_never_announced_twice(resident, entry, editor):
    set_follow(user=resident, target=entry, follow=True)
    [change] = change_status(entry, editor)
    from projects.notifications import announce_changes

    announce_changes(entry, [change])

    assert OutboxMessage.objects.filter(recipient=resident).count() == 1


def test_new_entry_mail_has_the_short_description(resident, editor, commit):
    from projects.services import publish_project

    district = make_district("Weststadt")
    set_follow(user=resident, target=district, follow=True)
    instant(resident)
    draft = make_project(
        "Bürgerhaus Weststadt",
        published=False,
        summary="Ein **offenes** Haus.",
        districts=[district],
        start=date(2027, 1, 1),
    )

    with commit():
        publish_project(project=draft)

    [message] = mail.outbox
    assert "»Ein offenes Haus.«" in message.body


def test_anregung_steps_reach_author_and_supporters_once_each(editor, entry, commit):
    author, supporter = make_user("a@example.org", "Autorin"), make_user("s@example.org", "Sam")
    instant(author, supporter)
    request = make_request(entry, author=author, supporters=[supporter])

    with commit():
        put_on_agenda(request=request, by=editor, note="Sitzung am 12. Januar")

    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "s@example.org"]
    message = mail.outbox[0]
    assert message.subject == "Anregung: Spielplatz am Lindenhof"
    assert "Neuigkeiten zu einer Anregung" in message.body
    assert "Sitzung am 12. Januar" in message.body
    assert "Sitzung am 12. Januar" in message.alternatives[0][0]
