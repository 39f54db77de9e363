import os
import sys

from celery import Celery
from django.conf import settings

from config.env import SettingsError
from config.kombu_fix import tolerate_detached_transport

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

try:
    # Read the settings now, so that a worker or beat with a wrong configuration stops with
    # one line naming the variable instead of a traceback from deep inside Celery.
    settings.INSTALLED_APPS  # noqa: B018
except SettingsError as error:
    sys.exit(f"Configuration error: {error}")

tolerate_detached_transport()

app = Celery("stadtdialog")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
