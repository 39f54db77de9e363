import datetime

import pytest
from django.utils import timezone

from participation.board import seats
from participation.board.retention import purge_applications
from participation.models import Application, Call, LotteryRun, SeatType
from participation.tasks import purge_board_applications
from tests.participation.board.factories import make_applications, make_board, make_call, make_seat

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def closed_call(board, closed_days_ago, count=5, seats_=2):
    now = timezone.now()
    call = make_call(
        board,
        seats=seats_,
        opens_at=now - (closed_days_ago + 30) * DAY,
        closes_at=now - closed_days_ago * DAY,
    )
    make_applications(call, count)
    return call


def test_applications_are_deleted_after_the_retention_period_but_the_protocol_stays(settings):
    settings.BOARD_APPLICATION_RETENTION_DAYS = 30
    board = make_board()
    for _ in range(4):
        make_seat(board, SeatType.RESIDENT)
    drawn = closed_call(board, closed_days_ago=100)
    run = seats.run_lottery(call=drawn, seed="1 2 3", by=None)
    seats.confirm_lottery(run=run)
    LotteryRun.objects.filter(pk=run.pk).update(confirmed_at=timezone.now() - 31 * DAY)
    recent = closed_call(board, closed_days_ago=100, count=3)
    recent_run = seats.run_lottery(call=recent, seed="x", by=None)
    LotteryRun.objects.filter(pk=recent_run.pk).update(
        confirmed=True, confirmed_at=timezone.now() - 2 * DAY
    )
    undrawn_old = closed_call(board, closed_days_ago=31, count=4)
    still_open = make_call(board)
    make_applications(still_open, 2)

    assert purge_board_applications.delay().get() == 9

    assert not Application.objects.filter(call__in=[drawn, undrawn_old]).exists()
    assert Application.objects.filter(call=recent).count() == 3
    assert Application.objects.filter(call=still_open).count() == 2
    run.refresh_from_db()
    assert sorted(run.result[next(iter(run.result))]) == [1, 2, 3, 4, 5]
    assert Call.objects.get(pk=drawn.pk).personal_data_deleted_at is not None
    assert drawn.board.seats.first().memberships.exists()  # members stay members
    assert purge_applications() == 0  # idempotent


def test_the_retention_task_is_scheduled_daily(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["purge-board-applications"]
    assert entry["task"] == "participation.tasks.purge_board_applications"
