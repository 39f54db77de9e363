"""Staff never overwrite each other unseen, and residents get one mail per final answer.

The parallel versions of these races run against a live server in test_concurrency.py;
here the "meanwhile" is a save made between opening a form and sending it.
"""

from uuid import uuid4

import pytest
from django.urls import reverse
from django.utils import timezone

from guidelines import responses, services
from guidelines.models import Comment, Disposition, HideReason, ModerationAction, Response, Version
from participation.models import Event, OutboxMessage
from tests.guidelines.factories import first_paragraph, make_comment, make_version
from tests.guidelines.test_admin import change_form_data


@pytest.fixture
def client(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def published(db) -> Version:
    return make_version(state=Version.State.CLOSED, responses_published_at=timezone.now())


def response_mails() -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(event=Event.RESPONSE).order_by("pk"))


# --- responses ----------------------------------------------------------------------------


def test_an_answer_changed_meanwhile_is_shown_instead_of_overwritten(
    client, editor, published, resident
):
    comment = make_comment(first_paragraph(published), resident, "Mehr Abendtermine.")
    [response] = responses.respond(
        version=published, comments=[comment], disposition="noted", reasoning="Erste Antwort."
    )
    url = reverse("admin:guidelines_response_change", args=[response.pk])
    client.force_login(editor)
    data = change_form_data(client.get(url))
    # Meanwhile a colleague answers again.
    responses.respond(
        version=published,
        comments=[comment],
        disposition="rejected",
        reasoning="Antwort der Kollegin.",
        based_on={comment.pk: 1},
    )
    data.update(disposition="adopted", reasoning="Meine Antwort.")

    refused = client.post(url, data)

    assert refused.status_code == 200
    page = refused.content.decode()
    assert "answered meanwhile" in page
    assert "Antwort der Kollegin." in page  # theirs …
    assert "Meine Antwort." in page  # … and mine, still in the form
    response.refresh_from_db()
    assert (response.reasoning, response.revision) == ("Antwort der Kollegin.", 2)

    # Having seen it, saving again is a deliberate decision and goes through.
    again = client.post(url, change_form_data(refused) | {"reasoning": "Meine Antwort."})

    assert again.status_code == 302
    response.refresh_from_db()
    assert (response.reasoning, response.revision) == ("Meine Antwort.", 3)


def test_the_evaluation_refuses_answers_to_comments_answered_since_the_page_opened(
    client, editor, published, resident
):
    paragraph = first_paragraph(published)
    comment = make_comment(paragraph, resident)
    url = reverse(
        "admin:guidelines_response_evaluate_paragraph", args=[published.pk, paragraph.key]
    )
    client.force_login(editor)
    assert f'name="revision-{comment.pk}" value="0"' in client.get(url).content.decode()
    responses.respond(version=published, comments=[comment], disposition="noted", reasoning="Da.")

    refused = client.post(
        url,
        {
            "comments": [comment.pk],
            f"revision-{comment.pk}": 0,
            "disposition": Disposition.REJECTED,
            "reasoning": "Meine Begründung",
            "answered_by": "Referat",
        },
    )

    assert refused.status_code == 400
    page = refused.content.decode()
    assert "answered meanwhile" in page
    assert "Meine Begründung" in page
    # The page now shows the current revision, so the next save is based on it.
    assert f'name="revision-{comment.pk}" value="1"' in page
    assert Response.objects.get(comment=comment).reasoning == "Da."
    assert len(response_mails()) == 1


def test_one_mail_per_revision_and_a_changed_answer_says_so(published, resident):
    comment = make_comment(first_paragraph(published), resident)

    responses.respond(version=published, comments=[comment], disposition="noted", reasoning="A")
    responses.publish_commented_version(version=published)  # again: nothing new
    responses.respond(version=published, comments=[comment], disposition="noted", reasoning="B")

    first, second = response_mails()
    assert first.context["changed"] is False
    assert second.context["changed"] is True
    assert second.context["items"][0]["reasoning"] == "B"


