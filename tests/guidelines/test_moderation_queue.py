"""The moderation queue opens on what needs a decision, with a count per section."""

import re

import pytest
from django.urls import reverse

from guidelines.models import Comment, HideReason, ModerationAction, Report, Version
from tests.guidelines.factories import first_paragraph, make_comment, make_people, make_version

QUEUE_URL = reverse("admin:guidelines_comment_changelist")


# The admin speaks German by default; tests read the English source strings.
pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def version(db) -> Version:
    return make_version(label="Entwurf Mai 2026")


@pytest.fixture
def comments(version, moderator) -> dict[str, Comment]:
    """One comment of each kind; ``settled`` was reported, then a moderator kept it."""
    paragraph = first_paragraph(version)
    anna, ben = make_people(2)
    made = {
        "published": make_comment(paragraph, anna, "Schon veröffentlicht."),
        "pending": make_comment(paragraph, anna, "Wartet.", state=Comment.State.PENDING),
        "held": make_comment(paragraph, ben, "Zurückgehalten.", state=Comment.State.HELD),
        "hidden": make_comment(
            paragraph, ben, "Verborgen.", state=Comment.State.HIDDEN, hidden_reason=HideReason.SPAM
        ),
        "reported": make_comment(paragraph, anna, "Gemeldet.", report_count=1),
        "settled": make_comment(paragraph, ben, "Gemeldet, aber geprüft.", report_count=1),
    }
    Report.objects.create(comment=made["reported"], reporter=ben, reason=HideReason.INSULT)
    Report.objects.create(comment=made["settled"], reporter=anna, reason=HideReason.INSULT)
    ModerationAction.objects.create(
        comment=made["settled"], moderator=moderator, action=ModerationAction.Action.NOTE
    )
    return made


def listed(response) -> set[int]:
    assert response.status_code == 200
    return {comment.pk for comment in response.context["cl"].result_list}


def nav_links(page: str) -> dict[str, str]:
    """The queue's navigation: link text → the current marker (or "")."""
    nav = re.search(r'<nav class="queue-nav".*?</nav>', page, re.DOTALL)
    assert nav is not None
    return {
        text: current
        for current, text in re.findall(
            r'<a href="[^"]*"( aria-current="page")?>([^<]*)</a>', nav[0]
        )
    }


def test_the_queue_opens_on_pending_held_and_undecided_reported_comments(
    client, moderator, comments
):
    client.force_login(moderator)

    response = client.get(QUEUE_URL)

    assert listed(response) == {comments[k].pk for k in ("pending", "held", "reported")}
    assert nav_links(response.content.decode()) == {
        "Needs a decision: 3": ' aria-current="page"',
        "Awaiting moderation: 1": "",
        "Held after reports: 1": "",
        "Reported: 1": "",
        "All comments: 6": "",
        "objection open: 0": "",
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"queue": "pending"}, {"pending"}),
        ({"queue": "held"}, {"held"}),
        ({"queue": "reported"}, {"reported"}),
        ({"queue": "all"}, {"published", "pending", "held", "hidden", "reported", "settled"}),
        # Another filter or a search shows everything it matches, published comments too.
        ({"state__exact": "published"}, {"published", "reported", "settled"}),
        ({"q": "veröffentlicht"}, {"published"}),
    ],
)
def test_a_section_filter_or_search_lists_what_it_matches(
    client, moderator, comments, params, expected
):
    client.force_login(moderator)

    response = client.get(QUEUE_URL, params)

    assert listed(response) == {comments[k].pk for k in expected}


def test_the_chosen_section_is_marked_and_none_while_another_filter_narrows(
    client, moderator, comments
):
    client.force_login(moderator)

    held = nav_links(client.get(QUEUE_URL, {"queue": "held"}).content.decode())
    filtered = nav_links(client.get(QUEUE_URL, {"state__exact": "hidden"}).content.decode())

    assert [text for text, current in held.items() if current] == ["Held after reports: 1"]
    assert not any(filtered.values())


def test_hiding_a_comment_settles_its_reports(client, moderator, comments):
    client.force_login(moderator)
    ModerationAction.objects.create(
        comment=comments["reported"],
        moderator=moderator,
        action=ModerationAction.Action.HIDE,
        reason=HideReason.INSULT,
    )
    Comment.objects.filter(pk=comments["reported"].pk).update(state=Comment.State.HIDDEN)

    assert listed(client.get(QUEUE_URL)) == {comments["pending"].pk, comments["held"].pk}


def test_a_report_after_the_last_decision_brings_the_comment_back(client, moderator, comments):
    anna = make_people(1)[0]
    Report.objects.create(comment=comments["settled"], reporter=anna, reason=HideReason.SPAM)
    Comment.objects.filter(pk=comments["settled"].pk).update(report_count=2)
    client.force_login(moderator)

    assert comments["settled"].pk in listed(client.get(QUEUE_URL))


def test_select_all_in_the_opening_queue_acts_only_on_what_it_shows(client, moderator, comments):
    client.force_login(moderator)
    data = {
        "action": "hide",
        "_selected_action": [comments["pending"].pk],
        "select_across": "1",
        "index": 0,
        "post": "yes",
        "reason": HideReason.SPAM,
    }

    response = client.post(QUEUE_URL, data)

    assert response.status_code == 302
    hidden = set(Comment.objects.filter(state=Comment.State.HIDDEN).values_list("pk", flat=True))
    assert hidden == {comments[k].pk for k in ("pending", "held", "reported", "hidden")}


def test_the_document_title_is_shown_once_above_a_list_of_one_document(
    client, moderator, comments, version
):
    client.force_login(moderator)

    response = client.get(QUEUE_URL, {"queue": "all"})

    page = response.content.decode()
    title = version.document.title
    assert page.count(title) == 1
    assert f"Comments on “{title}”" in page
    assert "document" not in response.context["cl"].list_display
    assert "Entwurf Mai 2026 · Para. 1" in page


def test_with_comments_on_two_documents_each_row_names_its_document(
    client, moderator, comments, version
):
    other = make_version(label="Entwurf Juni 2026")
    make_comment(first_paragraph(other), None, "Zum anderen Dokument.", state="pending")
    client.force_login(moderator)

    response = client.get(QUEUE_URL)
    narrowed = client.get(QUEUE_URL, {"paragraph__version__id__exact": other.pk})

    assert "document" in response.context["cl"].list_display
    assert "Comments on" not in response.content.decode()
    assert "document" not in narrowed.context["cl"].list_display
    assert f"Comments on “{other.document.title}”" in narrowed.content.decode()


def test_the_state_column_counts_the_reports(client, moderator, comments):
    client.force_login(moderator)

    page = client.get(QUEUE_URL).content.decode()

    assert "Published, 1 report" in page
