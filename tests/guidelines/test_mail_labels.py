"""Paragraph labels in mails are in the recipient's language, not the actor's."""

import pytest
from django.utils import translation

from guidelines.models import HideReason, ModerationAction
from guidelines.services import add_comment, moderate
from participation.models import Event, OutboxMessage
from tests.conftest import make_user
from tests.guidelines.factories import first_paragraph, make_comment, make_version


@pytest.fixture
def version(db):
    return make_version()


def titles(event: str) -> list[str]:
    return [row.context["title"] for row in OutboxMessage.objects.filter(event=event)]


def test_a_reply_mail_names_the_paragraph_in_the_recipients_language(version):
    german = make_user("gerda@example.org", "Gerda", language="de")
    english = make_user("emma@example.org", "Emma", language="en")
    parent = make_comment(first_paragraph(version), german)

    with translation.override("en"):  # the replying resident reads the site in English
        add_comment(author=english, paragraph=parent.paragraph, text="Agreed.", parent=parent)

    [title] = titles(Event.REPLY)
    assert title.endswith(", Abs. 1")


def test_a_moderation_mail_names_the_paragraph_in_the_authors_language(version, moderator):
    english = make_user("emma@example.org", "Emma", language="en")
    comment = make_comment(first_paragraph(version), english)

    with translation.override("de"):  # the moderator works in German
        moderate(
            comments=[comment],
            action=ModerationAction.Action.HIDE,
            moderator=moderator,
            reason=HideReason.SPAM,
        )

    [title] = titles(Event.MODERATION)
    assert title.endswith(", Para. 1")
