"""The comment services: every rule refuses with a message and saves nothing half."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from guidelines import services
from guidelines.models import Comment, HideReason, ModerationAction, Report, Support, Version
from guidelines.services import ActionRefused
from tests.conftest import make_user
from tests.guidelines.factories import first_paragraph, make_comment, make_people, make_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def paragraph():
    return first_paragraph(make_version())


# --- adding comments -------------------------------------------------------------------


def test_resident_comment_is_published_at_depth_zero(paragraph, resident):
    comment = services.add_comment(author=resident, paragraph=paragraph, text="  Gute Idee.  ")

    assert comment.state == Comment.State.PUBLISHED
    assert comment.depth == 0
    assert comment.text == "Gute Idee."


def test_nul_bytes_are_stripped_from_comments(paragraph, resident):
    comment = services.add_comment(author=resident, paragraph=paragraph, text="Gu\x00te\x00 Idee")

    comment.refresh_from_db()
    assert comment.text == "Gute Idee"


def test_nul_bytes_are_stripped_from_report_details(paragraph, resident, other_resident):
    comment = make_comment(paragraph, other_resident)

    report = services.report_comment(
        comment=comment, user=resident, reason=HideReason.SPAM, details="Wer\x00bung"
    )

    report.refresh_from_db()
    assert report.details == "Werbung"


@pytest.mark.parametrize("text", ["", "   ", "\n\t ", "\x00\x00"])
def test_empty_comment_is_refused(paragraph, resident, text):
    with pytest.raises(ActionRefused) as refused:
        services.add_comment(author=resident, paragraph=paragraph, text=text)

    assert refused.value.code == "empty"
    assert not Comment.objects.exists()


def test_comment_over_the_maximum_length_is_refused(paragraph, resident):
    with pytest.raises(ActionRefused) as refused:
        services.add_comment(
            author=resident, paragraph=paragraph, text="x" * (settings.COMMENT_MAX_LENGTH + 1)
        )

    assert refused.value.code == "too_long"
    assert not Comment.objects.exists()


def test_comment_of_exactly_the_maximum_length_is_accepted(paragraph, resident):
    text = "x" * settings.COMMENT_MAX_LENGTH

    comment = services.add_comment(author=resident, paragraph=paragraph, text=text)

    assert len(comment.text) == settings.COMMENT_MAX_LENGTH


def test_unverified_person_cannot_comment(paragraph, unverified):
    with pytest.raises(PermissionDenied):
        services.add_comment(author=unverified, paragraph=paragraph, text="Hallo")

    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    "setup",
    [
        {"state": Version.State.CLOSED},
        {"state": Version.State.ADOPTED},
        {"opens": timezone.now() + timedelta(days=1), "closes": timezone.now() + timedelta(days=9)},
        {"opens": timezone.now() - timedelta(days=9), "closes": timezone.now() - timedelta(days=1)},
    ],
    ids=["closed", "adopted", "not-yet-open", "period-over"],
)
def test_comment_outside_the_comment_period_is_refused(resident, setup):
    paragraph = first_paragraph(make_version(**setup))

    with pytest.raises(ActionRefused) as refused:
        services.add_comment(author=resident, paragraph=paragraph, text="Zu spät")

    assert refused.value.code == "closed"


def test_premoderation_creates_a_pending_comment(resident):
    paragraph = first_paragraph(make_version(premoderation=True))

    comment = services.add_comment(author=resident, paragraph=paragraph, text="Bitte prüfen")

    assert comment.state == Comment.State.PENDING


# --- replies and their depth -----------------------------------------------------------


def test_replies_nest_up_to_the_maximum_depth(paragraph, resident, other_resident):
    parent = services.add_comment(author=resident, paragraph=paragraph, text="Ebene 0")
    for level in range(1, settings.COMMENT_MAX_DEPTH + 1):
        parent = services.add_comment(
            author=other_resident, paragraph=paragraph, text=f"Ebene {level}", parent=parent
        )
        assert parent.depth == level

    with pytest.raises(ActionRefused) as refused:
        services.add_comment(author=resident, paragraph=paragraph, text="zu tief", parent=parent)

    assert refused.value.code == "depth"
    assert Comment.objects.count() == settings.COMMENT_MAX_DEPTH + 1


def test_reply_must_stay_in_the_same_paragraph(resident, other_resident):
    version = make_version(paragraphs=2)
    first, second = version.paragraphs.order_by("order")
    comment = make_comment(first, other_resident)

    with pytest.raises(ActionRefused):
        services.add_comment(author=resident, paragraph=second, text="Hier", parent=comment)


@pytest.mark.parametrize("state", [Comment.State.HIDDEN, Comment.State.HELD, Comment.State.PENDING])
def test_reply_to_a_comment_that_is_not_published_is_refused(
    paragraph, resident, other_resident, state
):
    comment = make_comment(paragraph, other_resident, state=state)

    with pytest.raises(ActionRefused) as refused:
        services.add_comment(author=resident, paragraph=paragraph, text="Antwort", parent=comment)

    assert refused.value.code == "parent_state"


# --- editing and withdrawing -----------------------------------------------------------


def test_author_can_edit_within_the_window_and_it_is_marked(paragraph, resident):
    comment = make_comment(paragraph, resident, "Erste Fassung")

    services.edit_comment(comment=comment, user=resident, text="Zweite Fassung")

    comment.refresh_from_db()
    assert comment.text == "Zweite Fassung"
    assert comment.edited_at is not None


def test_editing_after_the_window_is_refused(paragraph, resident):
    written = timezone.now() - timedelta(minutes=settings.COMMENT_EDIT_WINDOW_MINUTES + 1)
    comment = make_comment(paragraph, resident, "Alt", created_at=written)

    with pytest.raises(ActionRefused) as refused:
        services.edit_comment(comment=comment, user=resident, text="Neu")

    assert refused.value.code == "edit_window"
    comment.refresh_from_db()
    assert comment.text == "Alt"


def test_editing_just_inside_the_window_is_allowed(paragraph, resident):
    written = timezone.now() - timedelta(minutes=settings.COMMENT_EDIT_WINDOW_MINUTES - 1)
    comment = make_comment(paragraph, resident, "Alt", created_at=written)

    services.edit_comment(comment=comment, user=resident, text="Neu")

    comment.refresh_from_db()
    assert comment.text == "Neu"


def test_nobody_can_edit_someone_elses_comment(paragraph, resident, moderator):
    comment = make_comment(paragraph, resident, "Meins")

    with pytest.raises(PermissionDenied):
        services.edit_comment(comment=comment, user=moderator, text="Geändert")


def test_editing_to_an_empty_text_is_refused_and_keeps_the_old_text(paragraph, resident):
    comment = make_comment(paragraph, resident, "Bleibt")

    with pytest.raises(ActionRefused):
        services.edit_comment(comment=comment, user=resident, text="   ")

    comment.refresh_from_db()
    assert comment.text == "Bleibt"
    assert comment.edited_at is None


def test_withdrawing_keeps_the_replies(paragraph, resident, other_resident):
    comment = make_comment(paragraph, resident, "Zurückzuziehen")
    reply = make_comment(paragraph, other_resident, "Antwort", parent=comment)

    services.withdraw_comment(comment=comment, user=resident)

    comment.refresh_from_db()
    assert comment.is_withdrawn
    assert not comment.shows_text
    assert Comment.objects.filter(pk=reply.pk, parent=comment).exists()


def test_withdrawing_twice_is_refused(paragraph, resident):
    comment = make_comment(paragraph, resident)
    services.withdraw_comment(comment=comment, user=resident)

    with pytest.raises(ActionRefused):
        services.withdraw_comment(comment=comment, user=resident)


def test_nobody_can_withdraw_someone_elses_comment(paragraph, resident, other_resident):
    comment = make_comment(paragraph, resident)

    with pytest.raises(PermissionDenied):
        services.withdraw_comment(comment=comment, user=other_resident)


# --- supports --------------------------------------------------------------------------


def test_supporting_twice_takes_the_support_back(paragraph, resident, other_resident):
    comment = make_comment(paragraph, other_resident)

    assert services.toggle_support(comment=comment, user=resident) is True
    comment.refresh_from_db()
    assert comment.support_count == 1

    assert services.toggle_support(comment=comment, user=resident) is False
    comment.refresh_from_db()
    assert comment.support_count == 0
    assert not Support.objects.exists()


def test_supporting_ones_own_comment_is_refused(paragraph, resident):
    comment = make_comment(paragraph, resident)

    with pytest.raises(ActionRefused):
        services.toggle_support(comment=comment, user=resident)


def test_supporting_after_the_period_is_refused(resident, other_resident):
    paragraph = first_paragraph(make_version(state=Version.State.CLOSED))
    comment = make_comment(paragraph, other_resident)

    with pytest.raises(ActionRefused):
        services.toggle_support(comment=comment, user=resident)


# --- reports ---------------------------------------------------------------------------


def test_reporting_twice_is_refused(paragraph, resident, other_resident):
    comment = make_comment(paragraph, other_resident)
    services.report_comment(comment=comment, user=resident, reason=HideReason.INSULT)

    with pytest.raises(ActionRefused) as refused:
        services.report_comment(comment=comment, user=resident, reason=HideReason.SPAM)

    assert refused.value.code == "twice"
    comment.refresh_from_db()
    assert comment.report_count == 1
    assert Report.objects.count() == 1


def test_report_needs_a_reason_from_the_terms_of_use(paragraph, resident, other_resident):
    comment = make_comment(paragraph, other_resident)

    with pytest.raises(ActionRefused) as refused:
        services.report_comment(comment=comment, user=resident, reason="99")

    assert refused.value.code == "reason"
    assert not Report.objects.exists()


def test_reaching_the_report_threshold_holds_the_comment_and_logs_it(paragraph, other_resident):
    threshold = paragraph.version.report_threshold
    comment = make_comment(paragraph, other_resident, "Strittig")
    reporters = [make_user(f"melder{i}@example.org", f"Melder {i}") for i in range(threshold)]

    for reporter in reporters[:-1]:
        services.report_comment(comment=comment, user=reporter, reason=HideReason.INSULT)
    comment.refresh_from_db()
    assert comment.state == Comment.State.PUBLISHED

    services.report_comment(comment=comment, user=reporters[-1], reason=HideReason.INSULT)

    comment.refresh_from_db()
    assert comment.state == Comment.State.HELD
    assert comment.report_count == threshold
    log = ModerationAction.objects.get(comment=comment)
    assert log.action == ModerationAction.Action.HOLD
    assert log.moderator is None


# --- moderation ------------------------------------------------------------------------


def test_moderators_skip_their_own_comments(paragraph, moderator, resident):
    own = make_comment(paragraph, moderator, "Von der Moderatorin")
    other = make_comment(paragraph, resident, "Von Anna")

    changed = services.moderate(
        comments=[own, other],
        moderator=moderator,
        action=ModerationAction.Action.HIDE,
        reason=HideReason.OFF_TOPIC,
    )

    assert changed == 1
    own.refresh_from_db()
    other.refresh_from_db()
    assert own.state == Comment.State.PUBLISHED
    assert other.state == Comment.State.HIDDEN
    assert other.hidden_reason == HideReason.OFF_TOPIC
    assert list(ModerationAction.objects.values_list("comment_id", flat=True)) == [other.pk]


def test_hiding_needs_a_public_reason(paragraph, moderator, resident):
    comment = make_comment(paragraph, resident)

    with pytest.raises(ActionRefused):
        services.moderate(
            comments=[comment], moderator=moderator, action=ModerationAction.Action.HIDE
        )

    comment.refresh_from_db()
    assert comment.state == Comment.State.PUBLISHED
    assert not ModerationAction.objects.exists()


def test_approving_publishes_pending_comments_and_logs_each(moderator):
    paragraph = first_paragraph(make_version(premoderation=True))
    authors = make_people(3)
    pending = [make_comment(paragraph, a, state=Comment.State.PENDING) for a in authors]

    changed = services.moderate(
        comments=pending, moderator=moderator, action=ModerationAction.Action.APPROVE
    )

    assert changed == 3
    assert set(Comment.objects.values_list("state", flat=True)) == {Comment.State.PUBLISHED}
    assert ModerationAction.objects.filter(moderator=moderator, action="approve").count() == 3
