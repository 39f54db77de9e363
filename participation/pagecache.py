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
- A new release never serves the pages of the one before: every key contains a digest of
  the code, templates, translations and static files it renders with (:func:`release`),
  so a deploy starts with an empty cache for its own pages (the old ones expire).
- A generation that is missing (never set, or evicted) starts at the current time in
  nanoseconds, so it never comes back to a value an older page was stored under.
- The cache being down costs speed, not correctness: every generation then reads as a
  fresh value, every lookup misses and nothing is stored (``participation.cache``). A
  bump that could not reach the cache is not lost: the process remembers it and, once
  the cache answers again, bumps the ``epoch`` that every page is built from, so no page
  stored before the outage is served after it.
- Signed-in readers get the same stored page where a view allows it (``signed_in``): the
  parts of the page that differ per reader (the account links in the header, a follow
  button) are rendered by :func:`personal_part` — in every rendering from the same
  template and arguments — and marked in a stored rendering, so that a signed-in reader's
  copy is the stored page with those parts rendered for them. Parts that differ for few
  readers among many (a comment's controls: support state, own comment, report) are
  marked with :func:`personal_slots`; a *filler* gets all of a page's slots at once and
  returns new markup only for those that differ for this reader (one query for a whole
  thread). Everything else on such a page must be the same for every signed-in reader of
  its *variant* (e.g. "participant": may comment; the view renders it with
  :func:`variant`), except for those the rendering names with :func:`own_rendering_for`
  (e.g. authors whose comments await moderation); they, staff (drafts, internal exports),
  readers with messages waiting and readers of no variant always get a rendering of their
  own. On a miss, the page is rendered for an anonymous copy of the request and stored,
  so that a burst of signed-in readers fills the cache as well.
- CSRF tokens never leave one reader for another: a token in a stored page is replaced
  by a placeholder and each reader gets their own when the page is served; such a page
  is ``private`` for shared caches. One-use form tokens (``submission``, which make a
  comment sent twice one comment) are new in every page served. Pages without a token
  (every page without a form: the language switch is a GET form) are ``public,
  max-age=0, must-revalidate`` with an ``ETag``, answered with 304 on ``If-None-Match``.

With more than one process (gunicorn workers) the cache must be shared (Redis): bumps in
one process's local memory do not reach another. ``PAGE_CACHE = False`` turns it off.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import re
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage import default_storage
from django.contrib.sessions.backends.base import SessionBase
from django.core.cache import cache
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.http.response import HttpResponseBase
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags
from django.utils.module_loading import import_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from participation import cache as resilient

GENERATION_PREFIX = "pagecache:gen:"
PAGE_PREFIX = "pagecache:page:"
# Entries are dropped after a day only to reclaim memory; correctness never depends on it.
ENTRY_TIMEOUT = 24 * 60 * 60
# Where a reader's CSRF token goes; a NUL byte cannot occur in a rendered page.
TOKEN_SLOT = "\x00csrf\x00"  # noqa: S105 - a placeholder, not a secret
TOKEN_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
# One-use tokens of comment forms (guidelines: Comment.submission): new in every page served.
SUBMISSION_SLOT = "\x00submission\x00"
SUBMISSION_INPUT = re.compile(r'(name="submission" value=")[^"]*(")')
# A personal part in a rendering to be stored: "\x00part:<n>\x00<anonymous html>\x00/part\x00".
PART = re.compile(r"\x00part:(\d+)\x00(.*?)\x00/part\x00", re.DOTALL)
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


EPOCH = "epoch"  # every page is built from it; bumped after bumps were lost in an outage
_missed = False  # a bump of this process did not reach the cache


def bump_now(names: Iterable[str]) -> None:
    global _missed
    names = [*names, EPOCH] if _missed else list(names)
    for name in names:
        key = GENERATION_PREFIX + name
        if cache.add(key, _fresh(), timeout=None):
            continue  # it was missing: a fresh value is already a new generation
        try:
            cache.incr(key)
        except ValueError:  # evicted between add and incr
            cache.set(key, _fresh(), timeout=None)
    _missed = not resilient.reachable()


def current(names: Collection[str]) -> list[int]:
    if _missed and resilient.reachable():
        bump_now([])  # the epoch, for the bumps the outage swallowed
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
    parts: list[dict[str, Any]] = field(default_factory=list)
    own: set[int] = field(default_factory=set)
    variant: str = ""  # the signed-in readers this rendering is for ("": as anonymous ones)
    contexts: dict[str, Any] = field(default_factory=dict)  # per filler, for personal_slots


def _rendering(request: HttpRequest) -> _Rendering | None:
    return getattr(request, "_pagecache", None)


def changes_at(request: HttpRequest, *moments: datetime | None) -> None:
    """The page shown changes by itself at these moments (period opens, closes, …)."""
    rendering = _rendering(request)
    if rendering is not None:
        rendering.moments.extend(moment for moment in moments if moment is not None)


def own_rendering_for(request: HttpRequest, users: Callable[[], Iterable[int | None]]) -> None:
    """These signed-in readers (user ids) see the page differently: never the stored page.

    ``users`` is called only when the rendering is to be stored; whatever changes the set
    must bump one of the page's generations (it is stored with the page)."""
    rendering = _rendering(request)
    if rendering is not None:
        rendering.own.update(user for user in users() if user is not None)


def variant(request: HttpRequest) -> str:
    """The readers a rendering to be stored is made for: "" (anonymous, and signed-in
    readers of pages that show them nothing else) or the variant the view's ``signed_in``
    named (render the page as any reader of it would see it, without their own data)."""
    rendering = _rendering(request)
    return rendering.variant if rendering is not None else ""


def next_midnight() -> datetime:
    """The next local midnight: when a page that shows what holds *today* changes."""
    tomorrow = timezone.localdate() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(tomorrow, datetime.min.time()))


