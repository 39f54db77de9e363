"""Real services for end-to-end tests: an SMTP sink, a Celery worker subprocess, Redis.

These prove a path the unit tests only simulate (test process -> Redis -> worker -> SMTP,
with the worker reading and writing the test database). Everything here is bounded: every
wait has a timeout, every process and server started here is stopped again, nothing
outside the keys a test run created is touched in the shared Redis, and a test that has
to stop Redis starts a private ``redis-server`` of its own (:class:`RedisServer`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from functools import cached_property
from pathlib import Path
from typing import Any, cast
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from aiosmtpd.controller import Controller

_AIOSMTPD_LOG = logging.getLogger("mail.log")

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"

# The broker of the worker tests lives in its own Redis database: the test suite's cache
# (django RedisCache on REDIS_URL) empties its database with FLUSHDB before every test,
# which would wipe queued messages of a worker test running at the same time.
WORKER_TEST_REDIS_DB = int(os.environ.get("WORKER_TEST_REDIS_DB", "15"))


# --- Ports and names -------------------------------------------------------------------


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that was free a moment ago (the caller binds it right away)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def unique_name(prefix: str) -> str:
    """A name no other test run uses: queue, worker node, Redis key part."""
    return f"{prefix}-{os.getpid()}-{uuid.uuid4().hex[:10]}"


def wait_until(
    condition: Callable[[], bool],
    timeout: float,
    *,
    interval: float = 0.1,
    every: float | None = None,
    action: Callable[[], object] | None = None,
) -> bool:
    """Poll ``condition`` until it holds; False after ``timeout`` seconds.

    With ``action`` and ``every``, ``action()`` runs right away and then every ``every``
    seconds while waiting: what celery beat does in production (e.g. ``sweep_outbox``
    once a minute), compressed into a test's time.
    """
    deadline = time.monotonic() + timeout
    next_action = time.monotonic()
    while True:
        if condition():
            return True
        now = time.monotonic()
        if now >= deadline:
            return False
        if action is not None and every is not None and now >= next_action:
            action()
            next_action = now + every
        time.sleep(min(interval, max(deadline - now, 0.0)))


# --- Database --------------------------------------------------------------------------


def database_url(settings_dict: Mapping[str, Any]) -> str:
    """A DATABASE_URL (as ``config.env.parse_database_url`` reads it) for a connection.

    Give a worker subprocess ``database_url(connection.settings_dict)`` inside a test and
    it works on the test database: PostgreSQL ``test_<name>``, or the SQLite test file.
    """
    engine = str(settings_dict["ENGINE"])
    name = str(settings_dict["NAME"])
    if engine.endswith("sqlite3"):
        if name == ":memory:" or name.startswith("file:") or "mode=memory" in name:
            raise ValueError("an in-memory SQLite database cannot be shared with a worker")
        # sqlite:/// + absolute path: parse_database_url keeps what follows the third slash.
        return "sqlite:///" + quote(str(Path(name).resolve()))
    if not engine.endswith("postgresql"):
        raise ValueError(f"no DATABASE_URL form for {engine}")
    user = quote(str(settings_dict.get("USER") or ""), safe="")
    password = quote(str(settings_dict.get("PASSWORD") or ""), safe="")
    host = str(settings_dict.get("HOST") or "")
    if host.startswith("/"):
        raise ValueError("a PostgreSQL unix socket directory cannot be written as a URL host")
    if ":" in host:
        host = f"[{host}]"
    port = str(settings_dict.get("PORT") or "")
    auth = f"{user}:{password}@" if password else f"{user}@" if user else ""
    netloc = f"{auth}{host}{':' + port if port else ''}"
    options = {k: str(v) for k, v in (settings_dict.get("OPTIONS") or {}).items()}
    query = f"?{urlencode(options)}" if options else ""
    return f"postgres://{netloc}/{quote(name, safe='')}{query}"


def worker_database_url() -> str:
    """The DATABASE_URL of the database this test runs on (call it inside the test)."""
    from django.db import connection

    return database_url(connection.settings_dict)


# --- Redis -----------------------------------------------------------------------------


def redis_url() -> str:
    return os.environ.get("REDIS_URL", DEFAULT_REDIS_URL)


def with_redis_db(url: str, db: int) -> str:
    """``url`` pointing at Redis database ``db`` (query string and credentials kept)."""
    parts = urlsplit(url)
    if parts.scheme == "unix":  # unix:///run/redis.sock?db=0
        query = [(k, v) for k, v in parse_qsl(parts.query) if k != "db"] + [("db", str(db))]
        return f"unix://{parts.path}?{urlencode(query)}"
    return urlunsplit(parts._replace(path=f"/{db}"))


def worker_broker_url() -> str:
    """The broker for worker tests: REDIS_URL's server, database WORKER_TEST_REDIS_DB."""
    return with_redis_db(redis_url(), WORKER_TEST_REDIS_DB)


