"""Writes on guideline documents: comments, supports, reports, moderation.

Every function checks its rule and raises :class:`ActionRefused` with a message for
the person (views turn it into a 4xx page or form error), so nothing is half-saved.
"""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from guidelines import invalidation
from guidelines.models import Comment, HideReason, ModerationAction, Paragraph, Report, Support
from guidelines.objections import statement_of_reasons
from participation.models import Event, User
from participation.notifications import absolute_url, notify, notify_each, source_text
from participation.refusals import ActionRefused


def clean_comment_text(text: str) -> str:
    cleaned = text.replace("\x00", "").strip()
    if not cleaned:
        raise ActionRefused(_("Please write a comment."), code="empty")
    if len(cleaned) > settings.COMMENT_MAX_LENGTH:
        raise ActionRefused(
            _("A comment can have at most %(max)s characters; yours has %(length)s.")
            % {"max": settings.COMMENT_MAX_LENGTH, "length": len(cleaned)},
            code="too_long",
        )
    return cleaned


def _require_participant(user: User) -> None:
    if not user.can_participate:
        raise PermissionDenied(_("Please confirm your email address before taking part."))


def _require_open(paragraph: Paragraph) -> None:
    if not paragraph.version.is_open_for_comments:
        raise ActionRefused(_("The comment period of this version is closed."), code="closed")


def _lock(comment: Comment) -> Comment:
    """Read the comment's row again under a lock held to the end of the transaction.

    Parallel actions on one comment (a double click, two people, two devices) wait here
    one after the other, and each checks the rules against what the one before it did.
    """
    comment.refresh_from_db(from_queryset=Comment.objects.select_for_update())
    return comment


def _sent_with(author: User, submission: UUID, paragraph: Paragraph) -> Comment | None:
    """The comment already stored from this form, if it was sent before."""
    sent = Comment.objects.filter(author=author, submission=submission).first()
    if sent is not None and sent.paragraph_id != paragraph.pk:
        raise ActionRefused(
            _("This form has already been used. Please reload the page."), code="submission"
        )
    return sent


@transaction.atomic
def add_comment(
    *,
    author: User,
    paragraph: Paragraph,
    text: str,
    parent: Comment | None = None,
    submission: UUID | None = None,
) -> Comment:
    """Store a comment or reply; ``submission`` is the form's one-use token.

    Sent again with the same token (a double click, a retry), it returns the comment stored
    the first time instead of storing it twice, also when both sends arrive at once.
    """
    _require_participant(author)
    if submission is not None and (sent := _sent_with(author, submission, paragraph)):
        return sent
    _require_open(paragraph)
    cleaned = clean_comment_text(text)
    depth = 0
    if parent is not None:
        if parent.paragraph_id != paragraph.pk:
            raise ActionRefused(
                _("You can only reply within the same paragraph."), code="paragraph"
            )
        _lock(parent)
        if parent.state not in {Comment.State.PUBLISHED} or parent.is_withdrawn:
            raise ActionRefused(_("This comment cannot be replied to."), code="parent_state")
        if parent.depth >= settings.COMMENT_MAX_DEPTH:
            raise ActionRefused(
                _("Replies can be nested at most %(depth)s levels deep.")
                % {"depth": settings.COMMENT_MAX_DEPTH},
                code="depth",
            )
        depth = parent.depth + 1
    state = Comment.State.PENDING if paragraph.version.premoderation else Comment.State.PUBLISHED
    try:
        with transaction.atomic():
            comment = Comment.objects.create(
                paragraph=paragraph,
                parent=parent,
                depth=depth,
                author=author,
                text=cleaned,
                state=state,
                submission=submission,
            )
    except IntegrityError:
        # The same form arrived twice at once: the other send has just stored it.
        if submission is None or (sent := _sent_with(author, submission, paragraph)) is None:
            raise
        return sent
    if state == Comment.State.PUBLISHED:
        _notify_reply(comment)
    return comment


def _comment_context(comment: Comment, recipient: User) -> dict[str, str]:
    """The mail's context; the paragraph's label ("Abs. 4", "Para. 4") in the recipient's
    language, not in that of the person whose action sends the mail."""
    version = comment.paragraph.version
    with translation.override(recipient.language or settings.LANGUAGE_CODE):
        label = comment.paragraph.label
    return {
        "title": f"{version.document.title} – {version.label}, {label}",
        "url": absolute_url(comment.get_absolute_url()),
        "excerpt": comment.text[:300],
        "actor": comment.author.display_name if comment.author else "",
    }


