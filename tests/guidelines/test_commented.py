"""The commented version, and the city's responses in the paragraph threads."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from guidelines import responses
from guidelines.models import Comment, Disposition, Response, Version
from guidelines.views.commented import UNANSWERED
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
    """English source strings; the German translation has its own test below."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def closed(db) -> Version:
    return make_version(state=Version.State.CLOSED, sections=2, paragraphs=4)


def commented_url(version) -> str:
    return reverse("guidelines:commented", args=[version.document.slug, version.pk])


def page(response) -> str:
    return response.content.decode()


def comment_ids(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<article class="comment[^"]*" id="c-(\d+)"', html)]


@pytest.fixture
def answered(closed, resident, other_resident):
    """Comments on § 1 (chapter 1) and § 3 (chapter 2) with different dispositions."""
    first = first_paragraph(closed)
    third = closed.paragraphs.get(order=3)
    made = {
        "adopted": make_comment(first, resident, "Bitte früher informieren."),
        "rejected": make_comment(first, other_resident, "Alles abschaffen."),
        "reply": None,
        "noted": make_comment(third, resident, "Gut so."),
        "open": make_comment(third, other_resident, "Noch offen."),
        "hidden": make_comment(
            third,
            other_resident,
            "Beleidigender Text",
            state=Comment.State.HIDDEN,
            hidden_reason="1",
        ),
        "withdrawn": make_comment(third, resident, "Zurückgenommen", withdrawn_at=timezone.now()),
        "pending": make_comment(third, resident, "Nie freigegeben", state=Comment.State.PENDING),
    }
    made["reply"] = make_comment(first, other_resident, "Genau!", parent=made["adopted"])
    responses.respond(
        version=closed,
        comments=[made["adopted"], made["reply"]],
        disposition=Disposition.ADOPTED,
        reasoning="Wir informieren **früher**.",
        answered_by="Referat Bürgerbeteiligung",
    )
    for key, disposition in (("rejected", "rejected"), ("noted", "noted"), ("hidden", "noted")):
        responses.respond(
            version=closed,
            comments=[made[key]],
            disposition=disposition,
            reasoning=f"Begründung {key}",
        )
    return made


def publish(version) -> None:
    responses.publish_commented_version(version=version)


# --- availability ------------------------------------------------------------------------------


def test_the_commented_version_is_404_before_it_is_published(client, closed, answered):
    assert client.get(commented_url(closed)).status_code == 404

    publish(closed)

    assert client.get(commented_url(closed)).status_code == 200


def test_drafts_and_unknown_versions_are_404(client, closed):
    draft = make_version(state=Version.State.DRAFT)
    Version.objects.filter(pk=draft.pk).update(responses_published_at=timezone.now())

    assert client.get(commented_url(draft)).status_code == 404
    wrong_slug = reverse("guidelines:commented", args=["andere", closed.pk])
    assert client.get(wrong_slug).status_code == 404


def test_the_version_page_links_the_commented_version_once_published(client, closed, answered):
    assert commented_url(closed) not in page(client.get(closed.get_absolute_url()))

    publish(closed)

    assert f'href="{commented_url(closed)}"' in page(client.get(closed.get_absolute_url()))


# --- contents ----------------------------------------------------------------------------------


def test_every_paragraph_shows_its_comments_and_their_responses(client, closed, answered):
    publish(closed)

    html = page(client.get(commented_url(closed)))

    assert html.count('class="paragraph commented-paragraph"') == 4
    for key in ("adopted", "rejected", "reply", "noted", "open", "hidden", "withdrawn"):
        assert f'id="c-{answered[key].pk}"' in html
    assert f'id="c-{answered["pending"].pk}"' not in html
    assert "Wir informieren <strong>früher</strong>." in html
    assert "Referat Bürgerbeteiligung" in html
    assert '<span class="disposition disposition--rejected">not adopted</span>' in html
    assert html.count('class="response"') == 5  # adopted, reply, rejected, noted, hidden
    # The reply is nested below the comment it answers.
    assert (
        html.index(f'id="c-{answered["adopted"].pk}"')
        < html.index(f'id="c-{answered["reply"].pk}"')
        < html.index(f'id="c-{answered["rejected"].pk}"')
    )


