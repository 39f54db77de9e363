import datetime

import pytest
from django.utils import timezone

from participation.board import lottery, seats
from participation.board.services import ActionRefused
from participation.models import Application, LotteryRun, Membership, SeatType
from tests.participation.board.factories import (
    make_applications,
    make_board,
    make_call,
    make_seat,
    make_term,
)

# Refusals and labels are asserted in their English source.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
NOW = timezone.now


def apply(call, **fields):
    values = {
        "name": "Eva Muster",
        "contact": "eva@example.org",
        "age_confirmed": True,
        "residence_confirmed": True,
    }
    values.update(fields)
    return seats.apply(call=call, **values)


@pytest.fixture
def board():
    board = make_board()
    for _ in range(8):
        make_seat(board, SeatType.RESIDENT)
    return board


def test_applications_are_numbered_in_order_of_arrival(board):
    call = make_call(board)
    assert [apply(call).number for _ in range(3)] == [1, 2, 3]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"residence_confirmed": False}, "live in the city"),
        ({"age_confirmed": False}, "at least 14"),
        ({"birth_year": NOW().year - 10}, "at least 14"),
        ({"birth_year": NOW().year - 14, "age_confirmed": False}, "at least 14"),
        ({"birth_year": 1800}, "valid year"),
        ({"name": " \x00 "}, "name"),
        ({"contact": "keine Angabe"}, "email address or a phone"),
        ({"contact": "eva@"}, "valid email"),
    ],
)
def test_ineligible_or_incomplete_applications_are_refused(board, fields, message):
    call = make_call(board)
    with pytest.raises(ActionRefused, match=message):
        apply(call, **fields)
    assert not Application.objects.exists()


def test_an_old_enough_birth_year_needs_no_checkbox_and_a_phone_number_is_enough(board):
    application = apply(
        make_call(board), birth_year=1970, age_confirmed=False, contact="0631 123456"
    )
    assert application.age_confirmed


def test_applications_outside_the_window_are_refused(board):
    later = make_call(
        board,
        opens_at=NOW() + datetime.timedelta(days=1),
        closes_at=NOW() + datetime.timedelta(days=9),
    )
    over = make_call(
        board,
        opens_at=NOW() - datetime.timedelta(days=9),
        closes_at=NOW() - datetime.timedelta(days=1),
    )
    with pytest.raises(ActionRefused, match="not open yet"):
        apply(later)
    with pytest.raises(ActionRefused, match="has ended"):
        apply(over)


def test_a_call_with_pools_needs_a_pool_of_that_call(board):
    call = make_call(board, pools={"Frauen": 4, "Männer": 4})
    other = make_call(board, pools={"Frauen": 1})
    with pytest.raises(ActionRefused, match="choose a pool"):
        apply(call)
    with pytest.raises(ActionRefused, match="choose a pool"):
        apply(call, pool=other.pools.get())
    assert apply(call, pool=call.pools.get(name="Frauen")).pool.name == "Frauen"


def closed_call(board, pools, counts, **fields):
    call = make_call(board, pools=pools, **fields)
    for pool in call.pools.all():
        make_applications(call, counts[pool.name], pool)
    call.closes_at = NOW() - datetime.timedelta(minutes=1)
    call.save()
    return call


def test_the_lottery_draws_per_pool_and_confirmation_seats_the_drawn(board, board_office):
    term = make_term(board, start=timezone.localdate(), end=timezone.localdate().replace(year=2099))
    call = closed_call(board, {"Frauen": 4, "Männer": 4}, {"Frauen": 7, "Männer": 6}, term=term)

    run = seats.run_lottery(call=call, seed=" 3 14 15 92 ", by=board_office)

    assert run.seed == "3 14 15 92"
    assert not run.confirmed
    assert run.algorithm_version == lottery.ALGORITHM_VERSION
    frauen = list(call.applications.filter(pool__name="Frauen").values_list("number", flat=True))
    assert run.result["Frauen"] == lottery.shuffle("3 14 15 92", "Frauen", frauen)
    assert not Membership.objects.exists()  # nothing is final before the confirmation

    members = seats.confirm_lottery(run=run)

    assert len(members) == 8
    assert {m.application_number for m in members} == {
        *run.drawn()["Frauen"],
        *run.drawn()["Männer"],
    }
    assert not any(m.consent_to_publish for m in members)
    assert all(m.end == term.end for m in members)
    successors = Application.objects.filter(state=Application.State.SUCCESSOR).order_by("rank")
    assert successors.count() == 5
    first = Application.objects.get(number=run.result["Frauen"][0])
    assert (first.rank, first.state) == (1, Application.State.DRAWN)


