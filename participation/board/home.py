"""The board's section of the start page: the next public meeting and the latest
published minutes of the first board, in two queries."""

from typing import Any

from django.http import HttpRequest

from participation.models import Board, Meeting, Minutes


def section(request: HttpRequest) -> dict[str, Any]:
    board = Board.objects.order_by("pk").first()
    if board is None:
        return {"board": None}
    return {
        "board": board,
        "next_meeting": Meeting.objects.next_for(board),
        "latest_minutes": Minutes.objects.latest_for(board),
    }
