"""Meetings of the Beteiligungsbeirat with their agenda items, PDF attachments and minutes.

``Meeting.objects.public()`` and ``Minutes.objects.published()`` decide what the public
sees; drafts never appear. ``Meeting.sequence`` grows on every save, for iCalendar.
Every model carries ``created`` and ``modified`` (for OParl's ``modified_since``).
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from markdownx.models import MarkdownxField

from participation.markdown import RendersMarkdown
from participation.models.board import Board, TimeStamped


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def public(self) -> MeetingQuerySet:
        return self.filter(is_public=True)

    def upcoming(self) -> MeetingQuerySet:
        return self.filter(starts_at__gte=timezone.now()).order_by("starts_at")

    def past(self) -> MeetingQuerySet:
        return self.filter(starts_at__lt=timezone.now()).order_by("-starts_at")

    def in_year(self, year: int) -> MeetingQuerySet:
        return self.filter(starts_at__year=year)

    def next_for(self, board: Board) -> Meeting | None:
        """The board's next public meeting that takes place (cancelled ones do not)."""
        return (
            self.public().upcoming().filter(board=board).exclude(state=Meeting.State.CANCELLED)
        ).first()

    def with_minutes(self) -> MeetingQuerySet:
        """Annotates ``has_published_minutes`` without a query per meeting."""
        return self.annotate(
            has_published_minutes=models.Exists(
                Minutes.objects.published().filter(meeting=models.OuterRef("pk"))
            )
        )


class Meeting(TimeStamped):
    class State(models.TextChoices):
        PLANNED = "planned", _("planned")
        HELD = "held", _("held")
        CANCELLED = "cancelled", _("cancelled")
        POSTPONED = "postponed", _("postponed")

    board = models.ForeignKey(
        Board, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("advisory board")
    )
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    accessibility_note = models.TextField(_("accessibility of the place"), blank=True)
    is_public = models.BooleanField(_("public meeting"), default=True)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.PLANNED
    )
    state_reason = models.TextField(_("reason for cancelling or postponing"), blank=True)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(_("revision (iCalendar SEQUENCE)"), default=0)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["board", "number"], name="one_meeting_number")
        ]

    def __str__(self) -> str:
        return self.title or str(_("Meeting %(number)s") % {"number": self.number})

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Calendar clients only take an update when SEQUENCE grows.
        if self.pk is not None:
            self.sequence += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "sequence", "modified"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("participation:board_meeting", kwargs={"pk": self.pk})

    def clean(self) -> None:
        if self.starts_at is None:
            raise ValidationError({"starts_at": _("A meeting needs a date and time.")})
        if self.ends_at is not None and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The meeting must end after it starts.")})