def canonical(request: HttpRequest, url: str) -> None:
    """The address (path and query) under which this rendering may be stored."""
    rendering = _rendering(request)
    if rendering is not None:
        rendering.canonical = url


# --- parts that differ per reader ---------------------------------------------------------


def personal_part(
    request: HttpRequest, template_name: str, arguments: dict[str, Any]
) -> SafeString:
    """``template_name`` rendered with ``arguments`` in the reader's request context.

    The arguments are model instances or plain values (str, int, bool, None): a stored page
    keeps them as a recipe (a model instance as its model and the values of its columns),
    from which a signed-in reader's part is rendered again without a query. The template
    sees only the arguments and the context processors' values (``request``, ``user``,
    ``csrf_token``, …), in every rendering alike.
    """
    html = render_to_string(template_name, arguments, request=request)
    rendering = _rendering(request)
    if rendering is None:
        return mark_safe(html)  # noqa: S308 - a rendered template
    recipe = {name: _recipe(value) for name, value in arguments.items()}
    rendering.parts.append({"template": template_name, "arguments": recipe})
    return mark_safe(f"\x00part:{len(rendering.parts) - 1}\x00{html}\x00/part\x00")  # noqa: S308


def _recipe(value: Any) -> tuple[str, Any]:
    if isinstance(value, models.Model):
        # Its own columns, not only its key: the part is rendered again without a query.
        # The page's generations cover the object, so these are the values it was built from.
        fields = {
            field.attname: getattr(value, field.attname) for field in value._meta.concrete_fields
        }
        return ("model", (value._meta.label, fields))
    if value is None or isinstance(value, str | int | bool):
        return ("value", value)
    raise TypeError(f"a personal part takes model instances and plain values, not {value!r}")


def _arguments(recipe: dict[str, tuple[str, Any]]) -> dict[str, Any]:
    """The arguments of a stored part, model instances made from their stored columns."""
    arguments = {}
    for name, (kind, value) in recipe.items():
        if kind == "model":
            label, fields = value
            instance = apps.get_model(label)(**fields)
            instance._state.adding = False
            arguments[name] = instance
        else:
            arguments[name] = value
    return arguments


Filler = Callable[[HttpRequest, Any, list[Any]], dict[Any, str]]


def personal_slots(request: HttpRequest, filler: str, context: Any) -> Callable[[Any, str], str]:
    """A function that marks parts of this rendering for ``filler`` (a dotted path).

    ``mark(key, html)`` returns ``html``, marked when the rendering is to be stored. When a
    signed-in reader gets the stored page, the filler is called once with the reader's
    request, ``context`` and the keys of all marked parts, and returns new markup for the
    keys whose part differs for that reader; every other part keeps the stored markup.
    ``context`` and the keys are stored with the page (plain values).
    """
    rendering = _rendering(request)
    if rendering is None:
        return _unmarked
    rendering.contexts[filler] = context
    parts = rendering.parts

    def mark(key: Any, html: str) -> str:
        parts.append({"filler": filler, "key": key})
        return f"\x00part:{len(parts) - 1}\x00{html}\x00/part\x00"

    return mark


def _unmarked(key: Any, html: str) -> str:
    return html


@functools.cache
def _filler(path: str) -> Filler:
    return import_string(path)  # type: ignore[no-any-return]


def _without_parts(response: HttpResponseBase) -> None:
    """A rendering that is not stored loses its part marks (pages that were not stored)."""
    if isinstance(response, HttpResponse) and b"\x00part:" in response.content:
        response.content = PART.sub(r"\2", response.content.decode())


# --- the decorator -------------------------------------------------------------------------


ANONYMOUS, SIGNED_IN = "anonymous", "signed in"


SignedIn = bool | Callable[[HttpRequest], str | None]


