"""gunicorn settings for Stadtdialog: ``gunicorn -c config/gunicorn.conf.py`` (``make serve``).

Threaded workers (gthread), because a browser keeps idle connections open: it opens spare
connections it may never use and keeps each one open after a response. A sync worker
serves one connection at a time and waits on an idle one until ``timeout`` kills it, so
two browsers could stall a two-worker site. A gthread worker parks idle connections in
its event loop and only spends a thread on a connection that sends a request. Chosen by
measurement (benchmarks/serve_keepalive.py; figures in docs/operations.md, "Serving").

This file reads the environment only; it does not import the project, so that a reload
(SIGHUP) loads new code. Any setting can also be overridden for one start with
``GUNICORN_CMD_ARGS`` (e.g. ``GUNICORN_CMD_ARGS="--keep-alive 75"``) or on the command line.
"""

import os

wsgi_app = "config.wsgi:application"
bind = [f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"]

# One process per core renders pages (CPU-bound, one GIL each); the threads are there for
# connections that wait: idle browsers, slow uploads and downloads, database round trips.
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "8"))

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

# Restart each worker after about this many requests, spread so that both do not restart
# at once: bounds slow memory growth (caches, fragmentation) at no measurable cost.
max_requests = 2000
max_requests_jitter = 200

# Not preloaded: every worker imports the project itself, so a SIGHUP (systemctl reload)
# loads new code, and no database, Redis or broker connection can be opened before the
# fork and then shared between workers.
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
