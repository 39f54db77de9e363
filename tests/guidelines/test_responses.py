import pytest
from django.core import mail

from guidelines import responses
from guidelines.models import Disposition, Response
from guidelines.services import ActionRefused
from participation.models import Event, OutboxMessage
from tests.guidelines.factories import first_paragraph, make_comment, make_version


@pytest.fixture
def closed(db):
    return make_version(state="closed")


def test_respond_gives_several_comments_one_disposition(closed, resident, other_resident, editor):
    paragraph = first_paragraph(closed)
    comments = [make_comment(paragraph, resident), make_comment(paragraph, other_resident)]

    made = responses.respond(
        version=closed,
        comments=comments,
        disposition=Disposition.ADOPTED,
        reasoning="Wir haben den Absatz **umformuliert**.",
        author=editor,
    )

    assert len(made) == 2
    assert {r.disposition for r in Response.objects.all()} == {"adopted"}
    assert made[0].answered_by == "Stadtverwaltung"
    assert "<strong>umformuliert</strong>" in made[0].reasoning_html
    assert responses.progress(closed) == (2, 2)


def test_answering_again_replaces_the_response(closed, resident):
    comment = make_comment(first_paragraph(closed), resident)

    responses.respond(version=closed, comments=[comment], disposition="noted", reasoning="a")
    responses.respond(version=closed, comments=[comment], disposition="rejected", reasoning="b")

    assert Response.objects.get().disposition == "rejected"


def test_withdrawn_comments_and_other_versions_are_refused(closed, resident):
    from django.utils import timezone

    withdrawn = make_comment(first_paragraph(closed), resident, withdrawn_at=timezone.now())
    other = make_comment(first_paragraph(make_version(state="closed")), resident)

    with pytest.raises(ActionRefused, match=r"zurückgezogen|withdrawn"):
        responses.respond(version=closed, comments=[withdrawn], disposition="noted", reasoning="")
    with pytest.raises(ActionRefused, match=r"anderen Fassung|another version"):
        responses.respond(version=closed, comments=[other], disposition="noted", reasoning="")
    with pytest.raises(ActionRefused):
        responses.respond(version=closed, comments=[], disposition="noted", reasoning="")
    assert not Response.objects.exists()


def test_result_paragraphs_must_belong_to_a_later_version_of_the_document(closed, resident):
    comment = make_comment(first_paragraph(closed), resident)
    adopted = make_version(state="adopted", document=closed.document, label="Beschluss")
    unrelated = make_version(state="adopted")

    responses.respond(
        version=closed,
        comments=[comment],
        disposition="adopted",
        reasoning="",
        result_paragraphs=[first_paragraph(adopted)],
    )
    assert list(Response.objects.get().result_paragraphs.all()) == [first_paragraph(adopted)]

    for wrong in (first_paragraph(unrelated), first_paragraph(closed)):
        with pytest.raises(ActionRefused):
            responses.respond(
                version=closed,
                comments=[comment],
                disposition="adopted",
                reasoning="",
                result_paragraphs=[wrong],
            )


def test_commenters_are_told_when_the_commented_version_is_published(
    closed, resident, other_resident, django_capture_on_commit_callbacks
):
    comment = make_comment(first_paragraph(closed), resident)
    responses.respond(version=closed, comments=[comment], disposition="partly", reasoning="Teils.")
    assert not OutboxMessage.objects.filter(event=Event.RESPONSE).exists()

    with django_capture_on_commit_callbacks(execute=True):
        assert responses.publish_commented_version(version=closed) == 1

    closed.refresh_from_db()
    assert closed.responses_published_at is not None
    message = mail.outbox[0]
    assert message.to == ["anna@example.org"]
    assert "teilweise übernommen" in message.body
    assert "Teils." in message.body
    # Publishing again sends nothing new.
    responses.publish_commented_version(version=closed)
    assert OutboxMessage.objects.filter(event=Event.RESPONSE).count() == 1


def test_a_later_response_on_a_published_version_is_mailed_at_once(closed, resident):
    responses.publish_commented_version(version=closed)
    comment = make_comment(first_paragraph(closed), resident)

    responses.respond(version=closed, comments=[comment], disposition="answered", reasoning="Ja.")

    row = OutboxMessage.objects.get(event=Event.RESPONSE)
    assert row.recipient == resident
    [item] = row.context["items"]
    assert item["excerpt"] == comment.text


def test_public_responses_are_only_those_of_published_versions(closed, resident):
    comment = make_comment(first_paragraph(closed), resident)
    responses.respond(version=closed, comments=[comment], disposition="noted", reasoning="")

    assert not Response.objects.public().exists()
    responses.publish_commented_version(version=closed)
    assert Response.objects.public().count() == 1
