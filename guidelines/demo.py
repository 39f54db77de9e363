"""The demo consultation of ``manage.py seed_demo``: a draft in its comment period.

The text and the discussion live in :mod:`guidelines.demo_text`; this module turns them
into rows in a handful of bulk inserts. Times are relative to now and drawn from a
seeded generator, so every run gives the same discussion.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from guidelines import demo_text
from guidelines.demo_text import Remark
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
from participation.markdown import render_markdown
from participation.models import Consent, User

MODERATION_EMAIL = "moderation@example.org"
# The introductions of the demo's later versions, which would otherwise keep the draft's.
INTRODUCTIONS = Path(__file__).with_name("demo_introductions")
OPENED_DAYS_AGO = 10
CLOSES_IN_DAYS = 21


@transaction.atomic
def seed() -> str:
    """Create the demo document with its discussion, unless it is already there."""
    if Document.objects.filter(slug=demo_text.SLUG).exists():
        return "Guidelines demo: already there."
    now = timezone.now()
    residents = ensure_residents()
    version = create_draft(now)
    paragraphs = {p.key: p for p in version.paragraphs.all()}
    comments, supports = create_discussion(paragraphs, residents, now)
    return (
        f"Guidelines demo: “{demo_text.TITLE}” with {len(demo_text.CHAPTERS)} chapters, "
        f"{len(paragraphs)} paragraphs, {comments} comments and {supports} supports."
    )


def ensure_residents() -> dict[str, User]:
    """The residents of the discussion by handle; creates those that do not exist yet."""
    emails = {handle: r.email for handle, r in demo_text.RESIDENTS.items()}
    existing = {u.email: u for u in User.objects.filter(email__in=emails.values())}
    missing = [r for r in demo_text.RESIDENTS.values() if r.email not in existing]
    if missing:
        from participation.management.commands.seed_demo import DEMO_PASSWORD

        # One hash for all: hashing is deliberately slow, and these share a published password.
        password = make_password(DEMO_PASSWORD)
        created = User.objects.bulk_create(
            User(email=r.email, display_name=r.display_name, password=password) for r in missing
        )
        EmailAddress.objects.bulk_create(
            EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in created
        )
        Consent.objects.bulk_create(
            Consent(user=u, kind=kind, version="1")
            for u in created
            for kind in (Consent.Kind.TERMS, Consent.Kind.PRIVACY)
        )
        existing.update({u.email: u for u in created})
    return {handle: existing[email] for handle, email in emails.items()}


def create_draft(now: datetime) -> Version:
    document = Document.objects.create(
        title=demo_text.TITLE, slug=demo_text.SLUG, summary=demo_text.SUMMARY
    )
    version = Version.objects.create(
        document=document,
        label=demo_text.VERSION_LABEL,
        state=Version.State.CONSULTATION,
        introduction=demo_text.INTRODUCTION,
        comments_open_at=now - timedelta(days=OPENED_DAYS_AGO),
        comments_close_at=now + timedelta(days=CLOSES_IN_DAYS),
        premoderation=False,
        report_threshold=3,
    )
    sections = Section.objects.bulk_create(
        Section(version=version, order=number, title=chapter.title, key=chapter.key)
        for number, chapter in enumerate(demo_text.CHAPTERS, start=1)
    )
    paragraphs = []
    order = 0
    for section, chapter in zip(sections, demo_text.CHAPTERS, strict=True):
        for number, text in enumerate(chapter.paragraphs, start=1):
            order += 1
            paragraphs.append(
                Paragraph(
                    version=version,
                    section=section,
                    order=order,
                    key=f"{chapter.key}-{number}",
                    text=text,
                    text_html=render_markdown(text),
                )
            )
    Paragraph.objects.bulk_create(paragraphs)
    return version


def walk(
    remarks: tuple[Remark, ...], parent: Remark | None = None, depth: int = 0
) -> Iterator[tuple[Remark, Remark | None, int]]:
    """Every remark of a thread with its parent and depth, parents first."""
    for remark in remarks:
        yield remark, parent, depth
        yield from walk(remark.replies, remark, depth + 1)


def create_discussion(
    paragraphs: dict[str, Paragraph], residents: dict[str, User], now: datetime
) -> tuple[int, int]:
    """Comments, supports, reports and the one moderation decision; returns the counts."""
    rng = random.Random(2026)  # noqa: S311 - demo timestamps, not secrets
    opened = now - timedelta(days=OPENED_DAYS_AGO)
    built: dict[int, Comment] = {}  # id(remark) → its unsaved comment
    levels: dict[int, list[tuple[Remark, Comment]]] = {}
    for key, thread in demo_text.DISCUSSION.items():
        for remark, parent, depth in walk(thread):
            if remark.author in remark.supported_by or remark.author in dict(remark.reports):
                raise ValueError(f"{remark.author} supports or reports their own comment.")
            if parent is None:
                written = opened + timedelta(hours=rng.uniform(2, 7.5 * 24))
            else:
                written = built[id(parent)].created_at + timedelta(hours=rng.uniform(0.5, 20))
            comment = Comment(
                paragraph=paragraphs[key],
                parent=None if parent is None else built[id(parent)],
                depth=depth,
                author=residents[remark.author],
                text=remark.text,
                support_count=len(remark.supported_by),
                report_count=len(remark.reports),
                created_at=min(written, now - timedelta(minutes=5)),
            )
            if remark.hidden:
                comment.state = Comment.State.HIDDEN
                comment.hidden_reason, comment.moderator_note = remark.hidden
            built[id(remark)] = comment
            levels.setdefault(depth, []).append((remark, comment))

    # Level by level: bulk_create picks up a parent's id once the parent has been saved.
    for depth in sorted(levels):
        Comment.objects.bulk_create([comment for _, comment in levels[depth]])

    pairs = [pair for level in levels.values() for pair in level]
    supports = Support.objects.bulk_create(
        Support(comment=comment, user=residents[handle])
        for remark, comment in pairs
        for handle in remark.supported_by
    )
    Report.objects.bulk_create(
        Report(comment=comment, reporter=residents[handle], reason=reason)
        for remark, comment in pairs
        for handle, reason in remark.reports
    )
    moderator = User.objects.filter(email=MODERATION_EMAIL).first()
    ModerationAction.objects.bulk_create(
        ModerationAction(
            comment=comment,
            moderator=moderator,
            action=ModerationAction.Action.HIDE,
            reason=comment.hidden_reason,
            note=comment.moderator_note,
        )
        for remark, comment in pairs
        if remark.hidden
    )
    return len(pairs), len(supports)


def introduce_results(*, closed: Version, adopted: Version) -> None:
    """The closed and the adopted version's own introductions.

    ``copy_version`` copies the draft's introduction, a call to comment; a version whose
    consultation has ended, or that the council adopted, says that instead.
    """
    for version, name in ((closed, "closed"), (adopted, "adopted")):
        version.introduction = (INTRODUCTIONS / f"{name}.md").read_text(encoding="utf-8")
        version.save(update_fields=["introduction"])
