"""Response mails: one per person and publication, listing all their answered comments
with the signing office and the reasoning as readable text; later answers and changes
mailed on their own; nothing mailed twice."""

import pytest
from django.core import mail
from django.utils import timezone

from guidelines import responses
from guidelines.models import Comment, Disposition, Paragraph, Response, Version
from participation.models import Event, OutboxMessage
from tests.conftest import make_user
from tests.guidelines.factories import make_comment, make_version

REASONING = """Wir haben den Absatz **umformuliert**.

Dafür sprechen:

- die Hinweise aus drei Kommentaren,
- der [Beschluss](https://example.org/beschluss) des Rates.
"""


@pytest.fixture
def closed(db) -> Version:
    return make_version(state=Version.State.CLOSED)


@pytest.fixture
def anna(db):
    """A resident who reads her mail in English, so that the source texts are asserted."""
    return make_user("anna@example.org", "Anna", language="en")


@pytest.fixture
def ben(db):
    return make_user("ben@example.org", "Ben", language="en")


def paragraph(version: Version, order: int) -> Paragraph:
    return Paragraph.objects.select_related("version__document").get(version=version, order=order)


def answer(version: Version, comment: Comment, **fields) -> Response:
    [response] = responses.respond(
        version=version,
        comments=[comment],
        disposition=fields.pop("disposition", Disposition.ADOPTED),
        reasoning=fields.pop("reasoning", REASONING),
        answered_by=fields.pop("answered_by", "Referat Bürgerbeteiligung"),
    )
    return response


def response_rows() -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(event=Event.RESPONSE).order_by("pk"))


def html_of(message) -> str:
    return next(body for body, mime in message.alternatives if mime == "text/html")


def test_publication_mails_each_person_once_with_all_their_answers(
    closed, anna, ben, django_capture_on_commit_callbacks
):
    late = make_comment(paragraph(closed, 3), anna, "Mehr Abendtermine.")
    early = make_comment(paragraph(closed, 1), anna, "Bitte mehr Radwege.")
    theirs = make_comment(paragraph(closed, 1), ben, "Mehr Bänke.")
    for comment in (late, early, theirs):
        answer(closed, comment)

    with django_capture_on_commit_callbacks(execute=True):
        responses.publish_commented_version(version=closed)

    assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.org", "ben@example.org"]
    message = next(m for m in mail.outbox if m.to == ["anna@example.org"])
    assert message.subject == "The city answered your comments"
    body = message.body
    assert "has answered 2 of your comments" in body
    # In the order of the text, each with its comment, assessment and reasoning.
    assert body.index("Bitte mehr Radwege.") < body.index("Mehr Abendtermine.")
    assert "Mehr Bänke." not in body
    assert body.count("Assessment: adopted") == 2
    assert "Referat Bürgerbeteiligung" in body
    html = html_of(message)
    assert html.count("<blockquote") == 2
    assert "<strong>umformuliert</strong>" in html


def test_the_reasoning_reads_as_text_without_markdown(
    closed, resident, django_capture_on_commit_callbacks
):
    answer(closed, make_comment(paragraph(closed, 1), resident))

    with django_capture_on_commit_callbacks(execute=True):
        responses.publish_commented_version(version=closed)

    body = mail.outbox[0].body
    assert "**" not in body
    assert "[Beschluss]" not in body
    assert "Wir haben den Absatz umformuliert." in body
    assert "\n– die Hinweise aus drei Kommentaren,\n" in body
    assert "\n– der Beschluss (https://example.org/beschluss) des Rates." in body


def test_the_mail_is_signed_by_the_answering_office(
    closed, anna, django_capture_on_commit_callbacks
):
    answer(closed, make_comment(paragraph(closed, 1), anna), answered_by="Amt für Verkehr")
    answer(closed, make_comment(paragraph(closed, 2), anna), answered_by="Stadtplanungsamt")

    with django_capture_on_commit_callbacks(execute=True):
        responses.publish_commented_version(version=closed)

    body = mail.outbox[0].body
    signature = body.split("\n-- \n")[0].strip()
    assert signature.endswith("Kind regards\nAmt für Verkehr\nStadtplanungsamt")
    # With more than one office, each answer names its own.
    assert "Answered by Amt für Verkehr on" in body
    assert "Answered by Stadtplanungsamt on" in body


