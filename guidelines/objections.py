"""Statements of reasons and objections to moderation decisions (EU Digital Services
Act, Art. 17 and 20).

- Every moderation mail to a comment's author is a statement of reasons
  (:func:`statement_of_reasons`): what was decided and when, about which comment, the
  rule of the terms of use it rests on, whether automated means decided (the hold after
  a version's report threshold) or a person did, and, for a decision that restricts the
  comment (hidden or held), how to object.
- The mail links to the objection form with a signed token naming the decision and its
  author. The token needs no sign-in: it reaches only the author's mailbox and the page
  shows only their own words. Signed-in authors find the same links in their account.
- One objection per decision (a unique constraint), so sending the form twice stores it
  once. It can be made while the decision is the comment's latest and still restricts
  it, for :data:`OBJECTION_PERIOD` after the decision.
- An open objection puts the comment back into the moderation queue. A person on staff
  answers it; the answer goes to the author at once, whatever their mail settings, since
  they asked for it.

This module sits below :mod:`guidelines.services`, whose mails take their statement from
here. Reversing a decision is a moderation decision like any other: the admin calls
``services.moderate`` and then :func:`answer_objection` in one transaction.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from guidelines.models import Comment, HideReason, ModerationAction, Objection, Report
from participation.models import Event, OutboxMessage, User
from participation.notifications import absolute_url, request_delivery
from participation.refusals import ActionRefused

# Decisions that restrict a comment and can be objected to.
RESTRICTING = (ModerationAction.Action.HIDE, ModerationAction.Action.HOLD)
# The DSA asks for at least six months after the decision was made known.
OBJECTION_PERIOD = timedelta(days=183)
OBJECTION_MAX_LENGTH = 5000
OBJECTION_SALT = "stadtdialog.objection"
TERMS_PAGE = "nutzungsbedingungen"


# --- the statement of reasons ---------------------------------------------------------


def terms_url() -> str:
    return absolute_url(reverse("participation:page", kwargs={"slug": TERMS_PAGE}))


def rule_url(reason: str) -> str:
    """The section of the terms of use that a moderation reason names."""
    return f"{terms_url()}#h-grund-{reason}"


def objection_token(decision: ModerationAction, author: User) -> str:
    return signing.dumps({"d": decision.pk, "u": author.pk}, salt=OBJECTION_SALT)


def read_objection_token(token: str) -> tuple[int, int]:
    """(decision id, author id); raises ``signing.BadSignature`` if tampered with."""
    payload = signing.loads(token, salt=OBJECTION_SALT)
    return int(payload["d"]), int(payload["u"])


def objection_path(decision: ModerationAction, author: User) -> str:
    return reverse("guidelines:objection", kwargs={"token": objection_token(decision, author)})


def objection_deadline(decision: ModerationAction) -> datetime:
    return decision.created_at + OBJECTION_PERIOD


def statement_of_reasons(*, comment: Comment, decision: ModerationAction) -> dict[str, Any]:
    """What a moderation mail adds to the decision and the comment's title and excerpt:
    when, on which rule, whether automated, and how to object. JSON values only; dates
    and labels in the author's language."""
    author = comment.author
    assert author is not None, "only authors get statements"
    restricts = decision.action in RESTRICTING
    with translation.override(author.language or settings.LANGUAGE_CODE):
        context: dict[str, Any] = {
            "action": decision.action,
            "decided_at": date_format(timezone.localtime(decision.created_at), "DATETIME_FORMAT"),
            "written_at": date_format(timezone.localtime(comment.created_at), "DATETIME_FORMAT"),
            "automated": decision.action == ModerationAction.Action.HOLD,
            "restricts": restricts,
            # Whether reports by others (notices) led to the decision.
            "report_count": comment.report_count,
            "terms_url": terms_url(),
        }
        if decision.reason:
            context["rule_number"] = decision.reason
            context["rule_url"] = rule_url(decision.reason)
        if decision.action == ModerationAction.Action.HOLD:
            context["threshold"] = comment.paragraph.version.report_threshold
            context["reports"] = reported_reasons(comment)
            # The caller may hold a copy read before the last report was counted.
            context["report_count"] = sum(item["count"] for item in context["reports"])
        if restricts:
            context["objection_url"] = absolute_url(objection_path(decision, author))
            context["objection_until"] = date_format(
                timezone.localtime(objection_deadline(decision)), "DATE_FORMAT"
            )
    return context


def reported_reasons(comment: Comment) -> list[dict[str, Any]]:
    """The reasons reporters gave, most frequent first, each with its rule (labels in the
    active language)."""
    counted = (
        Report.objects.filter(comment=comment)
        .values("reason")
        .annotate(count=Count("pk"))
        .order_by("-count", "reason")
    )
    return [
        {
            "number": row["reason"],
            "label": str(HideReason(row["reason"]).label),
            "count": row["count"],
            "url": rule_url(row["reason"]),
        }
        for row in counted
    ]


# --- objecting --------------------------------------------------------------------------


def decisions_of(author: User) -> QuerySet[ModerationAction]:
    """The decisions on the author's comments that restricted them, newest first."""
    return (
        ModerationAction.objects.filter(comment__author=author, action__in=RESTRICTING)
        .select_related("comment__paragraph__version__document", "objection")
        .order_by("-created_at", "-pk")
    )


