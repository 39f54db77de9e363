"""Reading documents and taking part in paragraph threads, for every persona.

Texts are checked in English (the source language); the German copy lives in locale/de.
"""

import re
from datetime import date, timedelta
from urllib.parse import quote
from uuid import uuid4

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from guidelines.models import (
    Comment,
    Document,
    HideReason,
    ModerationAction,
    Report,
    Support,
    Version,
)
from tests.guidelines.factories import (
    add_supports,
    first_paragraph,
    make_comment,
    make_people,
    make_thread,
    make_version,
)

pytestmark = pytest.mark.django_db

ACTIONS = ["reply", "edit", "withdraw", "support", "report"]
PARTICIPANTS = ["resident", "other_resident", "moderator", "editor"]
FETCH = {"X-Requested-With": "fetch"}


@pytest.fixture(autouse=True)
def english(client):
    client.cookies["django_language"] = "en"


@pytest.fixture
def version():
    return make_version(paragraphs=3, sections=2)


@pytest.fixture
def paragraph(version):
    return first_paragraph(version)


def login(client, request, persona):
    """Log in as the named persona fixture; "anonymous" stays logged out."""
    if persona == "anonymous":
        return None
    user = request.getfixturevalue(persona)
    client.force_login(user)
    return user


def thread(paragraph):
    return paragraph.get_absolute_url()


def action_url(name, comment):
    paragraph = comment.paragraph
    return reverse(
        f"guidelines:{name}",
        kwargs={
            "slug": paragraph.version.document.slug,
            "pk": paragraph.version_id,
            "key": paragraph.key,
            "comment_id": comment.pk,
        },
    )


def sent(data):
    """Form data as the comment form sends it, with its one-use token."""
    return {**data, "submission": str(uuid4())}


def comment_url(paragraph):
    return reverse(
        "guidelines:comment",
        kwargs={
            "slug": paragraph.version.document.slug,
            "pk": paragraph.version_id,
            "key": paragraph.key,
        },
    )


def page(response):
    return response.content.decode()


def comment_ids(response):
    return [
        int(pk) for pk in re.findall(r'<article class="comment[^"]*" id="c-(\d+)"', page(response))
    ]


# --- document list and document address ------------------------------------------------


def test_document_list_shows_public_documents_with_their_state(client):
    make_version(document=Document.objects.create(title="Offen", slug="offen"))
    make_version(
        document=Document.objects.create(title="Vorbei", slug="vorbei"),
        state=Version.State.CLOSED,
    )
    make_version(
        document=Document.objects.create(title="Beschlossen", slug="beschlossen"),
        state=Version.State.ADOPTED,
    )
    make_version(
        document=Document.objects.create(title="Geheimer Entwurf", slug="entwurf"),
        state=Version.State.DRAFT,
    )

    response = client.get(reverse("guidelines:document_list"))

    assert response.status_code == 200
    content = page(response)
    assert "Offen" in content
    assert "In consultation until <time datetime=" in content
    assert "Consultation closed" in content
    assert "Adopted" in content
    assert "Geheimer Entwurf" not in content


def test_document_list_links_the_newest_public_version_not_a_newer_draft(client):
    adopted = make_version(state=Version.State.ADOPTED, label="Beschlossene Fassung")
    draft = make_version(document=adopted.document, state=Version.State.DRAFT, label="Neu")

    content = page(client.get(reverse("guidelines:document_list")))

    assert adopted.get_absolute_url() in content
    assert draft.get_absolute_url() not in content


def test_navigation_links_the_document_list(client):
    content = page(client.get(reverse("participation:home")))

    assert f'href="{reverse("guidelines:document_list")}"' in content


def test_document_list_query_count_does_not_grow_with_documents(
    client, django_assert_max_num_queries
):
    for _ in range(8):
        first = make_version(state=Version.State.CLOSED, paragraphs=1)
        make_version(document=first.document, state=Version.State.ADOPTED, paragraphs=1)

    with django_assert_max_num_queries(2):
        response = client.get(reverse("guidelines:document_list"))

    assert page(response).count('class="document-card"') == 8


def test_document_address_redirects_to_its_newest_public_version(client):
    first = make_version(state=Version.State.CLOSED, label="Entwurf")
    second = make_version(document=first.document, state=Version.State.ADOPTED, label="Fassung")
    make_version(document=first.document, state=Version.State.DRAFT, label="Nächster Entwurf")

    response = client.get(first.document.get_absolute_url())

    assert response.status_code == 302
    assert response.url == second.get_absolute_url()


@pytest.mark.parametrize("persona", ["anonymous", "unverified", "resident"])
def test_document_with_only_a_draft_is_not_found_for_the_public(client, request, persona):
    draft = make_version(state=Version.State.DRAFT)
    login(client, request, persona)

    assert client.get(draft.document.get_absolute_url()).status_code == 404
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(first_paragraph(draft).get_absolute_url()).status_code == 404


@pytest.mark.parametrize("persona", ["editor", "moderator", "admin_user"])
def test_staff_can_preview_a_draft(client, request, persona):
    draft = make_version(state=Version.State.DRAFT)
    login(client, request, persona)

    response = client.get(draft.get_absolute_url())

    assert response.status_code == 200
    assert "Draft \N{EN DASH} preview for staff" in page(response)
    assert client.get(first_paragraph(draft).get_absolute_url()).status_code == 200


def test_staff_preview_of_a_draft_thread_offers_no_comment_form(client, editor):
    paragraph = first_paragraph(make_version(state=Version.State.DRAFT))
    client.force_login(editor)

    content = page(client.get(thread(paragraph)))

    assert "This is a preview of a draft." in content
    assert 'name="text"' not in content