def _notify_reply(comment: Comment) -> None:
    """Tell the author of the comment replied to (once per reply, never themselves)."""
    parent = comment.parent
    if parent is None or parent.author is None:
        return
    notify(
        event=Event.REPLY,
        recipients=[parent.author],
        key=f"comment-{comment.pk}",
        context=_comment_context(comment, parent.author),
        exclude=comment.author,
    )


@transaction.atomic
def edit_comment(*, comment: Comment, user: User, text: str) -> Comment:
    if comment.author_id != user.pk:
        raise PermissionDenied(_("You can only edit your own comments."))
    _lock(comment)
    if comment.is_withdrawn:
        raise ActionRefused(_("This comment has been withdrawn."), code="withdrawn")
    if not comment.can_be_edited_by(user):
        raise ActionRefused(
            _("Comments can be edited only within %(minutes)s minutes after writing them.")
            % {"minutes": settings.COMMENT_EDIT_WINDOW_MINUTES},
            code="edit_window",
        )
    _require_open(comment.paragraph)
    comment.text = clean_comment_text(text)
    comment.edited_at = timezone.now()
    comment.save(update_fields=["text", "edited_at"])
    return comment


@transaction.atomic
def withdraw_comment(*, comment: Comment, user: User) -> Comment:
    if comment.author_id != user.pk:
        raise PermissionDenied(_("You can only withdraw your own comments."))
    _lock(comment)
    if comment.is_withdrawn:
        raise ActionRefused(_("This comment has already been withdrawn."), code="withdrawn")
    comment.withdrawn_at = timezone.now()
    comment.save(update_fields=["withdrawn_at"])
    return comment


@transaction.atomic
def toggle_support(*, comment: Comment, user: User, supported: bool | None = None) -> bool:
    """Support the comment, or take the support back; returns whether it is now supported.

    With ``supported`` given, the support is set to that (sending it twice changes nothing);
    without it, it is turned over.
    """
    _require_participant(user)
    _require_open(comment.paragraph)
    _lock(comment)
    if comment.state != Comment.State.PUBLISHED or comment.is_withdrawn:
        raise ActionRefused(_("This comment cannot be supported."), code="state")
    if comment.author_id == user.pk:
        raise ActionRefused(_("You cannot support your own comment."), code="own")
    has = Support.objects.filter(comment=comment, user=user).exists()
    wanted = not has if supported is None else supported
    if wanted == has:
        return has
    if wanted:
        Support.objects.create(comment=comment, user=user)
    else:
        Support.objects.filter(comment=comment, user=user).delete()
    change = 1 if wanted else -1
    Comment.objects.filter(pk=comment.pk).update(support_count=F("support_count") + change)
    return wanted


@transaction.atomic
def report_comment(*, comment: Comment, user: User, reason: str, details: str = "") -> Report:
    """Report a comment; the report that reaches the version's threshold holds it, once."""
    _require_participant(user)
    if reason not in HideReason.values:
        raise ActionRefused(_("Please choose a reason."), code="reason")
    if comment.author_id == user.pk:
        raise ActionRefused(_("You cannot report your own comment."), code="own")
    _lock(comment)
    if Report.objects.filter(comment=comment, reporter=user).exists():
        raise ActionRefused(_("You have already reported this comment."), code="twice")
    if comment.state not in {Comment.State.PUBLISHED} or comment.is_withdrawn:
        raise ActionRefused(_("This comment is already being reviewed."), code="state")
    report = Report.objects.create(
        comment=comment,
        reporter=user,
        reason=reason,
        details=details.replace("\x00", "").strip()[:1000],
    )
    comment.report_count += 1
    update = ["report_count"]
    threshold = comment.paragraph.version.report_threshold
    if threshold and comment.report_count >= threshold:
        comment.state = Comment.State.HELD
        update.append("state")
        held = ModerationAction.objects.create(comment=comment, action=ModerationAction.Action.HOLD)
        _notify_moderation([comment.pk], [held], held.action)  # automated: stated too
    comment.save(update_fields=update)
    return report


