"""``manage.py seed_benchmark``: a document at the scale of the performance budgets.

Creates one document (slug ``benchmark``) with a version in consultation, 10 sections,
40 paragraphs, 2,000 comments (a third of them replies, nested up to two levels) and
5,000 supports by 300 verified test users; the first paragraph (key ``p001``) carries a
thread of exactly 200 comments. Everything goes in with a few bulk inserts, and the
data is the same on every run. See docs/performance.md.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from guidelines.models import Comment, Document, HideReason, Paragraph, Section, Support, Version
from participation.markdown import render_markdown
from participation.models import User

SLUG = "benchmark"
THREAD_KEY = "p001"
USER_EMAIL = "bench-{:04d}@example.org"
BENCH_PASSWORD = "bench-passwort-2026"  # noqa: S105 - test accounts, DEBUG only
HIDDEN_EVERY = 50  # one top-level comment in fifty is hidden by moderation

SENTENCES = (
    "Die Stadt beteiligt die Einwohnerinnen und Einwohner frühzeitig an ihren Vorhaben.",
    "Unterlagen werden verständlich aufbereitet und barrierefrei veröffentlicht.",
    "Der Beteiligungsbeirat berät die Anregungen in öffentlicher Sitzung.",
    "Jede Anregung erhält eine begründete Rückmeldung der Verwaltung.",
    "Die Vorhabenliste nennt Zeitplan, Kosten und Ansprechpersonen.",
    "Ergebnisse werden dokumentiert und dem Stadtrat mit der Beschlussvorlage vorgelegt.",
)
REMARKS = (
    "Das finde ich grundsätzlich richtig, aber die Frist ist zu knapp bemessen.",
    "Wer entscheidet am Ende darüber, und wie wird das begründet?",
    "Ich schlage vor, hier auch die Ortsbeiräte ausdrücklich zu nennen.",
    "Bitte an Menschen denken, die kein Internet nutzen.",
    "Volle Zustimmung, genau das hat bisher gefehlt.",
    "Was kostet das, und wo steht es im Haushalt?",
    "Ein konkretes Beispiel würde helfen, das besser zu verstehen.",
)


@dataclass(frozen=True)
class Shape:
    """What to create; the defaults are the data of the first budget in QUALITY.md."""

    sections: int = 10
    paragraphs: int = 40
    comments: int = 2000
    supports: int = 5000
    users: int = 300
    thread: int = 200


class Command(BaseCommand):
    help = "Create the benchmark document (40 paragraphs, 2,000 comments, 5,000 supports)."

    def add_arguments(self, parser: CommandParser) -> None:
        default = Shape()
        parser.add_argument("--comments", type=int, default=default.comments)
        parser.add_argument("--supports", type=int, default=default.supports)
        parser.add_argument("--paragraphs", type=int, default=default.paragraphs)
        parser.add_argument("--sections", type=int, default=default.sections)
        parser.add_argument("--users", type=int, default=default.users)
        parser.add_argument(
            "--thread",
            type=int,
            default=default.thread,
            help="Comments on the first paragraph (key p001), for the thread benchmark.",
        )
        parser.add_argument("--slug", default=SLUG, help="Slug of the benchmark document.")
        parser.add_argument(
            "--reset", action="store_true", help="Delete the document first and create it anew."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "seed_benchmark creates accounts with a published password and runs only with "
                "DEBUG on (set DEBUG=1 for this command)."
            )
        shape = Shape(
            sections=options["sections"],
            paragraphs=options["paragraphs"],
            comments=options["comments"],
            supports=options["supports"],
            users=options["users"],
            thread=min(options["thread"], options["comments"]),
        )
        check(shape)
        slug = options["slug"]
        with transaction.atomic():
            existing = Document.objects.filter(slug=slug)
            if existing.exists():
                if not options["reset"]:
                    self.stdout.write(
                        f"Benchmark document “{slug}” is already there (--reset recreates it)."
                    )
                    return
                delete_document(slug)
            summary = seed(shape, slug=slug)
        self.stdout.write(summary)


def check(shape: Shape) -> None:
    if not 1 <= shape.sections <= shape.paragraphs:
        raise CommandError("Need at least one section and no more sections than paragraphs.")
    if shape.comments < 0 or shape.supports < 0 or shape.thread < 0:
        raise CommandError("Counts cannot be negative.")
    if shape.users < 2:
        raise CommandError("Need at least two users (nobody supports their own comment).")
    if shape.paragraphs == 1 and shape.thread != shape.comments:
        raise CommandError("With one paragraph, --thread must equal --comments.")


def delete_document(slug: str) -> None:
    # Rows without dependants first, so that the collector only walks comments and their replies.
    Support.objects.filter(comment__paragraph__version__document__slug=slug).delete()
    Comment.objects.filter(paragraph__version__document__slug=slug).delete()
    Document.objects.filter(slug=slug).delete()


def seed(shape: Shape, *, slug: str = SLUG) -> str:
    now = timezone.now()
    users = ensure_users(shape.users)
    version = create_version(shape, slug, now)
    paragraphs = list(version.paragraphs.order_by("order"))
    comments, authors = build_comments(shape, paragraphs, users, now)
    supporters = plan_supports(shape.supports, comments, authors, len(users))
    for depth in range(3):  # parents first: bulk_create then fills in each reply's parent id
        Comment.objects.bulk_create([c for c in comments if c.depth == depth], batch_size=1000)
    supports = Support.objects.bulk_create(
        (Support(comment=comments[i], user=users[u]) for i, u in supporters), batch_size=2000
    )
    replies = sum(1 for c in comments if c.depth)
    return (
        f"Benchmark document “{slug}”: {len(paragraphs)} paragraphs in {shape.sections} "
        f"sections, {len(comments)} comments ({replies} replies; {shape.thread} on paragraph "
        f"{THREAD_KEY}), {len(supports)} supports by {len(users)} users."
    )


def ensure_users(count: int) -> list[User]:
    """Verified test users ``bench-0001@example.org`` … with one shared password."""
    wanted = {USER_EMAIL.format(n): f"Testperson {n:04d}" for n in range(1, count + 1)}
    existing = {u.email: u for u in User.objects.filter(email__in=wanted)}
    missing = [email for email in wanted if email not in existing]
    if missing:
        password = make_password(BENCH_PASSWORD)  # hashing is slow by design: once for all
        created = User.objects.bulk_create(
            (User(email=e, display_name=wanted[e], password=password) for e in missing),
            batch_size=500,
        )
        EmailAddress.objects.bulk_create(
            (EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in created),
            batch_size=500,
        )
        existing.update({u.email: u for u in created})
    return [existing[email] for email in wanted]


def paragraph_text(n: int) -> str:
    text = f"Absatz {n}. " + " ".join(SENTENCES[(n + i) % len(SENTENCES)] for i in range(4))
    if n % 4 == 0:
        text += "\n\nDazu gehören:\n\n" + "\n".join(f"- {s}" for s in SENTENCES[:3])
    return text


def create_version(shape: Shape, slug: str, now: datetime) -> Version:
    document = Document.objects.create(
        title="Benchmark-Dokument", slug=slug, summary="Testdaten für die Leistungsmessung."
    )
    version = Version.objects.create(
        document=document,
        label="Benchmark",
        state=Version.State.CONSULTATION,
        comments_open_at=now - timedelta(days=3),
        comments_close_at=now + timedelta(days=30),
    )
    sections = Section.objects.bulk_create(
        Section(version=version, order=n, title=f"Kapitel {n}", key=f"s{n:03d}")
        for n in range(1, shape.sections + 1)
    )
    paragraphs = []
    for n in range(1, shape.paragraphs + 1):
        text = paragraph_text(n)
        paragraphs.append(
            Paragraph(
                version=version,
                section=sections[(n - 1) * shape.sections // shape.paragraphs],
                order=n,
                key=f"p{n:03d}",
                text=text,
                text_html=render_markdown(text),
            )
        )
    Paragraph.objects.bulk_create(paragraphs)
    return version


def thread_sizes(shape: Shape) -> list[tuple[int, int]]:
    """(comments, replies) per paragraph: the first gets ``thread`` comments, the others
    share the rest evenly, and a third of all comments are replies, spread in proportion."""
    if shape.paragraphs == 1:
        counts = [shape.comments]
    else:
        rest = shape.comments - shape.thread
        others = shape.paragraphs - 1
        counts = [shape.thread] + [rest // others + (i < rest % others) for i in range(others)]
    sizes = []
    seen = replies = 0
    for count in counts:
        seen += count
        # As many as keep the running total at a third, but every thread needs a top comment.
        share = max(0, min(seen // 3 - replies, count - 1))
        replies += share
        sizes.append((count, share))
    return sizes


def build_comments(
    shape: Shape, paragraphs: list[Paragraph], users: list[User], now: datetime
) -> tuple[list[Comment], list[int]]:
    """Unsaved comments, parents before replies, with the index of each one's author.

    A third of each paragraph's comments are replies; a third of those reply to a reply.
    Each comment is a minute younger than the one before, so replies follow their parent.
    """
    start = now - timedelta(minutes=shape.comments + 60)
    comments: list[Comment] = []
    authors: list[int] = []

    def add(paragraph: Paragraph, parent: Comment | None) -> Comment:
        n = len(comments)
        author = (n * 7 + 3) % len(users)
        comment = Comment(
            paragraph=paragraph,
            parent=parent,
            depth=0 if parent is None else parent.depth + 1,
            author=users[author],
            text=" ".join(REMARKS[(n + i) % len(REMARKS)] for i in range(1 + n % 5)),
            created_at=start + timedelta(minutes=n),
        )
        comments.append(comment)
        authors.append(author)
        return comment

    for paragraph, (count, replies) in zip(paragraphs, thread_sizes(shape), strict=True):
        second_level = replies // 3
        top = [add(paragraph, None) for _ in range(count - replies)]
        first = [add(paragraph, top[i % len(top)]) for i in range(replies - second_level)]
        for i in range(second_level):
            add(paragraph, first[i % len(first)])

    top_level = [c for c in comments if c.depth == 0]
    for comment in top_level[HIDDEN_EVERY - 1 :: HIDDEN_EVERY]:
        comment.state = Comment.State.HIDDEN
        comment.hidden_reason = HideReason.OFF_TOPIC
    return comments, authors


def plan_supports(
    count: int, comments: list[Comment], authors: list[int], user_count: int
) -> list[tuple[int, int]]:
    """Spread ``count`` supports over the published comments, top-level ones favoured.

    Returns (comment index, user index) pairs and sets each comment's ``support_count``.
    The n-th supporter of a comment is the n-th user after its author, so nobody supports
    their own comment or the same comment twice.
    """
    eligible = [i for i, c in enumerate(comments) if c.state == Comment.State.PUBLISHED]
    room = user_count - 1
    if count > len(eligible) * room:
        raise CommandError(f"{count} supports do not fit: raise --users or --comments.")
    per_comment = dict.fromkeys(eligible, 0)
    if count:
        rng = random.Random(5000)  # noqa: S311 - reproducible test data
        weights = [3 if comments[i].depth == 0 else 1 for i in eligible]
        position = {i: n for n, i in enumerate(eligible)}
        for target in rng.choices(eligible, weights=weights, k=count):
            while per_comment[target] >= room:  # full: the next comment with room takes it
                target = eligible[(position[target] + 1) % len(eligible)]
            per_comment[target] += 1
    pairs = []
    for i, n in per_comment.items():
        comments[i].support_count = n
        pairs += [(i, (authors[i] + k) % user_count) for k in range(1, n + 1)]
    return pairs
