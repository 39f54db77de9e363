import time

import pytest
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from participation.board import services
from participation.board.services import ActionRefused
from participation.models import (
    EmailSubscription,
    Event,
    Follow,
    Frequency,
    Meeting,
    Minutes,
    NotificationPreference,
    OutboxMessage,
    User,
)
from participation.notifications import set_follow
from tests.conftest import make_user
from tests.participation.board.factories import make_board, make_meeting, make_minutes

# Refusals and labels are asserted in their English source.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def board():
    return make_board(name="Beteiligungsbeirat")


def follower(board, email, *, frequency=Frequency.INSTANT):
    user = make_user(email, email.split("@")[0])
    set_follow(user=user, target=board, follow=True)
    NotificationPreference.objects.create(user=user, event=Event.MINUTES, frequency=frequency)
    NotificationPreference.objects.create(user=user, event=Event.MEETING, frequency=frequency)
    return user


def subscriber(email):
    return EmailSubscription.objects.create(
        email=email, topic=EmailSubscription.Topic.MINUTES, confirmed_at=timezone.now()
    )


def test_publishing_mails_followers_and_subscribers_once_each(board, board_office, commit):
    anna = follower(board, "anna@example.org")
    follower(board, "ben@example.org")
    subscriber("presse@example.org")
    subscriber("anna@example.org")  # also follows: still one mail
    EmailSubscription.objects.create(email="nie@example.org", topic="minutes")  # unconfirmed
    minutes = make_minutes(
        make_meeting(board, title="3. Sitzung"), text="## TOP 1\n\nBericht <b>x</b>"
    )

    with commit():
        queued = services.publish_minutes(minutes=minutes, by=board_office)

    assert queued == 3
    assert sorted(m.to[0] for m in mail.outbox) == [
        "anna@example.org", "ben@example.org", "presse@example.org",
    ]  # fmt: skip
    message = next(m for m in mail.outbox if m.to == [anna.email])
    assert message.subject == "Protokoll veröffentlicht: Beteiligungsbeirat: 3. Sitzung"
    url = f"http://127.0.0.1:8000/beirat/protokolle/{minutes.meeting_id}/"
    assert url in message.body
    assert "TOP 1 Bericht x" in message.body
    html = message.alternatives[0][0]
    assert f'href="{url}"' in html
    assert "<b>x</b>" not in html
    minutes.refresh_from_db()
    assert minutes.state == Minutes.State.PUBLISHED
    assert minutes.published_by == board_office
    assert minutes.published_at is not None


def test_publishing_twice_is_refused_and_mails_nobody_again(board, board_office, commit):
    follower(board, "anna@example.org")
    minutes = make_minutes(make_meeting(board))
    with commit():
        services.publish_minutes(minutes=minutes, by=board_office)

    with pytest.raises(ActionRefused, match="already published"):
        services.publish_minutes(minutes=minutes, by=board_office)
    assert OutboxMessage.objects.count() == len(mail.outbox) == 1


def test_minutes_of_a_cancelled_meeting_or_empty_minutes_are_not_published(board, board_office):
    follower(board, "anna@example.org")
    cancelled = make_minutes(make_meeting(board, state=Meeting.State.CANCELLED))
    empty = make_minutes(make_meeting(board), text="   ")

    with pytest.raises(ActionRefused, match="cancelled"):
        services.publish_minutes(minutes=cancelled, by=board_office)
    with pytest.raises(ActionRefused, match="empty"):
        services.publish_minutes(minutes=empty, by=board_office)
    assert not Minutes.objects.published().exists()
    assert not OutboxMessage.objects.exists()


def test_drafts_are_never_announced(board):
    follower(board, "anna@example.org")
    subscriber("presse@example.org")
    minutes = make_minutes(make_meeting(board))
    minutes.text = "Neuer Entwurf"
    minutes.save()

    assert not OutboxMessage.objects.exists()


def test_followers_on_a_daily_digest_get_a_digest_row_not_an_instant_mail(board, board_office):
    follower(board, "anna@example.org", frequency=Frequency.DAILY)
    services.publish_minutes(minutes=make_minutes(make_meeting(board)), by=board_office)

    assert OutboxMessage.objects.get().frequency == Frequency.DAILY
    assert not mail.outbox


def test_minutes_can_be_approved_only_when_published_and_at_a_later_meeting(board, board_office):
    first = make_meeting(board, starts_at=timezone.now() - timezone.timedelta(days=60))
    later = make_meeting(board, starts_at=timezone.now() - timezone.timedelta(days=5))
    minutes = make_minutes(first)
    with pytest.raises(ActionRefused, match="Publish the minutes"):
        services.approve_minutes(minutes=minutes, at_meeting=later)
    services.publish_minutes(minutes=minutes, by=board_office)
    with pytest.raises(ActionRefused, match="later meeting"):
        services.approve_minutes(minutes=minutes, at_meeting=first)

    services.approve_minutes(minutes=minutes, at_meeting=later)

    minutes.refresh_from_db()
    assert (minutes.state, minutes.approved_at_meeting) == (Minutes.State.APPROVED, later)