DECISION_LABELS = {
    ModerationAction.Action.APPROVE: gettext_noop("approved and published"),
    ModerationAction.Action.RESTORE: gettext_noop("published again"),
    ModerationAction.Action.HIDE: gettext_noop("hidden"),
    ModerationAction.Action.HOLD: gettext_noop("held for review after reports"),
}

MODERATION_TARGET: dict[str, str] = {
    ModerationAction.Action.APPROVE: Comment.State.PUBLISHED,
    ModerationAction.Action.RESTORE: Comment.State.PUBLISHED,
    ModerationAction.Action.HIDE: Comment.State.HIDDEN,
}

# The states each decision applies to; on others it would decide nothing (or again).
APPLIES_TO: dict[str, tuple[str, ...]] = {
    ModerationAction.Action.APPROVE: (Comment.State.PENDING, Comment.State.HELD),
    ModerationAction.Action.HIDE: (
        Comment.State.PENDING,
        Comment.State.PUBLISHED,
        Comment.State.HELD,
        Comment.State.HIDDEN,  # with another public reason
    ),
    ModerationAction.Action.RESTORE: (Comment.State.HIDDEN, Comment.State.HELD),
}


def _decides(comment: Comment, action: str, reason: str) -> bool:
    """Whether the decision changes something for the comment as it is now."""
    if comment.state not in APPLIES_TO[action]:
        return False
    return not (comment.state == Comment.State.HIDDEN and comment.hidden_reason == reason)


@transaction.atomic
def moderate(
    *,
    comments: Iterable[Comment],
    moderator: User,
    action: str,
    reason: str = "",
    note: str = "",
) -> int:
    """Approve, hide or restore comments in bulk and log each decision; returns the count.

    The comments are locked and decided as they are now: one that another moderator has
    decided meanwhile (restored, say) is left alone, so a decision is logged and mailed
    once. Moderators never decide on their own comments: those are skipped.
    """
    if action not in MODERATION_TARGET:
        raise ActionRefused(_("Unknown moderation action."), code="action")
    if action == ModerationAction.Action.HIDE and reason not in HideReason.values:
        raise ActionRefused(
            _("Please choose the public reason from the terms of use."), code="reason"
        )
    candidates = [c.pk for c in comments if c.author_id != moderator.pk]
    if not candidates:
        return 0
    locked = (
        Comment.objects.select_for_update()
        .filter(pk__in=candidates)
        .exclude(author_id=moderator.pk)
        .order_by("pk")  # one order for every locker, so that two never wait on each other
        .only("pk", "state", "hidden_reason")
    )
    ids = [c.pk for c in locked if _decides(c, action, reason)]
    if not ids:
        return 0
    fields: dict[str, object] = {"state": MODERATION_TARGET[action]}
    fields["hidden_reason"] = reason if action == ModerationAction.Action.HIDE else ""
    if note:
        fields["moderator_note"] = note
    Comment.objects.filter(pk__in=ids).update(**fields)
    invalidation.comments_changed(ids)  # update() sends no signals
    logged = ModerationAction.objects.bulk_create(
        ModerationAction(
            comment_id=pk, moderator=moderator, action=action, reason=reason, note=note
        )
        for pk in ids
    )
    _notify_moderation(ids, logged, action)
    return len(ids)


def _notify_moderation(ids: list[int], logged: list[ModerationAction], action: str) -> None:
    """One mail per author about the decision, written in one insert."""
    comments = list(
        Comment.objects.filter(pk__in=ids).select_related(
            "author", "parent__author", "paragraph__version__document"
        )
    )
    log_ids = {entry.comment_id: entry.pk for entry in logged}
    decisions = {entry.comment_id: entry for entry in logged}
    notices = []
    for comment in comments:
        if comment.author is None:
            continue
        context = _comment_context(comment, comment.author)
        context["decision"] = DECISION_LABELS[ModerationAction.Action(action)]
        if comment.hidden_reason:
            context["reason"] = source_text(HideReason(comment.hidden_reason).label)
        context.update(statement_of_reasons(comment=comment, decision=decisions[comment.pk]))
        notices.append(
            (comment.author, f"moderation-{log_ids.get(comment.pk, comment.pk)}", context)
        )
    notify_each(event=Event.MODERATION, notices=notices)
    if action == ModerationAction.Action.APPROVE:
        # A pre-moderated reply reaches its thread only now, so its parent's author hears now.
        notify_each(
            event=Event.REPLY,
            notices=[
                (c.parent.author, f"comment-{c.pk}", _comment_context(c, c.parent.author))
                for c in comments
                if c.parent is not None
                and c.parent.author is not None
                and c.parent.author_id != c.author_id
            ],
        )


