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
    """Every page seen signed in is personal (at least the navigation is): no shared cache
    may keep it and no browser may store it on disk. Pages that set their own
    ``Cache-Control`` (downloads, feeds) keep it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            # Nobody is signed in, and the session is not touched here: an anonymous answer
            # (an OParl list, a public page) does not get "Vary: Cookie" because of us.
            return response
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response
