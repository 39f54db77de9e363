"""Many hands at once: parallel requests against a live server on PostgreSQL.

Each test releases its requests together (a barrier) at pytest-django's threaded live
server, as a double click, a flaky phone connection or two staff members on one comment
would, and then counts what the database and the outbox hold.
"""

from __future__ import annotations

import threading
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from uuid import uuid4

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from guidelines.models import (
    Comment,
    Disposition,
    HideReason,
    ModerationAction,
    Report,
    Response,
    Support,
    Version,
)
from participation.models import Event, OutboxMessage
from tests.conftest import make_user, need
from tests.guidelines.factories import first_paragraph, make_comment, make_version

pytestmark = pytest.mark.django_db(transaction=True)

CSRF_SECRET = "parallel" * 4  # an unmasked secret of 32 characters, as cookie and field


@pytest.fixture(autouse=True)
def _postgresql() -> None:
    need(
        connection.vendor == "postgresql",
        "parallel writes need PostgreSQL's row locks: set DATABASE_URL",
    )


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirect)


@dataclass
class Answer:
    status: int
    body: str


def signed_in(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def post(url: str, session: str, data: dict[str, object]) -> Answer:
    body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": CSRF_SECRET}, doseq=True)
    request = urllib.request.Request(  # noqa: S310 (the live server's http URL)
        url,
        data=body.encode(),
        headers={
            "Cookie": f"{settings.SESSION_COOKIE_NAME}={session}; "
            f"{settings.CSRF_COOKIE_NAME}={CSRF_SECRET}",
            "Accept-Language": "de",
        },
    )
    try:
        with _opener.open(request, timeout=60) as response:
            return Answer(response.status, response.read().decode())
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.read().decode())


def at_once(calls: list[Callable[[], Answer]]) -> list[Answer]:
    """Run the calls in threads released together; their answers in order."""
    barrier = threading.Barrier(len(calls))
    answers: list[Answer | None] = [None] * len(calls)

    def run(index: int, call: Callable[[], Answer]) -> None:
        barrier.wait()
        answers[index] = call()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert all(answer is not None for answer in answers), "a request did not come back"
    return [answer for answer in answers if answer is not None]


def statuses(answers: list[Answer]) -> Counter[int]:
    return Counter(answer.status for answer in answers)


def action_url(live_server, name: str, comment: Comment) -> str:
    paragraph = comment.paragraph
    kwargs = {"slug": paragraph.version.document.slug, "pk": paragraph.version_id}
    kwargs |= {"key": paragraph.key, "comment_id": comment.pk}
    return live_server.url + reverse(f"guidelines:{name}", kwargs=kwargs)


@pytest.fixture
def paragraph(db):
    return first_paragraph(make_version(report_threshold=3))


# --- residents ------------------------------------------------------------------------------


def test_twenty_parallel_sends_of_one_reply_store_it_once_with_one_mail(
    live_server, paragraph, resident, other_resident
):
    root = make_comment(paragraph, other_resident, "Was meinen Sie dazu?")
    session = signed_in(resident)
    form = {"text": "Doppelt geklickt", "submission": str(uuid4())}
    url = action_url(live_server, "reply", root)

    answers = at_once([lambda: post(url, session, form)] * 20)

    assert statuses(answers) == {302: 20}
    assert Comment.objects.filter(parent=root).count() == 1
    assert OutboxMessage.objects.filter(event=Event.REPLY).count() == 1
    # Every send is sent back to the one stored reply.
    reply = Comment.objects.get(parent=root)
    assert {answer.body for answer in answers} == {""}
    assert reply.text == "Doppelt geklickt"


def test_twenty_parallel_sends_of_one_comment_store_it_once(live_server, paragraph, resident):
    session = signed_in(resident)
    form = {"text": "Mein Kommentar", "submission": str(uuid4())}
    kwargs = {"slug": paragraph.version.document.slug, "pk": paragraph.version_id}
    url = live_server.url + reverse("guidelines:comment", kwargs=kwargs | {"key": paragraph.key})

    answers = at_once([lambda: post(url, session, form)] * 20)

    assert statuses(answers) == {302: 20}
    assert Comment.objects.filter(author=resident).count() == 1


def test_twenty_parallel_support_presses_give_one_support(
    live_server, paragraph, resident, other_resident
):
    comment = make_comment(paragraph, other_resident)
    session = signed_in(resident)
    url = action_url(live_server, "support", comment)

    answers = at_once([lambda: post(url, session, {"supported": "1"})] * 20)

    assert statuses(answers) == {302: 20}
    assert Support.objects.filter(comment=comment).count() == 1
    comment.refresh_from_db()
    assert comment.support_count == 1


def test_twenty_parallel_toggles_never_fail_and_the_count_stays_true(
    live_server, paragraph, resident, other_resident
):
    comment = make_comment(paragraph, other_resident)
    session = signed_in(resident)
    url = action_url(live_server, "support", comment)

    answers = at_once([lambda: post(url, session, {})] * 20)

    assert statuses(answers) == {302: 20}
    comment.refresh_from_db()
    assert comment.support_count == Support.objects.filter(comment=comment).count() == 0


