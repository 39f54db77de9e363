"""Every URL pattern answers odd input with a 4xx, never a 500.

The patterns are collected from the resolver, so URLs that apps add later are fuzzed too.
Each converter gets a NUL byte, invalid UTF-8, an over-long value and out-of-range
numbers; each address also gets hostile query parameters (the admin's list filters read
theirs straight into a query).
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

FUZZ_VALUES = [
    "%00",
    "a%00b",
    "%C3%28",  # invalid UTF-8
    "%FF%FE",
    "x" * 3000,
    "-1",
    "0",
    "99999999999999999999999999",
    "9223372036854775808",
    "%0D%0ASet-Cookie:x=1",
]
QUERIES = ["", "?q=%00", "?state=%00", "?page=%00", "?page=-1", "?page=99999999999", "?o=%00"]
PLACEHOLDER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def _patterns(resolvers=None, prefix=""):
    for entry in get_resolver().url_patterns if resolvers is None else resolvers:
        route = str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _patterns(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern):
            yield prefix + route


def _routes() -> list[str]:
    routes = []
    for route in _patterns():
        if route.startswith("^") or "(?P" in route or "\\" in route:
            # A regular-expression pattern (from a third-party app): fuzz its literal prefix.
            route = re.split(r"[\^(\\\[$]", route.lstrip("^"), maxsplit=1)[0]
        routes.append(route.lstrip("^"))
    return sorted(set(routes))


def _urls() -> list[str]:
    urls = []
    for route in _routes():
        if PLACEHOLDER.search(route):
            for value in FUZZ_VALUES:
                urls.append("/" + PLACEHOLDER.sub(value, route))
        else:
            urls.extend("/" + route + query for query in QUERIES)
    return urls


def test_the_fuzz_list_covers_the_apps():
    urls = _urls()
    assert any(url.startswith("/leitlinien/") for url in urls)
    assert any(url.startswith("/admin/") for url in urls)
    assert len(urls) > 200


@pytest.mark.parametrize("persona", ["anonymous", "resident", "admin_user"])
def test_no_url_answers_odd_input_with_a_server_error(db, client, persona, request):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    client.raise_request_exception = False
    failures = []
    for url in _urls():
        response = client.get(url)
        if response.status_code >= 500:
            failures.append(f"{response.status_code} {url[:120]}")
    assert failures == []


@pytest.mark.parametrize(
    "url",
    [
        "/leitlinien/x/fassung/1/absatz/%00/",
        "/abonnieren/bestaetigen/%00/",
        "/admin/guidelines/comment/?state=%00",
        "/?q=a%01b",
        "/seite/impressum%7F/",
    ],
)
def test_control_characters_get_the_german_400_page(client, admin_user, url):
    client.force_login(admin_user)
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 400
    assert "Ungültige Anfrage" in response.content.decode()
