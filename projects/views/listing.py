"""The list of entries (table or cards) and the print edition of the whole list.

The list reads its state from the URL only (``projects.filters``) and answers 400 with
a message for a NUL byte or an over-long search. Six queries whatever the number of
entries (catalogue, current edition, count, page, topics, districts), plus the session
and the user for a signed-in reader. A frozen edition prints from its snapshot
(``EditionEntry.data``), so its print version stays as published. With a tile server
configured, the list shows its located entries on a small map (``projects.views.maps``).

Anonymous readers get these pages from the page cache (``participation.pagecache``,
generations in ``projects.invalidation``). Of the list, only a bounded set of addresses
is cached (:func:`list_address`): no search, at most one filter, the first
:data:`CACHED_PAGES` pages — a search term is free text, and filter combinations
multiply. Everything else is rendered each time, as for signed-in readers.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from participation import pagecache
from projects import filters
from projects.invalidation import list_generations
from projects.models import (
    Edition,
    ParticipationLevel,
    ParticipationPlanned,
    Project,
    Status,
)
from projects.opendata import licence
from projects.records import project_record
from projects.views.maps import map_of

LIST_PARAMETERS = ("q", *filters.FILTER_NAMES, "sort", "view", "page")
DEFAULTS = {"view": "table", "page": "1"}
CACHED_PAGES = 3


def bad_request(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "projects/bad_request.html", {"message": message}, status=400)


def _address(path: str, params: dict[str, str]) -> str:
    return f"{path}?{urlencode(params)}" if params else path


def list_address(request: HttpRequest) -> str | None:
    """The address a list request is cached under, or None when it is not cached.

    Empty and default parameters are dropped and the rest put in the order of
    ``ListQuery.params``, so the filter form's ``?q=&district=mitte&topic=…`` finds the
    page of ``?district=mitte``. Whether a value exists is checked by the view: an
    unknown one is rendered with its notice and not stored (``pagecache.canonical``).
    """
    values = {name: request.GET.get(name, "").strip() for name in LIST_PARAMETERS}
    chosen = {
        name: value for name, value in values.items() if value not in ("", DEFAULTS.get(name))
    }
    if "q" in chosen or len(chosen.keys() & set(filters.FILTER_NAMES)) > 1:
        return None
    if chosen.get("page", "1") not in {str(number) for number in range(1, CACHED_PAGES + 1)}:
        return None
    return _address(request.path, chosen)


@require_safe
@pagecache.public_page(
    list_generations, query=LIST_PARAMETERS, address=list_address, signed_in=True
)
def project_list(request: HttpRequest) -> HttpResponse:
    catalogue = filters.read_catalogue()
    try:
        query = filters.parse(request.GET, catalogue)
    except filters.BadListQuery as exc:
        return bad_request(request, str(exc))
    edition = Edition.objects.current()
    projects = filters.apply(Project.objects.all(), query, edition)
    page = Paginator(projects, filters.PER_PAGE).get_page(query.page)
    entries = list(page.object_list)
    pagecache.canonical(
        request, _address(request.path, query.params(page="" if page.number == 1 else page.number))
    )
    # "New" is relative to the current edition, which changes on the day one is published.
    pagecache.changes_at(request, pagecache.next_midnight())
    return render(
        request,
        "projects/project_list.html",
        {
            "query": query,
            "catalogue": catalogue,
            "edition": edition,
            "page": page,
            "projects": entries,
            "map": map_of(entries),
            "choices": _choices(),
            "sorts": ([(filters.RELEVANCE, _("Relevance"))] if query.q else [])
            + list(filters.SORTS.items()),
            "licence": licence(),
            "view_urls": {view: query.view_url(view) for view in filters.VIEWS},
            "page_links": page_links(page, query),
        },
    )


def page_links(page: Page, query: filters.ListQuery) -> dict[str, Any]:
    """Links of the pagination: previous, next and the numbers around the current page."""
    paginator = page.paginator
    numbers = paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    return {
        "previous": query.page_url(page.previous_page_number()) if page.has_previous() else "",
        "next": query.page_url(page.next_page_number()) if page.has_next() else "",
        "numbers": [
            {"number": number, "url": query.page_url(number) if number != page.number else ""}
            if isinstance(number, int)
            else {"number": None, "url": ""}
            for number in numbers
        ],
    }


def _choices() -> dict[str, Any]:
    return {
        "status": Status.choices,
        "participation": ParticipationPlanned.choices,
        "level": ParticipationLevel.choices,
    }


@require_safe
@pagecache.public_page(list_generations, signed_in=True)
def project_print(request: HttpRequest) -> HttpResponse:
    """The whole current list, print-friendly, built like a frozen edition's snapshot."""
    edition = Edition.objects.current()
    projects = (
        Project.objects.public()
        .for_list()
        .prefetch_related("milestones", "decisions")
        .order_by("title", "pk")
    )
    rows = [
        {
            "position": position,
            "is_new": project.is_new_in(edition),
            "data": project_record(project),
        }
        for position, project in enumerate(projects, start=1)
    ]
    return _print(request, edition=edition, rows=rows, frozen=False)


@require_safe
@pagecache.public_page(list_generations, signed_in=True)
def edition_print(request: HttpRequest, year: int, counter: int) -> HttpResponse:
    """A published, frozen edition exactly as it was published."""
    edition = (
        Edition.objects.published()
        .filter(number=f"{year}/{counter}", frozen_at__isnull=False)
        .first()
    )
    if edition is None:
        raise Http404
    rows = [
        {"position": entry.position, "is_new": entry.is_new, "data": entry.data}
        for entry in edition.entries.order_by("position")
    ]
    return _print(request, edition=edition, rows=rows, frozen=True)


def edition_print_url(edition: Edition) -> str:
    year, counter = edition.number.split("/")
    return reverse("projects:edition_print", kwargs={"year": int(year), "counter": int(counter)})


def _print(
    request: HttpRequest, *, edition: Edition | None, rows: list[dict[str, Any]], frozen: bool
) -> HttpResponse:
    # It prints today's date, and which editions are published depends on the day.
    pagecache.changes_at(request, pagecache.next_midnight())
    return render(
        request,
        "projects/project_print.html",
        {
            "edition": edition,
            "rows": rows,
            "frozen": frozen,
            "printed_on": timezone.localdate(),
            "licence": licence(),
            "frozen_editions": [
                (frozen_edition, edition_print_url(frozen_edition))
                for frozen_edition in Edition.objects.published().filter(frozen_at__isnull=False)
            ],
        },
    )
