"""Shared fixtures: the personas of STYLE.md and a few helpers.

Personas: anonymous (no fixture), ``resident``, ``other_resident``, ``unverified``,
``moderator``, ``editor``, ``board_office``, ``admin_user``.
"""

import os

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.test import Client

from config.celery import app as celery_app
from participation import roles
from participation.models import User

PASSWORD = "correct-horse-battery-staple"

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def need(condition: bool, reason: str) -> None:
    """Skip locally when a service is missing; fail in CI, where REQUIRE_SERVICES=1."""
    if condition:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"REQUIRE_SERVICES=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _eager_celery():
    """Unit tests run tasks in-process; the worker tests switch this off themselves."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """Most tests change data behind the services' backs or count a view's queries; the
    page cache's own tests (test_pagecache, test_page_invalidation) switch it on."""
    settings.PAGE_CACHE = False


@pytest.fixture
def page_cache(settings):
    """The page cache on, for the tests about it."""
    settings.PAGE_CACHE = True


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a write as if its transaction committed, so that what it leaves for the
    commit (page-cache bumps, mails) happens."""

    def run(write, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return write(*args, **kwargs)

    return run


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    return


def make_user(
    email: str, display_name: str, *, verified: bool = True, role: str | None = None, **extra
) -> User:
    user = User.objects.create_user(email, PASSWORD, display_name=display_name, **extra)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    if role:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def resident(db) -> User:
    return make_user("anna@example.org", "Anna")


@pytest.fixture
def other_resident(db) -> User:
    return make_user("ben@example.org", "Ben")


@pytest.fixture
def unverified(db) -> User:
    return make_user("carla@example.org", "Carla", verified=False)


@pytest.fixture
def moderator(db) -> User:
    return make_user("mod@example.org", "Moderatorin", role=roles.MODERATION)


@pytest.fixture
def editor(db) -> User:
    return make_user("red@example.org", "Redakteur", role=roles.EDITORIAL)


@pytest.fixture
def board_office(db) -> User:
    return make_user("gs@example.org", "Geschaeftsstelle", role=roles.BOARD_OFFICE)


@pytest.fixture
def admin_user(db) -> User:
    return make_user("root@example.org", "Root", is_superuser=True, is_staff=True)


@pytest.fixture
def english(client):
    """Messages asserted in their English source: the test client asks for English, and
    code called directly runs in English."""
    from django.utils import translation

    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


def stored_page_keys() -> list[str]:
    """The keys of stored pages in the configured cache (local memory or Redis)."""
    from django.core.cache import cache

    from participation import pagecache

    backend = cache._cache  # type: ignore[attr-defined]
    if hasattr(backend, "get_client"):  # Redis
        found = backend.get_client().keys(f"*{pagecache.PAGE_PREFIX}*")
        return [key.decode() if isinstance(key, bytes) else key for key in found]
    return [key for key in backend if pagecache.PAGE_PREFIX in key]


def signed_in(user) -> Client:
    """A browser of ``user``, signed in."""
    client = Client()
    client.force_login(user)
    return client


def without_tokens(response) -> str:
    """A page without its CSRF and one-use form tokens, which are new in every answer."""
    from participation import pagecache

    content = pagecache.TOKEN_INPUT.sub("", response.content.decode())
    return pagecache.SUBMISSION_INPUT.sub("", content)


def rendered_without_cache(client: Client, url: str, settings) -> str:
    """The page as a rendering of the reader's own shows it (page cache off), tokens left out."""
    settings.PAGE_CACHE = False
    try:
        return without_tokens(client.get(url))
    finally:
        settings.PAGE_CACHE = True
