"""An entry of the Vorhabenliste, its milestones, council decisions and public change log.

Reads go through :class:`ProjectQuerySet` (``public()``, filters, ``search()``, and
``for_list()``/``for_page()`` that fetch what a page shows in a fixed number of
queries). ``save()`` renders the Markdown fields and, on PostgreSQL, refreshes the
German full-text vector; writes with side effects live in ``projects.services``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models
from django.db.models import F, FloatField, Prefetch, Q, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from markdownx.models import MarkdownxField
from simple_history.models import HistoricalRecords

from participation.markdown import RendersMarkdown
from projects.models.catalogue import Department, District, Topic, validate_office_contact
from projects.models.choices import (
    ChangeGroup,
    ParticipationKind,
    ParticipationLevel,
    ParticipationPlanned,
    Precision,
    Status,
    format_partial_date,
)
from projects.models.editions import Edition

SEARCH_CONFIG = "german"
# Endings cut from search words on SQLite, so that "Schulen" still finds "Schule".
_ENDINGS = ("ungen", "en", "er", "es", "e", "n", "s")


def stem(word: str) -> str:
    """A crude German stem for the SQLite fallback (PostgreSQL uses its real stemmer)."""
    for ending in _ENDINGS:
        if len(word) - len(ending) >= 4 and word.endswith(ending):
            return word[: -len(ending)]
    return word


class ProjectQuerySet(models.QuerySet["Project"]):
    def public(self) -> ProjectQuerySet:
        return self.filter(published=True)

    def in_district(self, district: District | int) -> ProjectQuerySet:
        return self.filter(districts=district)

    def with_topic(self, topic: Topic | int) -> ProjectQuerySet:
        return self.filter(topics=topic)

    def new_in(self, edition: Edition | int) -> ProjectQuerySet:
        return self.filter(first_edition=edition)

    def search(self, query: str) -> ProjectQuerySet:
        """Entries matching every word of ``query``, annotated with ``search_rank``.

        PostgreSQL: German full-text search on the stored vector (GIN index), so word
        forms match ("Schulen" finds "Schule"). Elsewhere: every (crudely stemmed) word
        must occur in the title, description, goal or next steps.
        """
        query = query.replace("\x00", "").strip()
        if not query:
            return self.annotate(search_rank=Value(0.0, output_field=FloatField()))
        if connection.vendor == "postgresql":
            search = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
            return self.filter(search_vector=search).annotate(
                search_rank=SearchRank(F("search_vector"), search)
            )
        condition = Q()
        for word in query.lower().split():
            part = stem(word)
            condition &= (
                Q(title__icontains=part)
                | Q(summary__icontains=part)
                | Q(goal__icontains=part)
                | Q(next_steps__icontains=part)
            )
        return self.filter(condition).annotate(search_rank=Value(0.0, output_field=FloatField()))

    def for_list(self) -> ProjectQuerySet:
        """What a list row shows: department, first edition, topics and districts."""
        return self.select_related("department", "first_edition").prefetch_related(
            "topics", "districts"
        )

    def for_page(self) -> ProjectQuerySet:
        """What the entry page shows, in a fixed number of queries."""
        return self.for_list().prefetch_related(
            "milestones",
            "decisions",
            Prefetch("changes", queryset=ProjectChange.objects.order_by("-changed_on", "-pk")),
        )


# Fixed addresses under /vorhaben/ (projects/urls.py) that an entry's slug would shadow.
RESERVED_SLUGS = {"druck", "daten", "feed"}


class Project(RendersMarkdown):
    """One entry of the Vorhabenliste ("Vorhaben")."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("short name in the address"), max_length=100, unique=True)
    summary = MarkdownxField(_("short description (Markdown)"))
    summary_html = models.TextField(editable=False, default="")
    goal = MarkdownxField(_("goal (Markdown)"), blank=True)
    goal_html = models.TextField(editable=False, default="")
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics"), related_name="projects", blank=True
    )
    districts = models.ManyToManyField(
        District,
        verbose_name=_("districts"),
        related_name="projects",
        blank=True,
        help_text=_("Leave empty for entries that concern the whole city."),
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-90)), MaxValueValidator(Decimal(90))],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-180)), MaxValueValidator(Decimal(180))],
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="projects",
        verbose_name=_("responsible department"),
    )
    contact = models.TextField(
        _("contact"),
        blank=True,
        validators=[validate_office_contact],
        help_text=_(
            "An office or function and its mailbox or phone, never a private person's address."
        ),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.IDEA
    )
    start = models.DateField(_("start"), null=True, blank=True)
    start_precision = models.CharField(
        _("start known to the"), max_length=5, choices=Precision.choices, default=Precision.MONTH
    )
    end = models.DateField(_("end"), null=True, blank=True)
    end_precision = models.CharField(
        _("end known to the"), max_length=5, choices=Precision.choices, default=Precision.MONTH
    )
    next_steps = models.TextField(_("next steps"), blank=True)
    estimated_cost = models.DecimalField(
        _("estimated cost (euros)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    financing = models.TextField(_("financing"), blank=True)
    participation_planned = models.CharField(
        _("participation"),
        max_length=20,
        choices=ParticipationPlanned.choices,
        default=ParticipationPlanned.PLANNED,
    )
    participation_reason = models.TextField(
        _("reason why no participation is planned"),
        blank=True,
        help_text=_("Required when no participation is planned."),
    )
    participation_kind = models.CharField(
        _("formal or informal"), max_length=10, choices=ParticipationKind.choices, blank=True
    )
    participation_level = models.CharField(
        _("level of participation"), max_length=20, choices=ParticipationLevel.choices, blank=True
    )
    participation_format = models.TextField(
        _("format of participation"), blank=True, help_text=_("e.g. workshop, online survey")
    )
    involve_board = models.BooleanField(_("involve the Beteiligungsbeirat"), default=False)
    consultation_url = models.URLField(
        _("link to the consultation"),
        blank=True,
        help_text=_("Any address, e.g. of a guideline document on this site."),
    )
    first_edition = models.ForeignKey(
        Edition,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="new_projects",
        verbose_name=_("first listed in edition"),
    )
    added_on = models.DateField(_("added on"), default=timezone.localdate)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)
    published = models.BooleanField(
        _("published"), default=False, help_text=_("Drafts are visible to staff only.")
    )
    search_vector = SearchVectorField(null=True, editable=False)

    history = HistoricalRecords(excluded_fields=["summary_html", "goal_html", "search_vector"])

    objects = ProjectQuerySet.as_manager()

    rendered_fields = {"summary": "summary_html", "goal": "goal_html"}

    class Meta:
        verbose_name = _("Vorhaben")
        verbose_name_plural = _("Vorhaben")
        ordering = ["title"]
        indexes = [models.Index(fields=["published", "status"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:project_detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = _("“%(slug)s” is part of the list's addresses; choose another.") % {
                "slug": self.slug
            }
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = _("Give both latitude and longitude, or neither.")
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("The end cannot be before the start.")
        if (
            self.participation_planned == ParticipationPlanned.NOT_PLANNED
            and not self.participation_reason.strip()
        ):
            errors["participation_reason"] = _(
                "Please say why no participation is planned (this is shown publicly)."
            )
        if errors:
            raise ValidationError(errors)

    def save(self, *args: Any, **kwargs: Any) -> None:
        if connection.vendor == "postgresql":
            # Computed by the database in the same INSERT/UPDATE as the row itself.
            self.search_vector = self._search_vector()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "search_vector"}
        super().save(*args, **kwargs)
        self.search_vector = None

    def _search_vector(self) -> Any:
        return (
            SearchVector(Value(self.title), weight="A", config=SEARCH_CONFIG)
            + SearchVector(Value(self.summary), weight="B", config=SEARCH_CONFIG)
            + SearchVector(
                Value(f"{self.goal} {self.next_steps} {self.participation_format}"),
                weight="C",
                config=SEARCH_CONFIG,
            )
            + SearchVector(Value(self.department.name), weight="D", config=SEARCH_CONFIG)
        )

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def start_display(self) -> str:
        return format_partial_date(self.start, self.start_precision)

    @property
    def end_display(self) -> str:
        return format_partial_date(self.end, self.end_precision)

    def is_new_in(self, edition: Edition | None) -> bool:
        return edition is not None and self.first_edition_id == edition.pk


class Milestone(models.Model):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("Vorhaben")
    )
    date = models.DateField(_("date"))
    title = models.CharField(_("milestone"), max_length=200)
    done = models.BooleanField(_("reached"), default=False)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return self.title


class CouncilDecision(models.Model):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("Vorhaben")
    )
    body = models.CharField(
        _("body"), max_length=120, help_text=_("e.g. Gemeinderat, Bauausschuss")
    )
    date = models.DateField(_("date"))
    reference = models.CharField(_("Drucksache number"), max_length=60, blank=True)
    url = models.URLField(_("link"), blank=True)
    summary = models.TextField(_("what was decided"), blank=True)

    class Meta:
        verbose_name = _("council decision")
        verbose_name_plural = _("council decisions")
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.body} {self.date:%d.%m.%Y} {self.reference}".strip()


class ProjectChange(models.Model):
    """One line of an entry's public change log: what changed from → to, and why."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="changes", verbose_name=_("Vorhaben")
    )
    group = models.CharField(_("what changed"), max_length=20, choices=ChangeGroup.choices)
    old_value = models.TextField(_("before"), blank=True)
    new_value = models.TextField(_("after"), blank=True)
    reason = models.TextField(_("reason"))
    changed_on = models.DateField(_("date"), default=timezone.localdate)
    edition = models.ForeignKey(
        Edition,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="changes",
        verbose_name=_("edition"),
    )
    # Who made the change: for staff only, never shown publicly.
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("change log")
        ordering = ["-changed_on", "-pk"]
        indexes = [models.Index(fields=["-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_group_display()}: {self.old_value} → {self.new_value}"
