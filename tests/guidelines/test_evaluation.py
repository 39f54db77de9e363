"""The evaluation in admin: the Redaktion answers a closed consultation paragraph by paragraph."""

import re

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from guidelines import responses
from guidelines.models import Comment, Disposition, Response, Version
from tests.guidelines.factories import (
    add_supports,
    first_paragraph,
    make_comment,
    make_people,
    make_thread,
    make_version,
)


@pytest.fixture
def client(client):
    """The admin speaks German by default; tests read the English source strings."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def closed(db) -> Version:
    return make_version(state=Version.State.CLOSED, paragraphs=3)


@pytest.fixture
def paragraph(closed):
    return first_paragraph(closed)


@pytest.fixture
def comments(paragraph, resident, other_resident) -> list[Comment]:
    first = make_comment(paragraph, resident, "Bitte früher informieren.")
    return [
        first,
        make_comment(paragraph, other_resident, "Mehr Termine am Abend."),
        make_comment(paragraph, other_resident, "Stimme zu.", parent=first),
    ]


def start_url(version) -> str:
    return reverse("admin:guidelines_response_evaluate", args=[version.pk])


def evaluation_url(paragraph) -> str:
    return reverse(
        "admin:guidelines_response_evaluate_paragraph", args=[paragraph.version_id, paragraph.key]
    )


def publish_url(version) -> str:
    return reverse("admin:guidelines_response_publish", args=[version.pk])


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def answer(client, paragraph, comments, **fields):
    data = {
        "comments": [getattr(c, "pk", c) for c in comments],
        "disposition": Disposition.ADOPTED,
        "reasoning": "Wir haben den Absatz **ergänzt**.",
        "answered_by": "Stadtverwaltung, Referat Bürgerbeteiligung",
        **fields,
    }
    return client.post(evaluation_url(paragraph), data)


# --- answering ------------------------------------------------------------------------------


def test_editor_answers_several_comments_at_once(client, editor, paragraph, comments):
    client.force_login(editor)

    response = answer(client, paragraph, comments[:2])

    assert response.status_code == 302
    assert response.url == evaluation_url(paragraph)
    made = Response.objects.order_by("comment_id")
    assert [r.comment_id for r in made] == [comments[0].pk, comments[1].pk]
    assert {(r.disposition, r.answered_by, r.author_id) for r in made} == {
        ("adopted", "Stadtverwaltung, Referat Bürgerbeteiligung", editor.pk)
    }
    assert "<strong>ergänzt</strong>" in made[0].reasoning_html
    assert messages_of(response) == ["2 comments answered: adopted."]


def test_a_response_can_point_to_paragraphs_of_a_later_version(
    client, editor, closed, paragraph, comments
):
    adopted = make_version(state=Version.State.ADOPTED, document=closed.document, label="Beschluss")
    target = first_paragraph(adopted)
    client.force_login(editor)

    page = client.get(evaluation_url(paragraph)).content.decode()
    assert f'name="result_paragraphs" value="{target.pk}"' in page
    assert "<legend>Beschluss · Kapitel 1</legend>" in page
    assert "Para. 1 – Absatz 1: Die Stadt informiert" in page
    # Paragraphs of the version itself are no result of it.
    assert f'name="result_paragraphs" value="{paragraph.pk}"' not in page

    answer(client, paragraph, comments[:1], result_paragraphs=[target.pk])

    assert list(Response.objects.get().result_paragraphs.all()) == [target]


def test_the_office_is_prefilled_from_the_settings(client, editor, paragraph, comments, settings):
    settings.RESPONSE_OFFICE = "Stadtverwaltung Musterstadt, Referat 15"
    client.force_login(editor)

    page = client.get(evaluation_url(paragraph)).content.decode()

    assert 'value="Stadtverwaltung Musterstadt, Referat 15"' in page


def test_the_page_shows_the_paragraph_its_threads_and_existing_responses(
    client, editor, closed, paragraph, comments
):
    responses.respond(
        version=closed, comments=[comments[2]], disposition="noted", reasoning="Danke."
    )
    hidden = make_comment(paragraph, None, "Beleidigung", state=Comment.State.HIDDEN)
    withdrawn = make_comment(paragraph, None, "Zurückgezogen", withdrawn_at=timezone.now())
    add_supports([comments[0]], make_people(2), 2)
    client.force_login(editor)

    page = client.get(evaluation_url(paragraph)).content.decode()

    assert "Absatz 1: Die Stadt informiert" in page
    for comment in (*comments, hidden):
        assert f'name="comments" value="{comment.pk}"' in page
    # Staff read hidden texts; withdrawn comments get no checkbox and show no text.
    assert "Beleidigung" in page
    assert f'value="{withdrawn.pk}"' not in page
    assert "Zurückgezogen" not in page
    assert "2 supports" in page
    assert "Danke." in page
    assert reverse("admin:guidelines_response_change", args=[Response.objects.get().pk]) in page
    # The reply sits in its parent's list item.
    first = page.index(f'id="c-{comments[0].pk}"')
    reply = page.index(f'id="c-{comments[2].pk}"')
    second = page.index(f'id="c-{comments[1].pk}"')
    assert first < reply < second


def test_progress_is_shown_for_the_version_and_per_paragraph(client, editor, closed, comments):
    second = closed.paragraphs.get(order=2)
    make_comment(second, None, "Auf Absatz 2")
    make_comment(second, None, "Zurückgezogen", withdrawn_at=timezone.now())
    responses.respond(version=closed, comments=comments[:2], disposition="noted", reasoning="")
    client.force_login(editor)

    page = client.get(evaluation_url(comments[0].paragraph)).content.decode()

    assert responses.progress(closed) == (2, 4)
    assert '<progress id="progress-version" max="4" value="2">' in page
    assert "<strong>2 of 4</strong>" in page
    assert "2 of 3 comments on this paragraph answered." in page
    assert "Para. 2 (0 of 1 answered)" in page


def test_start_and_next_unanswered_lead_to_paragraphs_with_open_comments(
    client, editor, closed, comments
):
    third = closed.paragraphs.get(order=3)
    make_comment(third, None, "Auf Absatz 3")
    responses.respond(version=closed, comments=comments, disposition="noted", reasoning="")
    client.force_login(editor)

    response = client.get(start_url(closed))
    assert response.url == evaluation_url(third)

    page = client.get(evaluation_url(comments[0].paragraph)).content.decode()
    assert re.search(
        rf'href="{re.escape(evaluation_url(third))}" class="evaluation-nav__unanswered"', page
    )
    assert f'href="{evaluation_url(closed.paragraphs.get(order=2))}" rel="next"' in page

    chosen = client.get(start_url(closed), {"paragraph": "p002"})
    assert chosen.url == evaluation_url(closed.paragraphs.get(order=2))


def test_an_open_consultation_cannot_be_evaluated_yet(client, editor):
    open_version = make_version()
    client.force_login(editor)

    response = client.get(start_url(open_version))

    assert response.status_code == 302
    assert response.url == reverse("admin:guidelines_version_change", args=[open_version.pk])
    assert "its consultation has not ended yet" in messages_of(response)[0]


def test_a_consultation_whose_period_ended_can_be_evaluated(client, editor):
    now = timezone.now()
    ended = make_version(
        opens=now - timezone.timedelta(days=30), closes=now - timezone.timedelta(days=1)
    )
    client.force_login(editor)

    response = client.get(evaluation_url(first_paragraph(ended)))

    assert response.status_code == 200


def test_unknown_versions_and_paragraphs_are_404(client, editor, closed):
    client.force_login(editor)

    assert client.get(start_url(closed).replace(str(closed.pk), "999999")).status_code == 404
    unknown = reverse("admin:guidelines_response_evaluate_paragraph", args=[closed.pk, "nope"])
    assert client.get(unknown).status_code == 404
    # A paragraph of another version is not found under this one.
    other = make_version(state=Version.State.CLOSED, paragraphs=5)
    wrong = reverse("admin:guidelines_response_evaluate_paragraph", args=[closed.pk, "p005"])
    assert other.paragraphs.filter(key="p005").exists()
    assert client.get(wrong).status_code == 404


# --- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("nothing selected", "Please select at least one comment."),
        ("withdrawn", "was withdrawn by its author"),
        ("other version", "belongs to another version"),
        ("unknown id", "These comments do not exist: 999999"),
        ("not a number", "These comments do not exist: abc"),
        ("no disposition", "Please choose a disposition."),
        ("unknown disposition", "Select a valid choice"),
        ("rejected without reason", "Please give the reasons"),
        ("result of the same version", "Select a valid choice"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_saved(
    client, editor, paragraph, comments, case, message
):
    client.force_login(editor)
    chosen: list = [comments[0]]
    fields: dict = {}
    if case == "nothing selected":
        chosen = []
    elif case == "withdrawn":
        chosen.append(make_comment(paragraph, None, "Weg", withdrawn_at=timezone.now()))
    elif case == "other version":
        chosen.append(make_comment(first_paragraph(make_version(state="closed")), None))
    elif case == "unknown id":
        chosen.append(999999)
    elif case == "not a number":
        chosen.append("abc")
    elif case == "no disposition":
        fields["disposition"] = ""
    elif case == "unknown disposition":
        fields["disposition"] = "maybe"
    elif case == "rejected without reason":
        fields = {"disposition": Disposition.REJECTED, "reasoning": "  "}
    elif case == "result of the same version":
        make_version(state=Version.State.ADOPTED, document=paragraph.version.document)
        fields["result_paragraphs"] = [paragraph.pk]

    response = answer(client, paragraph, chosen, **fields)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert messages_of(response)
    assert not Response.objects.exists()
    # What was typed and chosen stays.
    page = response.content.decode()
    assert f'value="{comments[0].pk}" id="select-{comments[0].pk}" checked' in page or (
        case == "nothing selected"
    )


# --- permissions -------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["moderator", "resident", "board_office"])
def test_others_than_the_redaktion_get_403(client, request, closed, paragraph, comments, persona):
    client.force_login(request.getfixturevalue(persona))

    for url in (start_url(closed), evaluation_url(paragraph), publish_url(closed)):
        assert client.get(url).status_code == 403
        assert (
            client.post(url, {"comments": [comments[0].pk], "disposition": "noted"}).status_code
            == 403
        )
    assert not Response.objects.exists()
    closed.refresh_from_db()
    assert closed.responses_published_at is None


def test_anonymous_visitors_are_sent_to_the_login(client, closed, paragraph):
    response = client.get(evaluation_url(paragraph))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


# --- publishing ----------------------------------------------------------------------------------


def test_publish_asks_for_confirmation_then_publishes(
    client, editor, closed, paragraph, comments, django_capture_on_commit_callbacks
):
    responses.respond(
        version=closed, comments=comments[:1], disposition="partly", reasoning="Teils."
    )
    client.force_login(editor)

    page = client.get(evaluation_url(paragraph)).content.decode()
    assert f'href="{publish_url(closed)}"' in page

    confirmation = client.get(publish_url(closed))
    assert confirmation.status_code == 200
    assert "1 of 3 comments are answered." in confirmation.content.decode()
    assert "2 comments have no response yet." in confirmation.content.decode()
    closed.refresh_from_db()
    assert closed.responses_published_at is None

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(publish_url(closed))

    assert response.status_code == 302
    closed.refresh_from_db()
    assert closed.responses_published_at is not None
    assert messages_of(response) == ["The commented version is public, with 1 response."]
    page = client.get(evaluation_url(paragraph)).content.decode()
    commented = reverse("guidelines:commented", args=[closed.document.slug, closed.pk])
    assert f'href="{commented}"' in page
    assert f'href="{publish_url(closed)}"' not in page


# --- query counts ------------------------------------------------------------------------------


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_evaluation_page_needs_the_same_queries_for_5_and_50_comments(
    client, editor, closed, django_assert_max_num_queries
):
    paragraph = first_paragraph(closed)
    adopted = make_version(state=Version.State.ADOPTED, document=closed.document, label="Beschluss")
    people = make_people(5)
    few = make_thread(paragraph, people, top_level=3, replies_per_comment=1)[:5]
    responses.respond(
        version=closed,
        comments=few[:2],
        disposition="adopted",
        reasoning="Ja.",
        result_paragraphs=[first_paragraph(adopted)],
    )
    client.force_login(editor)
    small = count_queries(client, evaluation_url(paragraph))

    many = make_thread(paragraph, people, top_level=20, replies_per_comment=1, second_level=1)
    add_supports(many, people, 2)
    responses.respond(
        version=closed,
        comments=many[:30],
        disposition="noted",
        reasoning="Zur Kenntnis.",
        result_paragraphs=[first_paragraph(adopted)],
    )
    assert Comment.objects.filter(paragraph=paragraph).count() >= 50

    with django_assert_max_num_queries(12):
        response = client.get(evaluation_url(paragraph))
    assert response.content.decode().count('name="comments"') >= 50
    assert count_queries(client, evaluation_url(paragraph)) == small


# --- the response list -------------------------------------------------------------------------


def test_response_list_filters_and_searches(client, editor, closed, comments):
    responses.respond(version=closed, comments=comments[:1], disposition="adopted", reasoning="Ja")
    responses.respond(
        version=closed, comments=comments[1:2], disposition="rejected", reasoning="Abendtermine"
    )
    client.force_login(editor)
    url = reverse("admin:guidelines_response_changelist")

    page = client.get(url).content.decode()
    assert start_url(closed) in page  # the list of consultations to evaluate
    assert "2 of 3 comments answered" in page

    filtered = client.get(url, {"disposition__exact": "rejected"}).content.decode()
    assert "Mehr Termine am Abend." in filtered
    assert "Bitte früher informieren." not in filtered
    searched = client.get(url, {"q": "Abendtermine"}).content.decode()
    assert "Mehr Termine am Abend." in searched
    by_version = client.get(
        url, {"comment__paragraph__version__id__exact": make_version(state="closed").pk}
    )
    assert "Mehr Termine am Abend." not in by_version.content.decode()


def test_editing_a_response_goes_through_respond(client, editor, closed, comments):
    (made,) = responses.respond(
        version=closed, comments=comments[:1], disposition="noted", reasoning="Alt"
    )
    adopted = make_version(state=Version.State.ADOPTED, document=closed.document, label="Beschluss")
    unrelated = make_version(state=Version.State.ADOPTED)
    client.force_login(editor)
    url = reverse("admin:guidelines_response_change", args=[made.pk])
    data = {
        "disposition": "adopted",
        "reasoning": "Neu *begründet*",
        "answered_by": "Referat 15",
        "result_paragraphs": [first_paragraph(adopted).pk],
    }

    refused = client.post(url, {**data, "result_paragraphs": [first_paragraph(unrelated).pk]})
    assert refused.status_code == 200
    assert "Select a valid choice" in refused.content.decode()
    made.refresh_from_db()
    assert made.disposition == "noted"

    response = client.post(url, data)

    assert response.status_code == 302
    made.refresh_from_db()
    assert (made.disposition, made.answered_by, made.author) == ("adopted", "Referat 15", editor)
    assert made.reasoning == "Neu *begründet*"
    assert list(made.result_paragraphs.all()) == [first_paragraph(adopted)]


def test_answering_again_renders_the_new_reasoning(client, editor, paragraph, comments):
    client.force_login(editor)
    answer(client, paragraph, comments[:1], reasoning="Alt")

    answer(client, paragraph, comments[:1], reasoning="Neu *begründet*")

    assert "<em>begründet</em>" in Response.objects.get().reasoning_html


def test_a_withdrawn_comments_response_cannot_be_edited(client, editor, closed, comments):
    (made,) = responses.respond(
        version=closed, comments=comments[:1], disposition="noted", reasoning="Alt"
    )
    Comment.objects.filter(pk=comments[0].pk).update(withdrawn_at=timezone.now())
    client.force_login(editor)
    url = reverse("admin:guidelines_response_change", args=[made.pk])

    response = client.post(url, {"disposition": "adopted", "reasoning": "", "answered_by": "X"})

    assert response.status_code == 200
    assert "was withdrawn by its author" in response.content.decode()
    made.refresh_from_db()
    assert made.disposition == "noted"


def test_responses_are_added_in_the_evaluation_not_in_the_list(client, editor):
    client.force_login(editor)

    assert client.get(reverse("admin:guidelines_response_add")).status_code == 403


def test_moderators_read_responses_but_cannot_change_them(client, moderator, closed, comments):
    (made,) = responses.respond(
        version=closed, comments=comments[:1], disposition="noted", reasoning="Alt"
    )
    client.force_login(moderator)
    url = reverse("admin:guidelines_response_change", args=[made.pk])

    assert client.get(reverse("admin:guidelines_response_changelist")).status_code == 200
    page = client.get(url).content.decode()
    assert 'name="disposition"' not in page
    assert (
        start_url(closed)
        not in client.get(reverse("admin:guidelines_response_changelist")).content.decode()
    )
    client.post(url, {"disposition": "adopted", "reasoning": "", "answered_by": "X"})
    made.refresh_from_db()
    assert made.disposition == "noted"


def test_the_version_admin_links_to_the_evaluation(client, editor, moderator, closed):
    url = reverse("admin:guidelines_version_change", args=[closed.pk])
    client.force_login(editor)
    assert start_url(closed) in client.get(url).content.decode()

    client.force_login(moderator)
    assert start_url(closed) not in client.get(url).content.decode()
