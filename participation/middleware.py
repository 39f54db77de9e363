"""Request guards that apply to every page of every app.

Requests whose address carries control characters are refused before any view runs.

PostgreSQL cannot store or compare text with a NUL byte (every lookup with one raises
``DataError``, a 500), and no legitimate address, search or filter contains a control
character. One check here covers every URL pattern, path converter and query parameter
of every app, the admin's list filters included, instead of a guard in each view.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

# C0 controls and DEL. Tab, LF and CR are refused too: none belongs in an address or a
# query value (a multi-line search is meaningless), and all are commonly smuggled.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


def has_control_characters(request: HttpRequest) -> bool:
    if CONTROL_CHARACTERS.search(request.path_info):
        return True
    return any(
        CONTROL_CHARACTERS.search(key) or any(CONTROL_CHARACTERS.search(v) for v in values)
        for key, values in request.GET.lists()
    )


class RejectControlCharactersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if has_control_characters(request):
            from participation.views import bad_request

            return bad_request(request)
        return self.get_response(request)


class PrivatePagesMiddleware:
    """Every answer that can carry something of one person is ``private, no-store``: no
    shared cache may keep it and no browser may store it on disk.

    That is every answer within a session that holds anything — a signed-in person (at
    least the navigation is theirs; staff also see drafts), a sign-in half done, a password
    reset, messages that did not fit the cookie — and every answer to a request that brings
    flash messages in the messages cookie (the page shows them). Directives a view set
    itself stay (a download's ``max-age``), but a ``public`` one gives way to ``private``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if is_personal(request):
            patch_cache_control(response, private=True, no_store=True)
        return response


def is_personal(request: HttpRequest) -> bool:
    if request.COOKIES.get(CookieStorage.cookie_name):
        return True
    session = getattr(request, "session", None)
    if session is None:
        return False
    if settings.SESSION_COOKIE_NAME not in request.COOKIES and not session.modified:
        # No session before and none begun now (a sign-in): the session is not read here,
        # so an anonymous answer (an OParl list, a public page) gets no "Vary: Cookie".
        return False
    return bool(session.keys())


class MethodNotAllowedPageMiddleware:
    """Django's 405 (``require_POST``, ``require_safe``) has no body; a person who opens a
    form's target address (a bookmark, a shared link, a reload after an error) or sends a
    form to a page that takes none gets a page that says what happened, keeps any text
    they sent, and leads on. Machine clients (no ``text/html`` in ``Accept``) keep the
    bare answer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code != 405
            or response.content
            or "text/html" not in request.headers.get("Accept", "")
        ):
            return response
        from participation.views import method_not_allowed

        page = method_not_allowed(request)
        page["Allow"] = response.get("Allow", "")
        return page
