"""A Redis cache that degrades instead of failing when Redis is unreachable.

Redis holds only what can be rebuilt: cached pages and fragments, allauth's rate-limit
counters and the Celery broker's queue (mail waits in the outbox table). So a Redis
outage must not take sign-in or any page down with it: every cache call that cannot
reach Redis is logged and answered as a miss (reads give the default, writes do nothing).
The price is that rate limits are not enforced while Redis is away; the warning in the
log says so. ``add`` answers "stored" (the key was absent), so allauth's rate-limit lock
and its TOTP replay guard let the request through instead of refusing it.

Short socket timeouts keep an unreachable Redis from stalling requests, and after a
failure the process does not try Redis again for :data:`RETRY_AFTER` seconds, so a
request that makes ten cache calls waits for at most one timeout.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
Result = TypeVar("Result")
RETRY_AFTER = 5.0
_unavailable_until = 0.0


def _degrade(fallback: Callable[..., Any]) -> Callable[[Callable[..., Result]], Callable[..., Any]]:
    def decorate(method: Callable[..., Result]) -> Callable[..., Any]:
        @wraps(method)
        def wrapper(self: RedisCache, *args: Any, **kwargs: Any) -> Any:
            global _unavailable_until
            if time.monotonic() < _unavailable_until:
                return fallback(*args, **kwargs)
            try:
                return method(self, *args, **kwargs)
            except (RedisError, OSError) as error:
                _unavailable_until = time.monotonic() + RETRY_AFTER
                logger.warning(
                    "cache unavailable (%s: %s); answering %s as a miss; rate limits are "
                    "not enforced until Redis is back",
                    type(error).__name__,
                    error,
                    method.__name__,
                )
                return fallback(*args, **kwargs)

        return wrapper

    return decorate


def reachable() -> bool:
    """False while Redis failed within the last :data:`RETRY_AFTER` seconds (every call is
    then answered as a miss without trying)."""
    return time.monotonic() >= _unavailable_until


def _default(key: Any, default: Any = None, *args: Any, **kwargs: Any) -> Any:
    return default


def _false(*args: Any, **kwargs: Any) -> bool:
    return False


def _true(*args: Any, **kwargs: Any) -> bool:
    return True


def _none(*args: Any, **kwargs: Any) -> None:
    return None


def _empty(*args: Any, **kwargs: Any) -> dict[str, Any] | list[Any]:
    return {}


def _incr(key: Any, delta: int = 1, *args: Any, **kwargs: Any) -> int:
    return delta


def _no_keys_failed(data: dict[Any, Any], *args: Any, **kwargs: Any) -> list[Any]:
    return list(data)


class ReusedClients(RedisCacheClient):
    """One ``redis.Redis`` per connection pool, made once, instead of one per cache call.

    Django makes a new client for every call; building one registers its ~170 response
    callbacks, which cost more than a GET of a stored page (a fifth of a cached page's
    time). A client is safe to share between threads: it takes a connection from its pool
    for each command."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server: Any, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ReusedClients

    get = _degrade(_default)(RedisCache.get)
    set = _degrade(_none)(RedisCache.set)
    add = _degrade(_true)(RedisCache.add)
    touch = _degrade(_false)(RedisCache.touch)
    delete = _degrade(_false)(RedisCache.delete)
    has_key = _degrade(_false)(RedisCache.has_key)
    incr = _degrade(_incr)(RedisCache.incr)
    get_many = _degrade(_empty)(RedisCache.get_many)
    set_many = _degrade(_no_keys_failed)(RedisCache.set_many)
    delete_many = _degrade(_none)(RedisCache.delete_many)
    clear = _degrade(_false)(RedisCache.clear)
