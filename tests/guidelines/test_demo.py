"""The demo consultation that ``seed_demo`` loads for ``make run``."""

from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.db.models import Count, F
from django.utils import timezone

from guidelines import demo, demo_text
from guidelines.models import (
    Comment,
    Document,
    ModerationAction,
    Paragraph,
    Report,
    Section,
    Support,
    Version,
)
from participation.models import User


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            Document,
            Version,
            Section,
            Paragraph,
            Comment,
            Support,
            Report,
            ModerationAction,
            User,
            EmailAddress,
        )
    }


@pytest.fixture
def seeded(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    return Version.objects.get(document__slug=demo_text.SLUG, label=demo_text.VERSION_LABEL)


def test_demo_draft_is_in_its_comment_period_with_chapters_and_paragraphs(seeded):
    assert seeded.state == Version.State.CONSULTATION
    assert seeded.is_open_for_comments
    assert not seeded.premoderation
    assert seeded.report_threshold == 3
    assert seeded.label == "Entwurf März 2026"
    titles = list(seeded.sections.values_list("title", flat=True))
    assert len(titles) >= 10
    for chapter in ["Präambel", "Ziele", "Grundsätze", "Anwendungsbereich", "Vorhabenliste"]:
        assert any(chapter in title for title in titles)
    for chapter in ["Anregung", "Beteiligungsbeirat", "Qualität", "Ergebnissen", "Evaluation"]:
        assert any(chapter in title for title in titles)
    paragraphs = seeded.paragraphs.all()
    assert paragraphs.count() >= 40
    assert all(p.text_html.startswith("<") for p in paragraphs)
    assert any("<li>" in p.text_html for p in paragraphs)
    orders = list(paragraphs.values_list("order", flat=True))
    assert orders == sorted(set(orders))


def test_demo_discussion_has_replies_supports_reports_and_one_hidden_comment(seeded):
    comments = Comment.objects.filter(paragraph__version=seeded)
    assert 70 <= comments.count() <= 100
    assert comments.filter(depth=1, parent__isnull=False).exists()
    assert comments.filter(depth=2, parent__depth=1).exists()
    assert not comments.filter(depth__gt=2).exists()
    assert comments.values("paragraph").distinct().count() >= 30
    assert comments.values("author").distinct().count() >= 12
    assert comments.filter(support_count__gt=0).exists()
    assert comments.filter(report_count__gt=0).exists()
    # The denormalised counters agree with the rows.
    for comment in comments.annotate(supports_n=Count("supports"), reports_n=Count("reports")):
        assert comment.support_count == comment.supports_n
        assert comment.report_count == comment.reports_n
    assert not Support.objects.filter(comment__author=F("user")).exists()

    hidden = comments.get(state=Comment.State.HIDDEN)
    assert hidden.hidden_reason
    log = ModerationAction.objects.get(comment=hidden)
    assert log.action == ModerationAction.Action.HIDE
    assert log.reason == hidden.hidden_reason
    assert log.moderator.email == "moderation@example.org"
    assert comments.exclude(pk=hidden.pk).filter(state=Comment.State.PUBLISHED).count() == (
        comments.count() - 1
    )


def test_demo_replies_come_after_their_parent_and_before_now(seeded):
    for reply in Comment.objects.filter(
        paragraph__version=seeded, parent__isnull=False
    ).select_related("parent"):
        assert reply.created_at > reply.parent.created_at
        assert reply.paragraph_id == reply.parent.paragraph_id
        assert reply.depth == reply.parent.depth + 1
    assert not Comment.objects.filter(
        paragraph__version=seeded, created_at__gt=timezone.now()
    ).exists()
    assert not Comment.objects.filter(
        paragraph__version=seeded, created_at__lt=seeded.comments_open_at
    ).exists()


def test_demo_residents_are_verified_pseudonyms(seeded):
    residents = User.objects.filter(email__startswith="demo-")
    assert residents.count() == 12
    assert EmailAddress.objects.filter(user__in=residents, verified=True).count() == 12
    assert all(u.can_participate and u.has_usable_password() for u in residents)


def test_seeding_twice_changes_nothing(seeded, settings):
    before = counts()

    call_command("seed_demo", stdout=StringIO())

    assert counts() == before
    assert demo.seed() == "Guidelines demo: already there."
