import gc
import os
import sys

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

from config.env import SettingsError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
try:
    application = get_wsgi_application()
except SettingsError as error:
    sys.exit(f"Configuration error: {error}")


def settle_memory() -> None:
    """Load every view now, then keep what is loaded out of the garbage collector's way.

    A page allocates tens of thousands of objects; with the default thresholds that started
    a full collection over every loaded module every few requests (1–2 ms of a 15 ms thread
    page, docs/performance.md). ``gc.freeze`` moves the objects loaded so far out of the
    collections; the higher thresholds collect the young objects less often (their garbage is
    freed by reference counting anyway; cycles wait a little longer).
    """
    get_resolver().url_patterns  # noqa: B018 - imports the URL patterns and every view
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)


settle_memory()
