"""A paragraph's thread reads like a discussion (#14 item 3) and renders cheaply (#13 item 4).

The discussion comes before the form; success messages stand beside their comment; no
"0 supports"; reporting is a quiet action; replies are nested lists; the comment form gets
the designed error instead of the browser's bubble. Comments are rendered from prepared
fragments (guidelines.thread_html), so the templates a page renders do not grow with its
comments. Texts are asserted in English (the source language).
"""

import re
from datetime import timedelta
from uuid import uuid4

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format, time_format

from guidelines import responses
from guidelines.models import Comment, Version
from guidelines.thread_html import datetime_label
from tests.guidelines.factories import (
    add_supports,
    first_paragraph,
    make_comment,
    make_people,
    make_thread,
    make_version,
)

pytestmark = pytest.mark.django_db
FETCH = {"X-Requested-With": "fetch"}


@pytest.fixture
def paragraph(english):
    return first_paragraph(make_version())


def url(paragraph, **query):
    address = paragraph.get_absolute_url()
    if query:
        address += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return address


def paragraph_kwargs(paragraph):
    return {
        "slug": paragraph.version.document.slug,
        "pk": paragraph.version_id,
        "key": paragraph.key,
    }


def comment_url(paragraph):
    return reverse("guidelines:comment", kwargs=paragraph_kwargs(paragraph))


def action_url(name, comment):
    kwargs = {**paragraph_kwargs(comment.paragraph), "comment_id": comment.pk}
    return reverse(f"guidelines:{name}", kwargs=kwargs)


def content(response):
    assert response.status_code == 200
    return response.content.decode()


def item_of(html, comment):
    """The article of ``comment`` up to its end (its own content, not its replies)."""
    match = re.search(rf'<article [^>]*id="c-{comment.pk}".*?</article>', html, re.DOTALL)
    assert match, f"comment {comment.pk} not on the page"
    return match.group(0)


# --- order of the page ---------------------------------------------------------------------


def test_the_discussion_comes_first_and_the_form_after_it(client, paragraph, resident):
    make_comment(paragraph, resident, "Erst lesen")
    client.force_login(resident)

    html = content(client.get(url(paragraph)))

    link = html.index('<a class="button button--secondary" href="#comment-form">')
    assert link < html.index('id="comments-title"') < html.index('id="comment-form"')
    assert html.index("Erst lesen") < html.index('<form method="post" action="')
    assert html.index('id="comment-form"') < html.index('name="text"')


def test_anonymous_reader_finds_the_sign_in_link_after_the_discussion(client, paragraph, resident):
    make_comment(paragraph, resident, "Sichtbar")

    html = content(client.get(url(paragraph)))

    assert 'href="#comment-form"' in html
    assert html.index('id="comments-title"') < html.index("Sign in to comment")
    assert "<textarea" not in html


@pytest.mark.parametrize(
    ("state", "notice"),
    [(Version.State.CLOSED, "The comment period has ended."), ("upcoming", "has not started")],
)
def test_a_thread_without_a_comment_period_says_so_at_the_top_and_offers_no_form(
    client, resident, state, notice, english
):
    if state == "upcoming":
        later = timezone.now() + timedelta(days=2)
        paragraph = first_paragraph(make_version(opens=later, closes=later + timedelta(days=7)))
    else:
        paragraph = first_paragraph(make_version(state=state))
    client.force_login(resident)

    html = content(client.get(url(paragraph)))

    assert html.index(notice) < html.index('id="comments-title"')
    assert 'id="comment-form"' not in html
    assert 'href="#comment-form"' not in html


# --- how a comment looks ---------------------------------------------------------------------


def test_no_zero_support_count_but_the_support_button_stays(
    client, paragraph, resident, other_resident
):
    unsupported = make_comment(paragraph, other_resident, "Ohne")
    supported = make_comment(paragraph, other_resident, "Mit")
    add_supports([supported], make_people(3), 3)
    client.force_login(resident)

    html = content(client.get(url(paragraph)))

    quiet = item_of(html, unsupported)
    assert "0 supports" not in html
    assert 'class="support-button" aria-pressed="false"' in quiet
    assert '<span class="comment__supports" data-support-count hidden></span>' in quiet
    assert '<span class="comment__supports" data-support-count>3 supports</span>' in item_of(
        html, supported
    )