def _reader(
    request: HttpRequest, query: Collection[str], signed_in: SignedIn
) -> tuple[str, str] | None:
    """Which stored page this request may get: the anonymous one, one with personal parts
    (SIGNED_IN) of a variant, or None (a rendering of its own)."""
    if not enabled() or request.method not in {"GET", "HEAD"}:
        return None
    if getattr(settings, "MESSAGE_COOKIE_NAME", "messages") in request.COOKIES:
        return None
    if not all(name in query for name in request.GET):
        return None
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return ANONYMOUS, ""
    if not signed_in:
        return None
    user = request.user  # type: ignore[attr-defined]
    if not user.is_authenticated or user.is_staff or "_messages" in request.session:
        return None
    name = signed_in(request) if callable(signed_in) else ""
    return None if name is None else (SIGNED_IN, name)


def _anonymous_copy(request: HttpRequest) -> HttpRequest:
    """The same request as a reader without a session would make it."""
    anonymous = copy.copy(request)
    anonymous.META = dict(request.META)
    anonymous.COOKIES = {
        name: value
        for name, value in request.COOKIES.items()
        if name != settings.SESSION_COOKIE_NAME
    }
    anonymous.session = SessionBase()  # empty; never saved
    anonymous.user = AnonymousUser()  # type: ignore[attr-defined]
    anonymous._messages = default_storage(anonymous)  # type: ignore[attr-defined]
    return anonymous


# What a page is rendered with: the project's code, templates, translations and static files.
RELEASE_SOURCES = (
    "config",
    "participation",
    "guidelines",
    "projects",
    "templates",
    "locale",
    "locale_overrides",
    "static",
)
RELEASE_SUFFIXES = {".py", ".html", ".txt", ".mo", ".css", ".js", ".svg"}


