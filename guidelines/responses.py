"""Rückmeldung: staff answer comments, and publish the commented version.

Commenters hear about their response by email once the public can read it: at once
if the commented version is already published, otherwise when it is published.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from guidelines.models import Comment, Disposition, Paragraph, Response, Version, needing_response
from guidelines.services import ActionRefused
from participation.markdown import html_to_text
from participation.models import Event, User
from participation.notifications import absolute_url, notify_each


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
    based_on: Mapping[int, int] | None = None,
) -> list[Response]:
    """Give these comments of ``version`` the same disposition and reasoning.

    ``based_on`` maps comment ids to the response revision the staff member's page showed
    (0: no response yet; comments not in it are not checked). If someone else has answered
    one of them since, nothing is saved and the refusal shows that answer, so no answer
    silently replaces another.
    """
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
    ids = sorted(comment.pk for comment in chosen)
    current = _locked_responses(ids)
    withdrawn = Comment.objects.filter(pk__in=ids, withdrawn_at__isnull=False).first()
    if withdrawn is not None:
        raise ActionRefused(
            _("Comment %(id)s was withdrawn by its author; it gets no response.")
            % {"id": withdrawn.pk},
            code="withdrawn",
        )
    if based_on is not None:
        _require_unchanged(current, based_on)
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
    fields = {
        "disposition": disposition,
        "reasoning": reasoning.replace("\x00", ""),
        "answered_by": answered_by.strip() or settings.RESPONSE_OFFICE,
        "author": author,
        "answered_on": timezone.localdate(),
    }
    responses = []
    for comment in chosen:
        response = current.get(comment.pk)
        if response is None:
            response = Response.objects.create(comment=comment, **fields)
        else:
            for name, value in fields.items():
                setattr(response, name, value)
            response.revision += 1
            response.save()
        response.comment = comment
        response.result_paragraphs.set(results)
        responses.append(response)
    if version.responses_published_at is not None:
        _notify_commenters(responses)
    return responses


def _locked_responses(comment_ids: list[int]) -> dict[int, Response]:
    """Lock the comments (in one order for everyone) and read their responses as they are."""
    list(
        Comment.objects.select_for_update()
        .filter(pk__in=comment_ids)
        .order_by("pk")
        .values_list("pk")
    )
    responses = Response.objects.filter(comment_id__in=comment_ids).select_related("author")
    return {response.comment_id: response for response in responses}


def _require_unchanged(current: dict[int, Response], based_on: Mapping[int, int]) -> None:
    changed = [
        response
        for pk, response in sorted(current.items())
        if pk in based_on and based_on[pk] != response.revision
    ]
    if changed:
        raise ActionRefused([changed_meanwhile(response) for response in changed], code="changed")


def require_unchanged(comment: Comment, revision: int) -> None:
    """Refuse to save an answer to ``comment`` if it is no longer at ``revision``
    (0: unanswered); the comment stays locked to the end of the transaction."""
    _require_unchanged(_locked_responses([comment.pk]), {comment.pk: revision})


def changed_meanwhile(response: Response) -> str:
    """The refusal when someone else saved an answer since the page was opened."""
    who = response.author.display_name if response.author else response.answered_by
    return _(
        "Comment %(id)s was answered meanwhile by %(who)s (%(when)s): %(disposition)s – "
        "“%(reasoning)s”. Please check it; your text is still in the form."
    ) % {
        "id": response.comment_id,
        "who": who,
        "when": date_format(timezone.localtime(response.updated_at), "DATETIME_FORMAT"),
        "disposition": Disposition(response.disposition).label,
        "reasoning": Truncator(response.reasoning).chars(300),
    }


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
    """One mail per person with the answers not yet mailed to them in this form.

    At publication that is all their answers; later, the one just given or changed. An
    answer mailed before and changed since is marked as a change. The dedupe key names
    each answer's revision, so that publishing twice (or at once) mails nothing twice.
    """
    due = (
        Response.objects.filter(pk__in=[response.pk for response in responses])
        .exclude(comment__author=None)
        .exclude(notified_revision=F("revision"))
        .select_related("comment__author", "comment__paragraph__version__document")
        .order_by("comment__paragraph__order", "comment__created_at", "pk")
    )
    groups: dict[tuple[int, int], list[Response]] = defaultdict(list)
    for response in due:
        comment = response.comment
        groups[(comment.author_id or 0, comment.paragraph.version_id)].append(response)
    notify_each(
        event=Event.RESPONSE,
        notices=[
            (group[0].comment.author, _mail_key(group), _mail_context(group))
            for group in groups.values()
            if group[0].comment.author is not None
        ],
    )
    mailed: dict[int, list[int]] = defaultdict(list)
    for group in groups.values():
        for response in group:
            mailed[response.revision].append(response.pk)
    for revision, pks in mailed.items():
        # Only the revision mailed: one saved meanwhile is still to be mailed.
        Response.objects.filter(pk__in=pks, revision=revision).update(notified_revision=revision)


def _mail_key(group: list[Response]) -> str:
    """Names the answers and their revisions (one answer: its own key, as always)."""
    if len(group) == 1:
        return f"response-{group[0].pk}-r{group[0].revision}"
    answers = ",".join(f"{r.pk}r{r.revision}" for r in sorted(group, key=lambda r: r.pk))
    digest = hashlib.sha256(answers.encode()).hexdigest()[:24]
    return f"responses-v{group[0].comment.paragraph.version_id}-{digest}"


def _mail_context(group: list[Response]) -> dict[str, Any]:
    """The mail about these answers of one version to one person, in their language."""
    author = group[0].comment.author
    assert author is not None
    version = group[0].comment.paragraph.version
    with translation.override(author.language or settings.LANGUAGE_CODE):
        items = [_mail_item(response) for response in group]
    offices = list(dict.fromkeys(item["answered_by"] for item in items))
    return {
        "title": f"{version.document.title} – {version.label}",
        "url": absolute_url(
            reverse(
                "guidelines:commented", kwargs={"slug": version.document.slug, "pk": version.pk}
            )
        ),
        "count": len(items),
        "changed": all(item["changed"] for item in items),
        "items": items,
        "offices": offices,
    }


def _mail_item(response: Response) -> dict[str, Any]:
    comment = response.comment
    return {
        "label": comment.paragraph.label,
        "url": absolute_url(comment.get_absolute_url()),
        "excerpt": Truncator(comment.text).chars(300),
        "written_at": date_format(timezone.localtime(comment.created_at), "DATE_FORMAT"),
        "disposition": str(Disposition(response.disposition).label),
        "reasoning": html_to_text(response.reasoning_html),
        "reasoning_html": response.reasoning_html,
        "answered_by": response.answered_by,
        "answered_on": date_format(response.answered_on, "DATE_FORMAT"),
        "changed": response.notified_revision > 0,
    }


def progress(version: Version) -> tuple[int, int]:
    """(answered, total) over the comments of ``version`` that need a response.

    Withdrawn comments and comments hidden as spam need none, so that 100 % is reachable
    without answering them (:func:`guidelines.models.needing_response`).
    """
    comments = Comment.objects.filter(needing_response(), paragraph__version=version)
    return comments.filter(response__isnull=False).count(), comments.count()
