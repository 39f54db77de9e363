""" "Mein Konto": my comments with their state and the city's public responses, what I
follow, my notification settings, and signing out from the header."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import SESSION_KEY
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from guidelines.account import MY_COMMENTS_PER_PAGE
from guidelines.models import Comment, Response
from participation.models import Event, Follow, Frequency, NotificationPreference
from participation.notifications import set_follow
from tests.guidelines.factories import first_paragraph, make_comment, make_version

ACCOUNT = reverse("participation:account")


def page(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def answer(comment: Comment, reasoning: str) -> Response:
    return Response.objects.create(
        comment=comment, disposition="adopted", reasoning=reasoning, answered_by="Referat 12"
    )


@pytest.fixture
def signed_in(client, resident):
    client.force_login(resident)
    return client


def test_anonymous_is_sent_to_sign_in(client, db):
    response = client.get(ACCOUNT)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_my_comments_are_listed_with_their_state(signed_in, resident, other_resident, english):
    paragraph = first_paragraph(make_version())
    make_comment(paragraph, resident, "Sichtbar und veröffentlicht")
    make_comment(paragraph, resident, "Wartet noch", state=Comment.State.PENDING)
    make_comment(paragraph, resident, "Mehrfach gemeldet", state=Comment.State.HELD)
    make_comment(paragraph, resident, "Ausgeblendet", state=Comment.State.HIDDEN, hidden_reason="4")
    make_comment(paragraph, resident, "Zurückgenommen", withdrawn_at=timezone.now())
    make_comment(paragraph, other_resident, "Fremder Kommentar")

    html = page(signed_in.get(ACCOUNT))

    for text in ("Sichtbar", "Wartet noch", "Mehrfach gemeldet", "Ausgeblendet", "Zurückgenommen"):
        assert text in html
    assert "Fremder Kommentar" not in html
    assert "State: <strong>Published</strong>" in html
    assert "State: <strong>Awaiting moderation</strong>" in html
    assert "State: <strong>Held after reports</strong>" in html
    assert "State: <strong>Hidden by moderation</strong>" in html
    assert "State: <strong>Withdrawn by you</strong>" in html
    terms = reverse("participation:page", args=["nutzungsbedingungen"])
    assert f'href="{terms}#h-grund-4">Advertising or spam</a>' in html
    assert "You have written 5 comments." in html


def test_a_response_is_shown_only_once_the_commented_version_is_published(signed_in, resident):
    version = make_version(state="closed")
    comment = make_comment(first_paragraph(version), resident, "Bitte früher informieren.")
    answer(comment, "Wir informieren **früher**.")

    assert "früher</strong>" not in page(signed_in.get(ACCOUNT))

    version.responses_published_at = timezone.now() - timedelta(minutes=1)
    version.save(update_fields=["responses_published_at"])

    html = page(signed_in.get(ACCOUNT))
    assert "Wir informieren <strong>früher</strong>." in html
    assert "Referat 12" in html


def test_a_response_to_a_withdrawn_comment_is_not_shown(signed_in, resident):
    version = make_version(state="closed", responses_published_at=timezone.now())
    comment = make_comment(
        first_paragraph(version), resident, "Doch nicht", withdrawn_at=timezone.now()
    )
    answer(comment, "Antwort auf Zurückgenommenes")

    html = page(signed_in.get(ACCOUNT))
    assert "Doch nicht" in html
    assert "Antwort auf Zurückgenommenes" not in html


def make_many_comments(paragraph, author, count: int) -> None:
    start = timezone.now() - timedelta(days=1)
    Comment.objects.bulk_create(
        Comment(
            paragraph=paragraph,
            author=author,
            text=f"Kommentar Nummer {i:03d}",
            created_at=start + timedelta(seconds=i),
        )
        for i in range(count)
    )


def test_my_comments_are_paginated_newest_first(signed_in, resident, english):
    make_many_comments(first_paragraph(make_version()), resident, MY_COMMENTS_PER_PAGE + 5)

    first = page(signed_in.get(ACCOUNT))
    second = page(signed_in.get(ACCOUNT, {"page": 2}))

    newest = MY_COMMENTS_PER_PAGE + 4
    assert f"Kommentar Nummer {newest:03d}" in first
    assert "Kommentar Nummer 004" not in first
    assert "Page 1 of 2" in first
    assert f'href="{ACCOUNT}?page=2#my-comments" rel="next"' in first
    assert "Kommentar Nummer 000" in second
    assert "Kommentar Nummer 004" in second
    assert f"Kommentar Nummer {newest:03d}" not in second


def count_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(ACCOUNT).status_code == 200
    return len(queries)


def test_account_page_queries_do_not_grow_with_comments_or_follows(
    signed_in, resident, django_assert_max_num_queries
):
    version = make_version(state="closed", responses_published_at=timezone.now())
    paragraph = first_paragraph(version)
    answer(make_comment(paragraph, resident, "Beantwortet"), "Antwort")
    set_follow(user=resident, target=version.document, follow=True)
    few = count_queries(signed_in)

    make_many_comments(paragraph, resident, 3 * MY_COMMENTS_PER_PAGE)
    for comment in Comment.objects.filter(author=resident)[:30]:
        if not hasattr(comment, "response"):
            answer(comment, f"Antwort {comment.pk}")
    for _ in range(5):
        set_follow(user=resident, target=make_version().document, follow=True)

    assert count_queries(signed_in) == few
    with django_assert_max_num_queries(8):
        signed_in.get(ACCOUNT)


def test_what_i_follow_is_listed_with_an_unfollow_button(signed_in, resident, english):
    document = make_version().document
    hidden = make_version(state="draft").document
    set_follow(user=resident, target=document, follow=True)
    set_follow(user=resident, target=hidden, follow=True)

    html = page(signed_in.get(ACCOUNT))

    assert f'<a href="{document.get_absolute_url()}">{document.title}</a>' in html
    assert hidden.title not in html  # no longer public: not shown
    unfollow = reverse("participation:follow", args=["document", document.pk])
    assert f'action="{unfollow}"' in html

    response = signed_in.post(unfollow, {"follow": "0", "next": ACCOUNT})

    assert response.status_code == 302
    assert response["Location"] == ACCOUNT
    assert not Follow.objects.filter(object_id=document.pk).exists()


def test_notification_settings_are_summarised_with_a_link(signed_in, resident, english):
    NotificationPreference.objects.create(
        user=resident, event=Event.MINUTES, frequency=Frequency.WEEKLY
    )

    html = page(signed_in.get(ACCOUNT))

    assert "<dt>Minutes of the board are published</dt><dd>Weekly digest</dd>" in html
    assert "<dt>Someone replied to my comment</dt><dd>Instantly</dd>" in html
    assert f'href="{reverse("participation:notification_preferences")}"' in html


def test_signed_in_header_has_a_sign_out_button(signed_in, client, resident):
    html = page(signed_in.get(reverse("participation:home")))

    assert f'method="post" action="{reverse("account_logout")}"' in html
    assert ">Abmelden</button>" in html

    signed_in.post(reverse("account_logout"))
    assert SESSION_KEY not in client.session
    assert reverse("account_logout") not in page(client.get(reverse("participation:home")))


def test_sign_out_and_unsubscribe_are_worded_differently(signed_in, resident):
    from participation.notifications import unsubscribe_token

    token = unsubscribe_token(user=resident, event=Event.DIGEST)
    html = page(signed_in.get(reverse("participation:unsubscribe", args=[token])))

    # "Abmelden" once, in the header: the unsubscribe page itself says "abbestellen".
    # (The page's own address, /abmelden/…, is older than this rule and keeps its name.)
    assert len(re.findall(r"(?<!/)[Aa]bmeld", html)) == 1
    assert ">Abmelden</button>" in html
