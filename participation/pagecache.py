"""Rendered public pages, cached per language and invalidated exactly.

Guarantees:

- Only anonymous readers get cached pages: GET or HEAD requests without a session or
  messages cookie, whose query names only parameters the view declares. Anything else
  is rendered as before and leaves the cache alone (so ``?x=1``, ``?x=2``… cannot fill it).
- A page is stored only when it is a plain 200 HTML answer that sets no cookie and no
  ``Cache-Control`` of its own, and only under its canonical address (a view with query
  parameters names it with :func:`canonical`), so ``?page=99999`` is rendered, not stored.
  A view whose readers choose free combinations (search, filters) passes ``address``:
  it maps a request to the canonical address it is looked up under (so that
  ``?q=&district=mitte`` finds ``?district=mitte``) or to None for a query that is
  never cached; the set of addresses it returns must be bounded.
- Invalidation is by generation counters, never by timeouts: a page's key contains the
  current value of every generation it was built from (e.g. ``guidelines``,
  ``guidelines:<slug>``). Writers bump the generations they affect *after commit*
  (:func:`bump`), so the next request computes a new key and misses. The key is read
  before the view reads the database, so a page rendered from data older than a bump is
  stored under a key that is already out of date.
- Changes by time (a comment period opening at 09:00) are exact too: a view names the
  moments at which its page changes (:func:`changes_at`); the entry is stale from the
  first such moment at or after the request started.
- A generation that is missing (never set, or evicted) starts at the current time in
  nanoseconds, so it never comes back to a value an older page was stored under.
- The cache being down costs speed, not correctness: every generation then reads as a
  fresh value, every lookup misses and nothing is stored (``participation.cache``).
- CSRF tokens never leave one reader for another: a token in a stored page is replaced
  by a placeholder and each reader gets their own when the page is served; such a page
  is ``private`` for shared caches. Pages without one (every page without a form: the
  language switch is a GET form) are ``public, max-age=0, must-revalidate`` with an
  ``ETag``, answered with 304 on ``If-None-Match``.

With more than one process (gunicorn workers) the cache must be shared (Redis): bumps in
one process's local memory do not reach another. ``PAGE_CACHE = False`` turns it off.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.http.response import HttpResponseBase
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags
from django.utils.translation import get_language

GENERATION_PREFIX = "pagecache:gen:"
PAGE_PREFIX = "pagecache:page:"
# Entries are dropped after a day only to reclaim memory; correctness never depends on it.
ENTRY_TIMEOUT = 24 * 60 * 60
# Where a reader's CSRF token goes; a NUL byte cannot occur in a rendered page.
TOKEN_SLOT = "\x00csrf\x00"  # noqa: S105 - a placeholder, not a secret
TOKEN_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
PUBLIC = "public, max-age=0, must-revalidate"
PRIVATE = "private, max-age=0, must-revalidate"

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def enabled() -> bool:
    return bool(getattr(settings, "PAGE_CACHE", True))


# --- generations ---------------------------------------------------------------------------


def _fresh() -> int:
    return time.time_ns()


def bump(*names: str) -> None:
    """Invalidate every page built from these generations, once the transaction commits."""
    if names:
        transaction.on_commit(lambda: bump_now(names))


def bump_now(names: Iterable[str]) -> None:
    for name in names:
        key = GENERATION_PREFIX + name
        if cache.add(key, _fresh(), timeout=None):
            continue  # it was missing: a fresh value is already a new generation
        try:
            cache.incr(key)
        except ValueError:  # evicted between add and incr
            cache.set(key, _fresh(), timeout=None)


def current(names: Collection[str]) -> list[int]:
    keys = [GENERATION_PREFIX + name for name in names]
    found = cache.get_many(keys)
    values = []
    for key in keys:
        value = found.get(key)
        if value is None:
            value = _fresh()
            if not cache.add(key, value, timeout=None):
                value = cache.get(key, value)
        values.append(value)
    return values


# --- what a view tells the cache -----------------------------------------------------------


@dataclass
class _Rendering:
    started: datetime
    moments: list[datetime] = field(default_factory=list)
    canonical: str = ""


def _rendering(request: HttpRequest) -> _Rendering | None:
    return getattr(request, "_pagecache", None)


def changes_at(request: HttpRequest, *moments: datetime | None) -> None:
    """The page shown changes by itself at these moments (period opens, closes, …)."""
    rendering = _rendering(request)
    if rendering is not None:
        rendering.moments.extend(moment for moment in moments if moment is not None)


def next_midnight() -> datetime:
    """The next local midnight: when a page that shows what holds *today* changes."""
    tomorrow = timezone.localdate() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(tomorrow, datetime.min.time()))


def canonical(request: HttpRequest, url: str) -> None:
    """The address (path and query) under which this rendering may be stored."""
    rendering = _rendering(request)
    if rendering is not None:
        rendering.canonical = url


# --- the decorator -------------------------------------------------------------------------


def _eligible(request: HttpRequest, query: Collection[str]) -> bool:
    if not enabled() or request.method not in {"GET", "HEAD"}:
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    if getattr(settings, "MESSAGE_COOKIE_NAME", "messages") in request.COOKIES:
        return False
    return all(name in query for name in request.GET)


def _page_key(
    request: HttpRequest, path: str, names: Collection[str], generations: list[int]
) -> str:
    address = request.build_absolute_uri(path)  # host and scheme: pages may print absolute links
    digest = hashlib.sha256(address.encode()).hexdigest()[:32]
    versions = ".".join(f"{name}={value}" for name, value in zip(names, generations, strict=True))
    return f"{PAGE_PREFIX}{get_language()}:{digest}:{hashlib.sha256(versions.encode()).hexdigest()}"


def _entry_of(
    request: HttpRequest, path: str, response: HttpResponseBase, rendering: _Rendering
) -> Any:
    """What to store of ``response`` under ``path``; None when it must not be stored."""
    if (
        response.status_code != 200
        or not isinstance(response, HttpResponse)
        or response.cookies
        or response.has_header("Cache-Control")
        or not response.get("Content-Type", "").startswith("text/html")
    ):
        return None
    if request.GET and rendering.canonical != path:
        return None
    body, slots = TOKEN_INPUT.subn(rf"\g<1>{TOKEN_SLOT}\g<2>", response.content.decode())
    later = [moment for moment in rendering.moments if moment >= rendering.started]
    valid_until = min(later) if later else None
    if valid_until == rendering.started:
        # Rendered at the very moment of a change, it may show either side of it (views
        # test ``>=`` or ``>``): not stored.
        return None
    etag = hashlib.sha256(f"{body}{valid_until}".encode()).hexdigest()[:32]
    return {
        "body": body,
        "slots": bool(slots),
        "content_type": response["Content-Type"],
        "etag": etag,
        "valid_until": valid_until,
    }


def _etag(request: HttpRequest, entry: dict[str, Any]) -> str:
    if entry["slots"]:
        # The page carries this reader's CSRF token: another CSRF secret, another page.
        # CsrfViewMiddleware puts the secret from the cookie (or a new one) in META.
        secret = request.META.get("CSRF_COOKIE", "")
        return f'"{entry["etag"]}-{hashlib.sha256(secret.encode()).hexdigest()[:8]}"'
    return f'"{entry["etag"]}"'


def _with_headers(request: HttpRequest, response: HttpResponseBase, entry: dict[str, Any]) -> None:
    response["ETag"] = _etag(request, entry)
    response["Cache-Control"] = PRIVATE if entry["slots"] else PUBLIC
    patch_vary_headers(response, ("Accept-Language", "Cookie"))


def _served(request: HttpRequest, entry: dict[str, Any]) -> HttpResponseBase:
    if _etag(request, entry) in parse_etags(request.headers.get("If-None-Match", "")):
        response: HttpResponseBase = HttpResponseNotModified()
    else:
        body = entry["body"]
        if entry["slots"]:
            body = body.replace(TOKEN_SLOT, get_token(request))
        response = HttpResponse(body, content_type=entry["content_type"])
    _with_headers(request, response, entry)
    return response


def _valid(entry: Any) -> bool:
    if not isinstance(entry, dict):
        return False
    valid_until = entry["valid_until"]
    return valid_until is None or timezone.now() < valid_until


def public_page(
    generations: Callable[..., Collection[str]],
    *,
    query: Collection[str] = (),
    address: Callable[[HttpRequest], str | None] | None = None,
) -> Callable[[View], View]:
    """Serve the anonymous rendering of a view from the cache.

    ``generations`` gets the view's URL keyword arguments and names the generations the
    page is built from; ``query`` names the query parameters the view reads;
    ``address`` (optional) gives the canonical path and query a request is looked up
    and stored under, or None to render without the cache.
    """

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not _eligible(request, query):
                return view(request, *args, **kwargs)
            path = address(request) if address else request.get_full_path()
            if path is None:
                return view(request, *args, **kwargs)
            started = timezone.now()
            names = list(generations(**kwargs))
            key = _page_key(request, path, names, current(names))
            entry = cache.get(key)
            if _valid(entry):
                return _served(request, entry)
            rendering = _Rendering(started=started)
            request._pagecache = rendering  # type: ignore[attr-defined]
            response = view(request, *args, **kwargs)
            entry = _entry_of(request, path, response, rendering)
            if entry is None:
                return response
            timeout = ENTRY_TIMEOUT
            if entry["valid_until"] is not None:
                seconds = (entry["valid_until"] - started).total_seconds()
                timeout = max(1, min(timeout, int(seconds) + 1))
            cache.set(key, entry, timeout)
            if _etag(request, entry) in parse_etags(request.headers.get("If-None-Match", "")):
                response = HttpResponseNotModified()
            _with_headers(request, response, entry)
            return response

        return wrapper  # type: ignore[return-value]

    return decorate