def test_ten_reporters_at_once_hold_the_comment_once_at_the_threshold(
    live_server, paragraph, other_resident
):
    comment = make_comment(paragraph, other_resident)
    reporters = [make_user(f"melder{i}@example.org", f"Melder {i}") for i in range(10)]
    sessions = [signed_in(person) for person in reporters]
    url = action_url(live_server, "report", comment)

    answers = at_once(
        [lambda s=session: post(url, s, {"reason": HideReason.INSULT}) for session in sessions]
    )

    assert statuses(answers) == {302: 3, 400: 7}
    assert all("bereits geprüft" in a.body for a in answers if a.status == 400)
    comment.refresh_from_db()
    assert comment.state == Comment.State.HELD
    assert comment.report_count == Report.objects.filter(comment=comment).count() == 3
    assert ModerationAction.objects.filter(comment=comment).count() == 1


@pytest.mark.parametrize("round_", range(5))
def test_edit_and_withdraw_at_once_never_edit_a_withdrawn_comment(
    live_server, paragraph, resident, round_
):
    comment = make_comment(paragraph, resident, "Erste Fassung")
    session = signed_in(resident)
    edit = action_url(live_server, "edit", comment)
    withdraw = action_url(live_server, "withdraw", comment)

    answers = at_once(
        [
            lambda: post(edit, session, {"text": "Zweite Fassung"}),
            lambda: post(withdraw, session, {}),
            lambda: post(withdraw, session, {}),
        ]
    )

    comment.refresh_from_db()
    assert comment.withdrawn_at is not None
    # Exactly one withdrawal succeeded; the other was told it had happened already.
    assert sorted(a.status for a in answers[1:]) == [302, 400]
    if answers[0].status == 302:  # the edit came first
        assert comment.text == "Zweite Fassung"
        assert comment.edited_at is not None
        assert comment.edited_at <= comment.withdrawn_at
    else:
        assert answers[0].status == 400
        assert comment.text == "Erste Fassung"
        assert comment.edited_at is None


# --- staff -----------------------------------------------------------------------------------


def test_two_staff_answering_one_comment_at_once_save_one_answer_and_one_mail(
    live_server, resident
):
    version = make_version(state=Version.State.CLOSED, responses_published_at=timezone.now())
    paragraph = first_paragraph(version)
    comment = make_comment(paragraph, resident, "Bitte mehr Termine am Abend.")
    # Superusers: the flush of transactional tests removes the staff groups that data
    # migrations made; what is tested here is the race, not the permissions.
    editor = make_user("red1@example.org", "Redakteur", is_staff=True, is_superuser=True)
    colleague = make_user("red2@example.org", "Kollegin", is_staff=True, is_superuser=True)
    url = live_server.url + reverse(
        "admin:guidelines_response_evaluate_paragraph", args=[version.pk, paragraph.key]
    )

    def answer(session: str, disposition: str) -> Callable[[], Answer]:
        form = {
            "comments": [comment.pk],
            f"revision-{comment.pk}": 0,  # the page showed it unanswered
            "disposition": disposition,
            "reasoning": f"Begründung: {disposition}",
            "answered_by": "Referat Bürgerbeteiligung",
        }
        return lambda: post(url, session, form)

    answers = at_once(
        [
            answer(signed_in(editor), Disposition.NOTED),
            answer(signed_in(colleague), Disposition.REJECTED),
        ]
    )

    assert sorted(a.status for a in answers) == [302, 400]
    refused = next(a for a in answers if a.status == 400)
    assert "inzwischen" in refused.body.lower()
    saved = Response.objects.get(comment=comment)
    assert saved.revision == 1
    # The refused one sees the saved answer and still has its own text in the form.
    assert saved.reasoning in refused.body
    assert OutboxMessage.objects.filter(event=Event.RESPONSE).count() == 1


def test_two_moderators_restoring_one_comment_at_once_log_and_mail_it_once(live_server, resident):
    paragraph = first_paragraph(make_version())
    comment = make_comment(paragraph, resident, state=Comment.State.HELD, report_count=3)
    moderator = make_user("mod1@example.org", "Moderatorin", is_staff=True, is_superuser=True)
    colleague = make_user("mod2@example.org", "Kollege", is_staff=True, is_superuser=True)
    url = live_server.url + reverse("admin:guidelines_comment_changelist")
    form = {"action": "restore", "_selected_action": [comment.pk], "index": 0}

    sessions = [signed_in(moderator), signed_in(colleague)]

    answers = at_once([lambda s=session: post(url, s, form) for session in sessions])

    assert statuses(answers) == {302: 2}
    comment.refresh_from_db()
    assert comment.state == Comment.State.PUBLISHED
    assert ModerationAction.objects.filter(comment=comment).count() == 1
    assert OutboxMessage.objects.filter(event=Event.MODERATION).count() == 1
