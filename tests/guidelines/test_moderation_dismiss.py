"""Dismissing reports: the moderator keeps a reported comment published, the decision is
logged, the comment leaves the queue until it is reported again, and nobody is mailed."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from guidelines import services
from guidelines.models import Comment, HideReason, ModerationAction, Report, Version
from participation.models import OutboxMessage, User
from participation.refusals import ActionRefused
from tests.guidelines.factories import first_paragraph, make_comment, make_people, make_version

QUEUE_URL = reverse("admin:guidelines_comment_changelist")


# The admin speaks German by default; tests read the English source strings.
pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def version(db) -> Version:
    return make_version()


@pytest.fixture
def people(version) -> tuple[User, User]:
    author, reporter = make_people(2)
    return author, reporter


def reported(version: Version, author: User | None, reporter: User, **fields) -> Comment:
    comment = make_comment(first_paragraph(version), author, "Gemeldet.", report_count=1, **fields)
    Report.objects.create(comment=comment, reporter=reporter, reason=HideReason.INSULT)
    return comment


def awaiting(comment: Comment) -> bool:
    return Comment.objects.filter(services.reported_undecided(), pk=comment.pk).exists()


def dismissed(comment: Comment) -> list[ModerationAction]:
    return list(
        ModerationAction.objects.filter(comment=comment, action=ModerationAction.Action.DISMISS)
    )


def queued(client, queue: str) -> set[int]:
    response = client.get(QUEUE_URL, {"queue": queue})
    assert response.status_code == 200
    return {comment.pk for comment in response.context["cl"].result_list}


def test_dismissing_keeps_the_comment_published_logs_it_and_mails_nobody(
    version, people, moderator, django_capture_on_commit_callbacks
):
    author, reporter = people
    comment = reported(version, author, reporter)
    mails = OutboxMessage.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        done = services.dismiss_reports(comments=[comment], moderator=moderator)

    comment.refresh_from_db()
    assert done == 1
    assert (comment.state, comment.report_count) == (Comment.State.PUBLISHED, 1)
    [entry] = dismissed(comment)
    assert (entry.moderator, entry.reason, entry.note) == (moderator, "", "")
    assert not awaiting(comment)
    assert OutboxMessage.objects.count() == mails


def test_a_report_after_the_dismissal_brings_the_comment_back(version, people, moderator, resident):
    author, reporter = people
    comment = reported(version, author, reporter)
    services.dismiss_reports(comments=[comment], moderator=moderator)

    services.report_comment(comment=comment, user=resident, reason=HideReason.SPAM)

    assert awaiting(comment)


def test_only_reported_undecided_published_comments_of_others_are_dismissed(
    version, people, moderator
):
    author, reporter = people
    own = reported(version, moderator, reporter)
    hidden = reported(version, author, reporter, state=Comment.State.HIDDEN)
    held = reported(version, author, reporter, state=Comment.State.HELD)
    unreported = make_comment(first_paragraph(version), author, "Nie gemeldet.")
    settled = reported(version, author, reporter)
    services.dismiss_reports(comments=[settled], moderator=moderator)

    done = services.dismiss_reports(
        comments=[own, hidden, held, unreported, settled], moderator=moderator
    )

    assert done == 0
    assert [len(dismissed(c)) for c in (own, hidden, held, unreported, settled)] == [0, 0, 0, 0, 1]
    assert Comment.objects.get(pk=hidden.pk).state == Comment.State.HIDDEN


def test_a_comment_page_opened_before_the_dismissal_is_refused_with_who_dismissed(
    version, people, moderator, english
):
    author, reporter = people
    comment = reported(version, author, reporter)
    services.dismiss_reports(comments=[comment], moderator=moderator)

    with pytest.raises(ActionRefused, match=r"Moderatorin .*reports dismissed"):
        services.require_no_decision_since(comment, 0)


def test_moderator_dismisses_reports_from_the_queue_and_the_comment_leaves_it(
    client, version, people, moderator
):
    author, reporter = people
    comment = reported(version, author, reporter)
    pending = make_comment(first_paragraph(version), author, "Wartet.", state="pending")
    client.force_login(moderator)
    assert comment.pk in queued(client, "action")

    response = client.post(
        QUEUE_URL,
        {"action": "dismiss", "_selected_action": [comment.pk, pending.pk], "index": 0},
        follow=True,
    )

    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Reports on 1 comment dismissed; it stays published.",
        "1 comment was left as it is: this action does not apply to its state.",
    ]
    assert len(dismissed(comment)) == 1
    assert Comment.objects.get(pk=pending.pk).state == Comment.State.PENDING
    assert comment.pk not in queued(client, "action") | queued(client, "reported")
    assert comment.pk in queued(client, "all")


def test_moderator_cannot_dismiss_reports_on_their_own_comment(client, version, people, moderator):
    _author, reporter = people
    own = reported(version, moderator, reporter)
    client.force_login(moderator)

    response = client.post(
        QUEUE_URL,
        {"action": "dismiss", "_selected_action": [own.pk], "index": 0, "queue": "all"},
        follow=True,
    )

    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["warning"]
    assert dismissed(own) == []


def test_staff_who_may_only_view_comments_cannot_dismiss_reports(client, version, people, editor):
    author, reporter = people
    comment = reported(version, author, reporter)
    client.force_login(editor)

    listing = client.get(QUEUE_URL)
    client.post(QUEUE_URL, {"action": "dismiss", "_selected_action": [comment.pk], "index": 0})

    assert listing.status_code == 200
    assert 'value="dismiss"' not in listing.content.decode()
    assert dismissed(comment) == []
