"""Numbered editions of the list ("2026/1") and the snapshot a frozen edition keeps.

The current edition is the newest one published on or before today. Freezing an
edition (``projects.services.freeze_edition``) writes one :class:`EditionEntry` per
public entry with the entry's public fields as they were, so the print version of
that edition stays as published whatever changes later.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

validate_edition_number = RegexValidator(
    r"^\d{4}/\d{1,2}$", _("Write the number as year/counter, e.g. 2026/1.")
)


class EditionQuerySet(models.QuerySet["Edition"]):
    def published(self) -> EditionQuerySet:
        return self.filter(published_on__isnull=False, published_on__lte=timezone.localdate())

    def current(self) -> Edition | None:
        """The newest published edition, or None before the first one."""
        return self.published().order_by("-published_on", "-pk").first()


class Edition(models.Model):
    number = models.CharField(
        _("number"),
        max_length=10,
        unique=True,
        validators=[validate_edition_number],
        help_text=_("e.g. 2026/1"),
    )
    published_on = models.DateField(
        _("published on"),
        null=True,
        blank=True,
        help_text=_("Empty while the edition is being prepared."),
    )
    note = models.TextField(_("note for readers"), blank=True)
    frozen_at = models.DateTimeField(_("frozen at"), null=True, blank=True, editable=False)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("frozen by"),
    )

    objects = EditionQuerySet.as_manager()

    class Meta:
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        ordering = ["-published_on", "-number"]

    def __str__(self) -> str:
        return str(_("Edition %(number)s") % {"number": self.number})

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None


class EditionEntry(models.Model):
    """One entry as it was published in a frozen edition (its print version)."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="entries")
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="edition_entries",
    )
    position = models.PositiveIntegerField()
    is_new = models.BooleanField(_("new in this edition"), default=False)
    data = models.JSONField(
        _("published fields"), help_text=_("The public fields as published in this edition.")
    )

    class Meta:
        verbose_name = _("entry of a frozen edition")
        verbose_name_plural = _("entries of a frozen edition")
        ordering = ["edition", "position"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "position"], name="one_entry_per_position")
        ]

    def __str__(self) -> str:
        return str(self.data.get("title", ""))