def current_decision(comment: Comment) -> ModerationAction | None:
    """The comment's latest decision (a changed note is none)."""
    return (
        ModerationAction.objects.filter(comment=comment)
        .exclude(action=ModerationAction.Action.NOTE)
        .order_by("-created_at", "-pk")
        .first()
    )


def objection_refusal(decision: ModerationAction, *, now: datetime | None = None) -> str:
    """Why no objection can be made to this decision now ("" if it can)."""
    comment = decision.comment
    if decision.action not in RESTRICTING:
        return _("This decision did not restrict your comment.")
    if comment.is_withdrawn:
        return _("You have withdrawn this comment.")
    if comment.state not in {Comment.State.HIDDEN, Comment.State.HELD}:
        return _("Your comment is published again; there is nothing left to object to.")
    latest = current_decision(comment)
    if latest is not None and latest.pk != decision.pk:
        return _(
            "A newer decision has been made on this comment. Please use the link in the "
            "email about that decision."
        )
    if (now or timezone.now()) > objection_deadline(decision):
        return _("The period for objections to this decision ended on %(date)s.") % {
            "date": date_format(timezone.localtime(objection_deadline(decision)), "DATE_FORMAT")
        }
    return ""


@transaction.atomic
def submit_objection(*, decision: ModerationAction, author: User, text: str) -> Objection:
    """Object to ``decision``; sent again (a double click), it returns the first objection."""
    comment = decision.comment
    if comment.author_id != author.pk:
        raise ActionRefused(_("You can only object to decisions on your own comments."))
    # Waits for a moderator deciding on the comment right now, then checks what they did.
    comment.refresh_from_db(from_queryset=Comment.objects.select_for_update())
    existing = Objection.objects.filter(decision=decision).first()
    if existing is not None:
        return existing
    refusal = objection_refusal(decision)
    if refusal:
        raise ActionRefused(refusal, code="closed")
    cleaned = text.replace("\x00", "").strip()
    if not cleaned:
        raise ActionRefused(_("Please write why you object to the decision."), code="empty")
    if len(cleaned) > OBJECTION_MAX_LENGTH:
        raise ActionRefused(
            _("An objection can have at most %(max)s characters; yours has %(length)s.")
            % {"max": OBJECTION_MAX_LENGTH, "length": len(cleaned)},
            code="too_long",
        )
    try:
        with transaction.atomic():
            return Objection.objects.create(
                comment=comment, decision=decision, author=author, text=cleaned
            )
    except IntegrityError:
        # Both sends of one form arrived at once: the other one has just stored it.
        return Objection.objects.get(decision=decision)


@transaction.atomic
def answer_objection(*, objection: Objection, staff: User, answer: str, outcome: str) -> Objection:
    """Record the answer and mail it to the author.

    A reversed decision must have been reversed already (the comment published again
    through ``services.moderate``), so that the answer never claims what is not so.
    """
    objection.refresh_from_db(from_queryset=Objection.objects.select_for_update())
    if objection.state == Objection.State.ANSWERED:
        who = objection.answered_by.display_name if objection.answered_by else _("someone")
        raise ActionRefused(
            _("This objection was answered meanwhile by %(who)s.") % {"who": who},
            code="answered",
        )
    if outcome not in Objection.Outcome.values:
        raise ActionRefused(_("Please choose the outcome."), code="outcome")
    cleaned = answer.replace("\x00", "").strip()
    if not cleaned:
        raise ActionRefused(_("Please write the answer to the resident."), code="empty")
    comment = Comment.objects.get(pk=objection.comment_id)
    published = comment.state == Comment.State.PUBLISHED
    if outcome == Objection.Outcome.REVERSED and not published:
        raise ActionRefused(
            _("To reverse the decision, publish the comment again."), code="not_reversed"
        )
    if outcome == Objection.Outcome.UPHELD and published:
        raise ActionRefused(
            _("The comment is published again, so the decision was not upheld."),
            code="not_upheld",
        )
    objection.state = Objection.State.ANSWERED
    objection.outcome = outcome
    objection.answer = cleaned
    objection.answered_by = staff
    objection.answered_at = timezone.now()
    objection.save()
    _mail_answer(objection, comment)
    return objection


def _mail_answer(objection: Objection, comment: Comment) -> None:
    author = objection.author
    if author is None or not author.is_active:
        return
    comment = Comment.objects.select_related("paragraph__version__document").get(pk=comment.pk)
    version = comment.paragraph.version
    language = author.language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "title": f"{version.document.title} – {version.label}, {comment.paragraph.label}",
            "url": absolute_url(comment.get_absolute_url()),
            "excerpt": comment.text[:300],
            "objected_at": date_format(timezone.localtime(objection.created_at), "DATETIME_FORMAT"),
            "outcome": objection.outcome,
            "answer": objection.answer,
            "objection_url": absolute_url(objection_path(objection.decision, author)),
        }
    # Not through the mail settings: the author asked for this answer.
    OutboxMessage.objects.bulk_create(
        [
            OutboxMessage(
                recipient=author,
                email=author.email,
                language=language,
                event=Event.MODERATION,
                template="emails/objection",
                context=context,
                dedupe_key=f"{Event.MODERATION}:objection-{objection.pk}-answer:u{author.pk}",
            )
        ],
        ignore_conflicts=True,
    )
    request_delivery()
