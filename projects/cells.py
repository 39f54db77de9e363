"""Reading spreadsheet cells for the import: text, choices, names, numbers, dates.

Every widget raises ``ValueError`` with a message for staff; django-import-export turns
it into an error of that row and column. Text loses NUL bytes (PostgreSQL refuses them).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import fields, widgets

from projects.models import (
    ParticipationKind,
    ParticipationLevel,
    ParticipationPlanned,
    Precision,
    Status,
    parse_partial_date,
)

LIST_SEPARATOR = ";"
TRUE_WORDS = {"1", "ja", "j", "yes", "y", "true", "wahr", "x"}
FALSE_WORDS = {"", "0", "nein", "n", "no", "false", "falsch"}
THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")
# The words German lists use (DOMAIN.md), accepted whatever the UI translation says.
GERMAN_WORDS = {
    "idee": Status.IDEA,
    "in planung": Status.PLANNING,
    "planung": Status.PLANNING,
    "beschluss": Status.DECIDED,
    "beschlossen": Status.DECIDED,
    "in umsetzung": Status.IMPLEMENTATION,
    "umsetzung": Status.IMPLEMENTATION,
    "abgeschlossen": Status.COMPLETED,
    "zurückgestellt": Status.DEFERRED,
    "geplant": ParticipationPlanned.PLANNED,
    "ja": ParticipationPlanned.PLANNED,
    "nicht geplant": ParticipationPlanned.NOT_PLANNED,
    "nein": ParticipationPlanned.NOT_PLANNED,
    "gesetzlich vorgeschrieben": ParticipationPlanned.LEGALLY_REQUIRED,
    "formell": ParticipationKind.FORMAL,
    "informell": ParticipationKind.INFORMAL,
    "formell und informell": ParticipationKind.BOTH,
    "information": ParticipationLevel.INFORMATION,
    "konsultation": ParticipationLevel.CONSULTATION,
    "mitwirkung": ParticipationLevel.COLLABORATION,
    "mitentscheidung": ParticipationLevel.CODECISION,
}


def as_text(value: Any) -> str:
    """A cell as text without NUL bytes (PostgreSQL refuses them)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\x00", "").strip()


class TextWidget(widgets.Widget):
    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        return as_text(value)


class ChoiceWidget(widgets.Widget):
    """A choice written as its code or its label in German or English."""

    def __init__(self, choices: type[models.TextChoices], *, blank: bool = False) -> None:
        super().__init__()
        self.choices = choices
        self.blank = blank
        self._names: dict[str, str] | None = None

    def names(self) -> dict[str, str]:
        """Every accepted spelling → code; built once per import (translating is slow)."""
        if self._names is None:
            self._names = {}
            for language in ("en", "de"):
                with translation.override(language):
                    for choice in self.choices:
                        self._names[str(choice.label).lower()] = str(choice.value)
            for word, choice in GERMAN_WORDS.items():
                if isinstance(choice, self.choices):
                    self._names[word] = str(choice.value)
            self._names.update({str(c.value): str(c.value) for c in self.choices})
        return self._names

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        text = as_text(value).lower()
        if not text and self.blank:
            return ""
        if text in self.names():
            return self.names()[text]
        allowed = ", ".join(choice.value for choice in self.choices)
        raise ValueError(
            _("“%(value)s” is not one of: %(allowed)s.")
            % {"value": as_text(value), "allowed": allowed}
        )


class NamedWidget(widgets.ForeignKeyWidget):
    """A related row by name (any case), short name or slug; unknown names are an error."""

    def __init__(self, model: type[models.Model], *, label: str, keys: tuple[str, ...]) -> None:
        super().__init__(model, field="pk")
        self.label = label
        self.keys = keys
        self.cache: dict[str, Any] | None = None

    def lookup(self, text: str) -> Any:
        if self.cache is None:
            self.cache = {}
            for obj in self.model.objects.all():
                for key in self.keys:
                    name = str(getattr(obj, key) or "").lower()
                    if name:
                        self.cache.setdefault(name, obj)
        found = self.cache.get(text.lower())
        if found is None:
            raise ValueError(
                _("Unknown %(label)s: “%(name)s”.") % {"label": self.label, "name": text}
            )
        return found

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
        text = as_text(value)
        return self.lookup(text) if text else None

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return str(getattr(value, self.keys[0])) if value is not None else ""


class NamesWidget(widgets.ManyToManyWidget):
    """Several related rows separated by ";" (or ","), each by name or slug."""

    def __init__(self, model: type[models.Model], *, label: str) -> None:
        super().__init__(model, separator=LIST_SEPARATOR)
        self.named = NamedWidget(model, label=label, keys=("name", "slug"))

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> list[Any]:
        parts = re.split(r"[;,]", as_text(value))
        return [self.named.lookup(part.strip()) for part in parts if part.strip()]

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return f"{LIST_SEPARATOR} ".join(o.name for o in value.all()) if value is not None else ""


def parse_decimal(text: str, *, grouping: bool) -> Decimal | None:
    """German or English number; with ``grouping`` "1.250" is one thousand two hundred fifty."""
    text = re.sub(r"[\s€]|EUR", "", text, flags=re.IGNORECASE)
    if not text:
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif grouping and THOUSANDS.match(text):
        text = text.replace(".", "")
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValueError(_("“%(value)s” is not a number.") % {"value": text}) from None


class NumberWidget(widgets.Widget):
    def __init__(self, *, grouping: bool) -> None:
        super().__init__()
        self.grouping = grouping

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Decimal | None:
        if isinstance(value, int | float | Decimal):
            return Decimal(str(value))
        return parse_decimal(as_text(value), grouping=self.grouping)

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return "" if value is None else str(value)


class YesNoWidget(widgets.Widget):
    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> bool:
        if isinstance(value, bool):
            return value
        text = as_text(value).lower()
        if text in TRUE_WORDS:
            return True
        if text in FALSE_WORDS:
            return False
        raise ValueError(_("Write “ja” or “nein” (got “%(value)s”).") % {"value": as_text(value)})

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return "ja" if value else "nein"


def read_date(value: Any) -> tuple[date | None, str]:
    if isinstance(value, datetime):
        return value.date(), Precision.DAY
    if isinstance(value, date):
        return value, Precision.DAY
    try:
        return parse_partial_date(as_text(value))
    except ValueError:
        raise ValueError(
            _("“%(value)s” is not a date (write e.g. 2026-05-14, 14.05.2026, 2026-05 or 2026).")
            % {"value": as_text(value)}
        ) from None


class DayWidget(widgets.Widget):
    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> date | None:
        return read_date(value)[0]

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return value.isoformat() if value else ""


class PartialDateField(fields.Field):
    """A date column that also sets its precision field (``start`` → ``start_precision``)."""

    def save(self, instance: Any, row: Any, is_m2m: bool = False, **kwargs: Any) -> None:
        value, precision = read_date(row[self.column_name])
        setattr(instance, self.attribute, value)
        setattr(instance, f"{self.attribute}_precision", precision)

    def export(self, instance: Any, **kwargs: Any) -> str:
        value = getattr(instance, self.attribute)
        if value is None:
            return ""
        precision = getattr(instance, f"{self.attribute}_precision")
        if precision == Precision.YEAR:
            return str(value.year)
        if precision == Precision.MONTH:
            return value.strftime("%Y-%m")
        return str(value.isoformat())
