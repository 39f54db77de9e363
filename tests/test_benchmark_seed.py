"""``manage.py seed_benchmark``: the data behind docs/performance.md."""

from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Max

from guidelines.management.commands.seed_benchmark import SLUG, THREAD_KEY
from guidelines.models import Comment, Document, Paragraph, Section, Support, Version
from participation.models import User

SMALL = ["--comments", "100", "--supports", "200", "--thread", "30", "--users", "20"]


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_benchmark", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


def bench_comments():
    return Comment.objects.filter(paragraph__version__document__slug=SLUG)


@pytest.mark.django_db
@pytest.mark.usefixtures("debug")
def test_seed_benchmark_creates_what_it_says():
    summary = seed(*SMALL)

    version = Version.objects.get(document__slug=SLUG)
    assert version.is_open_for_comments
    assert Section.objects.filter(version=version).count() == 10
    assert Paragraph.objects.filter(version=version).count() == 40
    comments = bench_comments()
    assert comments.count() == 100
    assert comments.filter(paragraph__key=THREAD_KEY).count() == 30
    replies = comments.filter(parent__isnull=False)
    assert 25 <= replies.count() <= 34
    assert replies.filter(depth=2).exists()
    assert not comments.filter(depth__gt=2).exists()
    assert not replies.exclude(paragraph=F("parent__paragraph")).exists()
    assert not replies.exclude(depth=F("parent__depth") + 1).exists()
    assert Support.objects.filter(comment__in=comments).count() == 200
    assert User.objects.filter(email__startswith="bench-").count() == 20
    assert EmailAddress.objects.filter(email__startswith="bench-", verified=True).count() == 20
    assert "100 comments" in summary
    assert "200 supports" in summary


@pytest.mark.django_db
@pytest.mark.usefixtures("debug")
def test_support_count_matches_support_rows_and_nobody_supports_themselves():
    seed(*SMALL)

    comments = bench_comments().annotate(rows=Count("supports"))
    assert not comments.exclude(support_count=F("rows")).exists()
    assert comments.aggregate(most=Max("support_count"))["most"] <= 19
    assert not Support.objects.filter(user=F("comment__author")).exists()
    assert not Support.objects.filter(comment__state=Comment.State.HIDDEN).exists()


@pytest.mark.django_db
@pytest.mark.usefixtures("debug")
def test_the_default_thread_paragraph_holds_exactly_200_comments():
    seed("--comments", "300", "--supports", "0", "--users", "5")

    thread = bench_comments().filter(paragraph__key=THREAD_KEY)
    assert thread.count() == 200
    assert thread.filter(parent__isnull=False).exists()
    assert bench_comments().count() == 300


@pytest.mark.django_db
@pytest.mark.usefixtures("debug")
def test_seeding_again_keeps_the_document_and_reset_recreates_it():
    seed(*SMALL)
    first = Document.objects.get(slug=SLUG).pk

    assert "already there" in seed(*SMALL)
    assert bench_comments().count() == 100

    seed(*SMALL, "--reset")
    assert Document.objects.get(slug=SLUG).pk != first
    assert bench_comments().count() == 100
    assert Support.objects.count() == 200
    assert User.objects.filter(email__startswith="bench-").count() == 20


@pytest.mark.django_db
@pytest.mark.usefixtures("debug")
def test_more_supports_than_can_fit_is_refused_and_nothing_is_saved():
    with pytest.raises(CommandError, match="do not fit"):
        seed("--comments", "10", "--supports", "500", "--users", "5")

    assert not Document.objects.filter(slug=SLUG).exists()


@pytest.mark.django_db
def test_seed_benchmark_refuses_to_run_without_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG"):
        seed(*SMALL)

    assert not Document.objects.exists()
