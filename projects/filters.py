"""The public list's filters, search and sorting, read from the GET parameters.

The filter state lives in the URL only (shareable, the back button works). Guarantees:

- an unknown filter value (a district slug that does not exist, a status that is not one)
  is ignored and named in ``ListQuery.ignored``, so the page can say so — never a 500;
- a NUL byte in any parameter, or a search term longer than :data:`SEARCH_MAX_LENGTH`,
  raises :class:`BadListQuery` with a message for the person (the view answers 400);
- the catalogue (districts, topics, departments) is read in one query, and the list
  itself needs a fixed number of queries whatever the number of entries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, CharField, Exists, F, IntegerField, OuterRef, Q, Value, When
from django.http import QueryDict
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from projects.models import (
    Department,
    District,
    Edition,
    ParticipationLevel,
    ParticipationPlanned,
    Status,
    Topic,
)
from projects.models.project import ProjectQuerySet

SEARCH_MAX_LENGTH = 200
PARAMETER_MAX_LENGTH = 1000
PER_PAGE = 25
VIEWS = ("table", "cards")

SORTS = {
    "title": gettext_lazy("Title (A–Z)"),
    "updated": gettext_lazy("Last updated"),
    "start": gettext_lazy("Start"),
    "status": gettext_lazy("Status"),
}
RELEVANCE = "relevance"
STATUS_ORDER = [
    Status.IDEA,
    Status.PLANNING,
    Status.DECIDED,
    Status.IMPLEMENTATION,
    Status.COMPLETED,
    Status.DEFERRED,
]
FILTER_NAMES = ("district", "topic", "status", "department", "participation", "level", "new")


class BadListQuery(ValueError):
    """A parameter the list refuses (NUL byte, over-long search); the message says why."""


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass
class Catalogue:
    """Districts, topics and departments as (slug, name) choices, read in one query."""

    districts: list[Choice] = field(default_factory=list)
    topics: list[Choice] = field(default_factory=list)
    departments: list[Choice] = field(default_factory=list)


def read_catalogue() -> Catalogue:
    """The three small catalogue tables in one UNION query, each in its own order."""
    columns = ("kind", "position", "name", "slug")
    parts = [
        model.objects.annotate(
            kind=Value(kind, output_field=CharField()),
            sort_position=F("position")
            if hasattr(model, "position")
            else Value(0, output_field=IntegerField()),
        )
        .order_by()
        .values_list("kind", "sort_position", "name", "slug")
        for kind, model in (("district", District), ("topic", Topic), ("department", Department))
    ]
    catalogue = Catalogue()
    rows = parts[0].union(parts[1], parts[2], all=True).order_by("kind", "sort_position", "name")
    for row in rows:
        record = dict(zip(columns, row, strict=True))
        getattr(catalogue, f"{record['kind']}s").append(Choice(record["slug"], record["name"]))
    return catalogue


@dataclass
class ListQuery:
    """What the reader asked for: filters, search, sort, view and page."""

    district: str = ""
    topic: str = ""
    status: str = ""
    department: str = ""
    participation: str = ""
    level: str = ""
    new: bool = False
    q: str = ""
    sort: str = ""
    view: str = "table"
    page: str = "1"
    ignored: list[str] = field(default_factory=list)

    @property
    def active_sort(self) -> str:
        return self.sort or (RELEVANCE if self.q else "title")

    @property
    def is_filtered(self) -> bool:
        return bool(self.q) or any(getattr(self, name) for name in FILTER_NAMES)

    def params(self, **changes: Any) -> dict[str, str]:
        """The non-default parameters of this query, with ``changes`` applied."""
        values: dict[str, Any] = {
            "q": self.q,
            **{name: getattr(self, name) for name in FILTER_NAMES},
            "sort": self.sort,
            "view": "" if self.view == "table" else self.view,
            "page": "" if self.page == "1" else self.page,
        }
        values.update(changes)
        return {
            key: "1" if value is True else str(value)
            for key, value in values.items()
            if value not in ("", None, False)
        }

    def url(self, **changes: Any) -> str:
        """The query string (with a leading ``?``) of this query with ``changes`` applied."""
        params = self.params(**changes)
        return "?" + urlencode(params) if params else "?"

    def page_url(self, number: int) -> str:
        return self.url(page=number)

    def view_url(self, view: str) -> str:
        return self.url(view="" if view == "table" else view, page="")


def _single(params: QueryDict, name: str) -> str:
    value = params.get(name, "")
    if "\x00" in value:
        raise BadListQuery(_("The address contains a character that is not allowed (NUL)."))
    if len(value) > PARAMETER_MAX_LENGTH:
        raise BadListQuery(_("The address is too long."))
    return value.strip()


def parse(params: QueryDict, catalogue: Catalogue) -> ListQuery:
    """Read the GET parameters; unknown values are dropped and listed in ``ignored``."""
    for key in params:
        if "\x00" in key:
            raise BadListQuery(_("The address contains a character that is not allowed (NUL)."))
    query = ListQuery()
    q = _single(params, "q")
    if len(q) > SEARCH_MAX_LENGTH:
        raise BadListQuery(
            _("Please search with at most %(max)s characters; your search has %(length)s.")
            % {"max": SEARCH_MAX_LENGTH, "length": len(q)}
        )
    query.q = " ".join(q.split())
    known: dict[str, tuple[str, list[Choice]]] = {
        "district": (_("district"), catalogue.districts),
        "topic": (_("topic"), catalogue.topics),
        "department": (_("department"), catalogue.departments),
        "status": (_("status"), [Choice(v, str(lbl)) for v, lbl in Status.choices]),
        "participation": (
            _("participation"),
            [Choice(v, str(lbl)) for v, lbl in ParticipationPlanned.choices],
        ),
        "level": (
            _("level of participation"),
            [Choice(v, str(lbl)) for v, lbl in ParticipationLevel.choices],
        ),
    }
    for name, (label, choices) in known.items():
        value = _single(params, name)
        if not value:
            continue
        if value in {choice.value for choice in choices}:
            setattr(query, name, value)
        else:
            query.ignored.append(
                _("The %(filter)s “%(value)s” is unknown; this filter was ignored.")
                % {"filter": label, "value": value[:80]}
            )
    new = _single(params, "new")
    if new == "1":
        query.new = True
    elif new:
        query.ignored.append(_("The filter “new in this edition” only takes the value 1."))
    sort = _single(params, "sort")
    allowed_sorts = set(SORTS) | ({RELEVANCE} if query.q else set())
    if sort in allowed_sorts:
        query.sort = sort
    elif sort:
        query.ignored.append(_("The sort order “%(value)s” is unknown.") % {"value": sort[:80]})
    view = _single(params, "view")
    if view in VIEWS:
        query.view = view
    elif view:
        query.ignored.append(_("The view “%(value)s” is unknown.") % {"value": view[:80]})
    query.page = _single(params, "page") or "1"
    return query


def newer_edition_exists() -> Exists:
    """True when a published edition is newer than the entry's first edition: then the
    entry is not new in the current edition (same order as ``Edition.objects.current``)."""
    return Exists(
        Edition.objects.published().filter(
            Q(published_on__gt=OuterRef("first_edition__published_on"))
            | Q(
                published_on=OuterRef("first_edition__published_on"),
                pk__gt=OuterRef("first_edition_id"),
            )
        )
    )


def apply(projects: ProjectQuerySet, query: ListQuery, edition: Edition | None) -> ProjectQuerySet:
    """The public entries ``query`` selects, in its order, with what a list row shows."""
    projects = projects.public()
    if query.district:
        projects = projects.filter(districts__slug=query.district)
    if query.topic:
        projects = projects.filter(topics__slug=query.topic)
    if query.department:
        projects = projects.filter(department__slug=query.department)
    if query.status:
        projects = projects.filter(status=query.status)
    if query.participation:
        projects = projects.filter(participation_planned=query.participation)
    if query.level:
        projects = projects.filter(participation_level=query.level)
    if query.new:
        projects = projects.new_in(edition.pk) if edition else projects.none()
    if query.q:
        projects = projects.search(query.q)
    return projects.for_list().order_by(*_ordering(query.active_sort))


def _ordering(sort: str) -> list[Any]:
    if sort == RELEVANCE:
        return ["-search_rank", "title", "pk"]
    if sort == "updated":
        return ["-updated_at", "pk"]
    if sort == "start":
        return [F("start").asc(nulls_last=True), "title", "pk"]
    if sort == "status":
        position = Case(
            *(When(status=value, then=Value(index)) for index, value in enumerate(STATUS_ORDER)),
            output_field=IntegerField(),
        )
        return [position, "title", "pk"]
    return ["title", "pk"]