def _redis_client(url: str, timeout: float = 2.0) -> Any:
    import redis

    return redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)


def redis_reachable(url: str, timeout: float = 2.0) -> bool:
    """Whether a Redis server answers PING at ``url`` within ``timeout`` seconds."""
    import redis

    try:
        client = _redis_client(url, timeout)
        try:
            return bool(client.ping())
        finally:
            client.close()
    except (redis.RedisError, OSError, ValueError):
        return False


# kombu's Redis transport keeps a queue in one list per priority step; the list of the
# default priority is named like the queue, the others get this separator and the step.
_KOMBU_PRIORITY_SEP = "\x06\x16"
_KOMBU_PRIORITY_STEPS = (0, 3, 6, 9)


def _queue_keys(queue: str) -> list[str]:
    return [
        queue if step == 0 else f"{queue}{_KOMBU_PRIORITY_SEP}{step}"
        for step in _KOMBU_PRIORITY_STEPS
    ]


def queue_length(url: str, queue: str) -> int:
    """Messages waiting in ``queue`` (all priorities); reserved ones are not counted."""
    client = _redis_client(url)
    try:
        return sum(int(client.llen(key)) for key in _queue_keys(queue))
    finally:
        client.close()


# kombu keeps the messages a worker took but has not acknowledged (acks_late) in this hash,
# keyed by delivery tag, with their send time in the sorted set; after the visibility
# timeout any worker on the server puts them back into their queue.
_KOMBU_UNACKED = "unacked"
_KOMBU_UNACKED_INDEX = "unacked_index"


def remove_broker_keys(url: str, token: str) -> int:
    """Delete what a test run left in the broker, identified by its unique ``token``.

    Removes keys whose name contains the token (the queue lists and the binding tables of
    the run's exchange), members of kombu's binding tables that mention it (the worker's
    remote-control queue) and unacknowledged messages routed to it (what a SIGKILLed
    worker held: otherwise they would reappear in the queue an hour later). Nothing else
    is touched: no FLUSHDB on a shared server.
    """
    if not re.fullmatch(r"[A-Za-z0-9_.-]{12,}", token):
        raise ValueError(f"refusing to match Redis keys with the unspecific token {token!r}")
    removed = 0
    client = _redis_client(url)
    try:
        keys = set(client.scan_iter(match=f"*{token}*", count=500))
        keys.update(key.encode() for key in _queue_keys(token))
        if keys:
            removed += int(client.delete(*keys))
        for key in client.scan_iter(match="_kombu.binding*", count=500):
            if client.type(key) != b"set":
                continue
            members = [m for m in client.smembers(key) if token.encode() in m]
            if members:
                removed += int(client.srem(key, *members))
        if client.type(_KOMBU_UNACKED) == b"hash":
            tags = [
                tag
                for tag, payload in client.hscan_iter(_KOMBU_UNACKED, count=500)
                if token.encode() in payload
            ]
            if tags:
                removed += int(client.hdel(_KOMBU_UNACKED, *tags))
                client.zrem(_KOMBU_UNACKED_INDEX, *tags)
    finally:
        client.close()
    return removed


