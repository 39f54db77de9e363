import pytest
from django.db import connection
from django.urls import reverse


@pytest.fixture(autouse=True)
def _token(settings):
    settings.HEALTHZ_TOKEN = "health-token"


@pytest.fixture
def client(client):
    client.defaults["HTTP_AUTHORIZATION"] = "Bearer health-token"
    return client


@pytest.mark.django_db
def test_health_reports_ok_for_database_and_cache(client):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["cache"] == "ok"


@pytest.mark.django_db
def test_health_reports_503_when_the_database_fails(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr(connection, "cursor", broken_cursor)

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "error"


@pytest.mark.django_db
def test_health_checks_the_broker_when_configured(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == "error"


@pytest.mark.django_db
def test_health_uses_the_redis_cache_and_broker_when_configured(client, settings):
    import os
    import uuid

    from tests.conftest import need
    from tests.services import redis_reachable

    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    need(redis_reachable(url), f"Redis not reachable at {url}")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        }
    }
    settings.CELERY_BROKER_URL = url

    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "cache": "ok", "broker": "ok"}