def test_unknown_document_version_or_paragraph_is_not_found(client, version, paragraph):
    slug = version.document.slug
    assert client.get("/leitlinien/gibt-es-nicht/").status_code == 404
    assert client.get(f"/leitlinien/{slug}/fassung/999999/").status_code == 404
    assert client.get(f"/leitlinien/andere/fassung/{version.pk}/").status_code == 404
    assert client.get(f"/leitlinien/{slug}/fassung/{version.pk}/absatz/xyz/").status_code == 404


# --- version page ----------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["anonymous", "unverified", *PARTICIPANTS])
def test_version_page_shows_contents_sections_and_paragraphs_with_anchors(
    client, request, version, persona
):
    login(client, request, persona)

    response = client.get(version.get_absolute_url())

    assert response.status_code == 200
    content = page(response)
    assert f"<h1>{version.document.title}</h1>" in content
    assert version.label in content
    assert "Dieser Entwurf ist <strong>in Beteiligung</strong>." in content
    for section in version.sections.all():
        assert f'href="#{section.anchor}"' in content
        assert f'id="{section.anchor}"' in content
    for paragraph in version.paragraphs.all():
        assert f'id="{paragraph.anchor}"' in content
        assert f'href="#{paragraph.anchor}"' in content
        with translation.override("en"):
            assert f"{paragraph.label}</a>" in content
        assert f'href="{paragraph.get_absolute_url()}#comment-form"' in content


def test_version_page_counts_what_the_viewer_can_see(client, paragraph, resident, other_resident):
    make_comment(paragraph, other_resident, "öffentlich")
    make_comment(paragraph, other_resident, "versteckt", state=Comment.State.HIDDEN)
    make_comment(paragraph, other_resident, "fremd wartend", state=Comment.State.PENDING)
    make_comment(paragraph, resident, "eigen wartend", state=Comment.State.PENDING)
    link = f'<a href="{paragraph.get_absolute_url()}">'

    anonymous = page(client.get(paragraph.version.get_absolute_url()))
    client.force_login(resident)
    own = page(client.get(paragraph.version.get_absolute_url()))

    assert f"{link}2 comments" in anonymous
    assert f"{link}3 comments" in own


def test_closed_version_page_is_read_only(client):
    version = make_version(state=Version.State.CLOSED)

    content = page(client.get(version.get_absolute_url()))

    assert "Consultation closed" in content
    assert "The comment period has ended." in content
    assert "#comment-form" not in content


def test_adopted_version_shows_the_council_decision(client):
    version = make_version(
        state=Version.State.ADOPTED,
        decision_body="Stadtrat",
        decision_date=date(2024, 4, 22),
        decision_reference="0123/2024",
        decision_url="https://ratsinfo.example.de/vorlage/0123",
    )

    content = page(client.get(version.get_absolute_url()))

    assert "Council decision" in content
    assert "Adopted by the Stadtrat" in content
    assert '<time datetime="2024-04-22">' in content
    assert "0123/2024" in content
    assert 'href="https://ratsinfo.example.de/vorlage/0123"' in content


def test_version_page_lists_the_other_public_versions(client):
    draft = make_version(state=Version.State.CLOSED, label="Entwurf März")
    adopted = make_version(document=draft.document, state=Version.State.ADOPTED, label="Fassung")
    hidden = make_version(document=draft.document, state=Version.State.DRAFT, label="Geheim")

    content = page(client.get(adopted.get_absolute_url()))

    assert f'href="{draft.get_absolute_url()}"' in content
    assert hidden.label not in content


# --- thread page: who sees which form --------------------------------------------------


def test_anonymous_reader_gets_a_sign_in_link_instead_of_forms(client, paragraph, resident):
    make_comment(paragraph, resident, "Sichtbar für alle")

    content = page(client.get(thread(paragraph)))

    assert "Sichtbar für alle" in content
    login_link = f"{reverse('account_login')}?next={quote(thread(paragraph), safe='')}"
    assert f'href="{login_link}"' in content
    assert "Sign in to comment" in content
    assert "<textarea" not in content
    assert "aria-pressed" not in content


def test_unverified_person_is_asked_to_confirm_the_email_address(client, paragraph, unverified):
    client.force_login(unverified)

    content = page(client.get(thread(paragraph)))

    assert "Please confirm your email address to comment." in content
    assert f'href="{reverse("account_email")}"' in content
    assert 'name="text"' not in content


@pytest.mark.parametrize("persona", PARTICIPANTS)
def test_participant_sees_the_comment_form_with_limit_and_counter(
    client, request, paragraph, persona
):
    login(client, request, persona)

    content = page(client.get(thread(paragraph)))

    assert f'action="{comment_url(paragraph)}"' in content
    assert '<label for="comment-text">' in content
    assert 'maxlength="5000"' in content
    assert "required" in content
    assert 'data-counter="comment-counter"' in content
    assert 'name="csrfmiddlewaretoken"' in content
    assert "js/comments.js" in content


def test_closed_thread_shows_a_read_only_notice(client, resident, other_resident):
    paragraph = first_paragraph(make_version(state=Version.State.CLOSED))
    make_comment(paragraph, other_resident, "Vor dem Ende geschrieben")
    client.force_login(resident)

    content = page(client.get(thread(paragraph)))

    assert "The comment period has ended." in content
    assert "Vor dem Ende geschrieben" in content
    assert "<textarea" not in content.split('id="comments-title"')[0]
    assert "aria-pressed" not in content
    assert "Reply</summary>" not in content


# --- thread page: how comments look ----------------------------------------------------


def test_comment_shows_author_date_edited_marker_and_supports(client, paragraph, other_resident):
    comment = make_comment(paragraph, other_resident, "Bearbeitet", edited_at=timezone.now())
    Comment.objects.filter(pk=comment.pk).update(support_count=3)

    content = page(client.get(thread(paragraph)))

    assert other_resident.display_name in content
    assert f'<time datetime="{comment.created_at.isoformat(timespec="seconds")}">' in content
    assert "(edited)" in content
    assert "3 supports" in content