class AgendaItem(RendersMarkdown, TimeStamped):
    """An item of a meeting's agenda. It may point to any object of another app
    (e.g. a guideline document); Vorhaben and Anregungen hold their link to the item."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("meeting")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    number = models.CharField(_("number"), max_length=20, blank=True, help_text=_('e.g. "3.1"'))
    title = models.CharField(_("title"), max_length=300)
    description = MarkdownxField(_("description (Markdown)"), blank=True)
    description_html = models.TextField(editable=False, default="")
    is_public = models.BooleanField(_("public item"), default=True)
    content_type = models.ForeignKey(
        ContentType,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        limit_choices_to=Q(app_label__in=["guidelines", "projects"]),
        verbose_name=_("linked kind of object"),
    )
    object_id = models.PositiveBigIntegerField(_("linked object id"), null=True, blank=True)
    linked = GenericForeignKey("content_type", "object_id")
    outcome = models.TextField(_("outcome or recommendation"), blank=True)
    votes_for = models.PositiveSmallIntegerField(_("votes for"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("votes against"), null=True, blank=True)
    abstentions = models.PositiveSmallIntegerField(_("abstentions"), null=True, blank=True)

    rendered_fields = {"description": "description_html"}

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()

    def clean(self) -> None:
        if (self.content_type_id is None) != (self.object_id is None):
            raise ValidationError(_("Choose both the kind of the linked object and its id."))


def attachment_path(instance: Attachment, filename: str) -> str:
    # The client's name is never used: a random name with the extension we checked.
    return f"beirat/{timezone.now():%Y}/{uuid.uuid4().hex}.pdf"


class AttachmentQuerySet(models.QuerySet["Attachment"]):
    def public(self) -> AttachmentQuerySet:
        """What the public may download: marked public, of a public meeting (and public
        agenda item), and not the PDF of minutes that are still a draft."""
        of_public_meeting = Q(meeting__is_public=True) | Q(
            agenda_item__is_public=True, agenda_item__meeting__is_public=True
        )
        draft_minutes = Minutes.objects.filter(pdf=OuterRef("pk"), state=Minutes.State.DRAFT)
        return self.filter(of_public_meeting, is_public=True).exclude(Exists(draft_minutes))


class Attachment(TimeStamped):
    """A PDF document of a meeting or of one agenda item (validated by content in
    ``participation.board.attachments``); served through /media/, which checks
    :meth:`AttachmentQuerySet.public` for every file under ``beirat/``."""

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("Invitation")
        DOCUMENT = "document", _("Document")
        MINUTES = "minutes", _("Minutes (PDF)")

    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("meeting"),
    )
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DOCUMENT)
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("PDF file"), upload_to=attachment_path, max_length=200)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0, editable=False)
    sha512 = models.CharField(_("SHA-512"), max_length=128, blank=True, editable=False)
    is_public = models.BooleanField(_("public"), default=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(meeting__isnull=False, agenda_item__isnull=True)
                | Q(meeting__isnull=True, agenda_item__isnull=False),
                name="attachment_of_meeting_or_item",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.file and not self.file._committed:
            digest = hashlib.sha512()
            self.file.seek(0)
            for chunk in self.file.chunks():
                digest.update(chunk)
            self.sha512 = digest.hexdigest()
            self.size = self.file.size or 0
            self.file.seek(0)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        from participation.board.attachments import validate_pdf

        if (self.meeting_id is None) == (self.agenda_item_id is None):
            raise ValidationError(_("Attach the document either to a meeting or to an item."))
        if self.file and not self.file._committed:
            try:
                validate_pdf(self.file)
            except ValidationError as error:
                raise ValidationError({"file": error.error_list}) from None


class MinutesQuerySet(models.QuerySet["Minutes"]):
    def published(self) -> MinutesQuerySet:
        return self.filter(state__in=[Minutes.State.PUBLISHED, Minutes.State.APPROVED])

    def latest_for(self, board: Board) -> Minutes | None:
        """The published minutes of the board's most recent public meeting that has some."""
        return (
            self.published()
            .filter(meeting__board=board, meeting__is_public=True)
            .select_related("meeting")
            .order_by("-meeting__starts_at")
        ).first()


class Minutes(RendersMarkdown, TimeStamped):
    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        APPROVED = "approved", _("approved")

    meeting = models.OneToOneField(
        Meeting, on_delete=models.CASCADE, related_name="minutes", verbose_name=_("meeting")
    )
    text = MarkdownxField(_("text (Markdown)"))
    text_html = models.TextField(editable=False, default="")
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("published by"),
    )
    approved_at_meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="approved_minutes",
        verbose_name=_("approved at meeting"),
    )
    pdf = models.ForeignKey(
        Attachment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("PDF version (optional)"),
    )

    rendered_fields = {"text": "text_html"}
    objects = MinutesQuerySet.as_manager()

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        ordering = ["-meeting__starts_at"]

    def __str__(self) -> str:
        return str(_("Minutes of %(meeting)s") % {"meeting": self.meeting})

    def get_absolute_url(self) -> str:
        return reverse("participation:board_minutes", kwargs={"pk": self.meeting_id})

    @property
    def is_published(self) -> bool:
        return self.state != self.State.DRAFT
