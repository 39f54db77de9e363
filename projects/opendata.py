"""The Vorhabenliste as open data: CSV, JSON and GeoJSON, streamed.

Guarantees:

- only published entries, under the stable field names of ``projects.records.FIELDS``
  (documented in docs/open-data.md, validated by docs/open-data/vorhabenliste.schema.json);
- a constant number of queries whatever the number of entries: one query per related
  table (topics, districts, milestones, decisions) read up front into small maps of
  names and dates, and one query for the entries themselves, read through a cursor in
  chunks of :data:`CHUNK_SIZE` rows (``iterator``), so memory holds one chunk of entries;
- CSV goes through ``participation.spreadsheets`` (semicolons, every field quoted, every
  free text neutralised against formulas; codes, dates and numbers cannot start one);
  JSON and GeoJSON are UTF-8 (RFC 8259), GeoJSON is RFC 7946 (``[longitude, latitude]``,
  only entries with a location).
"""

from __future__ import annotations

import io
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from participation.notifications import absolute_url
from participation.spreadsheets import csv_writer, neutralise
from projects.models import CouncilDecision, Edition, Milestone, Project
from projects.records import FIELDS

CHUNK_SIZE = 2000
TEXT_CHUNK_CHARS = 64 * 1024
DEFAULT_LICENCE = "dl-de/by-2-0"
_SLUG_PLACEHOLDER = "slug-placeholder"
_LIST_FIELDS = ("topics", "districts")
_RELATED_COLUMNS = {"department": "department__name", "first_edition": "first_edition__number"}
# (open-data name, database column) of everything read from the entry's own row.
_COLUMNS = tuple(
    (name, _RELATED_COLUMNS.get(name, name))
    for name in FIELDS
    if name not in (*_LIST_FIELDS, "url")
)
_NAMES = tuple(name for name, _ in _COLUMNS)
_DATES = ("start", "end", "added_on")
_DECIMALS = ("estimated_cost", "latitude", "longitude")
# Values from fixed lists of codes (TextChoices): lower-case letters and underscores only.
_CODES = (
    "status", "start_precision", "end_precision", "participation_planned",
    "participation_kind", "participation_level",
)  # fmt: skip


def licence() -> str:
    return str(getattr(settings, "PROJECTS_OPEN_DATA_LICENCE", "") or DEFAULT_LICENCE)


@dataclass
class Related:
    """Names and dated rows of every public entry, keyed by the entry's id."""

    topics: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    districts: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    milestones: dict[int, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    decisions: dict[int, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))


def _public(extra: Q) -> Any:
    return Q(project__published=True) & extra


def read_related(*, located_only: bool, with_details: bool) -> Related:
    """One query per related table, for all public entries (or those with a location)."""
    only = Q(project__latitude__isnull=False, project__longitude__isnull=False)
    condition = _public(only if located_only else Q())
    related = Related()
    for name, through, target in (
        ("topics", Project.topics.through, "topic"),
        ("districts", Project.districts.through, "district"),
    ):
        rows = (
            through.objects.filter(condition)
            .order_by(f"{target}__position", f"{target}__name")
            .values_list("project_id", f"{target}__name")
        )
        names = getattr(related, name)
        for project_id, value in rows:
            names[project_id].append(value)
    if with_details:
        for project_id, day, title, done in (
            Milestone.objects.filter(condition)
            .order_by("date", "pk")
            .values_list("project_id", "date", "title", "done")
        ):
            related.milestones[project_id].append(
                {"date": day.isoformat(), "title": title, "done": done}
            )
        for project_id, body, day, reference, url, summary in (
            CouncilDecision.objects.filter(condition)
            .order_by("date", "pk")
            .values_list("project_id", "body", "date", "reference", "url", "summary")
        ):
            related.decisions[project_id].append(
                {
                    "body": body,
                    "date": day.isoformat(),
                    "reference": reference,
                    "url": url,
                    "summary": summary,
                }
            )
    return related


