"""Writes on the Vorhabenliste with side effects: the change log, editions, Anregungen.

Every function is keyword-only and atomic, checks its rules and raises
:class:`ActionRefused` with a message for the person, so nothing is half-saved.
"""

from projects.services.changes import (
    TRACKED_FIELDS,
    describe,
    publish_project,
    record_change,
    tracked_fields_changed,
)
from projects.services.common import ActionRefused
from projects.services.editions import freeze_edition
from projects.services.requests import (
    close_request,
    create_request,
    put_on_agenda,
    record_decision,
    record_recommendation,
    request_window_closes,
    support_request,
)

__all__ = [
    "TRACKED_FIELDS",
    "ActionRefused",
    "close_request",
    "create_request",
    "describe",
    "freeze_edition",
    "publish_project",
    "put_on_agenda",
    "record_change",
    "record_decision",
    "record_recommendation",
    "request_window_closes",
    "support_request",
    "tracked_fields_changed",
]