def latest_decision(comment: Comment) -> ModerationAction | None:
    return (
        ModerationAction.objects.filter(comment=comment)
        .select_related("moderator")
        .order_by("-pk")
        .first()
    )


def require_no_decision_since(comment: Comment, seen: int) -> None:
    """Refuse a decision taken on an older state of the comment.

    Locks the comment to the end of the transaction and compares its latest moderation
    log entry with ``seen``, the one the moderator's page showed (0: none).
    """
    list(Comment.objects.select_for_update().filter(pk=comment.pk).values_list("pk"))
    latest = latest_decision(comment)
    if latest is not None and latest.pk != seen:
        raise ActionRefused(decided_meanwhile(latest), code="changed")


def decided_meanwhile(entry: ModerationAction) -> str:
    what = entry.get_action_display()
    if entry.reason:
        what = f"{what} ({HideReason(entry.reason).label})"
    if entry.note:
        what = f"{what}: “{entry.note[:300]}”"
    return _(
        "Changed meanwhile by %(who)s (%(when)s): %(what)s. Please check it; your choice "
        "is still in the form."
    ) % {
        "who": entry.moderator.display_name if entry.moderator else _("the system"),
        "when": date_format(timezone.localtime(entry.created_at), "DATETIME_FORMAT"),
        "what": what,
    }


@transaction.atomic
def set_moderator_note(*, comment: Comment, moderator: User, note: str) -> None:
    """Change the private note without a decision; logged like every moderation step."""
    comment.moderator_note = note.replace("\x00", "")
    comment.save(update_fields=["moderator_note"])
    ModerationAction.objects.create(
        comment=comment, moderator=moderator, action=ModerationAction.Action.NOTE, note=note
    )


def reported_undecided() -> Q:
    """Published, reported, and no moderator has decided on it since the newest report.

    A moderator settles reports by hiding the comment or, to keep it, by dismissing the
    reports (or saving a note): all are logged decisions. Reports counted without a stored
    report (imported data) count as undecided.
    """
    newest_report = (
        Report.objects.filter(comment=OuterRef(OuterRef("pk")))
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    decided = ModerationAction.objects.filter(
        comment=OuterRef("pk"),
        moderator__isnull=False,
        created_at__gte=Subquery(newest_report),
    )
    return Q(state=Comment.State.PUBLISHED, report_count__gt=0) & ~Q(Exists(decided))


@transaction.atomic
def dismiss_reports(*, comments: Iterable[Comment], moderator: User) -> int:
    """Keep reported comments published and settle their reports; returns the count.

    Decided like :func:`moderate`: the comments are locked and checked as they are then, so
    one hidden or settled by another moderator meanwhile is left alone and the decision is
    logged once; moderators skip their own comments. A later report puts a comment back
    in the queue. Nobody is mailed: the author sees the comment as before, and reporters
    hear of no decision on their reports anywhere on the platform. Nothing public changes
    (the reports and their count are private), so no cached page is out of date.
    """
    candidates = [c.pk for c in comments if c.author_id != moderator.pk]
    if not candidates:
        return 0
    # Lock first, in the one order of moderate(); the rule is read after the locks, by a
    # query that sees what the transactions that held them committed.
    list(
        Comment.objects.select_for_update()
        .filter(pk__in=candidates)
        .order_by("pk")
        .values_list("pk")
    )
    ids = list(
        Comment.objects.filter(reported_undecided(), pk__in=candidates).values_list("pk", flat=True)
    )
    ModerationAction.objects.bulk_create(
        ModerationAction(comment_id=pk, moderator=moderator, action=ModerationAction.Action.DISMISS)
        for pk in ids
    )
    return len(ids)