def redis_server_executable() -> str | None:
    return shutil.which("redis-server")


class RedisServer:
    """A private ``redis-server`` on a free port of 127.0.0.1, without persistence.

    For tests that stop and restart the broker: the machine's shared Redis is never
    touched. ``stop()`` shuts it down (everything in it is gone, as after a crash of a
    Redis without persistence); ``start()`` brings it up again on the same port.
    """

    def __init__(self, host: str = "127.0.0.1", port: int | None = None) -> None:
        executable = redis_server_executable()
        if executable is None:
            raise RuntimeError("redis-server is not installed")
        self.executable = executable
        self.host = host
        self.port = port or free_port(host)
        self._process: subprocess.Popen[bytes] | None = None
        self._dir = tempfile.TemporaryDirectory(prefix="stadtdialog-redis-")

    @property
    def url(self) -> str:
        return f"redis://{self.host}:{self.port}/0"

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self, timeout: float = 10.0) -> RedisServer:
        if self.running:
            return self
        command = [
            self.executable,
            "--bind", self.host,
            "--port", str(self.port),
            "--save", "",
            "--appendonly", "no",
            "--dir", self._dir.name,
            "--daemonize", "no",
            "--logfile", str(Path(self._dir.name) / "redis.log"),
        ]  # fmt: skip
        self._process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        if (
            not wait_until(
                lambda: redis_reachable(self.url, 0.5) or not self.running, timeout, interval=0.05
            )
            or not self.running
        ):
            self.stop()
            raise RuntimeError(f"redis-server on port {self.port} did not start:\n{self.log}")
        return self

    def stop(self, timeout: float = 10.0) -> None:
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()  # SHUTDOWN; with --save "" nothing is written
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)

    def restart(self) -> None:
        self.stop()
        self.start()

    @property
    def log(self) -> str:
        path = Path(self._dir.name) / "redis.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def __enter__(self) -> RedisServer:
        try:
            return self.start()
        except BaseException:
            self._dir.cleanup()
            raise

    def __exit__(self, *exc_info: object) -> None:
        try:
            self.stop()
        finally:
            self._dir.cleanup()


# --- SMTP sink -------------------------------------------------------------------------


@dataclass(frozen=True)
class ReceivedMail:
    mail_from: str
    rcpt_tos: tuple[str, ...]
    raw: bytes
    received_at: float = field(default_factory=time.monotonic)

    @cached_property
    def message(self) -> EmailMessage:
        # Parsed on first use, not while the client waits for "250": keeps the sink fast.
        return cast(EmailMessage, message_from_bytes(self.raw, policy=policy.default))

    @property
    def message_id(self) -> str:
        return str(self.message.get("Message-ID", "")).strip()

    @property
    def subject(self) -> str:
        # Django folds a long encoded subject right after "Subject:"; unfolding keeps the
        # space of the continuation line, which mail clients do not show.
        return str(self.message.get("Subject", "")).strip()

    @property
    def text(self) -> str:
        """The text/plain body (decoded)."""
        part = self.message.get_body(preferencelist=("plain",))
        return "" if part is None else str(cast(EmailMessage, part).get_content())