def test_comment_of_a_deleted_account_is_shown_as_such(client, paragraph):
    make_comment(paragraph, None, "Ohne Konto")

    content = page(client.get(thread(paragraph)))

    assert "deleted account" in content
    assert "Ohne Konto" in content


def test_comment_text_is_escaped_with_line_breaks_and_nofollow_links(client, paragraph, resident):
    make_comment(paragraph, resident, '<script>alert("x")</script>\nSiehe https://example.org')

    content = page(client.get(thread(paragraph)))

    assert "<script>alert" not in content
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>" in content
    assert '<a href="https://example.org" rel="nofollow">https://example.org</a>' in content


def test_withdrawn_comment_shows_a_notice_and_keeps_its_replies(
    client, paragraph, resident, other_resident
):
    comment = make_comment(paragraph, resident, "Meine alte Meinung", withdrawn_at=timezone.now())
    make_comment(paragraph, other_resident, "Antwort bleibt", parent=comment)

    content = page(client.get(thread(paragraph)))

    assert "This comment was withdrawn by its author." in content
    assert "Meine alte Meinung" not in content
    assert "Antwort bleibt" in content


def test_hidden_comment_shows_the_public_reason_without_its_text(client, paragraph, resident):
    make_comment(
        paragraph,
        resident,
        "Beleidigender Text",
        state=Comment.State.HIDDEN,
        hidden_reason=HideReason.DISCRIMINATION,
        moderator_note="intern",
    )

    content = page(client.get(thread(paragraph)))

    assert "Hidden by moderation." in content
    assert 'href="/seite/nutzungsbedingungen/#h-grund-2"' in content
    assert "Discrimination" in content
    assert "Beleidigender Text" not in content
    assert "intern" not in content


def test_held_comment_is_announced_as_under_review_without_its_text(client, paragraph, resident):
    make_comment(paragraph, resident, "Gemeldeter Text", state=Comment.State.HELD)

    content = page(client.get(thread(paragraph)))

    assert "This comment is being reviewed by the moderation team." in content
    assert "Gemeldeter Text" not in content


def test_pending_comment_is_shown_only_to_its_author_and_marked(
    client, paragraph, resident, other_resident
):
    make_comment(paragraph, resident, "Wartet noch", state=Comment.State.PENDING)

    anonymous = page(client.get(thread(paragraph)))
    client.force_login(other_resident)
    other = page(client.get(thread(paragraph)))
    client.force_login(resident)
    own = page(client.get(thread(paragraph)))

    assert "Wartet noch" not in anonymous
    assert "Wartet noch" not in other
    assert "Wartet noch" in own
    assert "awaiting approval" in own


def test_replies_are_nested_under_their_comment(client, paragraph, resident, other_resident):
    root = make_comment(paragraph, resident, "Wurzel")
    reply = make_comment(paragraph, other_resident, "Antwort", parent=root)
    deeper = make_comment(paragraph, resident, "Tiefer", parent=reply)

    content = page(client.get(thread(paragraph)))

    nested = re.search(
        rf'id="c-{root.pk}".*?<ol class="comment-replies".*?id="c-{reply.pk}"'
        rf'.*?<ol class="comment-replies".*?id="c-{deeper.pk}"',
        content,
        re.DOTALL,
    )
    assert nested


def test_reply_form_is_offered_only_above_the_maximum_depth(
    client, paragraph, resident, other_resident
):
    root = make_comment(paragraph, other_resident)
    reply = make_comment(paragraph, other_resident, parent=root)
    deepest = make_comment(paragraph, other_resident, parent=reply)
    assert deepest.depth == settings.COMMENT_MAX_DEPTH
    client.force_login(resident)

    content = page(client.get(thread(paragraph)))

    assert f'href="{action_url("reply", root)}"' in content
    assert f'href="{action_url("reply", reply)}"' in content
    assert f'href="{action_url("reply", deepest)}"' not in content


def test_own_comment_offers_edit_and_withdraw_but_not_support_or_report(
    client, paragraph, resident
):
    comment = make_comment(paragraph, resident)
    client.force_login(resident)

    content = page(client.get(thread(paragraph)))

    assert f'href="{action_url("edit", comment)}"' in content
    assert f'href="{action_url("withdraw", comment)}"' in content
    assert f'action="{action_url("support", comment)}"' not in content
    assert f'href="{action_url("report", comment)}"' not in content


def test_others_comment_offers_support_and_report_but_not_edit_or_withdraw(
    client, paragraph, resident, other_resident
):
    comment = make_comment(paragraph, other_resident)
    client.force_login(resident)

    content = page(client.get(thread(paragraph)))

    assert f'action="{action_url("support", comment)}"' in content
    assert 'aria-pressed="false"' in content
    assert f'href="{action_url("reply", comment)}"' in content
    assert f'href="{action_url("report", comment)}"' in content
    assert f'href="{action_url("edit", comment)}"' not in content
    assert f'href="{action_url("withdraw", comment)}"' not in content


def test_edit_form_disappears_after_the_edit_window(client, paragraph, resident):
    written = timezone.now() - timedelta(minutes=settings.COMMENT_EDIT_WINDOW_MINUTES + 1)
    comment = make_comment(paragraph, resident, created_at=written)
    client.force_login(resident)

    content = page(client.get(thread(paragraph)))

    assert f'href="{action_url("edit", comment)}"' not in content
    assert f'href="{action_url("withdraw", comment)}"' in content


