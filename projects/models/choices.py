"""Choices and partial dates of the Vorhabenliste (English codes; German labels come from
the translations)."""

from __future__ import annotations

from datetime import date, datetime

from django.db import models
from django.utils import formats
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    IDEA = "idea", _("Idea")
    PLANNING = "planning", _("In planning")
    DECIDED = "decided", _("Decided")
    IMPLEMENTATION = "implementation", _("In implementation")
    COMPLETED = "completed", _("Completed")
    DEFERRED = "deferred", _("Deferred")


class Precision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")


class ParticipationPlanned(models.TextChoices):
    PLANNED = "planned", _("Planned")
    NOT_PLANNED = "not_planned", _("Not planned")
    LEGALLY_REQUIRED = "legally_required", _("Legally required")


class ParticipationKind(models.TextChoices):
    FORMAL = "formal", _("Formal")
    INFORMAL = "informal", _("Informal")
    BOTH = "both", _("Formal and informal")


class ParticipationLevel(models.TextChoices):
    INFORMATION = "information", _("Information")
    CONSULTATION = "consultation", _("Consultation")
    COLLABORATION = "collaboration", _("Collaboration")
    CODECISION = "codecision", _("Co-decision")


class ChangeGroup(models.TextChoices):
    """The kinds of change that need a public reason and are announced to followers."""

    STATUS = "status", _("status")
    SCHEDULE = "schedule", _("schedule")
    COST = "cost", _("cost")
    PARTICIPATION = "participation", _("participation")


def format_partial_date(value: date | None, precision: str) -> str:
    """A date shown as precisely as it is known: "14.05.2026", "Mai 2026" or "2026"."""
    if value is None:
        return ""
    if precision == Precision.YEAR:
        return str(value.year)
    if precision == Precision.MONTH:
        return formats.date_format(value, "F Y")
    return formats.date_format(value, "SHORT_DATE_FORMAT")


_PARTIAL_DATE_FORMATS = (
    ("%Y-%m-%d", Precision.DAY),
    ("%d.%m.%Y", Precision.DAY),
    ("%Y-%m", Precision.MONTH),
    ("%m/%Y", Precision.MONTH),
    ("%m.%Y", Precision.MONTH),
    ("%Y", Precision.YEAR),
)


def parse_partial_date(text: str) -> tuple[date | None, str]:
    """Read "2026-05-14", "14.05.2026", "2026-05", "05/2026" or "2026" with its precision.

    Empty text is no date; anything else raises ``ValueError``.
    """
    text = text.strip()
    if not text:
        return None, Precision.MONTH
    for pattern, precision in _PARTIAL_DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date(), precision
        except ValueError:
            continue
    raise ValueError(text)
