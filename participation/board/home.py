"""The board's section of the start page: the next public meeting and the latest
published minutes of the first board, in two queries."""

from typing import Any

from django.http import HttpRequest

from participation.models import Board, Meeting, Minutes


def section(request: HttpRequest) -> dict[str, Any]:
    board = Board.objects.order_by("pk").first()
    if board is None:
        return {"board": None}
    next_meeting = (
        Meeting.objects.public()
        .upcoming()
        .filter(board=board)
        .exclude(state=Meeting.State.CANCELLED)
        .first()
    )
    latest_minutes = (
        Minutes.objects.published()
        .filter(meeting__board=board, meeting__is_public=True)
        .select_related("meeting")
        .order_by("-published_at")
        .first()
    )
    return {"board": board, "next_meeting": next_meeting, "latest_minutes": latest_minutes}
