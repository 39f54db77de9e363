"""Addresses of the board's public pages; included in the ``participation`` namespace.

The main (first) board has the short addresses (/beirat/, /beirat/sitzungen/); other
boards have theirs under /beirat/<slug>/. The fixed words come first, so a board can
not take "sitzungen", "protokolle", "losverfahren" or "bewerbung" as its slug.
"""

from django.urls import path

from participation.board import feeds, views

board_urlpatterns = [
    path("beirat/", views.board, name="board"),
    path("beirat/sitzungen/", views.meetings, name="board_meetings"),
    path("beirat/sitzungen.ics", feeds.meetings_calendar, name="board_calendar"),
    path("beirat/protokolle.atom", feeds.minutes_feed, name="board_minutes_feed"),
    path("beirat/sitzungen/archiv/<id:year>/", views.archive, name="board_archive"),
    path("beirat/sitzungen/<id:pk>/", views.meeting, name="board_meeting"),
    path("beirat/protokolle/<id:pk>/", views.minutes, name="board_minutes"),
    path("beirat/losverfahren/<id:pk>/", views.lottery_run, name="board_lottery"),
    path("beirat/bewerbung/<id:pk>/", views.call, name="board_call"),
    path(
        "beirat/bewerbung/<id:pk>/eingegangen/<str:token>/",
        views.application_received,
        name="board_application_received",
    ),
    path("beirat/<slug:slug>/", views.board_detail, name="board_detail"),
    path("beirat/<slug:slug>/sitzungen/", views.meetings, name="board_meetings_of"),
    path(
        "beirat/<slug:slug>/sitzungen/archiv/<id:year>/",
        views.archive,
        name="board_archive_of",
    ),
]