class SmtpSink:
    """An SMTP server on 127.0.0.1 that keeps what it receives.

    - ``refuse_next(n)`` answers the next ``n`` messages with a temporary error at the end
      of DATA (the message was transmitted, the server did not take it), the way a busy
      relay does; ``refuse_next(n, stage="rcpt")`` refuses the recipient instead, the way
      greylisting does.
    - ``reject_recipient(address)`` answers RCPT TO of that address with a permanent 550.
    - ``delay`` (seconds) is how long the server takes after it stored a message and
      before it answers "250": a slow relay, and the window in which a client that dies
      has had its message taken without learning so.

    Use as a context manager, or ``start()``/``stop()``.
    """

    def __init__(self, host: str = "127.0.0.1", *, delay: float = 0.0) -> None:
        self.host = host
        self.port = 0
        self.delay = delay
        self.refused = 0
        self.rejected = 0
        self._received: list[ReceivedMail] = []
        self._refuse_remaining = 0
        self._refuse_reply = ""
        self._refuse_stage = "data"
        self._rejected_recipients: set[str] = set()
        self._changed = threading.Condition()
        self._controller: Controller | None = None
        self._log_level: int | None = None

    # aiosmtpd handler hooks; they run in the controller's event-loop thread.
    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any
    ) -> str:
        with self._changed:
            if address.lower() in self._rejected_recipients:
                self.rejected += 1
                self._changed.notify_all()
                return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
            if self._refuse_stage == "rcpt" and self._refuse_remaining > 0:
                self._refuse_remaining -= 1
                self.refused += 1
                self._changed.notify_all()
                return self._refuse_reply
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self._changed:
            if self._refuse_stage == "data" and self._refuse_remaining > 0:
                self._refuse_remaining -= 1
                self.refused += 1
                self._changed.notify_all()
                return self._refuse_reply
            raw = envelope.original_content or envelope.content
            if isinstance(raw, str):
                raw = raw.encode("utf-8", "surrogateescape")
            self._received.append(
                ReceivedMail(
                    mail_from=str(envelope.mail_from),
                    rcpt_tos=tuple(str(rcpt) for rcpt in envelope.rcpt_tos),
                    raw=bytes(raw),
                )
            )
            self._changed.notify_all()
        if self.delay:
            await asyncio.sleep(self.delay)
        return "250 2.0.0 OK: queued"

    def refuse_next(
        self, count: int, reply: str = "451 4.3.0 Try again later", *, stage: str = "data"
    ) -> None:
        if not reply.startswith("4"):
            raise ValueError("a temporary refusal needs a 4xx reply")
        if stage not in {"data", "rcpt"}:
            raise ValueError("stage is 'data' or 'rcpt'")
        with self._changed:
            self._refuse_remaining = count
            self._refuse_reply = reply
            self._refuse_stage = stage

    def reject_recipient(self, address: str) -> None:
        with self._changed:
            self._rejected_recipients.add(address.lower())

    @property
    def count(self) -> int:
        with self._changed:
            return len(self._received)

    def message_id_counts(self) -> Counter[str]:
        """How often each Message-ID arrived: more than 1 is a duplicate delivery."""
        return Counter(m.message_id for m in self.messages)

    @property
    def messages(self) -> list[ReceivedMail]:
        with self._changed:
            return list(self._received)

    def messages_to(self, address: str) -> list[ReceivedMail]:
        wanted = address.lower()
        return [m for m in self.messages if wanted in (r.lower() for r in m.rcpt_tos)]

    def with_message_id(self, message_id: str) -> list[ReceivedMail]:
        return [m for m in self.messages if m.message_id == message_id]

    def wait_for(
        self, predicate: Callable[[list[ReceivedMail]], bool], timeout: float = 20.0
    ) -> bool:
        """Wait until ``predicate(messages)`` holds; False after ``timeout`` seconds."""
        with self._changed:
            return self._changed.wait_for(lambda: predicate(list(self._received)), timeout)

    def start(self) -> SmtpSink:
        # aiosmtpd logs every SMTP command at INFO; that drowns a failing test's output.
        self._log_level = _AIOSMTPD_LOG.level
        _AIOSMTPD_LOG.setLevel(logging.WARNING)
        last_error: Exception | None = None
        for _ in range(5):  # the free port may be taken between probing and binding
            port = free_port(self.host)
            controller = Controller(
                self,
                hostname=self.host,
                port=port,
                server_hostname="smtp-sink.test",  # no getfqdn(): DNS can be slow
                ready_timeout=10.0,
            )
            try:
                controller.start()
            except Exception as error:  # aiosmtpd reports bind errors in several ways
                last_error = error
                continue
            self._controller, self.port = controller, port
            return self
        self.stop()
        raise RuntimeError(f"could not start the SMTP sink: {last_error!r}")

    def stop(self) -> None:
        controller, self._controller = self._controller, None
        try:
            if controller is not None:
                controller.stop()
        finally:
            if self._log_level is not None:
                _AIOSMTPD_LOG.setLevel(self._log_level)
                self._log_level = None

    def __enter__(self) -> SmtpSink:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


