"""Every change the public sees reaches the next anonymous request despite the page cache.

Each test reads a page anonymously (which stores it), makes the change through the
service or model save that the site uses, and reads again. Bumps happen on commit, so
the change runs inside ``django_capture_on_commit_callbacks(execute=True)``.
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from guidelines import responses, services
from guidelines.models import Comment, Disposition, ModerationAction, Paragraph, Version
from tests.conftest import make_user
from tests.guidelines.factories import first_paragraph, make_comment, make_version

pytestmark = pytest.mark.usefixtures("page_cache", "english")


@pytest.fixture
def version(db):
    return make_version()


@pytest.fixture
def paragraph(version):
    return first_paragraph(version)


@pytest.fixture
def change(django_capture_on_commit_callbacks):
    """Run the block as a committed transaction would: with its on-commit callbacks."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def read(url: str) -> str:
    """An anonymous reader, fresh each time (no cookies), as most readers are."""
    response = Client(headers={"accept-language": "en"}).get(url)
    assert response.status_code == 200
    return response.content.decode()


def thread_url(paragraph: Paragraph) -> str:
    return paragraph.get_absolute_url()


def test_a_new_comment_shows_in_its_thread_and_in_the_counts(paragraph, version, resident, change):
    read(thread_url(paragraph))
    read(version.get_absolute_url())

    with change():
        services.add_comment(author=resident, paragraph=paragraph, text="Neu und sichtbar")

    assert "Neu und sichtbar" in read(thread_url(paragraph))
    assert "1 comment" in read(version.get_absolute_url())


def test_an_edited_comment_shows_its_new_text(paragraph, resident, change):
    comment = make_comment(paragraph, resident, "Alter Wortlaut")
    read(thread_url(paragraph))

    with change():
        services.edit_comment(comment=comment, user=resident, text="Neuer Wortlaut")

    page = read(thread_url(paragraph))
    assert "Neuer Wortlaut" in page
    assert "Alter Wortlaut" not in page


def test_a_withdrawn_comment_loses_its_text(paragraph, resident, change):
    comment = make_comment(paragraph, resident, "Bald zurückgezogen")
    read(thread_url(paragraph))

    with change():
        services.withdraw_comment(comment=comment, user=resident)

    assert "Bald zurückgezogen" not in read(thread_url(paragraph))


def test_a_support_changes_the_count_shown(paragraph, resident, other_resident, change):
    comment = make_comment(paragraph, other_resident, "Unterstützenswert")
    # No count is shown while there is no support ("0 supports" is not written).
    assert "1 support" not in read(thread_url(paragraph))

    with change():
        services.toggle_support(comment=comment, user=resident)
    assert "1 support" in read(thread_url(paragraph))

    with change():
        services.toggle_support(comment=comment, user=resident)
    assert "1 support" not in read(thread_url(paragraph))


def test_the_report_that_holds_a_comment_takes_its_text_away(paragraph, other_resident, change):
    comment = make_comment(paragraph, other_resident, "Umstrittener Beitrag")
    Version.objects.filter(pk=paragraph.version_id).update(report_threshold=1)
    paragraph.version.refresh_from_db()
    reporter = make_user("melder@example.org", "Melder")
    assert "Umstrittener Beitrag" in read(thread_url(paragraph))

    with change():
        services.report_comment(comment=comment, user=reporter, reason="1")

    assert Comment.objects.get(pk=comment.pk).state == Comment.State.HELD
    assert "Umstrittener Beitrag" not in read(thread_url(paragraph))


# The next three need the lead's call of guidelines.invalidation.comments_changed in
# guidelines.services.moderate (it writes with QuerySet.update(), which sends no signal).


def test_a_hidden_comment_loses_its_text(paragraph, other_resident, moderator, change):
    comment = make_comment(paragraph, other_resident, "Wird verborgen")
    read(thread_url(paragraph))

    with change():
        services.moderate(
            comments=[comment], moderator=moderator, action=ModerationAction.Action.HIDE, reason="1"
        )

    assert "Wird verborgen" not in read(thread_url(paragraph))


