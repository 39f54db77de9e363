"""Guideline documents: Document → Version → Section → Paragraph, and paragraph comments.

Reads go through QuerySet methods that fetch a whole page in a fixed number of
queries; writes with side effects live in ``guidelines.services``.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy
from markdownx.models import MarkdownxField

from participation.markdown import RendersMarkdown


def new_key() -> str:
    return uuid.uuid4().hex[:12]


_TRAILING_SPACE = re.compile(r"[ \t\u00a0]+$", re.MULTILINE)


def normalise_paragraph_text(text: str) -> str:
    """Paragraph text as stored: LF line endings, no NUL, no trailing or surrounding blanks.

    Forms send ``\r\n``; an imported text has ``\n``. Stored the same way, an unchanged
    list, quote or table compares equal whatever way it was saved.
    """
    text = text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
    return _TRAILING_SPACE.sub("", text).strip("\n").rstrip()


def comparable_text(text: str) -> str:
    """The text with every run of whitespace as one space: what "unchanged" compares."""
    return " ".join(normalise_paragraph_text(text).split())


class DocumentQuerySet(models.QuerySet["Document"]):
    def public(self) -> DocumentQuerySet:
        """Documents with at least one version the public may read."""
        return self.filter(
            pk__in=Version.objects.exclude(state=Version.State.DRAFT).values("document_id")
        )


class Document(RendersMarkdown):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("short name in the address"), max_length=80, unique=True)
    summary = MarkdownxField(_("summary (Markdown)"), blank=True)
    summary_html = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = DocumentQuerySet.as_manager()

    rendered_fields = {"summary": "summary_html"}

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("guidelines:document", kwargs={"slug": self.slug})


class VersionQuerySet(models.QuerySet["Version"]):
    def public(self) -> VersionQuerySet:
        return self.exclude(state=Version.State.DRAFT)


# "Fassung" in German: "version" alone is also a consent's or page's version ("Version").
VERSION = pgettext_lazy("document version", "version")


class Version(RendersMarkdown):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft (not public)")
        CONSULTATION = "consultation", _("In consultation")
        CLOSED = "closed", _("Consultation closed")
        ADOPTED = "adopted", _("Adopted")

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="versions", verbose_name=_("document")
    )
    label = models.CharField(_("label"), max_length=120, help_text=_("e.g. “Entwurf März 2024”"))
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    introduction = MarkdownxField(_("introduction (Markdown)"), blank=True)
    introduction_html = models.TextField(editable=False, default="")
    comments_open_at = models.DateTimeField(_("comments open"), null=True, blank=True)
    comments_close_at = models.DateTimeField(_("comments close"), null=True, blank=True)
    premoderation = models.BooleanField(
        _("pre-moderation"),
        default=False,
        help_text=_("Comments appear only after a moderator approved them."),
    )
    report_threshold = models.PositiveSmallIntegerField(
        _("report threshold"),
        default=3,
        help_text=_("A comment reported this many times is hidden until a moderator looks at it."),
    )
    decision_body = models.CharField(_("decided by"), max_length=120, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_reference = models.CharField(_("Drucksache number"), max_length=60, blank=True)
    decision_url = models.URLField(_("link to the decision"), blank=True)
    responses_published_at = models.DateTimeField(
        _("commented version published"),
        null=True,
        blank=True,
        help_text=_(
            "From this moment the public sees every comment of this version with the "
            "city's response (the commented version)."
        ),
    )
    based_on = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="successors",
        verbose_name=_("based on version"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = VersionQuerySet.as_manager()

    rendered_fields = {"introduction": "introduction_html"}

    class Meta:
        verbose_name = VERSION
        verbose_name_plural = pgettext_lazy("document version", "versions")
        ordering = ["document", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(comments_close_at__isnull=True)
                | Q(comments_open_at__isnull=True)
                | Q(comments_close_at__gt=models.F("comments_open_at")),
                name="comment_period_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.document.title} – {self.label}"

    def get_absolute_url(self) -> str:
        return reverse("guidelines:version", kwargs={"slug": self.document.slug, "pk": self.pk})

    @property
    def is_public(self) -> bool:
        return self.state != self.State.DRAFT

    @property
    def responses_are_public(self) -> bool:
        """The rule of ``Response.objects.public()``, for one version already in memory."""
        published = self.responses_published_at
        return published is not None and published <= timezone.now()

    @property
    def is_open_for_comments(self) -> bool:
        if self.state != self.State.CONSULTATION:
            return False
        now = timezone.now()
        if self.comments_open_at and now < self.comments_open_at:
            return False
        return not (self.comments_close_at and now >= self.comments_close_at)


class Section(models.Model):
    version = models.ForeignKey(
        Version, on_delete=models.CASCADE, related_name="sections", verbose_name=VERSION
    )
    order = models.PositiveIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=300)
    # The text's own numbering of the heading ("4.1"), kept apart from the title so that
    # pages never number it a second time; empty for headings without a number.
    number = models.CharField(_("number in the text"), max_length=20, blank=True)
    level = models.PositiveSmallIntegerField(
        _("level"),
        default=1,
        choices=[(1, _("chapter")), (2, _("sub-section")), (3, _("sub-sub-section"))],
        help_text=_("Chapters are shown as h2, sub-sections under them as h3 and h4."),
    )
    key = models.CharField(_("stable key"), max_length=40, default=new_key)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="unique_section_key"),
        ]

    def __str__(self) -> str:
        return self.heading

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.title = " ".join(self.title.split())
        self.number = self.number.strip()
        super().save(*args, **kwargs)

    @property
    def heading(self) -> str:
        """The heading as the text has it: "4.1 Verkehr", or the title alone."""
        return f"{self.number} {self.title}" if self.number else self.title

    @property
    def heading_tag(self) -> str:
        """h2 for chapters, h3 and h4 for their sub-sections (the page owns the h1)."""
        return f"h{min(max(self.level, 1), 3) + 1}"

    @property
    def anchor(self) -> str:
        return f"k-{self.key}"


class ParagraphQuerySet(models.QuerySet["Paragraph"]):
    def with_counts(self, viewer: Any = None) -> ParagraphQuerySet:
        """``comment_count``: the comments a thread lists for this viewer (the public ones
        and the viewer's own pending ones), one subquery per paragraph.

        A subquery on the comments' index rather than a join: the join carried every
        paragraph's text through sorting and grouping all comments (4 ms for 2,000 comments
        on PostgreSQL; 40 counts on the index take under 2 ms).
        """
        listed = (
            Comment.objects.filter(paragraph=OuterRef("pk"))
            .listed_for(viewer)
            .order_by()
            .values("paragraph")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.annotate(
            comment_count=Coalesce(Subquery(listed, output_field=models.IntegerField()), 0)
        )


class Paragraph(RendersMarkdown):
    version = models.ForeignKey(
        Version, on_delete=models.CASCADE, related_name="paragraphs", verbose_name=VERSION
    )
    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="paragraphs", verbose_name=_("section")
    )
    order = models.PositiveIntegerField(_("order"))
    key = models.CharField(
        _("stable key"),
        max_length=40,
        default=new_key,
        help_text=_("Stays the same in later versions, so that comments can be traced."),
    )
    text = MarkdownxField(_("text (Markdown)"))
    text_html = models.TextField(editable=False, default="")
    # What a paragraph is called on pages, in exports and mails (see ``label``): the
    # section's own number and the position in it ("4.1-2"), or the order ("14").
    number = models.CharField(_("paragraph number"), max_length=40, blank=True, editable=False)

    objects = ParagraphQuerySet.as_manager()

    rendered_fields = {"text": "text_html"}

    class Meta:
        verbose_name = _("paragraph")
        verbose_name_plural = _("paragraphs")
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="unique_paragraph_key"),
        ]

    def __str__(self) -> str:
        return self.label

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.text = normalise_paragraph_text(self.text)
        super().save(*args, **kwargs)

    @property
    def label(self) -> str:
        """ "Abs. 4.1-2" or "Abs. 14": never "§", which the texts use for their legal references."""
        return pgettext("paragraph label", "Para. %(number)s") % {
            "number": self.number or self.order
        }

    def get_absolute_url(self) -> str:
        return reverse(
            "guidelines:paragraph",
            kwargs={"slug": self.version.document.slug, "pk": self.version_id, "key": self.key},
        )

    @property
    def anchor(self) -> str:
        return f"p-{self.key}"


class HideReason(models.TextChoices):
    """The moderation reasons of the terms of use (anchors #h-grund-1 … #h-grund-6)."""

    INSULT = "1", _("Insults or degrading remarks")
    DISCRIMINATION = "2", _("Discrimination")
    PERSONAL_DATA = "3", _("Personal data of others")
    SPAM = "4", _("Advertising or spam")
    OFF_TOPIC = "5", _("Off topic")
    UNLAWFUL = "6", _("Unlawful content")


def needing_response(prefix: str = "") -> Q:
    """The comments that need a response (``prefix`` for a lookup through a relation):
    not withdrawn and not hidden as spam, so that 100 % answered is reachable without
    answering spam. :attr:`Comment.needs_response` is the same rule for one comment."""
    return Q(**{f"{prefix}withdrawn_at__isnull": True}) & ~Q(
        **{f"{prefix}state": "hidden", f"{prefix}hidden_reason": HideReason.SPAM}
    )


class CommentQuerySet(models.QuerySet["Comment"]):
    def listed_for(self, viewer: Any = None) -> CommentQuerySet:
        """Comments shown in a thread: all but pending ones, except the viewer's own."""
        listed = Q(state__in=Comment.PUBLICLY_LISTED)
        if getattr(viewer, "is_authenticated", False):
            listed |= Q(state=Comment.State.PENDING, author=viewer)
        return self.filter(listed)

    def for_thread(self, viewer: Any = None) -> CommentQuerySet:
        qs = self.listed_for(viewer).select_related("author")
        if getattr(viewer, "is_authenticated", False):
            # EXISTS subqueries: joining supports and reports would multiply the rows.
            qs = qs.annotate(
                supported_by_viewer=Exists(
                    Support.objects.filter(comment=OuterRef("pk"), user=viewer)
                ),
                reported_by_viewer=Exists(
                    Report.objects.filter(comment=OuterRef("pk"), reporter=viewer)
                ),
            )
        return qs


class Comment(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Awaiting moderation")
        PUBLISHED = "published", _("Published")
        HELD = "held", _("Held after reports")
        HIDDEN = "hidden", _("Hidden by moderation")

    # Listed in threads (hidden and held ones as a notice, without their text).
    PUBLICLY_LISTED = (State.PUBLISHED, State.HELD, State.HIDDEN)

    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("author"),
    )
    text = models.TextField(_("comment"))
    state = models.CharField(
        _("moderation state"), max_length=20, choices=State.choices, default=State.PUBLISHED
    )
    hidden_reason = models.CharField(
        _("public reason for hiding"), max_length=2, choices=HideReason.choices, blank=True
    )
    moderator_note = models.TextField(_("private moderator note"), blank=True)
    support_count = models.PositiveIntegerField(_("supports"), default=0, editable=False)
    report_count = models.PositiveIntegerField(_("reports"), default=0, editable=False)
    created_at = models.DateTimeField(_("written"), default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    # The one-use token of the form the comment was sent with: a repeated send (a double
    # click, a retry on a flaky connection) finds this comment instead of storing another.
    submission = models.UUIDField(null=True, blank=True, editable=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["paragraph", "state", "created_at"]),
            models.Index(fields=["state", "created_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "submission"],
                condition=models.Q(submission__isnull=False),
                name="one_comment_per_submission",
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]

    def get_absolute_url(self) -> str:
        return f"{self.paragraph.get_absolute_url()}#c-{self.pk}"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def needs_response(self) -> bool:
        """See :func:`needing_response`."""
        spam = self.state == self.State.HIDDEN and self.hidden_reason == HideReason.SPAM
        return not self.is_withdrawn and not spam

    @property
    def shows_text(self) -> bool:
        """Whether the public sees the words (not for withdrawn, hidden or held comments)."""
        return not self.is_withdrawn and self.state in {self.State.PUBLISHED, self.State.PENDING}

    def editable_until(self) -> datetime:
        return self.created_at + timedelta(minutes=settings.COMMENT_EDIT_WINDOW_MINUTES)

    def can_be_edited_by(self, user: object) -> bool:
        return (
            getattr(user, "pk", None) is not None
            and self.author_id == getattr(user, "pk", None)
            and not self.is_withdrawn
            and self.state in {self.State.PUBLISHED, self.State.PENDING}
            and timezone.now() < self.editable_until()
        )


class Support(models.Model):
    """A resident's "Zustimmung" to a comment; one per person and comment."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="supports"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="one_support_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.comment_id}"


class Report(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="reports",
        verbose_name=_("reported by"),
    )
    reason = models.CharField(_("reason"), max_length=2, choices=HideReason.choices)
    details = models.TextField(_("details"), blank=True, max_length=1000)
    created_at = models.DateTimeField(_("reported"), auto_now_add=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="one_report_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} ({timezone.localtime(self.created_at):%d.%m.%Y %H:%M})"


class ModerationAction(models.Model):
    """The log of every moderation decision: who, when, what."""

    class Action(models.TextChoices):
        APPROVE = "approve", _("approved")
        HIDE = "hide", _("hidden")
        RESTORE = "restore", _("restored")
        HOLD = "hold", _("held automatically after reports")
        NOTE = "note", _("note changed")
        DISMISS = "dismiss", _("reports dismissed")

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="moderation_log")
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderator"),
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    reason = models.CharField(_("reason"), max_length=2, choices=HideReason.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("moderation action")
        verbose_name_plural = _("moderation log")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({timezone.localtime(self.created_at):%d.%m.%Y %H:%M})"


class Disposition(models.TextChoices):
    """How the city used a comment (the Rückmeldung's verdict)."""

    ADOPTED = "adopted", _("adopted")
    PARTLY = "partly", _("partly adopted")
    REJECTED = "rejected", _("not adopted")
    NOTED = "noted", _("noted")
    ANSWERED = "answered", _("answered")


class ResponseQuerySet(models.QuerySet["Response"]):
    def public(self) -> ResponseQuerySet:
        """Responses the public may read: the commented version has been published."""
        return self.filter(comment__paragraph__version__responses_published_at__lte=timezone.now())


class Response(RendersMarkdown):
    """The city's answer to one comment ("Rückmeldung"): a disposition and its reasoning."""

    comment = models.OneToOneField(
        Comment, on_delete=models.CASCADE, related_name="response", verbose_name=_("comment")
    )
    disposition = models.CharField(_("disposition"), max_length=20, choices=Disposition.choices)
    reasoning = MarkdownxField(_("public reasoning (Markdown)"), blank=True)
    reasoning_html = models.TextField(editable=False, default="")
    answered_by = models.CharField(
        _("answered by"),
        max_length=200,
        help_text=_("An office, e.g. “Stadtverwaltung, Referat Bürgerbeteiligung”."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by (internal)"),
    )
    answered_on = models.DateField(_("date"), default=timezone.localdate)
    result_paragraphs = models.ManyToManyField(
        Paragraph,
        blank=True,
        related_name="source_responses",
        verbose_name=_("led to these paragraphs"),
        help_text=_("Paragraphs of a later version of the same document."),
    )
    updated_at = models.DateTimeField(auto_now=True)
    # Counts the saves: staff forms carry the revision they were based on, so that a save
    # made meanwhile by someone else is shown to them instead of being overwritten.
    revision = models.PositiveIntegerField(default=1, editable=False)
    # The revision the commenter was last mailed about (0: none yet), so that a correction
    # after publication is announced as a change.
    notified_revision = models.PositiveIntegerField(default=0, editable=False)

    objects = ResponseQuerySet.as_manager()

    rendered_fields = {"reasoning": "reasoning_html"}

    class Meta:
        verbose_name = _("response (Rückmeldung)")
        verbose_name_plural = _("responses (Rückmeldungen)")
        indexes = [models.Index(fields=["disposition"])]

    def __str__(self) -> str:
        return f"{self.get_disposition_display()}: {self.comment}"


class Objection(models.Model):
    """A resident's objection to a moderation decision on their comment (DSA Art. 20).

    One per decision: it puts the comment back into the moderation queue until a person
    on staff answers it; the answer is mailed to the resident.
    """

    class State(models.TextChoices):
        OPEN = "open", _("open")
        ANSWERED = "answered", _("answered")

    class Outcome(models.TextChoices):
        UPHELD = "upheld", _("decision upheld")
        REVERSED = "reversed", _("decision reversed, comment published again")

    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="objections", verbose_name=_("comment")
    )
    decision = models.OneToOneField(
        ModerationAction,
        on_delete=models.CASCADE,
        related_name="objection",
        verbose_name=_("decision objected to"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="objections",
        verbose_name=_("author"),
    )
    text = models.TextField(_("objection"))
    created_at = models.DateTimeField(_("received"), default=timezone.now)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.OPEN)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    answer = models.TextField(_("answer to the resident"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_state_display()}: {self.comment}"
