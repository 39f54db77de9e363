"""gunicorn settings for Stadtdialog: ``gunicorn -c config/gunicorn.conf.py`` (``make serve``).

Threaded workers (gthread), because browsers hold idle connections: a spare connection
opened in advance, and every connection after a response (keep-alive). A sync worker
serves one connection at a time and waits on an idle one until the client closes it or
``timeout`` kills the worker, so two browsers can stall a two-worker site. A gthread
worker keeps kept-alive connections in its event loop without a thread, and gives a new
connection that sends nothing one thread for at most 5 seconds before parking it too.
Chosen by measurement (benchmarks/serve_keepalive.py; figures in docs/operations.md,
"Serving (gunicorn)").

This file reads the environment only; it does not import the project, so that a reload
(SIGHUP) loads new code. Any setting can also be overridden for one start with
``GUNICORN_CMD_ARGS`` (e.g. ``GUNICORN_CMD_ARGS="--keep-alive 75"``) or on the command line.
"""

import os

wsgi_app = "config.wsgi:application"
bind = [f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"]

# Two processes per core render pages (CPU-bound, one GIL each); the threads are there for
# connections that wait: idle browsers, slow uploads and downloads, database round trips.
# A kept-alive connection stays with the worker that accepted it, so with one process per
# core a burst could end up mostly on one interpreter lock while the other core idled
# (cached pages at 32 connections: 1,015–2,348 req/s with 2 × 16, 1,887–2,710 with 4
# workers). 16 threads, so that ten idle connections cannot take every thread of a worker
# (8 could: measured). Figures: docs/operations.md, "Serving". Each thread keeps its own
# database connection once it has served a query: up to workers × threads (64) per host.
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
threads = int(os.environ.get("GUNICORN_THREADS", "16"))

# A worker whose main loop is silent this long is killed and replaced. With threads that
# loop keeps running while a request thread hangs, so this catches a frozen process, not a
# slow request; bound queries with PostgreSQL's statement_timeout instead (docs/operations.md).
timeout = 30
# On SIGTERM/SIGHUP a worker finishes the requests in flight for up to this long.
graceful_timeout = 30
# Seconds an idle kept-alive connection stays open. Browsers talk to gunicorn directly
# (whitenoise serves the static files). Behind a load balancer that keeps connections to
# gunicorn open, set it above the balancer's idle timeout (GUNICORN_CMD_ARGS="--keep-alive 75").
keepalive = 5

# Restart each worker after about this many requests, bounding slow memory growth (caches,
# fragmentation); the jitter keeps the workers from restarting at the same moment. Cached
# pages answer in about a millisecond, so at a burst's 1,000 req/s a few thousand would
# mean a restart (seconds without that worker) every few seconds.
max_requests = 50_000
max_requests_jitter = 5_000

# Not preloaded: each worker imports the project itself, so that a SIGHUP (systemctl
# reload) starts workers with the new code; preloaded, they would keep the old. (Importing
# the project opens no database, Redis or broker connection, so it would be safe there.)
preload_app = False

# Which peers may set X-Forwarded-Proto (https) and similar headers: the reverse proxy.
# gunicorn's default, made explicit; Django reads X-Forwarded-For through
# TRUSTED_PROXY_COUNT (docs/operations.md, "Reverse proxy").
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

accesslog = "-"

# gunicorn's control socket has one default path per user ($HOME/.gunicorn/gunicorn.ctl);
# a second instance (a deploy, a benchmark) would take it over. Signals do the same job
# (HUP reload, TTIN/TTOU more or fewer workers, TERM stop).
control_socket_disable = True
