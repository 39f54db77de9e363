"""Parts that are away make the site slower or less guarded, never broken."""

import pytest
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from django.db import connection
from django.urls import reverse

from participation import cache as resilient
from tests.conftest import PASSWORD

UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "participation.cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


@pytest.fixture(autouse=True)
def _redis_not_yet_known_to_be_down(monkeypatch):
    monkeypatch.setattr(resilient, "_unavailable_until", 0.0)


def test_sign_in_works_while_redis_is_unreachable(client, resident, settings, caplog):
    settings.CACHES = UNREACHABLE_REDIS

    response = client.post(
        reverse("account_login"), {"login": resident.email, "password": PASSWORD}
    )

    assert response.status_code == 302
    assert client.get(reverse("participation:account")).status_code == 200
    assert "cache unavailable" in caplog.text


def test_an_unreachable_cache_answers_as_a_miss(settings):
    settings.CACHES = UNREACHABLE_REDIS

    cache.set("key", "value")
    assert cache.get("key", "fallback") == "fallback"
    assert cache.add("key", "value") is True  # "stored": nothing held it
    assert cache.get_many(["a", "b"]) == {}


def test_after_a_failure_redis_is_not_asked_again_at_once(settings, monkeypatch):
    settings.CACHES = UNREACHABLE_REDIS
    calls = []
    original = RedisCache.get

    def counting_get(self, *args, **kwargs):
        calls.append(args)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(resilient, "_unavailable_until", 0.0)
    monkeypatch.setattr(RedisCache, "get", counting_get)
    monkeypatch.setattr(
        resilient.ResilientRedisCache, "get", resilient._degrade(resilient._default)(counting_get)
    )
    for _ in range(10):
        assert cache.get("key") is None

    assert len(calls) == 1


@pytest.mark.django_db
def test_sqlite_lets_readers_and_a_writer_work_at_once():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite configuration only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 20_000