def test_a_single_answer_reads_in_the_singular(closed, anna, django_capture_on_commit_callbacks):
    answer(closed, make_comment(paragraph(closed, 1), anna))

    with django_capture_on_commit_callbacks(execute=True):
        responses.publish_commented_version(version=closed)

    message = mail.outbox[0]
    assert message.subject == "The city answered your comment"
    assert "The city has answered your comment on" in message.body
    assert "Answered by" not in message.body  # one office signs at the end


def test_the_mail_is_in_the_residents_language(closed, django_capture_on_commit_callbacks):
    german = make_user("gerda@example.org", "Gerda", language="de")
    answer(closed, make_comment(paragraph(closed, 1), german), disposition=Disposition.PARTLY)

    with django_capture_on_commit_callbacks(execute=True):
        responses.publish_commented_version(version=closed)

    assert "teilweise übernommen" in mail.outbox[0].body


def test_publishing_twice_mails_nothing_new(closed, resident):
    answer(closed, make_comment(paragraph(closed, 1), resident))
    answer(closed, make_comment(paragraph(closed, 2), resident))

    responses.publish_commented_version(version=closed)
    responses.publish_commented_version(version=closed)

    [row] = response_rows()
    assert len(row.context["items"]) == 2


def test_two_publications_at_once_write_one_mail(closed, resident):
    """Both read the answers as unmailed; the dedupe key names the same answers."""
    answer(closed, make_comment(paragraph(closed, 1), resident))
    answer(closed, make_comment(paragraph(closed, 2), resident))
    responses.publish_commented_version(version=closed)

    Response.objects.update(notified_revision=0)  # as the second one saw them
    responses.publish_commented_version(version=closed)

    assert len(response_rows()) == 1


def test_a_later_answer_is_mailed_alone(closed, resident):
    answer(closed, make_comment(paragraph(closed, 1), resident))
    responses.publish_commented_version(version=closed)

    answer(closed, make_comment(paragraph(closed, 2), resident, "Später."))

    _first, second = response_rows()
    [item] = second.context["items"]
    assert item["excerpt"] == "Später."
    assert second.context["changed"] is False


def test_a_changed_answer_is_mailed_as_a_change(closed, anna, django_capture_on_commit_callbacks):
    comment = make_comment(paragraph(closed, 1), anna)
    answer(closed, comment, reasoning="Erste Antwort.")
    responses.publish_commented_version(version=closed)

    with django_capture_on_commit_callbacks(execute=True):
        answer(closed, comment, reasoning="Korrigierte Antwort.", disposition="rejected")

    message = mail.outbox[-1]
    assert message.subject == "The city changed its answer to your comment"
    assert "The new answer replaces the earlier one." in message.body
    assert "Korrigierte Antwort." in message.body
    assert "Erste Antwort." not in message.body
    assert Response.objects.get(comment=comment).notified_revision == 2


def test_new_and_changed_answers_in_one_mail_mark_the_change(closed, anna):
    changed = make_comment(paragraph(closed, 1), anna)
    answer(closed, changed)
    responses.publish_commented_version(version=closed)
    new = make_comment(paragraph(closed, 2), anna)

    responses.respond(
        version=closed,
        comments=[changed, new],
        disposition=Disposition.NOTED,
        reasoning="Zur Kenntnis genommen.",
    )

    row = response_rows()[-1]
    assert row.context["changed"] is False
    assert [item["changed"] for item in row.context["items"]] == [True, False]


def test_comments_of_deleted_accounts_get_no_mail(closed):
    answer(closed, make_comment(paragraph(closed, 1), None))

    assert responses.publish_commented_version(version=closed) == 1

    assert response_rows() == []


def test_publication_reads_the_answers_in_a_fixed_number_of_queries(
    closed, django_assert_max_num_queries
):
    people = [make_user(f"p{i}@example.org", f"P{i}") for i in range(15)]
    comments = [make_comment(paragraph(closed, 1 + i % 3), p) for i, p in enumerate(people)]
    responses.respond(version=closed, comments=comments, disposition="noted", reasoning="Ok.")
    closed.responses_published_at = None

    with django_assert_max_num_queries(12):
        responses.publish_commented_version(version=closed)

    assert len(response_rows()) == 15


def test_answered_on_is_the_date_of_the_answer(closed, resident):
    answer(closed, make_comment(paragraph(closed, 1), resident))
    responses.publish_commented_version(version=closed)

    [item] = response_rows()[0].context["items"]
    assert item["answered_on"]
    assert str(timezone.localdate().year) in item["answered_on"]