def test_anonymous_reader_sees_no_empty_count_or_action_row(client, paragraph, resident):
    comment = make_comment(paragraph, resident, "Ohne Zustimmung")

    html = content(client.get(url(paragraph)))

    assert "comment__supports" not in item_of(html, comment)
    assert "comment__actions" not in item_of(html, comment)


def test_reporting_is_a_quiet_action_after_replying(client, paragraph, resident, other_resident):
    comment = make_comment(paragraph, other_resident)
    client.force_login(resident)

    actions = item_of(content(client.get(url(paragraph))), comment)

    reply = f'<a class="comment__action" href="{action_url("reply", comment)}"'
    report = (
        f'<a class="comment__action comment__action--quiet" href="{action_url("report", comment)}"'
    )
    assert reply in actions
    assert report in actions
    assert actions.index(reply) < actions.index(report)


def test_replies_are_lists_inside_the_item_of_their_comment(
    client, paragraph, resident, other_resident
):
    root = make_comment(paragraph, resident, "Wurzel")
    reply = make_comment(paragraph, other_resident, "Antwort", parent=root)
    deeper = make_comment(paragraph, resident, "Tiefer", parent=reply)
    sibling = make_comment(paragraph, resident, "Nächster")

    html = content(client.get(url(paragraph)))

    expected = (
        '<ol class="comment-list" role="list">'
        f'<li class="comment-item"><article class="comment comment--published" id="c-{root.pk}"'
        rf'.*?</article><ol class="comment-replies" role="list">'
        f'<li class="comment-item"><article [^>]*id="c-{reply.pk}"'
        rf'.*?</article><ol class="comment-replies" role="list">'
        f'<li class="comment-item"><article [^>]*id="c-{deeper.pk}"'
        rf".*?</article></li></ol></li></ol></li>"
        f'<li class="comment-item"><article [^>]*id="c-{sibling.pk}"'
    )
    assert re.search(expected, html, re.DOTALL)


def test_names_and_texts_are_escaped(client, paragraph):
    [author] = make_people(1)
    author.display_name = '<b>"Anna"</b>'
    author.save()
    make_comment(paragraph, author, "a < b & c\nzweite Zeile")

    html = content(client.get(url(paragraph)))

    assert "&lt;b&gt;&quot;Anna&quot;&lt;/b&gt;" in html
    assert "a &lt; b &amp; c<br>zweite Zeile" in html
    assert "<b>" not in html


def test_the_time_is_shown_in_local_time_with_the_formats_of_the_language(paragraph):
    moment = timezone.now().replace(microsecond=0)
    local = timezone.localtime(moment)

    with translation.override("de"):
        german = datetime_label(moment)
        expected = f"{date_format(local.date())}, {time_format(local.time())}"

    assert german == expected
    assert local.strftime("%H:%M") in german


def test_the_city_response_is_shown_below_its_comment(client, resident, editor, english):
    version = make_version(state=Version.State.CLOSED)
    comment = make_comment(first_paragraph(version), resident, "Bitte ändern")
    responses.respond(
        version=version,
        comments=[comment],
        disposition="partly",
        reasoning="Wir haben es **teilweise** übernommen.",
        author=editor,
    )
    responses.publish_commented_version(version=version)

    html = content(client.get(url(first_paragraph(version))))

    response = item_of(html, comment)
    assert '<span class="disposition disposition--partly">' in response
    assert "<strong>teilweise</strong>" in response
    assert "Response of the city:" in response


# --- success messages ------------------------------------------------------------------------