def records(*, located_only: bool = False, with_details: bool = True) -> Iterator[dict[str, Any]]:
    """Every public entry as a dict under the open-data names, in title order.

    Values are JSON values: ISO dates, numbers for decimals, lists of names.
    """
    related = read_related(located_only=located_only, with_details=with_details)
    url_pattern = absolute_url(
        reverse("projects:project_detail", kwargs={"slug": _SLUG_PLACEHOLDER})
    )
    entries = Project.objects.public()
    if located_only:
        entries = entries.filter(latitude__isnull=False, longitude__isnull=False)
    rows = entries.order_by("title", "pk").values_list("pk", *(column for _, column in _COLUMNS))
    template: dict[str, Any] = dict.fromkeys(FIELDS)  # the documented order of the keys
    for pk, *values in rows.iterator(chunk_size=CHUNK_SIZE):
        record = template.copy()
        record.update(zip(_NAMES, values, strict=True))
        for name in _DATES:
            day = record[name]
            record[name] = day.isoformat() if day is not None else None
        for name in _DECIMALS:
            number = record[name]
            record[name] = float(number) if number is not None else None
        record["updated_at"] = record["updated_at"].isoformat(timespec="seconds")
        record["topics"] = related.topics.get(pk, [])
        record["districts"] = related.districts.get(pk, [])
        record["url"] = url_pattern.replace(_SLUG_PLACEHOLDER, record["slug"])
        if with_details:
            record["milestones"] = related.milestones.get(pk, [])
            record["decisions"] = related.decisions.get(pk, [])
        yield record


def _in_blocks(parts: Iterable[str]) -> Iterator[bytes]:
    """Join small strings into blocks of about :data:`TEXT_CHUNK_CHARS` characters."""
    buffer: list[str] = []
    size = 0
    for part in parts:
        buffer.append(part)
        size += len(part)
        if size >= TEXT_CHUNK_CHARS:
            yield "".join(buffer).encode()
            buffer, size = [], 0
    if buffer:
        yield "".join(buffer).encode()


def _text_cell(value: str | None) -> str:
    return neutralise(value) if value else ""


def _list_cell(value: list[str]) -> str:
    return neutralise("; ".join(value)) if value else ""


def _plain_cell(value: Any) -> str:
    """Dates, numbers and codes: none can hold a formula start (codes are lower-case
    letters and underscores from fixed lists), so they need no neutralising."""
    return "" if value is None else str(value)


def _csv_converter(name: str) -> Callable[[Any], str]:
    if name in _LIST_FIELDS:
        return _list_cell
    if name == "involve_board":
        return lambda value: "true" if value else "false"
    if name in (*_DATES, *_DECIMALS, *_CODES, "updated_at"):
        return _plain_cell
    return _text_cell


def csv_chunks() -> Iterator[bytes]:
    """The list as CSV: a header row of the field names, then one row per entry."""
    converters = [(name, _csv_converter(name)) for name in FIELDS]

    def blocks() -> Iterator[bytes]:
        buffer = io.StringIO()
        writer = csv_writer(buffer)
        writer.writerow(FIELDS)
        for record in records(with_details=False):
            writer.writerow([convert(record[name]) for name, convert in converters])
            if buffer.tell() >= TEXT_CHUNK_CHARS:
                yield buffer.getvalue().encode()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue().encode()

    # A byte-order mark, so that spreadsheet programs read the file as UTF-8.
    yield "\ufeff".encode()
    yield from blocks()


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _header(source: str) -> dict[str, Any]:
    edition = Edition.objects.current()
    return {
        "name": "Vorhabenliste",
        "city": settings.CITY_NAME,
        "licence": licence(),
        "source": source,
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "edition": (
            {
                "number": edition.number,
                "published_on": edition.published_on.isoformat() if edition.published_on else None,
            }
            if edition
            else None
        ),
    }


def _wrapped(opening: dict[str, Any], key: str, items: Iterable[Any]) -> Iterator[bytes]:
    """``opening`` as a JSON object whose ``key`` holds ``items``, written item by item."""

    def parts() -> Iterator[str]:
        head = _dump(opening)
        yield head[:-1] + ("," if opening else "") + f'"{key}":['
        for index, item in enumerate(items):
            yield ("," if index else "") + _dump(item)
        yield "]}\n"

    return _in_blocks(parts())


def json_chunks(source: str) -> Iterator[bytes]:
    """The list as one JSON document: licence, source, edition and the entries."""
    return _wrapped(_header(source), "projects", records())


def geojson_chunks(source: str) -> Iterator[bytes]:
    """Entries with a location as an RFC 7946 FeatureCollection (foreign members on top)."""

    def features() -> Iterator[dict[str, Any]]:
        for record in records(located_only=True):
            yield {
                "type": "Feature",
                "id": record["slug"],
                "geometry": {
                    "type": "Point",
                    "coordinates": [record["longitude"], record["latitude"]],
                },
                "properties": record,
            }

    opening = {"type": "FeatureCollection", **_header(source)}
    return _wrapped(opening, "features", features())
