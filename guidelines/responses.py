"""Rückmeldung: staff answer comments, and publish the commented version.

Commenters hear about their response by email once the public can read it: at once
if the commented version is already published, otherwise when it is published.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guidelines.models import Comment, Disposition, Paragraph, Response, Version
from guidelines.services import ActionRefused
from participation.models import Event, User
from participation.notifications import absolute_url, notify_each, source_text


@transaction.atomic
def respond(
    *,
    version: Version,
    comments: Iterable[Comment],
    disposition: str,
    reasoning: str,
    answered_by: str = "",
    author: User | None = None,
    result_paragraphs: Iterable[Paragraph] = (),
) -> list[Response]:
    """Give these comments of ``version`` the same disposition and reasoning."""
    if disposition not in Disposition.values:
        raise ActionRefused(_("Please choose a disposition."), code="disposition")
    chosen = list(comments)
    if not chosen:
        raise ActionRefused(_("Please select at least one comment."), code="empty")
    for comment in chosen:
        if comment.paragraph.version_id != version.pk:
            raise ActionRefused(
                _("Comment %(id)s belongs to another version.") % {"id": comment.pk},
                code="version",
            )
        if comment.is_withdrawn:
            raise ActionRefused(
                _("Comment %(id)s was withdrawn by its author; it gets no response.")
                % {"id": comment.pk},
                code="withdrawn",
            )
    results = list(result_paragraphs)
    for paragraph in results:
        if (
            paragraph.version.document_id != version.document_id
            or paragraph.version_id == version.pk
        ):
            raise ActionRefused(
                _("Responses can only point to paragraphs of a later version of this document."),
                code="result",
            )
    office = answered_by.strip() or settings.RESPONSE_OFFICE
    responses = []
    for comment in chosen:
        response, _created = Response.objects.update_or_create(
            comment=comment,
            defaults={
                "disposition": disposition,
                "reasoning": reasoning.replace("\x00", ""),
                "answered_by": office,
                "author": author,
                "answered_on": timezone.localdate(),
            },
        )
        response.result_paragraphs.set(results)
        responses.append(response)
    if version.responses_published_at is not None:
        _notify_commenters(responses)
    return responses


@transaction.atomic
def publish_commented_version(*, version: Version) -> int:
    """Make all responses of ``version`` public and tell the commenters; returns how many."""
    if version.state == Version.State.DRAFT:
        raise ActionRefused(_("A draft has no comments to publish."), code="draft")
    if version.responses_published_at is None:
        version.responses_published_at = timezone.now()
        version.save(update_fields=["responses_published_at"])
    responses = list(
        Response.objects.filter(comment__paragraph__version=version).select_related(
            "comment__author", "comment__paragraph__version__document"
        )
    )
    _notify_commenters(responses)
    return len(responses)


def _notify_commenters(responses: list[Response]) -> None:
    notices = []
    for response in responses:
        comment = response.comment
        if comment.author is None:
            continue
        version = comment.paragraph.version
        notices.append(
            (
                comment.author,
                f"response-{response.pk}-{response.disposition}",
                {
                    "title": f"{version.document.title} – {version.label}, "
                    f"§ {comment.paragraph.order}",
                    "url": absolute_url(comment.get_absolute_url()),
                    "excerpt": comment.text[:300],
                    "disposition": source_text(Disposition(response.disposition).label),
                    "detail": response.reasoning[:1000],
                },
            )
        )
    notify_each(event=Event.RESPONSE, notices=notices)


def progress(version: Version) -> tuple[int, int]:
    """(answered, total) over the comments of ``version`` that need a response."""
    comments = Comment.objects.filter(paragraph__version=version, withdrawn_at__isnull=True)
    return comments.filter(response__isnull=False).count(), comments.count()