def test_a_restored_comment_shows_again(paragraph, other_resident, moderator, change):
    comment = make_comment(
        paragraph, other_resident, "Wieder da", state=Comment.State.HIDDEN, hidden_reason="1"
    )
    assert "Wieder da" not in read(thread_url(paragraph))

    with change():
        services.moderate(
            comments=[comment], moderator=moderator, action=ModerationAction.Action.RESTORE
        )

    assert "Wieder da" in read(thread_url(paragraph))


def test_an_approved_comment_appears(paragraph, other_resident, moderator, change):
    comment = make_comment(paragraph, other_resident, "Vorab geprüft", state=Comment.State.PENDING)
    assert "Vorab geprüft" not in read(thread_url(paragraph))

    with change():
        services.moderate(
            comments=[comment], moderator=moderator, action=ModerationAction.Action.APPROVE
        )

    assert "Vorab geprüft" in read(thread_url(paragraph))


def test_published_responses_show_in_thread_commented_version_and_report(
    paragraph, version, other_resident, change
):
    comment = make_comment(paragraph, other_resident, "Bitte beantworten")
    read(thread_url(paragraph))
    read(
        reverse(
            "guidelines:version_report", kwargs={"slug": version.document.slug, "pk": version.pk}
        )
    )

    with change():
        responses.respond(
            version=version,
            comments=[comment],
            disposition=Disposition.ADOPTED,
            reasoning="Wir übernehmen das gern.",
        )
        responses.publish_commented_version(version=version)

    assert "Wir übernehmen das gern." in read(thread_url(paragraph))
    commented = reverse(
        "guidelines:commented", kwargs={"slug": version.document.slug, "pk": version.pk}
    )
    assert "Wir übernehmen das gern." in read(commented)

    with change():
        responses.respond(
            version=version,
            comments=[comment],
            disposition=Disposition.NOTED,
            reasoning="Zur Kenntnis genommen.",
        )

    assert "Zur Kenntnis genommen." in read(commented)
    assert "Zur Kenntnis genommen." in read(thread_url(paragraph))


def test_a_closed_period_shows_on_every_page_of_the_version(version, paragraph, change):
    assert "state-badge--open" in read(version.get_absolute_url())
    assert "state-badge--open" in read(thread_url(paragraph))
    assert "state-badge--open" in read(reverse("guidelines:document_list"))

    with change():
        version.state = Version.State.CLOSED
        version.save()

    assert "state-badge--closed" in read(version.get_absolute_url())
    assert "state-badge--closed" in read(thread_url(paragraph))
    assert "state-badge--closed" in read(reverse("guidelines:document_list"))


def test_a_moved_period_shows_at_once(version, change):
    assert "state-badge--open" in read(version.get_absolute_url())

    with change():
        version.comments_open_at = timezone.now() + timedelta(days=2)
        version.save()

    assert "state-badge--upcoming" in read(version.get_absolute_url())


def test_an_edited_paragraph_shows_its_new_text(version, paragraph, change):
    compare = reverse("guidelines:compare", kwargs={"slug": version.document.slug})
    read(version.get_absolute_url())
    read(thread_url(paragraph))
    read(compare)

    with change():
        paragraph.text = "Ein ganz neuer Absatztext."
        paragraph.save()

    assert "Ein ganz neuer Absatztext." in read(version.get_absolute_url())
    assert "Ein ganz neuer Absatztext." in read(thread_url(paragraph))
    assert "Ein ganz neuer Absatztext." in read(compare)


def test_a_comment_elsewhere_leaves_a_thread_cached(
    version, paragraph, resident, change, django_assert_num_queries
):
    other = Paragraph.objects.get(version=version, order=2)
    read(thread_url(paragraph))

    with change():
        services.add_comment(author=resident, paragraph=other, text="Anderswo")

    with django_assert_num_queries(0):
        read(thread_url(paragraph))
