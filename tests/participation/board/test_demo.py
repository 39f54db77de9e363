from participation.board import demo
from participation.models import (
    AgendaItem,
    Application,
    Board,
    LotteryRun,
    Meeting,
    Membership,
    Minutes,
    Seat,
    SeatType,
)


def test_demo_board_follows_the_reference_case(db):
    demo.seed()
    board = Board.objects.get()
    seats = Seat.objects.filter(board=board)
    assert seats.count() == 16
    assert seats.filter(seat_type=SeatType.RESIDENT).count() == 8
    assert seats.filter(seat_type=SeatType.ADMINISTRATION).count() == 3
    assert seats.filter(seat_type=SeatType.COORDINATION).count() == 1
    assert seats.filter(seat_type=SeatType.DELEGATE).count() == 4
    current = Membership.objects.current().filter(seat__board=board)
    assert current.holders().count() == 16
    assert current.filter(consent_to_publish=False).exists()
    assert current.published().count() >= 14


def test_demo_has_a_confirmed_lottery_with_successors(db):
    demo.seed()
    run = LotteryRun.objects.get()
    assert run.confirmed
    assert sum(len(n) for n in run.result.values()) == Application.objects.count() == 30
    assert Application.objects.filter(state=Application.State.APPOINTED).count() == 1
    assert Membership.objects.exclude(end_reason="").count() == 1


def test_demo_meetings_minutes_and_agenda(db):
    demo.seed()
    assert Meeting.objects.filter(state=Meeting.State.HELD).count() == 4
    assert Meeting.objects.upcoming().count() == 1
    assert Minutes.objects.published().count() == 3
    assert Minutes.objects.filter(state=Minutes.State.DRAFT).count() == 1
    approved = Minutes.objects.filter(state=Minutes.State.APPROVED)
    assert all(m.approved_at_meeting.starts_at > m.meeting.starts_at for m in approved)
    assert "<h2" in Minutes.objects.published().first().text_html


def test_demo_links_a_guideline_document_when_one_exists(db):
    from guidelines import demo as guideline_demo

    guideline_demo.seed()
    demo.seed()
    item = AgendaItem.objects.get(content_type__isnull=False)
    assert item.meeting in Meeting.objects.upcoming()
    assert item.linked is not None


def test_demo_is_idempotent_and_links_the_guideline_later(db):
    from guidelines import demo as guideline_demo

    demo.seed()
    counts = (Board.objects.count(), Meeting.objects.count(), Membership.objects.count())
    assert not AgendaItem.objects.filter(content_type__isnull=False).exists()
    guideline_demo.seed()
    assert "guideline linked" in demo.seed()
    assert "already there." in demo.seed()
    assert (Board.objects.count(), Meeting.objects.count(), Membership.objects.count()) == counts