def test_scheduling_cancelling_and_postponing_tell_followers_once_per_change(board, commit):
    follower(board, "anna@example.org")
    meeting = Meeting(
        board=board,
        number=1,
        title="1. Sitzung",
        place="Rathaus",
        starts_at=timezone.now() + timezone.timedelta(days=10),
    )
    with commit():
        services.schedule_meeting(meeting=meeting)
        services.postpone_meeting(meeting=meeting, starts_at=None, reason="Krankheit")
        services.cancel_meeting(meeting=meeting, reason="Raum nicht verfügbar")

    assert [m.subject for m in mail.outbox] == ["Beirat: Beteiligungsbeirat: 1. Sitzung"] * 3
    bodies = [m.body for m in mail.outbox]
    assert "Raum nicht verfügbar" in bodies[2]
    assert "Krankheit" in bodies[1]
    meeting.refresh_from_db()
    assert (meeting.state, meeting.sequence) == (Meeting.State.CANCELLED, 2)
    with pytest.raises(ActionRefused, match="already cancelled"):
        services.cancel_meeting(meeting=meeting)


def test_non_public_meetings_are_not_announced(board):
    follower(board, "anna@example.org")
    services.schedule_meeting(
        meeting=Meeting(
            board=board,
            number=1,
            is_public=False,
            starts_at=timezone.now() + timezone.timedelta(days=3),
        )
    )
    assert not OutboxMessage.objects.exists()


def test_a_meeting_without_a_date_is_refused_with_a_message(board):
    with pytest.raises(ActionRefused):
        services.schedule_meeting(meeting=Meeting(board=board, number=1, starts_at=None))
    assert not Meeting.objects.exists()


def many_followers(board, count, prefix="f"):
    password = make_password(None)
    users = User.objects.bulk_create(
        User(
            email=f"{prefix}{i}@example.org", display_name=f"{prefix.upper()}{i}", password=password
        )
        for i in range(count)
    )
    board_type = ContentType.objects.get_for_model(board)
    Follow.objects.bulk_create(
        Follow(user=user, content_type=board_type, object_id=board.pk) for user in users
    )


OUTBOX = '"participation_outboxmessage"'


def publish_counting_queries(minutes, by):
    """(queries other than outbox inserts, outbox insert batches) of one publish."""
    with CaptureQueriesContext(connection) as queries:
        queued = services.publish_minutes(minutes=minutes, by=by)
    sql = [q["sql"] for q in queries.captured_queries]
    inserts = sum(s.startswith("INSERT") and OUTBOX in s.split("(")[0] for s in sql)
    return queued, len(sql) - inserts, inserts


def test_publishing_needs_the_same_queries_for_10_and_2000_followers(board, board_office):
    other = make_board()
    many_followers(board, 10, prefix="a")
    many_followers(other, 2000, prefix="b")
    subscriber("presse@example.org")
    publish_counting_queries(make_minutes(make_meeting(make_board())), board_office)  # warm caches

    _, few, _ = publish_counting_queries(make_minutes(make_meeting(board)), board_office)
    _, many, _ = publish_counting_queries(make_minutes(make_meeting(other)), board_office)

    # Only the number of bulk insert batches grows (1,000 rows each on PostgreSQL).
    assert few == many <= 8


def test_publishing_to_10000_followers_writes_the_outbox_in_under_5_seconds(board, board_office):
    many_followers(board, 10_000)
    minutes = make_minutes(make_meeting(board))

    started = time.perf_counter()
    queued, other_queries, insert_batches = publish_counting_queries(minutes, board_office)
    elapsed = time.perf_counter() - started

    print(
        f"\npublish_minutes to 10,000 followers on {connection.vendor}: {elapsed:.2f} s, "
        f"{other_queries} queries + {insert_batches} insert batches"
    )
    assert queued == OutboxMessage.objects.filter(event=Event.MINUTES).count() == 10_000
    assert other_queries <= 8
    if connection.vendor == "postgresql":
        assert insert_batches == 10
    assert elapsed < 5


def test_a_new_time_or_place_of_a_coming_meeting_is_announced_other_edits_are_not(board):
    follower(board, "anna@example.org")
    meeting = make_meeting(board)

    meeting.title = "Sondersitzung"
    services.change_meeting(meeting=meeting, changed={"title"})
    assert not OutboxMessage.objects.exists()

    meeting.place = "Bürgerhaus Nord"
    services.change_meeting(meeting=meeting, changed={"place"})
    row = OutboxMessage.objects.get()
    assert row.context["change"] == "date, time or place changed"
    assert "Bürgerhaus Nord" in row.context["excerpt"]


def test_minutes_of_a_non_public_meeting_are_published_without_mail(board, board_office):
    follower(board, "anna@example.org")
    subscriber("presse@example.org")
    minutes = make_minutes(make_meeting(board, is_public=False))

    assert services.publish_minutes(minutes=minutes, by=board_office) == 0
    assert not OutboxMessage.objects.exists()