@pytest.mark.parametrize(
    ("sort", "expected"),
    [("oldest", [0, 1, 2]), ("newest", [2, 1, 0]), ("supported", [1, 2, 0]), ("bogus", [0, 1, 2])],
)
def test_thread_can_be_sorted(client, paragraph, resident, sort, expected):
    now = timezone.now()
    comments = [
        make_comment(paragraph, resident, f"K{i}", created_at=now - timedelta(hours=3 - i))
        for i in range(3)
    ]
    Comment.objects.filter(pk=comments[1].pk).update(support_count=5)
    Comment.objects.filter(pk=comments[2].pk).update(support_count=2)

    response = client.get(thread(paragraph), {"sort": sort})

    assert response.status_code == 200
    assert comment_ids(response) == [comments[i].pk for i in expected]


def test_long_threads_are_paginated_with_replies_kept_on_their_page(
    client, settings, paragraph, resident
):
    settings.COMMENTS_PER_PAGE = 2
    people = make_people(2)
    comments = make_thread(paragraph, people, top_level=5, replies_per_comment=1)
    roots, replies = comments[:5], comments[5:]

    second = client.get(thread(paragraph), {"page": 2})
    beyond = client.get(thread(paragraph), {"page": 99})
    garbage = client.get(thread(paragraph), {"page": "abc"})

    assert comment_ids(second) == [roots[2].pk, replies[2].pk, roots[3].pk, replies[3].pk]
    assert "Page 2 of 3" in page(second)
    assert 'rel="prev"' in page(second)
    assert 'rel="next"' in page(second)
    assert comment_ids(beyond) == [roots[4].pk, replies[4].pk]
    assert comment_ids(garbage)[0] == roots[0].pk


# --- commenting ------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PARTICIPANTS)
def test_participant_can_comment_and_comes_back_to_the_comment(client, request, paragraph, persona):
    user = login(client, request, persona)

    response = client.post(comment_url(paragraph), sent({"text": "Sehr gut\r\nso."}))

    comment = Comment.objects.get()
    assert comment.author == user
    assert comment.text == "Sehr gut\nso."
    assert comment.state == Comment.State.PUBLISHED
    assert response.status_code == 302
    assert response.url == f"{thread(paragraph)}?c={comment.pk}#c-{comment.pk}"
    followed = page(client.get(response.url))
    assert "Your comment has been published." in followed
    assert "Sehr gut<br>so." in followed


def test_new_comment_redirects_to_the_page_it_appears_on(client, settings, paragraph, resident):
    settings.COMMENTS_PER_PAGE = 2
    make_thread(paragraph, make_people(1), top_level=3)
    client.force_login(resident)

    response = client.post(comment_url(paragraph), sent({"text": "Der vierte"}))

    comment = Comment.objects.get(text="Der vierte")
    assert response.url == f"{thread(paragraph)}?page=2&c={comment.pk}#c-{comment.pk}"


def test_premoderated_comment_waits_and_its_author_is_told(client, resident):
    paragraph = first_paragraph(make_version(premoderation=True))
    client.force_login(resident)

    response = client.post(
        comment_url(paragraph), sent({"text": "Bitte freischalten"}), follow=True
    )

    assert Comment.objects.get().state == Comment.State.PENDING
    content = page(response)
    assert "once the moderation team has approved it" in content
    assert "awaiting approval" in content
    assert "Bitte freischalten" in content


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Please write a comment."),
        ("   \r\n\t ", "Please write a comment."),
        ("y" * 5001, "A comment can have at most 5000 characters; yours has 5001."),
    ],
    ids=["empty", "whitespace", "too-long"],
)
def test_bad_comment_is_refused_with_400_and_keeps_the_text(
    client, paragraph, resident, text, message
):
    client.force_login(resident)

    response = client.post(comment_url(paragraph), sent({"text": text}))

    assert response.status_code == 400
    content = page(response)
    assert message in content
    assert 'id="form-errors"' in content
    assert 'aria-invalid="true"' in content
    assert 'href="#comment-text"' in content
    typed = text.replace("\r\n", "\n")
    assert f'data-counter="comment-counter">{typed}</textarea>' in content
    assert not Comment.objects.exists()


def test_refused_comment_keeps_markup_escaped(client, paragraph, resident):
    client.force_login(resident)

    response = client.post(comment_url(paragraph), sent({"text": "<b>" + "z" * 5000}))

    assert response.status_code == 400
    assert "&lt;b&gt;zzz" in page(response)
    assert "<b>zzz" not in page(response)


def test_nul_bytes_in_a_comment_are_dropped(client, paragraph, resident):
    client.force_login(resident)

    response = client.post(comment_url(paragraph), sent({"text": "Null\x00byte"}))

    assert response.status_code == 302
    assert Comment.objects.get().text == "Nullbyte"


def test_unverified_person_cannot_comment(client, paragraph, unverified):
    client.force_login(unverified)

    response = client.post(comment_url(paragraph), sent({"text": "Hallo"}))

    assert response.status_code == 403
    content = page(response)
    assert "Please confirm your email address before taking part." in content
    assert f'href="{reverse("account_email")}"' in content
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    "setup",
    [
        {"state": Version.State.CLOSED},
        {"state": Version.State.ADOPTED},
        {"opens": timezone.now() - timedelta(days=9), "closes": timezone.now() - timedelta(days=1)},
    ],
    ids=["closed", "adopted", "period-over"],
)
def test_comment_outside_the_period_is_refused_and_the_text_offered_to_copy(
    client, resident, setup
):
    paragraph = first_paragraph(make_version(**setup))
    client.force_login(resident)

    response = client.post(comment_url(paragraph), sent({"text": "Zu spät, aber wichtig"}))

    assert response.status_code == 400
    content = page(response)
    assert "The comment period of this version is closed." in content
    assert (
        '<textarea id="unsaved-text" rows="6" readonly>Zu spät, aber wichtig</textarea>' in content
    )
    assert 'name="text"' not in content
    assert not Comment.objects.exists()


