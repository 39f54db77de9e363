"""The public pages of the Beteiligungsbeirat under /beirat/.

- ``pages``: the board, its meetings (list and archive by year), a meeting, its
  minutes and the lottery protocol — read-only, each in a fixed number of queries.
- ``application``: the application form of an open call and its receipt.

What is public is decided here and nowhere else on the site: meetings with
``is_public``, published or approved minutes (drafts are never shown, not even to
staff — they read them in admin), confirmed lottery runs, public attachments, and of
the agenda only public items; names of members only with their consent.
"""

from participation.board.views.application import application_received, call
from participation.board.views.pages import (
    archive,
    board,
    board_detail,
    lottery_run,
    meeting,
    meetings,
    minutes,
)

__all__ = [
    "application_received",
    "archive",
    "board",
    "board_detail",
    "call",
    "lottery_run",
    "meeting",
    "meetings",
    "minutes",
]
