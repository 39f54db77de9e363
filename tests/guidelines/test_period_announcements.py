"""Comment-period mails follow the version's state and its actual dates (ISSUE 15, item 4)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from guidelines.models import Version
from guidelines.notifications import announce_comment_periods
from participation.models import Event, OutboxMessage
from participation.notifications import set_follow
from tests.conftest import make_user
from tests.guidelines.factories import make_version

pytestmark = pytest.mark.django_db


def follower_of(version: Version):
    person = make_user("folgt@example.org", "Folgende")
    set_follow(user=person, target=version.document, follow=True)
    return person


def changes() -> list[str]:
    return [row.context["change"] for row in OutboxMessage.objects.filter(event=Event.PERIOD)]


@pytest.mark.parametrize("state", [Version.State.CLOSED, Version.State.ADOPTED])
def test_a_version_not_in_consultation_does_not_announce_an_opening(state):
    version = make_version(state=state, opens=timezone.now() - timedelta(hours=1))
    follower_of(version)

    announce_comment_periods()

    assert "the comment period has opened" not in changes()


def test_a_reopened_period_is_announced_again():
    version = make_version(opens=timezone.now() - timedelta(hours=1))
    follower_of(version)
    announce_comment_periods()
    assert changes() == ["the comment period has opened"]

    Version.objects.filter(pk=version.pk).update(
        comments_open_at=timezone.now() - timedelta(minutes=5)
    )
    announce_comment_periods()
    announce_comment_periods()

    assert changes().count("the comment period has opened") == 2


def test_an_extended_period_announces_its_new_end_once():
    now = timezone.now()
    version = make_version(opens=now - timedelta(days=7), closes=now - timedelta(hours=1))
    follower_of(version)
    announce_comment_periods()
    assert changes().count("the comment period has ended") == 1

    Version.objects.filter(pk=version.pk).update(comments_close_at=now - timedelta(minutes=1))
    announce_comment_periods()
    announce_comment_periods()

    assert changes().count("the comment period has ended") == 2


def test_moderation_labels_show_berlin_time():
    from guidelines.models import ModerationAction

    action = ModerationAction(action=ModerationAction.Action.HIDE)
    action.created_at = datetime(2026, 12, 6, 9, 30, tzinfo=UTC)

    assert "06.12.2026 10:30" in str(action)