def test_answers_revised_before_publication_are_mailed_once_as_new(closed_version, resident):
    comment = make_comment(first_paragraph(closed_version), resident)
    for reasoning in ("Entwurf", "Besser", "Endgültig"):
        responses.respond(
            version=closed_version, comments=[comment], disposition="noted", reasoning=reasoning
        )

    responses.publish_commented_version(version=closed_version)
    responses.publish_commented_version(version=closed_version)

    [mail] = response_mails()
    assert (mail.context["items"][0]["reasoning"], mail.context["changed"]) == ("Endgültig", False)


@pytest.fixture
def closed_version(db) -> Version:
    return make_version(state=Version.State.CLOSED)


# --- moderation ---------------------------------------------------------------------------


def test_a_decision_taken_meanwhile_is_shown_instead_of_overridden(
    client, moderator, admin_user, resident
):
    target = make_comment(
        first_paragraph(make_version()), resident, state=Comment.State.HELD, report_count=3
    )
    url = reverse("admin:guidelines_comment_change", args=[target.pk])
    client.force_login(moderator)
    data = change_form_data(client.get(url))
    services.moderate(
        comments=[target], moderator=admin_user, action="restore", note="Harmlos, gesehen."
    )
    data.update(state=Comment.State.HIDDEN, hidden_reason=HideReason.INSULT)

    refused = client.post(url, data)

    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Changed meanwhile by" in page
    assert "Harmlos, gesehen." in page
    target.refresh_from_db()
    assert target.state == Comment.State.PUBLISHED
    assert ModerationAction.objects.filter(comment=target).count() == 1

    again = client.post(url, change_form_data(refused) | {"hidden_reason": HideReason.INSULT})

    assert again.status_code == 302
    target.refresh_from_db()
    assert (target.state, target.hidden_reason) == (Comment.State.HIDDEN, HideReason.INSULT)


def test_a_second_restore_decides_nothing_and_mails_nobody(moderator, admin_user, resident):
    target = make_comment(
        first_paragraph(make_version()), resident, state=Comment.State.HELD, report_count=3
    )
    stale = Comment.objects.get(pk=target.pk)  # as the second moderator's list showed it

    assert services.moderate(comments=[target], moderator=moderator, action="restore") == 1
    assert services.moderate(comments=[stale], moderator=admin_user, action="restore") == 0

    assert ModerationAction.objects.filter(comment=target).count() == 1
    assert OutboxMessage.objects.filter(event=Event.MODERATION).count() == 1


# --- residents ----------------------------------------------------------------------------


def test_a_comment_sent_twice_with_one_token_is_stored_once(resident):
    paragraph = first_paragraph(make_version())
    token = uuid4()

    first = services.add_comment(
        author=resident, paragraph=paragraph, text="Hallo", submission=token
    )
    again = services.add_comment(
        author=resident, paragraph=paragraph, text="Hallo", submission=token
    )

    assert again.pk == first.pk
    assert Comment.objects.count() == 1


def test_a_token_used_elsewhere_is_refused(resident):
    version = make_version(paragraphs=2)
    one, two = version.paragraphs.order_by("order")
    token = uuid4()
    services.add_comment(author=resident, paragraph=one, text="Hier", submission=token)

    with pytest.raises(services.ActionRefused, match="already been used"):
        services.add_comment(author=resident, paragraph=two, text="Dort", submission=token)


def test_a_form_without_its_token_is_returned_with_the_text(client, resident):
    paragraph = first_paragraph(make_version())
    client.force_login(resident)
    url = reverse(
        "guidelines:comment",
        kwargs={
            "slug": paragraph.version.document.slug,
            "pk": paragraph.version_id,
            "key": paragraph.key,
        },
    )

    response = client.post(url, {"text": "Aus einem alten Tab"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "This form is out of date" in page
    assert "Aus einem alten Tab" in page
    assert 'name="submission" value="' in page
    assert not Comment.objects.exists()
