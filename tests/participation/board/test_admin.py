"""The Geschäftsstelle Beirat runs the cycle in the admin: meeting with agenda, minutes
published after a confirmation, lottery drawn and confirmed, members with warnings."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from participation.models import (
    Application,
    Event,
    Frequency,
    LotteryRun,
    Meeting,
    Membership,
    Minutes,
    NotificationPreference,
    SeatType,
)
from participation.notifications import set_follow
from tests.participation.board.factories import (
    make_agenda_item,
    make_applications,
    make_board,
    make_call,
    make_meeting,
    make_membership,
    make_minutes,
    make_seat,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(client, board_office):
    client.force_login(board_office)
    return client


def inline_management(prefix, total=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_a_meeting_with_agenda_items_is_created_and_followers_are_told(
    office, resident, django_capture_on_commit_callbacks
):
    board = make_board()
    set_follow(user=resident, target=board, follow=True)
    NotificationPreference.objects.create(
        user=resident, event=Event.MEETING, frequency=Frequency.INSTANT
    )
    starts = timezone.localtime() + datetime.timedelta(days=20)
    data = {
        "board": board.pk,
        "number": "7",
        "title": "7. Sitzung",
        "is_public": "on",
        "starts_at_0": starts.strftime("%d.%m.%Y"),
        "starts_at_1": "18:00:00",
        "place": "Rathaus",
        "accessibility_note": "Aufzug vorhanden",
        **inline_management("agenda_items", 1),
        **inline_management("attachments"),
        "agenda_items-0-order": "1",
        "agenda_items-0-number": "1",
        "agenda_items-0-title": "Bericht",
        "agenda_items-0-is_public": "on",
    }

    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(reverse("admin:participation_meeting_add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    meeting = Meeting.objects.get()
    assert meeting.agenda_items.get().title == "Bericht"
    assert mail.outbox[0].to == [resident.email]


def test_a_meeting_without_a_date_is_refused_in_the_admin(office):
    board = make_board()
    data = {
        "board": board.pk,
        "number": "1",
        **inline_management("agenda_items"),
        **inline_management("attachments"),
    }
    response = office.post(reverse("admin:participation_meeting_add"), data)

    assert response.status_code == 200
    assert "starts_at" in response.context["adminform"].form.errors
    assert not Meeting.objects.exists()


def test_cancelling_a_meeting_asks_for_a_reason_first(office):
    meeting = make_meeting(make_board())
    url = reverse("admin:participation_meeting_changelist")
    action = {"action": "cancel", "_selected_action": [meeting.pk]}

    page = office.post(url, action)
    assert page.status_code == 200
    assert b'name="reason"' in page.content
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.PLANNED

    office.post(url, {**action, "confirm": "1", "reason": "Raum belegt"})
    meeting.refresh_from_db()
    assert (meeting.state, meeting.state_reason) == (Meeting.State.CANCELLED, "Raum belegt")


def test_minutes_are_edited_with_markdownx_and_published_after_a_confirmation(office, board_office):
    minutes = make_minutes(make_meeting(make_board()))
    change = office.get(reverse("admin:participation_minutes_change", args=[minutes.pk]))
    assert b"markdownx" in change.content
    publish = reverse("admin:participation_minutes_publish", args=[minutes.pk])
    assert publish.encode() in change.content

    confirmation = office.get(publish)
    assert confirmation.status_code == 200
    minutes.refresh_from_db()
    assert minutes.state == Minutes.State.DRAFT

    assert office.post(publish).status_code == 302
    minutes.refresh_from_db()
    assert minutes.state == Minutes.State.PUBLISHED
    assert minutes.published_by == board_office


@pytest.mark.usefixtures("english")  # asserts the English message
def test_publishing_minutes_of_a_cancelled_meeting_shows_the_refusal(office):
    minutes = make_minutes(make_meeting(make_board(), state=Meeting.State.CANCELLED))
    response = office.post(
        reverse("admin:participation_minutes_publish", args=[minutes.pk]), follow=True
    )
    assert "cancelled" in str(next(iter(response.context["messages"])))
    minutes.refresh_from_db()
    assert minutes.state == Minutes.State.DRAFT


def test_approval_is_recorded_at_a_later_meeting(office, board_office):
    board = make_board()
    minutes = make_minutes(
        make_meeting(board, starts_at=timezone.now() - datetime.timedelta(days=40))
    )
    Minutes.objects.filter(pk=minutes.pk).update(state=Minutes.State.PUBLISHED)
    later = make_meeting(board)
    url = reverse("admin:participation_minutes_approve", args=[minutes.pk])

    assert office.get(url).status_code == 200
    assert office.post(url, {"at_meeting": later.pk}).status_code == 302
    minutes.refresh_from_db()
    assert minutes.approved_at_meeting == later


def test_the_lottery_is_drawn_shown_and_only_then_confirmed(office):
    board = make_board()
    for _ in range(3):
        make_seat(board, SeatType.RESIDENT)
    call = make_call(board, pools={"Frauen": 2, "Männer": 1})
    for pool in call.pools.all():
        make_applications(call, 4, pool)
    call.closes_at = timezone.now() - datetime.timedelta(hours=1)
    call.save()
    url = reverse("admin:participation_call_lottery", args=[call.pk])

    assert office.get(url).status_code == 200
    empty = office.post(url, {"seed": ""})
    assert empty.status_code == 400
    drawn = office.post(url, {"seed": "12 7 33"})
    run = LotteryRun.objects.get()
    assert drawn["Location"] == reverse(
        "admin:participation_call_lottery_confirm", args=[call.pk, run.pk]
    )
    result = office.get(drawn["Location"])
    assert str(run.result["Frauen"][0]).encode() in result.content
    assert b"Bewerber" not in result.content  # numbers, never names
    assert not Membership.objects.exists()

    assert office.post(drawn["Location"]).status_code == 302
    run.refresh_from_db()
    assert run.confirmed
    assert Membership.objects.count() == 3


@pytest.mark.usefixtures("english")  # asserts the English message
def test_a_lottery_with_too_few_applicants_shows_a_clear_message(office):
    board = make_board()
    call = make_call(board, seats=5)
    make_applications(call, 2)
    call.closes_at = timezone.now() - datetime.timedelta(hours=1)
    call.save()

    response = office.post(
        reverse("admin:participation_call_lottery", args=[call.pk]), {"seed": "1"}
    )

    assert response.status_code == 400
    assert "has 5 seats but only 2 applications" in response.content.decode()


def test_application_lists_show_numbers_not_names_and_cannot_be_added(office):
    call = make_call(make_board())
    make_applications(call, 2)
    response = office.get(reverse("admin:participation_application_changelist"))
    assert b"Bewerber 1" not in response.content
    assert b"bewerber1@example.org" not in response.content
    assert office.get(reverse("admin:participation_application_add")).status_code == 403
    detail = office.get(
        reverse("admin:participation_application_change", args=[Application.objects.first().pk])
    )
    assert b"Bewerber 1" in detail.content  # staff need it to tell the result


def test_memberships_ending_soon_are_flagged_and_overlaps_refused(office):
    seat = make_seat(make_board(), SeatType.DELEGATE, label="Seniorenbeirat")
    member = make_membership(
        seat, "Hildegard Ende", end=timezone.localdate() + datetime.timedelta(days=20)
    )

    changelist = office.get(reverse("admin:participation_membership_changelist"))
    assert "Hildegard Ende" in str([str(m) for m in changelist.context["messages"]])
    change = office.get(reverse("admin:participation_membership_change", args=[member.pk]))
    assert b'name="user"' not in change.content  # the board office sees no accounts

    response = office.post(
        reverse("admin:participation_membership_add"),
        {
            "seat": seat.pk,
            "name": "Doppelt",
            "role": "member",
            "voting_right": "on",
            "start": timezone.localdate().strftime("%d.%m.%Y"),
        },
    )
    assert response.status_code == 200
    assert "bereits besetzt" in str(response.context["adminform"].form.non_field_errors())
    assert Membership.objects.count() == 1


def test_vacating_a_seat_in_the_admin_asks_for_the_date_first(office):
    member = make_membership(make_seat(make_board()), "Geht bald")
    url = reverse("admin:participation_membership_changelist")
    action = {"action": "vacate", "_selected_action": [member.pk]}

    assert office.post(url, action).status_code == 200
    office.post(
        url, {**action, "end": timezone.localdate().strftime("%d.%m.%Y"), "reason": "resigned"}
    )

    member.refresh_from_db()
    assert member.end == timezone.localdate()
    assert member.end_reason == "resigned"


@pytest.mark.parametrize("model", ["meeting", "minutes", "membership", "agendaitem"])
def test_board_admin_lists_stay_flat_with_many_rows(office, model, django_assert_max_num_queries):
    board = make_board()
    for i in range(40):
        meeting = make_meeting(board, starts_at=timezone.now() - datetime.timedelta(days=30 * i))
        make_minutes(meeting)
        make_membership(make_seat(board), f"Mitglied {i}")
        make_agenda_item(meeting)

    with django_assert_max_num_queries(15):
        assert office.get(reverse(f"admin:participation_{model}_changelist")).status_code == 200
