"""The OParl 1.1 endpoint: read-only JSON for any client, the same for everyone.

Guarantees:
- Only what ``participation.oparl.visibility`` allows is served; anything else answers
  404 exactly like an unknown id, so a non-public object's existence does not leak.
- Every answer is JSON with ``Access-Control-Allow-Origin: *`` and a public
  ``Cache-Control``; it does not depend on the session or the reader's language
  (rendered under ``LANGUAGE_CODE``). ``ETag`` on every answer, ``Last-Modified`` on
  single objects; revalidation answers 304.
- Lists are the specification's external lists: ``data``, ``pagination``, ``links``,
  filters ``created_since|until``, ``modified_since|until``, ``omit_internal``, ``page``
  and ``limit`` (≤ 100). With ``modified_since``, removed objects follow as tombstones.
  A page costs at most five queries whatever its size.
- Bad parameters answer 400 and unknown addresses 404, both with a JSON body.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import math
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db.models import Count, Max, Min, QuerySet, Window
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt

from participation.models import Board, OParlTombstone
from participation.oparl import loaders, serializers, visibility
from participation.oparl.serializers import Json

DEFAULT_LIMIT = 50
MAX_LIMIT = 100
MAX_PAGE = 1_000_000
FILTERS = ("created_since", "created_until", "modified_since", "modified_until")
SINCE_EPOCH = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


class BadRequest(Exception):
    pass


def _json(data: Json, *, status: int = 200) -> HttpResponse:
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode(),
        status=status,
        content_type="application/json; charset=utf-8",
    )
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=300" if status == 200 else "no-cache"
    return response


def error(status: int, message: str) -> HttpResponse:
    return _json({"error": {"status": status, "message": message}}, status=status)


def _answer(request: HttpRequest, data: Json, last_modified: datetime.datetime | None) -> Any:
    response = _json(data)
    etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    response["ETag"] = etag
    stamp = None
    if last_modified is not None:
        stamp = int(last_modified.timestamp())
        response["Last-Modified"] = http_date(stamp)
    conditional = get_conditional_response(
        request, etag=etag, last_modified=stamp, response=response
    )
    if conditional is None or conditional is response:
        return response
    conditional["Access-Control-Allow-Origin"] = "*"
    return conditional


def endpoint(view: Callable[..., Any]) -> Callable[..., HttpResponseBase]:
    """Read-only, CORS, JSON errors, one language for every reader."""

    @csrf_exempt
    def wrapped(request: HttpRequest, **kwargs: Any) -> HttpResponseBase:
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
            response["Access-Control-Max-Age"] = "86400"
            return response
        if request.method not in ("GET", "HEAD"):
            response = error(405, gettext("This endpoint is read-only."))
            response["Allow"] = "GET, HEAD, OPTIONS"
            return response
        with translation.override(settings.LANGUAGE_CODE):
            try:
                result: HttpResponseBase = view(request, **kwargs)
            except BadRequest as problem:
                result = error(400, str(problem))
        return result

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


# --- parameters -------------------------------------------------------------------------


def _moment(request: HttpRequest, name: str) -> datetime.datetime | None:
    raw = request.GET.get(name)
    if raw is None:
        return None
    try:
        moment = parse_datetime(raw.strip().replace(" ", "+"))
    except ValueError:
        moment = None
    if moment is None:
        raise BadRequest(
            gettext("%(name)s must be a date-time in ISO 8601, e.g. 2026-01-31T18:00:00+01:00.")
            % {"name": name}
        )
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _number(request: HttpRequest, name: str, default: int, highest: int) -> int:
    raw = request.GET.get(name)
    if raw is None:
        return default
    if not raw.isascii() or not raw.isdigit() or len(raw) > 9 or not 1 <= int(raw) <= highest:
        raise BadRequest(
            gettext("%(name)s must be a whole number from 1 to %(highest)s.")
            % {"name": name, "highest": highest}
        )
    return int(raw)


def _flag(request: HttpRequest, name: str) -> bool:
    raw = request.GET.get(name, "false").lower()
    if raw not in ("true", "false"):
        raise BadRequest(gettext("%(name)s must be true or false.") % {"name": name})
    return raw == "true"


# --- lists --------------------------------------------------------------------------------


def _page(queryset: QuerySet[Any], start: int, stop: int) -> tuple[list[Any], int]:
    """Rows ``start:stop`` and the total count, in one query unless the page is empty."""
    if stop <= start:
        return [], queryset.count()
    rows = list(queryset.annotate(oparl_total=Window(Count("pk")))[start:stop])
    if rows:
        return rows, rows[0].oparl_total
    return [], (queryset.count() if start else 0)


def _filtered(queryset: QuerySet[Any], moments: dict[str, datetime.datetime | None]) -> Any:
    if moments["created_since"]:
        queryset = queryset.filter(created__gte=moments["created_since"])
    if moments["created_until"]:
        queryset = queryset.filter(created__lte=moments["created_until"])
    if moments["modified_since"]:
        queryset = queryset.filter(oparl_modified__gte=moments["modified_since"])
    if moments["modified_until"]:
        queryset = queryset.filter(oparl_modified__lte=moments["modified_until"])
    return queryset


def _list(
    request: HttpRequest,
    path: str,
    kind: loaders.Kind,
    queryset: QuerySet[Any],
    *,
    tombstones: bool = True,
) -> Any:
    moments = {name: _moment(request, name) for name in FILTERS}
    omit_internal = _flag(request, "omit_internal")
    limit = _number(request, "limit", DEFAULT_LIMIT, MAX_LIMIT)
    page = _number(request, "page", 1, MAX_PAGE)
    objects = _filtered(queryset, moments)
    since = moments["modified_since"]
    start = (page - 1) * limit
    rows, total = _page(objects.order_by("pk"), start, start + limit)
    data = kind.load(rows, omit_internal)
    if since is not None and tombstones:
        # Removed objects follow the existing ones, for clients that sync.
        # A tombstone of an object that is public again is skipped (tombstones.py).
        graves = (
            OParlTombstone.objects.filter(object_type=kind.oparl_type, deleted_at__gte=since)
            .exclude(object_pk__in=kind.queryset().values("pk"))
            .order_by("pk")
        )
        if moments["modified_until"]:
            graves = graves.filter(deleted_at__lte=moments["modified_until"])
        grave_start = max(0, start - total)
        grave_rows, grave_total = _page(graves, grave_start, grave_start + limit - len(rows))
        data += [serializers.tombstone(row) for row in grave_rows]
        total += grave_total
    pages = max(1, math.ceil(total / limit))

    def link(number: int) -> str:
        query = request.GET.copy()
        query["page"] = str(number)
        return serializers.url(path) + "?" + query.urlencode()

    links = {"first": link(1), "last": link(pages)}
    if page > 1:
        links["prev"] = link(min(page - 1, pages))
    if page < pages:
        links["next"] = link(page + 1)
    body = {
        "data": data,
        "pagination": {
            "totalElements": total,
            "elementsPerPage": limit,
            "currentPage": page,
            "totalPages": pages,
        },
        "links": links,
    }
    return _answer(request, body, None)


@endpoint
def body_list(request: HttpRequest, list_name: str, body: int) -> Any:
    if body != serializers.BODY_ID:
        return error(404, gettext("There is no such body."))
    if list_name == "paper":  # the board has no papers (Drucksachen): always empty
        kind = loaders.KINDS["file"]
        return _list(request, f"body/{body}/paper", kind, kind.queryset().none(), tombstones=False)
    found = loaders.KINDS.get(list_name)
    if found is None:
        return error(404, gettext("There is no such list."))
    return _list(request, f"body/{body}/{list_name}", found, found.queryset())


@endpoint
def organization_meetings(request: HttpRequest, pk: int) -> Any:
    if not visibility.boards().filter(pk=pk).exists():
        return error(404, gettext("There is no such organization."))
    kind = loaders.KINDS["meeting"]
    return _list(
        request,
        f"organization/{pk}/meeting",
        kind,
        kind.queryset().filter(board=pk),
        tombstones=False,
    )


# --- single objects ------------------------------------------------------------------------


def _stamps() -> tuple[datetime.datetime, datetime.datetime]:
    found = Board.objects.aggregate(first=Min("created"), last=Max("modified"))
    return found["first"] or SINCE_EPOCH, found["last"] or SINCE_EPOCH


def _last_modified(data: Json) -> datetime.datetime:
    return datetime.datetime.fromisoformat(data["modified"])


@endpoint
def system(request: HttpRequest) -> Any:
    created, modified = _stamps()
    data = serializers.system(created=created, modified=modified)
    return _answer(request, data, modified)


def _body(created: datetime.datetime, modified: datetime.datetime) -> Json:
    terms = visibility.terms().order_by("pk")
    return serializers.body(terms=terms, created=created, modified=modified)


@endpoint
def bodies(request: HttpRequest) -> Any:
    created, modified = _stamps()
    data = _body(created, modified)
    page = {
        "data": [data],
        "pagination": {"totalElements": 1, "elementsPerPage": 1, "currentPage": 1, "totalPages": 1},
        "links": {"first": serializers.url("body"), "last": serializers.url("body")},
    }
    return _answer(request, page, None)


@endpoint
def body(request: HttpRequest, body: int) -> Any:
    if body != serializers.BODY_ID:
        return error(404, gettext("There is no such body."))
    created, modified = _stamps()
    return _answer(request, _body(created, modified), modified)


@endpoint
def detail(request: HttpRequest, kind_name: str, pk: int) -> Any:
    kind = loaders.KINDS[kind_name]
    row = kind.queryset().filter(pk=pk).first()
    if row is None:
        grave = OParlTombstone.objects.filter(object_type=kind.oparl_type, object_pk=pk).first()
        if grave is None:
            return error(404, gettext("There is no such object."))
        data = serializers.tombstone(grave)
    else:
        data = kind.load([row], False)[0]
    return _answer(request, data, _last_modified(data))


@endpoint
def location(request: HttpRequest, pk: int) -> Any:
    meeting = visibility.meetings().filter(pk=pk).exclude(place="").first()
    if meeting is None:
        return error(404, gettext("There is no such location."))
    data = serializers.location(meeting)
    return _answer(request, data, _last_modified(data))


@endpoint
def not_found(request: HttpRequest, rest: str = "") -> Any:
    return error(404, gettext("There is no such address in this OParl endpoint."))