@pytest.mark.parametrize("persona", ["resident", "editor"])
def test_posting_to_a_draft_is_not_found_even_for_staff(client, request, persona):
    paragraph = first_paragraph(make_version(state=Version.State.DRAFT))
    login(client, request, persona)

    response = client.post(comment_url(paragraph), sent({"text": "Vorab"}))

    assert response.status_code == 404
    assert not Comment.objects.exists()


def test_anonymous_comment_goes_to_sign_in_and_back(client, paragraph):
    response = client.post(comment_url(paragraph), sent({"text": "Anonym"}))

    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={quote(thread(paragraph), safe='/')}"
    assert not Comment.objects.exists()


@pytest.mark.parametrize("name", ACTIONS)
def test_anonymous_actions_go_to_sign_in(client, paragraph, resident, name):
    comment = make_comment(paragraph, resident)

    response = client.post(action_url(name, comment), {"text": "x", "reason": "1"})

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert Comment.objects.count() == 1
    assert not Report.objects.exists()


def test_support_answers_only_post(client, paragraph, resident, other_resident):
    comment = make_comment(paragraph, other_resident)
    client.force_login(resident)

    assert client.get(action_url("support", comment)).status_code == 405
    assert client.put(action_url("reply", comment)).status_code == 405


@pytest.mark.parametrize("name", ACTIONS)
def test_actions_on_unknown_comments_are_not_found(client, paragraph, resident, name):
    client.force_login(resident)
    ghost = Comment(pk=999_999, paragraph=paragraph)

    response = client.post(action_url(name, ghost), {"text": "x", "reason": "1"})

    assert response.status_code == 404


@pytest.mark.parametrize("name", ACTIONS)
def test_actions_on_a_comment_of_another_paragraph_are_not_found(
    client, version, resident, other_resident, name
):
    first, second = version.paragraphs.order_by("order")[:2]
    comment = make_comment(second, other_resident)
    client.force_login(resident)
    wrong = Comment(pk=comment.pk, paragraph=first)

    response = client.post(action_url(name, wrong), {"text": "x", "reason": "1"})

    assert response.status_code == 404


# --- replies ---------------------------------------------------------------------------


def test_resident_can_reply_and_comes_back_to_the_reply(
    client, paragraph, resident, other_resident
):
    root = make_comment(paragraph, other_resident)
    client.force_login(resident)

    response = client.post(
        action_url("reply", root) + "?sort=newest&page=1", sent({"text": "Meine Antwort"})
    )

    reply = Comment.objects.get(parent=root)
    assert reply.depth == 1
    assert response.url == f"{thread(paragraph)}?sort=newest&c={reply.pk}#c-{reply.pk}"


def test_reply_sent_by_script_returns_the_new_comment_as_html(
    client, paragraph, resident, other_resident
):
    root = make_comment(paragraph, other_resident)
    client.force_login(resident)

    response = client.post(action_url("reply", root), sent({"text": "Per <Skript>"}), headers=FETCH)

    assert response.status_code == 201
    data = response.json()
    reply = Comment.objects.get(parent=root)
    assert data["id"] == reply.pk
    assert data["parent"] == root.pk
    assert data["message"] == "Your reply has been published."
    assert f'id="c-{reply.pk}"' in data["html"]
    assert "Per &lt;Skript&gt;" in data["html"]
    assert f'href="{action_url("edit", reply)}"' in data["html"]


def test_refused_reply_sent_by_script_returns_the_message(
    client, paragraph, resident, other_resident
):
    root = make_comment(paragraph, other_resident)
    client.force_login(resident)

    response = client.post(action_url("reply", root), sent({"text": "   "}), headers=FETCH)

    assert response.status_code == 400
    assert response.json() == {"error": "Please write a comment."}


def test_empty_reply_is_refused_on_the_reply_page(client, paragraph, resident, other_resident):
    root = make_comment(paragraph, other_resident, "Worauf ich antworte")
    client.force_login(resident)

    response = client.post(action_url("reply", root), sent({"text": " "}))

    assert response.status_code == 400
    content = page(response)
    assert "Please write a comment." in content
    assert "Worauf ich antworte" in content
    assert 'href="#reply-text"' in content
    assert 'aria-invalid="true"' in content
    assert f'action="{action_url("reply", root)}"' in content


def test_reply_past_the_maximum_depth_is_refused_with_400(
    client, paragraph, resident, other_resident
):
    root = make_comment(paragraph, other_resident)
    reply = make_comment(paragraph, other_resident, parent=root)
    deepest = make_comment(paragraph, other_resident, parent=reply)
    client.force_login(resident)

    response = client.post(action_url("reply", deepest), sent({"text": "Noch tiefer"}))

    assert response.status_code == 400
    content = page(response)
    assert "Replies can be nested at most 2 levels deep." in content
    assert "Noch tiefer</textarea>" in content
    assert Comment.objects.count() == 3


@pytest.mark.parametrize("state", [Comment.State.HIDDEN, Comment.State.HELD])
def test_reply_to_a_hidden_or_held_comment_is_refused(
    client, paragraph, resident, other_resident, state
):
    root = make_comment(paragraph, other_resident, state=state, hidden_reason="1")
    client.force_login(resident)

    response = client.post(action_url("reply", root), sent({"text": "Trotzdem"}))

    assert response.status_code == 400
    assert "This comment cannot be replied to." in page(response)
    assert Comment.objects.count() == 1


def test_reply_to_someone_elses_pending_comment_is_not_found(
    client, paragraph, resident, other_resident
):
    root = make_comment(paragraph, other_resident, state=Comment.State.PENDING)
    client.force_login(resident)

    response = client.post(action_url("reply", root), sent({"text": "Kenne ich nicht"}))

    assert response.status_code == 404