def test_the_success_message_stands_beside_the_new_comment(client, paragraph, resident):
    client.force_login(resident)

    posted = client.post(
        comment_url(paragraph),
        {"text": "Mein Beitrag", "submission": str(uuid4())},
    )
    html = content(client.get(posted.url))

    comment = Comment.objects.get(text="Mein Beitrag")
    message = (
        '<p class="message message--success comment__message" role="status">'
        "Your comment has been published.</p>"
    )
    assert message in item_of(html, comment)
    assert '<div class="messages"' not in html
    # Shown once: the next view has no message.
    assert "Your comment has been published." not in content(client.get(posted.url))


def test_a_message_about_a_comment_on_another_page_stays_at_the_top(
    client, settings, paragraph, resident, other_resident
):
    settings.COMMENTS_PER_PAGE = 1
    first, second = make_comment(paragraph, other_resident), make_comment(paragraph, other_resident)
    client.force_login(resident)

    # Supported on page 2 (the redirect names page 2), then page 1 is opened with its id.
    client.post(action_url("support", second) + "?page=2", {"supported": "1"})
    html = content(client.get(url(paragraph, c=second.pk)))

    assert '<div class="messages" role="status">' in html
    assert "You support this comment." in html
    assert "comment__message" not in item_of(html, first)


def test_an_address_with_a_bad_comment_id_is_just_the_thread(client, paragraph, resident):
    make_comment(paragraph, resident)

    assert client.get(url(paragraph, c="abc")).status_code == 200
    assert client.get(url(paragraph, c="99999")).status_code == 200


# --- the comment form --------------------------------------------------------------------------


def test_the_comment_form_asks_for_no_browser_validation_and_keeps_its_tokens(
    client, paragraph, resident
):
    client.force_login(resident)

    html = content(client.get(url(paragraph)))

    forms = re.findall(r'<form method="post" action="[^"]*" class="comment-form"[^>]*>', html)
    assert len(forms) == 2  # the comment form and the reply template
    for form in forms:
        assert " novalidate " in form
        assert "data-keep-text" in form
    assert html.count('name="submission" value="') == 2
    assert '<ul class="field__errors" id="comment-error" hidden></ul>' in html


def test_an_empty_comment_gets_the_designed_error_in_its_slot(client, paragraph, resident):
    client.force_login(resident)

    response = client.post(comment_url(paragraph), {"text": "", "submission": str(uuid4())})

    assert response.status_code == 400
    html = response.content.decode()
    error = re.search(r'<ul class="field__errors" id="comment-error"><li>([^<]+)</li></ul>', html)
    assert error
    assert error.group(1).strip()
    assert 'aria-invalid="true"' in html
    assert not Comment.objects.exists()


def test_a_reply_sent_by_script_comes_back_as_a_list_item(
    client, paragraph, resident, other_resident
):
    parent = make_comment(paragraph, other_resident)
    client.force_login(resident)

    answer = client.post(
        action_url("reply", parent), {"text": "Inline", "submission": str(uuid4())}, headers=FETCH
    )

    assert answer.status_code == 201
    data = answer.json()
    reply = Comment.objects.get(parent=parent)
    assert data["message"] == "Your reply has been published."
    assert data["html"].startswith(
        f'<li class="comment-item"><article class="comment comment--published" id="c-{reply.pk}"'
    )
    assert data["html"].endswith("</article></li>")
    assert f'href="{action_url("edit", reply)}"' in data["html"]


# --- rendering cost ------------------------------------------------------------------------------


def test_the_templates_a_thread_renders_do_not_grow_with_its_comments(client, paragraph, resident):
    client.force_login(resident)
    make_comment(paragraph, make_people(1)[0])
    small = client.get(url(paragraph))
    authors = make_people(5)
    made = make_thread(paragraph, authors, top_level=50, replies_per_comment=2, second_level=1)
    add_supports(made[::2], authors, 2)

    large = client.get(url(paragraph))

    # The 50 older roots of the thread, with their replies, fill the first page.
    assert len(re.findall(r'<article class="comment', content(large))) == 200
    assert [t.name for t in large.templates] == [t.name for t in small.templates]


def test_an_anonymous_thread_sets_no_cookie(client, paragraph, resident):
    make_comment(paragraph, resident)

    response = client.get(url(paragraph))

    assert response.status_code == 200
    assert not response.cookies