def test_hidden_withdrawn_and_pending_texts_are_not_shown(client, closed, answered):
    publish(closed)

    html = page(client.get(commented_url(closed)))

    assert "Beleidigender Text" not in html
    assert "Zurückgenommen" not in html
    assert "Nie freigegeben" not in html
    terms = reverse("participation:page", kwargs={"slug": "nutzungsbedingungen"})
    assert f'href="{terms}#h-grund-1"' in html
    assert "Begründung hidden" in html  # the city's response to it is public


def test_responses_link_to_the_paragraphs_they_led_to(client, closed, answered):
    adopted = make_version(state=Version.State.ADOPTED, document=closed.document, label="Beschluss")
    draft = make_version(state=Version.State.DRAFT, document=closed.document, label="Geheim")
    responses.respond(
        version=closed,
        comments=[answered["adopted"]],
        disposition="adopted",
        reasoning="Umgesetzt.",
        result_paragraphs=[first_paragraph(adopted), first_paragraph(draft)],
    )
    publish(closed)

    html = page(client.get(commented_url(closed)))

    assert f'href="{adopted.get_absolute_url()}#p-p001">Beschluss, Para. 1</a>' in html
    assert "Geheim" not in html


def test_filter_by_disposition_shows_only_matching_comments(client, closed, answered):
    publish(closed)

    adopted = page(client.get(commented_url(closed), {"disposition": "adopted"}))
    unanswered = page(client.get(commented_url(closed), {"disposition": UNANSWERED}))
    everything = page(client.get(commented_url(closed), {"disposition": ""}))

    assert sorted(comment_ids(adopted)) == sorted([answered["adopted"].pk, answered["reply"].pk])
    assert "2 comments: adopted" in adopted
    assert '<option value="adopted" selected>' in adopted
    assert comment_ids(unanswered) == [answered["open"].pk]
    assert len(comment_ids(everything)) == 7


def test_an_unknown_filter_value_is_a_400_with_a_message(client, closed, answered):
    publish(closed)

    response = client.get(commented_url(closed), {"disposition": "maybe"})

    assert response.status_code == 400
    assert "Please choose one of the listed options." in page(response)
    assert len(comment_ids(page(response))) == 7  # everything, as without a filter


def test_statistics_count_per_chapter_and_disposition(client, closed, answered):
    publish(closed)

    response = client.get(commented_url(closed))
    stats = response.context["stats"]

    assert [value for value, _label in stats.columns] == [*Disposition.values, UNANSWERED]
    # Chapter 1: § 1 and § 2 — adopted ×2 (comment and reply), rejected ×1.
    # Chapter 2: § 3 and § 4 — noted ×2 (one hidden), one open; withdrawn and pending uncounted.
    assert [(section.title, counts, total) for section, counts, total in stats.rows] == [
        ("Kapitel 1", [2, 0, 1, 0, 0, 0], 3),
        ("Kapitel 2", [0, 0, 0, 2, 0, 1], 3),
    ]
    assert stats.totals == [2, 0, 1, 2, 0, 1]
    assert stats.total == 6
    assert [(bar.label, bar.count, bar.length) for bar in stats.by_disposition] == [
        ("adopted", 2, "100.0"),
        ("partly adopted", 0, "0.0"),
        ("not adopted", 1, "50.0"),
        ("noted", 2, "100.0"),
        ("answered", 0, "0.0"),
        ("no response yet", 1, "50.0"),
    ]
    html = page(response)
    assert '<rect width="50.0" height="10"></rect>' in html
    assert re.search(r"<th scope=\"row\">Kapitel 2</th>\s*(<td>\d+</td>\s*){6}<td>3</td>", html)


def test_the_charts_are_images_named_by_their_figures_with_a_table(client, closed, answered):
    publish(closed)

    html = page(client.get(commented_url(closed)))

    assert 'role="img" aria-labelledby="chart-dispositions-title chart-dispositions-data"' in html
    assert (
        '<p id="chart-dispositions-data" hidden>adopted: 2; partly adopted: 0; not adopted: 1; '
        "noted: 2; answered: 0; no response yet: 1</p>" in html
    )
    assert '<p id="chart-chapters-data" hidden>Kapitel 1: 3; Kapitel 2: 3</p>' in html
    assert "<caption" in html
    assert html.count('<th scope="col">') == 8  # chapter, 5 dispositions, no response, total


def test_the_commented_version_speaks_german(client, closed, answered):
    publish(closed)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "de"

    html = page(client.get(commented_url(closed)))

    assert "kommentierte Fassung" in html
    assert "Rückmeldung der Stadt:" in html
    assert '<span class="disposition disposition--partly">' not in html
    assert '<span class="disposition disposition--rejected">nicht übernommen</span>' in html