# --- editing and withdrawing -----------------------------------------------------------


def test_author_can_edit_within_the_window(client, paragraph, resident):
    comment = make_comment(paragraph, resident, "Tippfehlr")
    client.force_login(resident)

    response = client.post(action_url("edit", comment), {"text": "Tippfehler"})

    assert response.status_code == 302
    assert response.url == f"{thread(paragraph)}?c={comment.pk}#c-{comment.pk}"
    comment.refresh_from_db()
    assert comment.text == "Tippfehler"
    assert "(edited)" in page(client.get(response.url))


@pytest.mark.parametrize("persona", ["other_resident", "moderator", "editor"])
def test_nobody_else_can_edit_a_comment(client, request, paragraph, resident, persona):
    comment = make_comment(paragraph, resident, "Original")
    login(client, request, persona)

    response = client.post(action_url("edit", comment), {"text": "Gefälscht"})

    assert response.status_code == 403
    assert "You can only edit your own comments." in page(response)
    comment.refresh_from_db()
    assert comment.text == "Original"


def test_editing_after_the_window_is_refused_with_400(client, paragraph, resident):
    written = timezone.now() - timedelta(minutes=settings.COMMENT_EDIT_WINDOW_MINUTES + 1)
    comment = make_comment(paragraph, resident, "Alt", created_at=written)
    client.force_login(resident)

    response = client.post(action_url("edit", comment), {"text": "Zu spät geändert"})

    assert response.status_code == 400
    assert "within 15 minutes" in page(response)
    assert "Zu spät geändert</textarea>" in page(response)
    comment.refresh_from_db()
    assert comment.text == "Alt"


def test_editing_to_an_empty_text_keeps_the_comment_and_reopens_the_form(
    client, paragraph, resident
):
    comment = make_comment(paragraph, resident, "Bleibt")
    client.force_login(resident)

    response = client.post(action_url("edit", comment), {"text": ""})

    assert response.status_code == 400
    assert 'href="#edit-text"' in page(response)
    comment.refresh_from_db()
    assert comment.text == "Bleibt"


def test_author_can_withdraw_and_replies_stay(client, paragraph, resident, other_resident):
    comment = make_comment(paragraph, resident, "Nehme ich zurück")
    make_comment(paragraph, other_resident, "Antwort darauf", parent=comment)
    client.force_login(resident)

    response = client.post(action_url("withdraw", comment), follow=True)

    content = page(response)
    assert "Your comment has been withdrawn." in content
    assert "This comment was withdrawn by its author." in content
    assert "Nehme ich zurück" not in content
    assert "Antwort darauf" in content


@pytest.mark.parametrize("persona", ["other_resident", "moderator", "editor"])
def test_nobody_else_can_withdraw_a_comment(client, request, paragraph, resident, persona):
    comment = make_comment(paragraph, resident)
    login(client, request, persona)

    response = client.post(action_url("withdraw", comment))

    assert response.status_code == 403
    comment.refresh_from_db()
    assert not comment.is_withdrawn


def test_withdrawing_twice_is_refused_with_400(client, paragraph, resident):
    comment = make_comment(paragraph, resident, withdrawn_at=timezone.now())
    client.force_login(resident)

    response = client.post(action_url("withdraw", comment))

    assert response.status_code == 400
    assert "already been withdrawn" in page(response)


# --- supports --------------------------------------------------------------------------


def test_support_toggles_on_and_off(client, paragraph, resident, other_resident):
    comment = make_comment(paragraph, other_resident)
    client.force_login(resident)

    first = client.post(action_url("support", comment) + "?sort=supported")
    comment.refresh_from_db()
    assert comment.support_count == 1
    assert first.url == f"{thread(paragraph)}?sort=supported&c={comment.pk}#c-{comment.pk}"
    content = page(client.get(first.url))
    assert "You support this comment." in content
    assert 'aria-pressed="true"' in content
    assert "1 support<" in content

    client.post(action_url("support", comment))
    comment.refresh_from_db()
    assert comment.support_count == 0
    assert 'aria-pressed="false"' in page(client.get(thread(paragraph)))


def test_support_sent_by_script_answers_json(client, paragraph, resident, other_resident):
    comment = make_comment(paragraph, other_resident)
    client.force_login(resident)

    on = client.post(action_url("support", comment), headers=FETCH).json()
    off = client.post(action_url("support", comment), headers=FETCH).json()

    assert on == {
        "supported": True,
        "count": 1,
        "count_text": "1 support",
        "message": "You support this comment.",
    }
    assert off["supported"] is False
    assert off["count"] == 0


def test_supporting_ones_own_comment_is_refused_with_400(client, paragraph, resident):
    comment = make_comment(paragraph, resident)
    client.force_login(resident)

    response = client.post(action_url("support", comment))
    scripted = client.post(action_url("support", comment), headers=FETCH)

    assert response.status_code == 400
    assert "You cannot support your own comment." in page(response)
    assert scripted.status_code == 400
    assert scripted.json() == {"error": "You cannot support your own comment."}


def test_unverified_person_cannot_support(client, paragraph, unverified, resident):
    comment = make_comment(paragraph, resident)
    client.force_login(unverified)

    response = client.post(action_url("support", comment))

    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.support_count == 0


def test_supporting_after_the_period_is_refused_with_400(client, resident, other_resident):
    paragraph = first_paragraph(make_version(state=Version.State.CLOSED))
    comment = make_comment(paragraph, other_resident)
    client.force_login(resident)

    response = client.post(action_url("support", comment))

    assert response.status_code == 400
    assert "closed" in page(response)


