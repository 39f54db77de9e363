"""The Beteiligungsbeirat: boards, seats, members and terms, calls and the lottery
(meetings, agendas, attachments and minutes are in ``participation.models.meetings``).

Every model carries ``created`` and ``modified`` so that an OParl endpoint can offer
``modified_since`` later. What the public may see is decided by QuerySet methods
(``Meeting.objects.public()``, ``Minutes.objects.published()``,
``Membership.objects.published()``); names of members appear only with their consent.
Writes with side effects (publishing, cancelling, the lottery) live in
``participation.board.services``; ``save()`` only computes derived fields.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from markdownx.models import MarkdownxField

from participation.markdown import RendersMarkdown


class TimeStamped(models.Model):
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True, db_index=True)

    class Meta:
        abstract = True


class Board(RendersMarkdown, TimeStamped):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    purpose = MarkdownxField(_("purpose (Markdown)"), blank=True)
    purpose_html = models.TextField(editable=False, default="")
    rules_of_procedure = MarkdownxField(_("rules of procedure (Markdown)"), blank=True)
    rules_of_procedure_html = models.TextField(editable=False, default="")

    rendered_fields = {"purpose": "purpose_html", "rules_of_procedure": "rules_of_procedure_html"}

    class Meta:
        verbose_name = _("advisory board")
        verbose_name_plural = _("advisory boards")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("participation:board_detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        # The board pages' fixed addresses come before /beirat/<slug>/ (board/urls.py).
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {
                    "slug": _("“%(slug)s” is part of the board's addresses; choose another.")
                    % {"slug": self.slug}
                }
            )


RESERVED_SLUGS = {"sitzungen", "protokolle", "losverfahren", "bewerbung"}


class BoardTerm(TimeStamped):
    """A term of office of the whole board (OParl: LegislativeTerm), e.g. "2025–2027"."""

    board = models.ForeignKey(
        Board, on_delete=models.CASCADE, related_name="terms", verbose_name=_("advisory board")
    )
    name = models.CharField(_("name"), max_length=100)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))

    class Meta:
        verbose_name = _("term of the board")
        verbose_name_plural = _("terms of the board")
        ordering = ["board", "-start"]

    def __str__(self) -> str:
        return f"{self.board} {self.name}"

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The term cannot end before it starts.")})


class SeatType(models.TextChoices):
    RESIDENT = "resident", _("Resident (drawn by lot)")
    FACTION = "faction", _("Council faction")
    ADMINISTRATION = "administration", _("Administration")
    COORDINATION = "coordination", _("Coordination office")
    DELEGATE = "delegate", _("Delegate of another board")
    EX_OFFICIO = "ex_officio", _("Ex officio")


class Seat(TimeStamped):
    board = models.ForeignKey(
        Board, on_delete=models.CASCADE, related_name="seats", verbose_name=_("advisory board")
    )
    seat_type = models.CharField(_("seat type"), max_length=20, choices=SeatType.choices)
    label = models.CharField(
        _("label"), max_length=200, blank=True, help_text=_('e.g. "Seniorenbeirat"')
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        ordering = ["board", "order", "pk"]

    def __str__(self) -> str:
        kind = self.get_seat_type_display()
        return f"{kind}: {self.label}" if self.label else f"{kind} {self.order}"


class MembershipQuerySet(models.QuerySet["Membership"]):
    def current(self, on: datetime.date | None = None) -> MembershipQuerySet:
        day = on or timezone.localdate()
        return self.filter(Q(end__isnull=True) | Q(end__gte=day), start__lte=day)

    def published(self) -> MembershipQuerySet:
        """Only members who consented to the publication of their name."""
        return self.filter(consent_to_publish=True)

    def for_public(self) -> MembershipQuerySet:
        """All members, for public pages: ``public_name`` is the name only with consent,
        otherwise empty, and ``name`` itself is not loaded (reading it costs a query)."""
        return self.defer("name", "user").annotate(
            public_name=models.Case(
                models.When(consent_to_publish=True, then="name"),
                default=models.Value(""),
                output_field=models.CharField(),
            )
        )

    def ending_within(self, days: int = 60) -> MembershipQuerySet:
        today = timezone.localdate()
        return self.filter(end__gte=today, end__lte=today + datetime.timedelta(days=days))

    def holders(self) -> MembershipQuerySet:
        return self.exclude(role=Membership.Role.DEPUTY)

    def deputies(self) -> MembershipQuerySet:
        return self.filter(role=Membership.Role.DEPUTY)


class Membership(TimeStamped):
    """A person on a seat for a period, as its holder or its deputy.

    Members need no platform account (``user`` is optional). Their name is public only
    with ``consent_to_publish``; otherwise pages show the seat without a name.
    """

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        DEPUTY_CHAIR = "deputy_chair", _("Deputy chair")
        MEMBER = "member", _("Member")
        DEPUTY = "deputy", _("Deputy (substitute for the seat)")

    class EndReason(models.TextChoices):
        TERM_END = "term_end", _("Term ended")
        RESIGNED = "resigned", _("Resigned")
        MOVED_AWAY = "moved_away", _("Moved away")
        REPLACED = "replaced", _("Replaced by the sending body")
        OTHER = "other", _("Other reason")

    seat = models.ForeignKey(
        Seat, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("seat")
    )
    name = models.CharField(_("name"), max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="board_memberships",
        verbose_name=_("platform account (optional)"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    voting_right = models.BooleanField(_("voting right"), default=True)
    start = models.DateField(_("member since"))
    end = models.DateField(_("member until"), null=True, blank=True)
    end_reason = models.CharField(
        _("reason for ending"), max_length=20, choices=EndReason.choices, blank=True
    )
    consent_to_publish = models.BooleanField(
        _("consents to publication of the name"), default=False
    )
    consent_date = models.DateField(_("consent given on"), null=True, blank=True)
    drawn_from = models.ForeignKey(
        "LotteryRun",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("drawn in lottery"),
    )
    application_number = models.PositiveIntegerField(_("application number"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["seat", "role", "-start"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()}, {self.seat})"

    @property
    def is_deputy(self) -> bool:
        return self.role == self.Role.DEPUTY

    def ends_soon(self, days: int = 60) -> bool:
        today = timezone.localdate()
        return self.end is not None and today <= self.end <= today + datetime.timedelta(days=days)

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The membership cannot end before it starts.")})
        if self.consent_to_publish and not self.consent_date:
            raise ValidationError(
                {"consent_date": _("Enter the date on which the member gave consent.")}
            )
        if self.start is None or self.seat_id is None:
            return
        others = Membership.objects.filter(seat_id=self.seat_id).exclude(pk=self.pk)
        same_kind = others.deputies() if self.is_deputy else others.holders()
        overlapping = same_kind.filter(Q(end__isnull=True) | Q(end__gte=self.start))
        if self.end is not None:
            overlapping = overlapping.filter(start__lte=self.end)
        clash = overlapping.first()
        if clash is not None:
            message = (
                _("This seat already has a deputy in this period: %(name)s (%(start)s–%(end)s).")
                if self.is_deputy
                else _(
                    "This seat already has a holder in this period: %(name)s (%(start)s–%(end)s)."
                )
            )
            raise ValidationError(
                message % {"name": clash.name, "start": clash.start, "end": clash.end or "…"},
                code="overlap",
            )
        if self.is_deputy and not _covered(self.start, self.end, others.holders()):
            raise ValidationError(
                _("A deputy needs a holder on the same seat for the whole period."),
                code="deputy_without_holder",
            )


def _covered(start: datetime.date, end: datetime.date | None, holders: MembershipQuerySet) -> bool:
    """Whether the holders' terms together cover ``start``…``end`` without a gap."""
    reached = start
    for holder_start, holder_end in holders.order_by("start").values_list("start", "end"):
        if holder_start > reached:
            return False
        if holder_end is None:
            return True
        if holder_end >= reached:
            reached = holder_end + datetime.timedelta(days=1)
        if end is not None and reached > end:
            return True
    return False