@functools.cache
def release() -> str:
    """A digest of what pages are rendered with, read once per process (a few ms)."""
    root = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    for source in RELEASE_SOURCES:
        for path in sorted((root / source).rglob("*")):
            if path.suffix in RELEASE_SUFFIXES and path.is_file():
                digest.update(path.relative_to(root).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _page_key(
    request: HttpRequest, path: str, names: Collection[str], generations: list[int], variant: str
) -> str:
    address = request.build_absolute_uri(path)  # host and scheme: pages may print absolute links
    digest = hashlib.sha256(f"{variant}:{address}".encode()).hexdigest()[:32]
    versions = ".".join(f"{name}={value}" for name, value in zip(names, generations, strict=True))
    return (
        f"{PAGE_PREFIX}{release()}:{get_language()}:{digest}:"
        f"{hashlib.sha256(versions.encode()).hexdigest()}"
    )


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
    marked, slots = TOKEN_INPUT.subn(rf"\g<1>{TOKEN_SLOT}\g<2>", response.content.decode())
    marked, submissions = SUBMISSION_INPUT.subn(rf"\g<1>{SUBMISSION_SLOT}\g<2>", marked)
    # [text, part number, anonymous part, text, …]: the page with and without its parts.
    pieces = PART.split(marked)
    body = "".join(piece for i, piece in enumerate(pieces) if i % 3 != 1)
    segments = [int(piece) if i % 3 == 1 else piece for i, piece in enumerate(pieces) if i % 3 != 2]
    # A filler keeps the stored markup of the parts it leaves alone.
    stored = {int(pieces[i]): pieces[i + 1] for i in range(1, len(pieces), 3)}
    parts = [
        {**part, "html": stored.get(index, "")} if "filler" in part else part
        for index, part in enumerate(rendering.parts)
    ]
    # What each filler is called with, gathered once here rather than for every reader.
    fillers: dict[str, tuple[Any, list[Any]]] = {
        name: (context, []) for name, context in rendering.contexts.items()
    }
    for part in rendering.parts:
        if "filler" in part:
            fillers[part["filler"]][1].append(part["key"])
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
        "submissions": bool(submissions),
        "content_type": response["Content-Type"],
        "etag": etag,
        "valid_until": valid_until,
        "segments": segments,
        "parts": parts,
        "fillers": fillers,
        "own": frozenset(rendering.own),
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


def _with_tokens(request: HttpRequest, body: str, entry: dict[str, Any]) -> str:
    """The reader's CSRF token, and a new one-use token in each form that has one."""
    if entry["slots"]:
        body = body.replace(TOKEN_SLOT, get_token(request))
    if entry["submissions"]:
        pieces = body.split(SUBMISSION_SLOT)
        body = "".join(
            piece if i == 0 else f"{uuid.uuid4()}{piece}" for i, piece in enumerate(pieces)
        )
    return body


def _served(request: HttpRequest, entry: dict[str, Any]) -> HttpResponseBase:
    if _etag(request, entry) in parse_etags(request.headers.get("If-None-Match", "")):
        response: HttpResponseBase = HttpResponseNotModified()
    else:
        body = _with_tokens(request, entry["body"], entry)
        response = HttpResponse(body, content_type=entry["content_type"])
    _with_headers(request, response, entry)
    return response


def _served_personal(request: HttpRequest, entry: dict[str, Any]) -> HttpResponse | None:
    """The stored page with this reader's own parts; None for a reader the rendering named
    with :func:`own_rendering_for` (they get a rendering of their own)."""
    if request.user.pk in entry["own"]:  # type: ignore[attr-defined]
        return None
    parts = entry["parts"]
    filled = {
        name: _filler(name)(request, context, keys)
        for name, (context, keys) in entry["fillers"].items()
    }
    pieces = []
    for segment in entry["segments"]:
        if isinstance(segment, str):
            pieces.append(segment)
            continue
        part = parts[segment]
        if "filler" in part:
            pieces.append(filled[part["filler"]].get(part["key"], part["html"]))
        else:
            arguments = _arguments(part["arguments"])
            pieces.append(render_to_string(part["template"], arguments, request=request))
    body = _with_tokens(request, "".join(pieces), entry)
    response = HttpResponse(body, content_type=entry["content_type"])
    # No ETag: the page is this reader's (PrivatePagesMiddleware makes it private, no-store).
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


# The pages this process served last, by their full key: a key names the release, the
# language, the address and the generation of everything the page is built from, so an entry
# here is exactly as current as the one in the shared cache, and reading it saves fetching
# and unpickling the page (about a quarter of a cached request). Entries past their moment
# are refused by _valid like those from the shared cache.
LOCAL_PAGES = 64
_local: OrderedDict[str, dict[str, Any]] = OrderedDict()
_local_lock = threading.Lock()


def _recall(key: str) -> Any:
    with _local_lock:
        entry = _local.get(key)
        if entry is not None:
            _local.move_to_end(key)
            return entry
    entry = cache.get(key)
    if isinstance(entry, dict):
        _remember(key, entry)
    return entry


def _remember(key: str, entry: dict[str, Any]) -> None:
    with _local_lock:
        _local[key] = entry
        _local.move_to_end(key)
        while len(_local) > LOCAL_PAGES:
            _local.popitem(last=False)


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
    signed_in: SignedIn = False,
) -> Callable[[View], View]:
    """Serve the anonymous rendering of a view from the cache.

    ``generations`` gets the view's URL keyword arguments and names the generations the
    page is built from; ``query`` names the query parameters the view reads;
    ``address`` (optional) gives the canonical path and query a request is looked up
    and stored under, or None to render without the cache. ``signed_in``: the page differs
    for signed-in readers (not staff) only in its :func:`personal_part` s and
    :func:`personal_slots`, except for those the rendering names with
    :func:`own_rendering_for`; without it, every signed-in reader gets a rendering of their
    own. A function instead of True names the variant of the page a signed-in reader gets
    (stored apart from the anonymous page, rendered with :func:`variant` set), or None for
    a rendering of their own.
    """

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            found = _reader(request, query, signed_in)
            path = None
            if found is not None:
                path = address(request) if address else request.get_full_path()
            if found is None or path is None:
                return view(request, *args, **kwargs)
            reader, variant_name = found
            started = timezone.now()
            names = [EPOCH, *generations(**kwargs)]
            key = _page_key(request, path, names, current(names), variant_name)
            entry = _recall(key)
            if _valid(entry):
                if reader == ANONYMOUS:
                    return _served(request, entry)
                return _served_personal(request, entry) or view(request, *args, **kwargs)
            rendering_request = request if reader == ANONYMOUS else _anonymous_copy(request)
            rendering = _Rendering(started=started, variant=variant_name)
            rendering_request._pagecache = rendering  # type: ignore[attr-defined]
            try:
                response = view(rendering_request, *args, **kwargs)
            finally:
                del rendering_request._pagecache  # type: ignore[attr-defined]
            entry = _entry_of(request, path, response, rendering)
            _without_parts(response)
            if entry is None:
                return response if reader == ANONYMOUS else view(request, *args, **kwargs)
            timeout = ENTRY_TIMEOUT
            if entry["valid_until"] is not None:
                seconds = (entry["valid_until"] - started).total_seconds()
                timeout = max(1, min(timeout, int(seconds) + 1))
            cache.set(key, entry, timeout)
            _remember(key, entry)
            if reader == SIGNED_IN:
                return _served_personal(request, entry) or view(request, *args, **kwargs)
            if _etag(request, entry) in parse_etags(request.headers.get("If-None-Match", "")):
                response = HttpResponseNotModified()
            _with_headers(request, response, entry)
            return response

        return wrapper  # type: ignore[return-value]

    return decorate