# --- reports ---------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PARTICIPANTS)
def test_participant_can_report_someone_elses_comment_once(client, request, paragraph, persona):
    author = make_people(1)[0]
    comment = make_comment(paragraph, author)
    user = login(client, request, persona)

    response = client.post(
        action_url("report", comment), {"reason": HideReason.SPAM, "details": "Werbung"}
    )

    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.reporter, report.reason, report.details) == (user, "4", "Werbung")
    content = page(client.get(response.url))
    assert "Thank you for your report." in content
    assert "You reported this comment." in content
    assert f'href="{action_url("report", comment)}"' not in content


def test_reporting_twice_is_refused_with_400(client, paragraph, resident, other_resident):
    comment = make_comment(paragraph, other_resident)
    client.force_login(resident)
    client.post(action_url("report", comment), {"reason": HideReason.INSULT})

    response = client.post(action_url("report", comment), {"reason": HideReason.SPAM})

    assert response.status_code == 400
    assert "You have already reported this comment." in page(response)
    assert Report.objects.count() == 1


def test_report_without_a_reason_is_refused_and_keeps_the_details(
    client, paragraph, resident, other_resident
):
    comment = make_comment(paragraph, other_resident)
    client.force_login(resident)

    response = client.post(action_url("report", comment), {"reason": "", "details": "Siehe oben"})

    assert response.status_code == 400
    content = page(response)
    assert "Please choose a reason." in content
    assert "Siehe oben</textarea>" in content
    assert 'href="#report-reason"' in content
    assert not Report.objects.exists()


def test_reporting_ones_own_comment_is_refused(client, paragraph, resident):
    comment = make_comment(paragraph, resident)
    client.force_login(resident)

    response = client.post(action_url("report", comment), {"reason": HideReason.SPAM})

    assert response.status_code == 400
    assert not Report.objects.exists()


def test_unverified_person_cannot_report(client, paragraph, unverified, resident):
    comment = make_comment(paragraph, resident)
    client.force_login(unverified)

    response = client.post(action_url("report", comment), {"reason": HideReason.SPAM})

    assert response.status_code == 403
    assert not Report.objects.exists()


def test_report_reaching_the_threshold_holds_the_comment(
    client, paragraph, resident, other_resident
):
    Version.objects.filter(pk=paragraph.version_id).update(report_threshold=1)
    comment = make_comment(paragraph, other_resident, "Grenzwertig")
    client.force_login(resident)

    response = client.post(action_url("report", comment), {"reason": HideReason.INSULT})

    comment.refresh_from_db()
    assert comment.state == Comment.State.HELD
    assert ModerationAction.objects.filter(comment=comment, action="hold").exists()
    content = page(client.get(response.url))
    assert "being reviewed by the moderation team" in content
    assert "Grenzwertig" not in content


# --- form pages (the way without JavaScript) ---------------------------------------------


def test_participant_gets_the_inline_reply_template_and_anonymous_does_not(
    client, paragraph, resident
):
    anonymous = page(client.get(thread(paragraph)))
    client.force_login(resident)
    participant = page(client.get(thread(paragraph)))

    assert '<template id="reply-template">' not in anonymous
    assert '<template id="reply-template">' in participant
    assert 'data-enhance="reply"' in participant


@pytest.mark.parametrize("name", ["reply", "edit", "withdraw", "report"])
def test_anonymous_form_page_goes_to_sign_in_and_back_to_the_form(
    client, paragraph, resident, name
):
    comment = make_comment(paragraph, resident)

    response = client.get(action_url(name, comment))

    assert response.status_code == 302
    assert (
        response.url
        == f"{reverse('account_login')}?next={quote(action_url(name, comment), safe='/')}"
    )


@pytest.mark.parametrize("persona", PARTICIPANTS)
def test_participant_can_open_the_comment_page(client, request, paragraph, persona):
    login(client, request, persona)

    response = client.get(comment_url(paragraph))

    assert response.status_code == 200
    content = page(response)
    assert "Write a comment" in content
    assert paragraph.text_html in content
    assert f'action="{comment_url(paragraph)}"' in content


def test_comment_page_is_refused_when_the_period_is_over(client, resident):
    paragraph = first_paragraph(make_version(state=Version.State.CLOSED))
    client.force_login(resident)

    response = client.get(comment_url(paragraph))

    assert response.status_code == 400
    assert "The comment period of this version is closed." in page(response)


def test_reply_page_shows_the_comment_and_a_form(client, paragraph, resident, other_resident):
    root = make_comment(paragraph, other_resident, "Erst lesen, dann antworten")
    client.force_login(resident)

    response = client.get(action_url("reply", root) + "?sort=newest")

    assert response.status_code == 200
    content = page(response)
    assert "Erst lesen, dann antworten" in content
    assert '<label for="reply-text">' in content
    assert f'action="{action_url("reply", root)}?sort=newest"' in content
    assert f'href="{thread(paragraph)}?sort=newest&amp;c={root.pk}#c-{root.pk}"' in content


def test_unverified_person_cannot_open_the_reply_page(client, paragraph, unverified, resident):
    root = make_comment(paragraph, resident)
    client.force_login(unverified)

    response = client.get(action_url("reply", root))

    assert response.status_code == 403
    assert "Please confirm your email address" in page(response)


@pytest.mark.parametrize(
    ("state", "message"),
    [
        (Comment.State.HIDDEN, "This comment cannot be replied to."),
        (Comment.State.HELD, "This comment cannot be replied to."),
    ],
)
def test_reply_page_for_a_comment_that_cannot_be_answered_is_refused(
    client, paragraph, resident, other_resident, state, message
):
    root = make_comment(paragraph, other_resident, state=state)
    client.force_login(resident)

    response = client.get(action_url("reply", root))

    assert response.status_code == 400
    assert message in page(response)