class Call(RendersMarkdown, TimeStamped):
    """A call for applications for the seats drawn by lot."""

    board = models.ForeignKey(
        Board, on_delete=models.CASCADE, related_name="calls", verbose_name=_("advisory board")
    )
    term = models.ForeignKey(
        BoardTerm,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="calls",
        verbose_name=_("term"),
    )
    title = models.CharField(_("title"), max_length=200)
    text = MarkdownxField(_("text (Markdown)"), blank=True)
    text_html = models.TextField(editable=False, default="")
    opens_at = models.DateTimeField(_("applications open"))
    closes_at = models.DateTimeField(_("applications close"))
    minimum_age = models.PositiveSmallIntegerField(_("minimum age"), default=14)
    residence_required = models.BooleanField(_("residence in the city required"), default=True)
    seats = models.PositiveSmallIntegerField(_("seats to fill"), default=8)
    personal_data_deleted_at = models.DateTimeField(
        _("personal data deleted"), null=True, blank=True, editable=False
    )

    rendered_fields = {"text": "text_html"}

    class Meta:
        verbose_name = _("call for applications")
        verbose_name_plural = _("calls for applications")
        ordering = ["-opens_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("participation:board_call", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.opens_at <= timezone.now() < self.closes_at

    def clean(self) -> None:
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The call must close after it opens.")})


class Pool(models.Model):
    """A separate draw within a call, e.g. for gender parity."""

    call = models.ForeignKey(
        Call,
        on_delete=models.CASCADE,
        related_name="pools",
        verbose_name=_("call for applications"),
    )
    name = models.CharField(_("name"), max_length=100)
    seats = models.PositiveSmallIntegerField(_("seats"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("pool")
        verbose_name_plural = _("pools")
        ordering = ["call", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["call", "name"], name="one_pool_name_per_call")
        ]

    def __str__(self) -> str:
        return self.name


class Application(models.Model):
    """An application for a seat drawn by lot: the least data needed, deleted after the
    retention period (``BOARD_APPLICATION_RETENTION_DAYS``). The public sees only numbers."""

    class State(models.TextChoices):
        RECEIVED = "received", _("received")
        DRAWN = "drawn", _("drawn")
        SUCCESSOR = "successor", _("on the successor list")
        APPOINTED = "appointed", _("appointed as successor")
        WITHDRAWN = "withdrawn", _("withdrawn")

    call = models.ForeignKey(
        Call,
        on_delete=models.CASCADE,
        related_name="applications",
        verbose_name=_("call for applications"),
    )
    pool = models.ForeignKey(
        Pool,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("pool"),
    )
    number = models.PositiveIntegerField(_("application number"))
    name = models.CharField(_("name"), max_length=200)
    contact = models.CharField(_("email or phone for the result"), max_length=200)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    age_confirmed = models.BooleanField(_("confirms the minimum age"), default=False)
    residence_confirmed = models.BooleanField(_("confirms residence"), default=False)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.RECEIVED
    )
    rank = models.PositiveIntegerField(_("rank in the draw"), null=True, blank=True)
    created = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["call", "number"]
        constraints = [
            models.UniqueConstraint(fields=["call", "number"], name="one_application_number")
        ]

    def __str__(self) -> str:
        return f"{self.call} #{self.number}"


class LotteryRun(TimeStamped):
    """One draw of a call. ``result`` maps each pool's name to its application numbers
    in drawn order (the first ``seats`` are drawn, the rest are successors). Only a
    confirmed run counts; its protocol is public and holds numbers, never names."""

    call = models.ForeignKey(
        Call,
        on_delete=models.CASCADE,
        related_name="lottery_runs",
        verbose_name=_("call for applications"),
    )
    seed = models.CharField(_("seed"), max_length=500)
    algorithm_version = models.CharField(_("algorithm version"), max_length=40)
    run_at = models.DateTimeField(_("run at"), default=timezone.now)
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("run by"),
    )
    pools = models.JSONField(_("pools and seats"), default=dict)
    result = models.JSONField(_("result"), default=dict)
    confirmed = models.BooleanField(_("confirmed"), default=False)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("lottery run")
        verbose_name_plural = _("lottery runs")
        ordering = ["-run_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["call"], condition=Q(confirmed=True), name="one_confirmed_lottery_per_call"
            )
        ]

    def __str__(self) -> str:
        return f"{self.call} ({timezone.localtime(self.run_at):%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("participation:board_lottery", kwargs={"pk": self.pk})

    def drawn(self) -> dict[str, list[int]]:
        return {name: numbers[: self.pools.get(name, 0)] for name, numbers in self.result.items()}

    def successors(self) -> dict[str, list[int]]:
        return {name: numbers[self.pools.get(name, 0) :] for name, numbers in self.result.items()}
