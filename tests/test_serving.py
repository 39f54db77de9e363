"""gunicorn as ``make serve`` starts it (config/gunicorn.conf.py), on the test database:
browsers' idle connections must not keep anyone else waiting."""

import http.client
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import ExitStack
from pathlib import Path

from tests.services import REPO_ROOT, free_port, wait_until, worker_database_url

HOST = "127.0.0.1"
# More than two sync workers could ever hold: each would wait on one until it timed out.
SPARE_CONNECTIONS = 6  # a browser's preconnects: opened, nothing sent yet
KEPT_ALIVE = 6  # connections left open after a response, for the next request


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1):  # noqa: S310
            return True
    except urllib.error.HTTPError:
        return True  # a 503 (a broker missing here) is an answer too
    except OSError:
        return False


def test_idle_browser_connections_do_not_keep_a_fresh_request_waiting(db):
    port = free_port(HOST)
    base_url = f"http://{HOST}:{port}"
    env = {
        **os.environ,
        "DATABASE_URL": worker_database_url(),
        "DEBUG": "1",  # no collectstatic needed; the server settings are what is tested
        "HOST": HOST,
        "PORT": str(port),
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    with tempfile.TemporaryFile("w+") as log:
        process = subprocess.Popen(
            [str(gunicorn), "-c", "config/gunicorn.conf.py"],
            cwd=REPO_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            assert wait_until(lambda: answers(base_url + "/healthz"), 15), "gunicorn did not start"
            with ExitStack() as idle:
                for _ in range(SPARE_CONNECTIONS):
                    idle.enter_context(socket.create_connection((HOST, port), timeout=5))
                for _ in range(KEPT_ALIVE):
                    connection = http.client.HTTPConnection(HOST, port, timeout=5)
                    idle.callback(connection.close)
                    connection.request("GET", "/healthz")
                    response = connection.getresponse()
                    response.read()
                    assert response.getheader("Connection", "").lower() != "close"
                time.sleep(0.5)  # the workers have taken them on

                started = time.monotonic()
                try:
                    with urllib.request.urlopen(base_url + "/", timeout=10) as response:  # noqa: S310
                        status = response.status
                        response.read()
                except urllib.error.HTTPError as error:
                    status = error.code
                elapsed = time.monotonic() - started
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
        log.seek(0)
        output = log.read()
    assert "Using worker: gthread" in output
    assert status == 200, output[-3000:]
    assert elapsed < 1.0, f"a fresh request waited {elapsed:.1f} s"
