"""Work around a worker crash when the Redis broker goes away (Celery 5.7, kombu 5.7).

On a lost broker connection Celery's consumer first ``collect()``s the connection, which
detaches the transport (``transport.client = None``), and then ``close()``s it; closing
the channel restores unacknowledged messages, which needs the detached client and raises
``AttributeError: 'NoneType' object has no attribute 'hostname'``. That error is not a
connection error, so the consumer treats it as unrecoverable and the worker exits with
status 0 — and sends nothing until someone restarts it.

With the transport already detached there is nothing to restore with: the messages are
still in Redis' unacked set (``restore_visible`` returns them after the visibility
timeout), or gone with a restarted Redis, and mail does not depend on either (the outbox
sweep re-queues every pending row). So the restore is skipped with a warning and the
consumer goes on to reconnect; the same goes for the late ack of a task that finished
on the lost connection. ``tests/participation/test_outbox_failures.py`` restarts
Redis under a running prefork worker and checks that the same process keeps sending.
"""

from __future__ import annotations

import logging
from typing import Any

logger = logging.getLogger(__name__)


def _detached(qos: Any) -> bool:
    connection = getattr(qos.channel, "connection", None)
    return connection is None or getattr(connection, "client", None) is None


def tolerate_detached_transport() -> None:
    """Make the Redis QoS skip, with a warning, what needs a transport that is gone: the
    restore of unacknowledged messages on close, and the late ack or reject of a task
    that finished after the connection was lost (``acks_late``; the task runs again
    after the visibility timeout, and every task here is idempotent)."""
    from kombu.transport import redis as kombu_redis

    qos = kombu_redis.QoS
    if getattr(qos, "tolerates_detached_transport", False):
        return

    def guarded(name: str, message: str) -> Any:
        original = getattr(qos, name)

        def method(self: Any, *args: Any, **kwargs: Any) -> Any:
            if _detached(self):
                logger.warning("broker connection lost: %s", message)
                if name == "restore_unacked":
                    self._delivered.clear()
                return None
            return original(self, *args, **kwargs)

        method.__name__ = name
        return method

    for name, message in [
        ("restore_unacked", "unacknowledged messages stay in Redis"),
        ("ack", "a finished task cannot be acknowledged; it may run once more"),
        ("reject", "a task cannot be rejected; Redis returns it after the visibility timeout"),
    ]:
        setattr(qos, name, guarded(name, message))
    setattr(qos, "tolerates_detached_transport", True)  # noqa: B010 - not a declared attribute