def test_a_lottery_with_more_seats_than_applicants_is_refused(board):
    call = closed_call(board, {"Frauen": 4, "Männer": 4}, {"Frauen": 7, "Männer": 3})
    with pytest.raises(ActionRefused, match="“Männer” has 4 seats but only 3 applications"):
        seats.run_lottery(call=call, seed="1 2 3", by=None)
    assert not LotteryRun.objects.exists()


def test_the_lottery_waits_for_the_call_to_close_and_needs_a_seed(board):
    call = make_call(board)
    make_applications(call, 10)
    with pytest.raises(ActionRefused, match="after the call has closed"):
        seats.run_lottery(call=call, seed="1 2 3", by=None)
    call.closes_at = NOW() - datetime.timedelta(minutes=1)
    call.save()
    with pytest.raises(ActionRefused, match="seed"):
        seats.run_lottery(call=call, seed=" \x00 ", by=None)


def test_a_call_without_pools_is_drawn_as_one_pool(board):
    call = make_call(board, seats=3)
    make_applications(call, 5)
    call.closes_at = NOW() - datetime.timedelta(minutes=1)
    call.save()

    run = seats.run_lottery(call=call, seed="x", by=None)

    assert run.pools == {lottery.ALL_APPLICATIONS: 3}
    assert len(seats.confirm_lottery(run=run)) == 3


def test_only_one_lottery_can_be_confirmed_per_call(board):
    call = closed_call(board, {"Frauen": 2}, {"Frauen": 5})
    first = seats.run_lottery(call=call, seed="a", by=None)
    second = seats.run_lottery(call=call, seed="b", by=None)
    seats.confirm_lottery(run=first)

    with pytest.raises(ActionRefused, match="already has a confirmed lottery"):
        seats.confirm_lottery(run=second)
    with pytest.raises(ActionRefused, match="already has a confirmed lottery"):
        seats.run_lottery(call=call, seed="c", by=None)


def test_confirmation_needs_enough_free_resident_seats_and_saves_nothing_otherwise():
    board = make_board()
    make_seat(board, SeatType.RESIDENT)
    call = closed_call(board, {"Frauen": 2}, {"Frauen": 5})
    run = seats.run_lottery(call=call, seed="a", by=None)

    with pytest.raises(ActionRefused, match="1 free resident seats for 2"):
        seats.confirm_lottery(run=run)
    run.refresh_from_db()
    assert not run.confirmed
    assert not Application.objects.exclude(state=Application.State.RECEIVED).exists()


def test_the_next_successor_of_the_same_pool_moves_up_when_a_seat_is_vacated(board):
    call = closed_call(board, {"Frauen": 4, "Männer": 4}, {"Frauen": 6, "Männer": 6})
    run = seats.run_lottery(call=call, seed="7 7 7", by=None)
    members = seats.confirm_lottery(
        run=run, start=timezone.localdate() - datetime.timedelta(days=30)
    )
    leaving = next(m for m in members if m.application_number == run.drawn()["Männer"][1])
    end = timezone.localdate()

    successor = seats.vacate_seat(
        membership=leaving, end=end, reason=Membership.EndReason.MOVED_AWAY
    )

    assert successor.application_number == run.successors()["Männer"][0]
    assert successor.seat_id == leaving.seat_id
    assert successor.start == end + datetime.timedelta(days=1)
    leaving.refresh_from_db()
    assert (leaving.end, leaving.end_reason) == (end, "moved_away")
    assert Application.objects.get(number=successor.application_number).state == "appointed"

    second_leaving = next(m for m in members if m.application_number == run.drawn()["Männer"][0])
    second = seats.vacate_seat(membership=second_leaving, end=end)
    assert second.application_number == run.successors()["Männer"][1]


def test_vacating_an_appointed_seat_ends_it_without_a_successor(board):
    member = Membership.objects.create(
        seat=make_seat(board, SeatType.ADMINISTRATION),
        name="Amtsleitung",
        start=datetime.date(2025, 1, 1),
    )
    assert seats.vacate_seat(membership=member, end=datetime.date(2025, 6, 30)) is None
    with pytest.raises(ActionRefused, match="before it started"):
        seats.vacate_seat(membership=member, end=datetime.date(2024, 1, 1))
