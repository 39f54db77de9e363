"""Quick builders for guideline documents and comment threads (bulk inserts, no signals)."""

from __future__ import annotations

import itertools
from datetime import timedelta

from django.db.models import F
from django.utils import timezone

from guidelines.models import Comment, Document, Paragraph, Section, Support, Version
from participation.models import User

_counter = itertools.count(1)


def make_version(
    *,
    state: str = Version.State.CONSULTATION,
    sections: int = 1,
    paragraphs: int = 3,
    premoderation: bool = False,
    opens: timezone.datetime | None = None,
    closes: timezone.datetime | None = None,
    document: Document | None = None,
    label: str = "Entwurf März 2024",
    **fields: object,
) -> Version:
    """A version with ``sections`` sections sharing ``paragraphs`` paragraphs in order 1…n.

    By default the comment period opened yesterday and closes in a week.
    """
    now = timezone.now()
    if document is None:
        number = next(_counter)
        document = Document.objects.create(
            title=f"Leitlinien für Bürgerbeteiligung {number}",
            slug=f"leitlinien-{number}",
            summary="Wie die Stadt ihre Bürgerinnen und Bürger beteiligt.",
        )
    version = Version.objects.create(
        document=document,
        label=label,
        state=state,
        introduction="Dieser Entwurf ist **in Beteiligung**.",
        comments_open_at=opens if opens is not None else now - timedelta(days=1),
        comments_close_at=closes if closes is not None else now + timedelta(days=7),
        premoderation=premoderation,
        **fields,
    )
    made_sections = Section.objects.bulk_create(
        Section(version=version, order=i, title=f"Kapitel {i}", key=f"s{i}")
        for i in range(1, sections + 1)
    )
    Paragraph.objects.bulk_create(
        Paragraph(
            version=version,
            section=made_sections[(i - 1) * sections // max(paragraphs, 1)],
            order=i,
            key=f"p{i:03d}",
            text=f"Absatz {i}: Die Stadt informiert frühzeitig über Vorhaben.",
            text_html=f"<p>Absatz {i}: Die Stadt informiert frühzeitig über Vorhaben.</p>",
        )
        for i in range(1, paragraphs + 1)
    )
    return version


def first_paragraph(version: Version) -> Paragraph:
    return Paragraph.objects.select_related("version__document").get(version=version, order=1)


def make_comment(
    paragraph: Paragraph,
    author: User | None,
    text: str = "Ein guter Absatz.",
    *,
    parent: Comment | None = None,
    **fields: object,
) -> Comment:
    return Comment.objects.create(
        paragraph=paragraph,
        author=author,
        text=text,
        parent=parent,
        depth=parent.depth + 1 if parent else 0,
        **fields,
    )


def make_people(count: int, prefix: str = "leser") -> list[User]:
    """Residents without passwords or email records, for authorship and supports in bulk."""
    number = next(_counter)
    return User.objects.bulk_create(
        User(
            email=f"{prefix}{number}-{i}@example.org",
            display_name=f"{prefix.title()} {number}-{i}",
            password="!",  # unusable
        )
        for i in range(count)
    )


def make_thread(
    paragraph: Paragraph,
    authors: list[User],
    *,
    top_level: int,
    replies_per_comment: int = 0,
    second_level: int = 0,
) -> list[Comment]:
    """``top_level`` comments, each with replies and (on the first reply) deeper replies."""
    start = timezone.now() - timedelta(days=2)
    people = itertools.cycle(authors)
    tick = itertools.count()

    def at() -> timezone.datetime:
        return start + timedelta(seconds=next(tick))

    roots = Comment.objects.bulk_create(
        Comment(paragraph=paragraph, author=next(people), text=f"Kommentar {i}", created_at=at())
        for i in range(top_level)
    )
    replies = Comment.objects.bulk_create(
        Comment(
            paragraph=paragraph,
            parent=root,
            depth=1,
            author=next(people),
            text=f"Antwort {j} auf {root.text}",
            created_at=at(),
        )
        for root in roots
        for j in range(replies_per_comment)
    )
    deeper = Comment.objects.bulk_create(
        Comment(
            paragraph=paragraph,
            parent=reply,
            depth=2,
            author=next(people),
            text=f"Antwort {k} auf {reply.text}",
            created_at=at(),
        )
        for reply in replies[:: replies_per_comment or 1]
        for k in range(second_level)
    )
    return [*roots, *replies, *deeper]


def add_supports(comments: list[Comment], people: list[User], per_comment: int) -> None:
    """``per_comment`` supports on each comment, keeping ``support_count`` in step."""
    Support.objects.bulk_create(
        Support(comment=comment, user=person)
        for comment in comments
        for person in people[:per_comment]
    )
    Comment.objects.filter(pk__in=[c.pk for c in comments]).update(
        support_count=F("support_count") + per_comment
    )