# --- Celery worker ---------------------------------------------------------------------


def celery_executable() -> Path:
    beside_python = Path(sys.executable).parent / "celery"
    return beside_python if beside_python.exists() else REPO_ROOT / ".venv" / "bin" / "celery"


class CeleryWorker:
    """A running ``celery worker`` subprocess and everything it logged so far."""

    def __init__(self, process: subprocess.Popen[str], node_name: str) -> None:
        self.process = process
        self.node_name = node_name
        self._lines: list[str] = []
        self._lock = threading.Lock()
        self._ready = threading.Event()
        self._reader = threading.Thread(target=self._read, name=f"log-{node_name}", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            with self._lock:
                self._lines.append(line)
            # "[... INFO/MainProcess] <node>@<host> ready."
            if f"{self.node_name}@" in line and line.rstrip().endswith("ready."):
                self._ready.set()

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def task_errors(self) -> list[str]:
        """Log lines of tasks that raised: a reason to stop waiting for their effect."""
        with self._lock:
            return [line for line in self._lines if " raised unexpected: " in line]

    @property
    def log(self) -> str:
        with self._lock:
            return "".join(self._lines)

    def wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not self._ready.wait(0.1):
            if self.process.poll() is not None:
                self._reader.join(2)
                raise RuntimeError(
                    f"celery worker exited with {self.process.returncode} before it was "
                    f"ready:\n{self.log}"
                )
            if time.monotonic() > deadline:
                raise TimeoutError(f"celery worker not ready within {timeout} s:\n{self.log}")

    def stop(self, timeout: float = 15.0) -> int:
        """Warm shutdown (SIGTERM: finish the running task, return reserved ones to the
        queue); SIGKILL if that takes longer than ``timeout``. Returns the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self._reader.join(5)
        if self.process.stdout is not None:
            self.process.stdout.close()
        return self.process.returncode

    def kill(self) -> None:
        """SIGKILL to the worker and its pool processes, as a crash (or the OOM killer, or
        systemd killing the unit) would: nothing is acknowledged or returned to the queue."""
        if self.process.poll() is None:
            # The worker leads its own process group (start_new_session).
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(5)


def worker_environment(
    *,
    broker_url: str,
    smtp_port: int,
    smtp_host: str = "127.0.0.1",
    database_url: str | None = None,
    **extra: str,
) -> dict[str, str]:
    """The test process's environment, pointed at the given broker and SMTP server.

    The outbox tasks read and write the database: pass ``database_url`` (inside a
    ``django_db(transaction=True)`` test: :func:`worker_database_url`) so the worker uses
    the test database and sees the committed rows. Without it DATABASE_URL is dropped and
    the worker falls back to the default SQLite file, which no test uses.
    """
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    if database_url is not None:
        env["DATABASE_URL"] = database_url
    env.update(
        REDIS_URL=broker_url,
        CELERY_BROKER_URL=broker_url,
        SMTP_HOST=smtp_host,
        SMTP_PORT=str(smtp_port),
        SMTP_USE_TLS="0",
        SMTP_USE_SSL="0",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


@contextmanager
def celery_worker(
    *,
    queue: str,
    env: Mapping[str, str],
    node_name: str | None = None,
    app: str = "config",
    ready_timeout: float = 30.0,
    stop_timeout: float = 15.0,
    extra_args: Sequence[str] = (),
) -> Iterator[CeleryWorker]:
    """Run one worker consuming ``queue`` until the block ends, as ``make worker`` runs it:
    prefork pool, two processes, so overlapping tasks run side by side as in production.

    Yields once the worker logged "ready."; stops it (warm, then SIGKILL) on the way out,
    also when the block raises.
    """
    node_name = node_name or queue
    command = [
        str(celery_executable()),
        "-A",
        app,
        "worker",
        "--pool=prefork",
        "--concurrency=2",
        "-Q",
        queue,
        "-n",
        f"{node_name}@%h",
        "--loglevel=INFO",
        "--without-heartbeat",
        "--without-gossip",
        "--without-mingle",
        *extra_args,
    ]
    process = subprocess.Popen(
        command,
        cwd=REPO_ROOT,
        env=dict(env),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        errors="replace",
        start_new_session=True,  # a Ctrl-C in the terminal reaches pytest, not the worker
    )
    worker = CeleryWorker(process, node_name)
    try:
        worker.wait_ready(ready_timeout)
        yield worker
    finally:
        worker.stop(stop_timeout)


# --- The test process's Celery app -----------------------------------------------------


def _reset_producer_pools(app: Any) -> None:
    """Drop the app's broker connections so the next publish uses the current broker_url."""
    from kombu import pools

    pools.reset()  # what Celery does after a fork: close and forget all kombu pools
    app._pool = None
    amqp = app.__dict__.get("amqp")
    if amqp is not None:
        amqp._producer_pool = None


@contextmanager
def celery_publishing_to(app: Any, broker_url: str, queue: str) -> Iterator[None]:
    """Make ``app`` publish for real (not eager) to ``broker_url``, by default to ``queue``.

    ``task_default_queue`` is read per publish by Celery's router, so ``delay()`` and
    ``delay_on_commit()`` of tasks without an explicit route land in ``queue``. Restores
    the previous configuration and connections afterwards.
    """
    conf = app.conf
    names = ("task_always_eager", "broker_url", "broker_write_url", "task_default_queue")
    saved = {name: conf.get(name) for name in names}
    # Celery reads these variables before its configuration; they would win over broker_url.
    env_names = ("CELERY_BROKER_URL", "CELERY_BROKER_WRITE_URL")
    saved_env = {name: os.environ.pop(name, None) for name in env_names}
    conf.task_always_eager = False
    conf.broker_url = broker_url
    conf.broker_write_url = None
    conf.task_default_queue = queue
    _reset_producer_pools(app)
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(conf, name, value)
        for name, value in saved_env.items():
            if value is not None:
                os.environ[name] = value
        if queue != saved["task_default_queue"]:
            app.amqp.queues.pop(queue, None)
        _reset_producer_pools(app)


# --- A connection that can be cut -------------------------------------------------------


class CuttableProxy:
    """A TCP proxy to ``target`` that can drop every connection and refuse new ones for a
    while: the database "goes away" for the processes behind it (a worker), not for the
    test itself or anyone else using the same server."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.port = free_port()
        self._cut = threading.Event()
        self._sockets: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", self.port))
        self._listener.settimeout(0.2)
        self._running = True
        threading.Thread(target=self._accept, name="cuttable-proxy", daemon=True).start()

    def _track(self, *sockets: socket.socket) -> None:
        with self._lock:
            self._sockets.update(sockets)

    def _accept(self) -> None:
        while self._running:
            try:
                client, _address = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            if self._cut.is_set():
                client.close()
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            self._track(client, upstream)
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()

    def cut(self) -> None:
        """Drop every open connection and refuse new ones until :meth:`restore`."""
        self._cut.set()
        with self._lock:
            sockets, self._sockets = self._sockets, set()
        for s in sockets:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()

    def restore(self) -> None:
        self._cut.clear()

    def close(self) -> None:
        self._running = False
        self.cut()
        self._listener.close()
