"""Residents get the stored thread page with their own comments' controls filled in.

The page every participant shares is stored once (participation.pagecache, variant
"participant"); per reader, one query finds their own, supported and reported comments
on it. The test that matters: what a resident gets from the cache is exactly what a
rendering of their own would show (tokens aside).
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from guidelines.models import Comment, HideReason, Report
from guidelines.threads import CommentUrls
from participation import pagecache
from tests.conftest import rendered_without_cache, signed_in, stored_page_keys, without_tokens
from tests.guidelines.factories import (
    add_supports,
    first_paragraph,
    make_comment,
    make_people,
    make_thread,
    make_version,
)

pytestmark = pytest.mark.usefixtures("page_cache")

SUBMISSION = re.compile(r'name="submission" value="([^"]*)"')


@pytest.fixture
def paragraph(db):
    paragraph = first_paragraph(make_version())
    people = make_people(4)
    comments = make_thread(paragraph, people, top_level=6, replies_per_comment=2)
    add_supports(comments[:3], people, per_comment=2)
    return paragraph


@pytest.fixture
def url(paragraph):
    return paragraph.get_absolute_url()


def test_a_resident_gets_the_stored_page_with_their_own_controls(
    paragraph, url, resident, other_resident, settings, committed, django_assert_max_num_queries
):
    comments = list(Comment.objects.filter(paragraph=paragraph).order_by("pk"))
    own = make_comment(paragraph, resident, "Mein eigener Kommentar")
    make_comment(paragraph, other_resident, "Eine Antwort an Anna", parent=own)
    add_supports([comments[0]], [resident], per_comment=1)
    Report.objects.create(comment=comments[1], reporter=resident, reason=HideReason.SPAM)
    client = signed_in(resident)
    signed_in(other_resident).get(url)  # Ben's visit stores the participants' page
    assert len(stored_page_keys()) == 1

    # Session (database sessions in tests), user, "may participate" and their comments
    # on the page: none of the thread's own queries.
    with django_assert_max_num_queries(4):
        response = client.get(url)

    content = without_tokens(response)
    assert content == rendered_without_cache(client, url, settings)
    assert content.count('aria-pressed="true"') == 1  # the comment Anna supports
    assert content.count("badge--own") == 1
    assert "Sie haben diesen Kommentar gemeldet." in content
    assert reverse("account_logout") in content
    assert "\x00" not in content
    assert "no-store" in response["Cache-Control"]
    assert len(stored_page_keys()) == 1


def test_each_participant_gets_their_own_parts_from_one_entry(
    paragraph, url, resident, other_resident, settings
):
    first = Comment.objects.filter(paragraph=paragraph, parent=None).earliest("pk")
    add_supports([first], [resident], per_comment=1)
    anna, ben = signed_in(resident), signed_in(other_resident)

    anna_page = without_tokens(anna.get(url))
    ben_page = without_tokens(ben.get(url))
    Client().get(url)

    assert anna_page != ben_page
    assert anna_page == rendered_without_cache(anna, url, settings)
    assert ben_page == rendered_without_cache(ben, url, settings)
    assert len(stored_page_keys()) == 2  # the anonymous page and the participants' page


def test_a_support_shows_at_once_for_its_author(paragraph, url, resident, committed):
    first = Comment.objects.filter(paragraph=paragraph, parent=None).earliest("pk")
    client = signed_in(resident)
    assert 'aria-pressed="true"' not in client.get(url).content.decode()

    support = CommentUrls(paragraph).for_comment(first.pk)["support"]
    committed(client.post, support, {"supported": "1"})
    client.get(url)  # the success message is shown once, on a rendering of its own

    page = client.get(url).content.decode()
    assert page.count('aria-pressed="true"') == 1
    assert f'id="c-{first.pk}"' in page


def test_every_page_served_has_new_one_use_tokens(url, resident):
    client = signed_in(resident)

    tokens = [SUBMISSION.findall(client.get(url).content.decode()) for _ in range(3)]

    assert all(tokens)  # the comment form and the reply template
    flat = [token for found in tokens for token in found]
    assert len(set(flat)) == len(flat)
    assert pagecache.SUBMISSION_SLOT not in "".join(flat)


def test_an_author_with_a_comment_awaiting_moderation_sees_it(
    paragraph, url, resident, other_resident, committed, settings
):
    signed_in(other_resident).get(url)
    committed(make_comment, paragraph, resident, "Wartet noch", state=Comment.State.PENDING)
    signed_in(other_resident).get(url)  # the participants' page, stored again

    own = signed_in(resident).get(url)
    other = signed_in(other_resident).get(url)

    assert "Wartet noch" in own.content.decode()
    assert "Wartet noch" not in other.content.decode()
    assert without_tokens(own) == rendered_without_cache(signed_in(resident), url, settings)


def test_a_resident_who_may_not_comment_yet_gets_a_rendering_of_their_own(
    url, unverified, resident
):
    signed_in(resident).get(url)

    content = signed_in(unverified).get(url).content.decode()

    assert reverse("account_email") in content
    assert 'name="submission"' not in content
    assert len(stored_page_keys()) == 1


def test_the_anonymous_page_carries_no_participant_controls(url, resident):
    signed_in(resident).get(url)

    content = Client().get(url).content.decode()

    assert "support-button" not in content
    assert 'name="submission"' not in content
    assert reverse("account_login") in content


def test_a_sorted_second_page_keeps_its_view_in_the_filled_controls(paragraph, resident, settings):
    settings.COMMENTS_PER_PAGE = 4
    roots = Comment.objects.filter(paragraph=paragraph, parent=None).order_by("-created_at")
    add_supports([roots[5]], [resident], per_comment=1)  # on page 2 when the newest come first
    url = paragraph.get_absolute_url() + "?sort=newest&page=2"
    client = signed_in(resident)
    client.get(url)  # stores the participants' page 2
    assert len(stored_page_keys()) == 1

    content = without_tokens(client.get(url))

    assert content == rendered_without_cache(client, url, settings)
    assert content.count('aria-pressed="true"') == 1
    assert "zustimmen/?sort=newest&amp;page=2" in content