def test_the_commented_version_needs_at_most_12_queries_for_2000_comments(
    client, db, django_assert_max_num_queries
):
    version = make_version(state=Version.State.CLOSED, sections=10, paragraphs=40)
    adopted = make_version(state=Version.State.ADOPTED, document=version.document, paragraphs=40)
    people = make_people(10)
    first = make_thread(first_paragraph(version), people, top_level=2, replies_per_comment=1)
    responses.respond(
        version=version,
        comments=first,
        disposition="partly",
        reasoning="Teils.",
        result_paragraphs=[first_paragraph(adopted)],
    )
    publish(version)
    with CaptureQueriesContext(connection) as few:
        assert client.get(commented_url(version)).status_code == 200

    made = []
    for paragraph in version.paragraphs.exclude(order=1):
        made += make_thread(paragraph, people, top_level=26, replies_per_comment=1)
    made = made[: 2000 - len(first)]
    Comment.objects.filter(paragraph__version=version).exclude(
        pk__in=[c.pk for c in [*first, *made]]
    ).delete()
    Comment.objects.filter(pk__in=[c.pk for c in made[::40]]).update(
        state=Comment.State.HIDDEN, hidden_reason="1"
    )
    add_supports(made[::2], people, 2)
    for number, disposition in enumerate(Disposition.values):
        responses.respond(
            version=version,
            comments=[c for c in made[number::7] if c.parent_id is None][:60],
            disposition=disposition,
            reasoning=f"Begründung {number}",
            result_paragraphs=[first_paragraph(adopted)],
        )
    assert Comment.objects.filter(paragraph__version=version).count() == 2000

    with django_assert_max_num_queries(12):
        response = client.get(commented_url(version))

    assert response.status_code == 200
    assert len(comment_ids(page(response))) == 2000
    with CaptureQueriesContext(connection) as many:
        client.get(commented_url(version), {"disposition": "noted"})
    assert len(many) == len(few)


# --- responses in the paragraph threads --------------------------------------------------------


def thread(paragraph) -> str:
    return paragraph.get_absolute_url()


def test_the_thread_shows_responses_only_once_they_are_public(client, closed, answered):
    paragraph = answered["adopted"].paragraph

    before = page(client.get(thread(paragraph)))
    assert "Wir informieren" not in before
    assert 'class="response"' not in before

    publish(closed)
    after = page(client.get(thread(paragraph)))

    assert "Response of the city:" in after
    assert "Wir informieren <strong>früher</strong>." in after
    assert after.count('class="response"') == 3  # adopted, its reply, rejected
    assert '<span class="disposition disposition--adopted">adopted</span>' in after
    assert "Referat Bürgerbeteiligung" in after
    # The response sits inside its comment's article.
    article = re.search(
        rf'<article[^>]*id="c-{answered["rejected"].pk}".*?</article>', after, re.DOTALL
    )
    assert article is not None
    assert "Begründung rejected" in article.group(0)


def test_a_withdrawn_comment_shows_no_response(client, closed, answered):
    comment = answered["rejected"]
    Comment.objects.filter(pk=comment.pk).update(withdrawn_at=timezone.now())
    publish(closed)

    html = page(client.get(thread(comment.paragraph)))

    assert "Begründung rejected" not in html
    assert Response.objects.filter(comment=comment).exists()


@pytest.mark.parametrize("persona", ["anonymous", "resident"])
def test_responses_cost_the_thread_at_most_one_query(client, request, closed, persona):
    if persona == "resident":
        client.force_login(request.getfixturevalue("resident"))
    paragraph = first_paragraph(closed)
    adopted = make_version(state=Version.State.ADOPTED, document=closed.document)
    made = make_thread(paragraph, make_people(5), top_level=50, replies_per_comment=2)
    with CaptureQueriesContext(connection) as unpublished:
        client.get(thread(paragraph))

    responses.respond(
        version=closed,
        comments=made,
        disposition="noted",
        reasoning="Danke.",
        result_paragraphs=[first_paragraph(adopted)],
    )
    publish(closed)
    with CaptureQueriesContext(connection) as published:
        response = client.get(thread(paragraph))

    assert page(response).count('class="response"') == 150
    assert len(published) <= len(unpublished) + 1