def test_reply_page_past_the_maximum_depth_is_refused(client, paragraph, resident, other_resident):
    root = make_comment(paragraph, other_resident)
    deepest = make_comment(
        paragraph, other_resident, parent=make_comment(paragraph, other_resident, parent=root)
    )
    client.force_login(resident)

    response = client.get(action_url("reply", deepest))

    assert response.status_code == 400
    assert "Replies can be nested at most 2 levels deep." in page(response)


def test_edit_page_is_prefilled_for_the_author(client, paragraph, resident):
    comment = make_comment(paragraph, resident, "Mein Text & mehr")
    client.force_login(resident)

    response = client.get(action_url("edit", comment))

    assert response.status_code == 200
    assert 'data-counter="edit-counter">Mein Text &amp; mehr</textarea>' in page(response)


@pytest.mark.parametrize("name", ["edit", "withdraw"])
@pytest.mark.parametrize("persona", ["other_resident", "moderator", "editor"])
def test_edit_and_withdraw_pages_are_forbidden_for_others(
    client, request, paragraph, resident, persona, name
):
    comment = make_comment(paragraph, resident, "Nicht deins")
    login(client, request, persona)

    response = client.get(action_url(name, comment))

    assert response.status_code == 403
    assert "Nicht deins" not in page(response)


def test_edit_page_after_the_window_is_refused(client, paragraph, resident):
    written = timezone.now() - timedelta(minutes=settings.COMMENT_EDIT_WINDOW_MINUTES + 1)
    comment = make_comment(paragraph, resident, created_at=written)
    client.force_login(resident)

    response = client.get(action_url("edit", comment))

    assert response.status_code == 400
    assert "within 15 minutes" in page(response)


def test_withdraw_page_asks_for_confirmation(client, paragraph, resident):
    comment = make_comment(paragraph, resident)
    client.force_login(resident)

    response = client.get(action_url("withdraw", comment))

    assert response.status_code == 200
    content = page(response)
    assert "Withdraw comment</button>" in content
    assert f'action="{action_url("withdraw", comment)}"' in content
    comment.refresh_from_db()
    assert not comment.is_withdrawn


def test_report_page_offers_the_reasons_of_the_terms_of_use(
    client, paragraph, resident, other_resident
):
    comment = make_comment(paragraph, other_resident)
    client.force_login(resident)

    response = client.get(action_url("report", comment))

    assert response.status_code == 200
    content = page(response)
    for reason in HideReason:
        assert f'<option value="{reason.value}">{reason.label}</option>' in content
    assert 'href="/seite/nutzungsbedingungen/"' in content


@pytest.mark.parametrize("already_reported", [False, True], ids=["own", "reported-before"])
def test_report_page_is_refused_for_own_or_already_reported_comments(
    client, paragraph, resident, other_resident, already_reported
):
    comment = make_comment(paragraph, other_resident if already_reported else resident)
    if already_reported:
        Report.objects.create(comment=comment, reporter=resident, reason=HideReason.SPAM)
    client.force_login(resident)

    response = client.get(action_url("report", comment))

    assert response.status_code == 400


# --- query counts ----------------------------------------------------------------------


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def seed_version_at_scale(version, *, comments_per_paragraph, supports):
    """comments_per_paragraph per paragraph (half of them replies), some hidden, plus supports."""
    authors = make_people(10)
    made = []
    for paragraph in version.paragraphs.all():
        made += make_thread(
            paragraph, authors, top_level=comments_per_paragraph // 2, replies_per_comment=1
        )
    hidden = made[::40]
    Comment.objects.filter(pk__in=[c.pk for c in hidden]).update(
        state=Comment.State.HIDDEN, hidden_reason="1"
    )
    per_comment, rest = divmod(supports, len(made))
    add_supports(made, authors, per_comment)
    add_supports(made[:rest], authors[per_comment:], 1)
    return made


@pytest.mark.parametrize("persona", ["anonymous", "resident"])
def test_version_page_query_count_stays_flat_with_40_paragraphs_and_2000_comments(
    client, request, django_assert_max_num_queries, persona
):
    version = make_version(paragraphs=40, sections=10)
    login(client, request, persona)
    empty = count_queries(client, version.get_absolute_url())

    seed_version_at_scale(version, comments_per_paragraph=50, supports=5000)
    assert Comment.objects.count() == 2000
    assert Support.objects.count() == 5000

    with django_assert_max_num_queries(12):
        response = client.get(version.get_absolute_url())
    assert response.status_code == 200
    assert count_queries(client, version.get_absolute_url()) == empty
    assert page(response).count('class="paragraph"') == 40


@pytest.mark.parametrize("persona", ["anonymous", "resident"])
def test_thread_query_count_stays_flat_with_200_comments_and_replies(
    client, request, django_assert_max_num_queries, paragraph, persona
):
    user = login(client, request, persona)
    make_comment(paragraph, make_people(1)[0])
    small = count_queries(client, thread(paragraph))
    Comment.objects.all().delete()

    authors = make_people(5)
    made = make_thread(paragraph, authors, top_level=50, replies_per_comment=2, second_level=1)
    assert len(made) == 200
    add_supports(made[::2], authors, 3)
    if user is not None:
        add_supports(made[1::3], [user], 1)
        make_comment(paragraph, user, "Eigener wartender", state=Comment.State.PENDING)

    with django_assert_max_num_queries(10):
        response = client.get(thread(paragraph))
    assert response.status_code == 200
    assert count_queries(client, thread(paragraph)) == small
    assert len(comment_ids(response)) == 200


def test_posting_a_comment_stays_within_15_queries(
    client, paragraph, resident, django_assert_max_num_queries
):
    make_thread(paragraph, make_people(3), top_level=60, replies_per_comment=1)
    client.force_login(resident)

    with django_assert_max_num_queries(15):
        response = client.post(comment_url(paragraph), sent({"text": "Schnell gespeichert"}))

    assert response.status_code == 302
