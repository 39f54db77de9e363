"""Which cached guideline pages a write makes out of date (see participation.pagecache).

Three kinds of generation:

- ``guidelines``: the content of every document (documents, versions with their states
  and periods, sections, paragraphs, the publication of a commented version). Staff
  change it rarely, and a change can show on every page of a document and in the list,
  so it invalidates all guideline pages.
- ``guidelines:<slug>``: the activity on a document (comments, supports, moderation,
  responses). It invalidates the document's version pages, commented versions and
  reports, which show counts and, for an adopted version, comments of earlier versions.
- ``guidelines:<slug>:<version id>:<paragraph key>``: one paragraph's thread.

Model saves and deletes are caught by receivers (connected in ``GuidelinesConfig.ready``);
writes through ``QuerySet.update()`` or ``bulk_create`` send no signal and call
:func:`comments_changed` or :func:`content_changed` themselves. Every bump happens on
commit.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from guidelines.models import (
    Comment,
    Document,
    Paragraph,
    Response,
    Section,
    Support,
    Version,
)
from participation.pagecache import bump

CONTENT = "guidelines"
# Saves of these fields alone change nothing the public sees.
PRIVATE_FIELDS = frozenset({"report_count", "moderator_note", "submission"})


def activity(slug: str) -> str:
    return f"{CONTENT}:{slug}"


def thread(slug: str, version_id: int, key: str) -> str:
    return f"{CONTENT}:{slug}:{version_id}:{key}"


# --- what each page is built from (used by the views' @public_page) -------------------------


def content_generations(**_url: Any) -> tuple[str, ...]:
    """The document list and the comparison show content only."""
    return (CONTENT,)


def document_generations(slug: str, **_url: Any) -> tuple[str, ...]:
    return (CONTENT, activity(slug))


def thread_generations(slug: str, pk: int, key: str) -> tuple[str, ...]:
    # Thread pages show no counts of other paragraphs: a comment elsewhere leaves them.
    return (CONTENT, thread(slug, pk, key))


# --- bumping --------------------------------------------------------------------------------


def content_changed() -> None:
    bump(CONTENT)


def comments_changed(comment_ids: Collection[int]) -> None:
    """The public view of these comments changed (state, text, supports, response)."""
    rows = Comment.objects.filter(pk__in=comment_ids).values_list(
        "paragraph__version__document__slug", "paragraph__version_id", "paragraph__key"
    )
    _bump_paragraphs(set(rows))


def comment_changed(comment: Comment) -> None:
    paragraph = comment.paragraph if Comment.paragraph.is_cached(comment) else None  # type: ignore[attr-defined]
    if (
        paragraph is not None
        and Paragraph.version.is_cached(paragraph)  # type: ignore[attr-defined]
        and Version.document.is_cached(paragraph.version)  # type: ignore[attr-defined]
    ):
        slug = paragraph.version.document.slug
        _bump_paragraphs({(slug, paragraph.version_id, paragraph.key)})
        return
    comments_changed([comment.pk])


def paragraph_changed(paragraph_id: int) -> None:
    """The thread of this paragraph changed (for a comment that is gone)."""
    rows = Paragraph.objects.filter(pk=paragraph_id).values_list(
        "version__document__slug", "version_id", "key"
    )
    _bump_paragraphs(set(rows))


def _bump_paragraphs(rows: Iterable[tuple[str, int, str]]) -> None:
    names: set[str] = set()
    for slug, version_id, key in rows:
        names.update((activity(slug), thread(slug, version_id, key)))
    bump(*sorted(names))


# --- receivers ------------------------------------------------------------------------------


def _on_content(sender: type, **kwargs: Any) -> None:
    content_changed()


def _on_comment_saved(sender: type, instance: Comment, **kwargs: Any) -> None:
    update_fields = kwargs.get("update_fields")
    if update_fields and set(update_fields) <= PRIVATE_FIELDS:
        return
    comment_changed(instance)


def _on_comment_deleted(sender: type, instance: Comment, **kwargs: Any) -> None:
    # In a cascade from its paragraph nothing is found here, and the content bumps.
    paragraph_changed(instance.paragraph_id)


def _on_comment_part(sender: type, instance: Support | Response, **kwargs: Any) -> None:
    """A support (the count shown) or a response of a comment."""
    comments_changed([instance.comment_id])


def _on_result_paragraphs(sender: type, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("action", "").startswith("post_"):
        if isinstance(instance, Response):
            comments_changed([instance.comment_id])
        else:
            content_changed()


def connect() -> None:
    for model in (Document, Version, Section, Paragraph):
        post_save.connect(_on_content, sender=model, dispatch_uid=f"pagecache-{model.__name__}")
        post_delete.connect(_on_content, sender=model, dispatch_uid=f"pagecache-{model.__name__}")
    post_save.connect(_on_comment_saved, sender=Comment, dispatch_uid="pagecache-comment")
    post_delete.connect(_on_comment_deleted, sender=Comment, dispatch_uid="pagecache-comment")
    # Reports are not connected: a report shows nowhere, and the hold that the last one
    # may cause saves the comment.
    for part in (Support, Response):
        uid = f"pagecache-{part.__name__}"
        post_save.connect(_on_comment_part, sender=part, dispatch_uid=uid)
        post_delete.connect(_on_comment_part, sender=part, dispatch_uid=uid)
    m2m_changed.connect(
        _on_result_paragraphs,
        sender=Response.result_paragraphs.through,
        dispatch_uid="pagecache-result-paragraphs",
    )
