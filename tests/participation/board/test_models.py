import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from participation.models import Meeting, Membership, Minutes, SeatType
from tests.participation.board.factories import (
    make_board,
    make_meeting,
    make_membership,
    make_minutes,
    make_seat,
)

# Refusals and labels are asserted in their English source.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
D = datetime.date


@pytest.fixture
def seat():
    return make_seat(make_board(), SeatType.DELEGATE, label="Seniorenbeirat")


def test_two_holders_cannot_overlap_on_one_seat(seat):
    make_membership(seat, "Erste", start=D(2025, 1, 1), end=D(2026, 12, 31))

    with pytest.raises(ValidationError, match="already has a holder"):
        make_membership(seat, "Zweite", start=D(2026, 6, 1), end=None)


def test_an_open_ended_holder_blocks_any_later_holder(seat):
    make_membership(seat, "Erste", start=D(2025, 1, 1), end=None)

    with pytest.raises(ValidationError, match="already has a holder"):
        make_membership(seat, "Zweite", start=D(2030, 1, 1), end=D(2031, 1, 1))


def test_holders_may_follow_each_other_without_overlap(seat):
    make_membership(seat, "Erste", start=D(2025, 1, 1), end=D(2025, 12, 31))
    make_membership(seat, "Zweite", start=D(2026, 1, 1), end=None)

    assert seat.memberships.holders().count() == 2


def test_a_deputy_needs_a_holder_for_the_whole_period(seat):
    with pytest.raises(ValidationError, match="deputy needs a holder"):
        make_membership(seat, "Vertretung", role=Membership.Role.DEPUTY, start=D(2025, 1, 1))

    make_membership(seat, "Erste", start=D(2025, 1, 1), end=D(2025, 12, 31))
    with pytest.raises(ValidationError, match="deputy needs a holder"):
        make_membership(
            seat, "Vertretung", role=Membership.Role.DEPUTY, start=D(2025, 6, 1), end=D(2026, 6, 1)
        )

    make_membership(seat, "Zweite", start=D(2026, 1, 1), end=None)
    deputy = make_membership(
        seat, "Vertretung", role=Membership.Role.DEPUTY, start=D(2025, 6, 1), end=D(2026, 6, 1)
    )
    assert deputy.is_deputy


def test_two_deputies_cannot_overlap_but_a_deputy_does_not_block_a_holder(seat):
    make_membership(seat, "Inhaberin", start=D(2025, 1, 1))
    make_membership(seat, "Vertretung", role=Membership.Role.DEPUTY, start=D(2025, 1, 1))

    with pytest.raises(ValidationError, match="already has a deputy"):
        make_membership(seat, "Zweite Vertretung", role=Membership.Role.DEPUTY, start=D(2025, 3, 1))


def test_a_term_cannot_end_before_it_starts_and_consent_needs_a_date(seat):
    with pytest.raises(ValidationError) as error:
        make_membership(seat, "X", start=D(2025, 5, 1), end=D(2025, 4, 1))
    assert "end" in error.value.message_dict

    with pytest.raises(ValidationError) as error:
        make_membership(seat, "X", consent_to_publish=True, consent_date=None)
    assert "consent_date" in error.value.message_dict


def test_names_without_consent_are_hidden_from_public_querysets(seat):
    other = make_seat(seat.board, SeatType.RESIDENT)
    shown = make_membership(seat, "Hildegard Sichtbar")
    make_membership(other, "Heimlich Verborgen", consent_to_publish=False, consent_date=None)

    assert list(Membership.objects.current().published()) == [shown]
    public = {m.seat_id: m for m in Membership.objects.current().for_public()}
    assert public[seat.pk].public_name == "Hildegard Sichtbar"
    assert public[other.pk].public_name == ""
    assert "name" in public[other.pk].get_deferred_fields()
    rows = list(Membership.objects.for_public().values_list("public_name", flat=True))
    assert "Heimlich Verborgen" not in rows


def test_current_and_ending_memberships(seat):
    today = timezone.localdate()
    ending = make_membership(
        seat,
        "Bald weg",
        start=today - datetime.timedelta(days=300),
        end=today + datetime.timedelta(days=30),
    )
    later = make_membership(
        make_seat(seat.board), "Lange da", end=today + datetime.timedelta(days=90)
    )
    make_membership(make_seat(seat.board), "Schon weg", start=D(2020, 1, 1), end=D(2021, 1, 1))

    assert set(Membership.objects.current()) == {ending, later}
    assert list(Membership.objects.ending_within(60)) == [ending]
    assert ending.ends_soon()
    assert not later.ends_soon()


def test_a_meeting_needs_a_date(db):
    meeting = Meeting(board=make_board(), number=1, starts_at=None)
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert "starts_at" in error.value.message_dict


def test_a_meeting_must_end_after_it_starts(db):
    now = timezone.now()
    meeting = Meeting(board=make_board(), number=1, starts_at=now, ends_at=now)
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert "ends_at" in error.value.message_dict


def test_every_change_of_a_meeting_raises_its_calendar_sequence(db):
    meeting = make_meeting(make_board())
    assert meeting.sequence == 0
    meeting.place = "Bürgerhaus"
    meeting.save()
    meeting.state = Meeting.State.CANCELLED
    meeting.save(update_fields=["state"])
    meeting.refresh_from_db()
    assert meeting.sequence == 2


def test_meeting_numbers_are_unique_per_board(db):
    board = make_board()
    make_meeting(board, number=3)
    make_meeting(make_board(), number=3)
    with pytest.raises(IntegrityError):
        make_meeting(board, number=3)


def test_upcoming_and_past_meetings_and_public_filter(db):
    board = make_board()
    now = timezone.now()
    past = make_meeting(board, starts_at=now - datetime.timedelta(days=3))
    soon = make_meeting(board, starts_at=now + datetime.timedelta(days=3))
    closed = make_meeting(board, starts_at=now + datetime.timedelta(days=5), is_public=False)

    assert list(Meeting.objects.upcoming()) == [soon, closed]
    assert list(Meeting.objects.public().upcoming()) == [soon]
    assert list(Meeting.objects.past()) == [past]


def test_drafts_are_never_among_published_minutes(db):
    board = make_board()
    draft = make_minutes(make_meeting(board))
    published = make_minutes(make_meeting(board), state=Minutes.State.PUBLISHED)
    approved = make_minutes(make_meeting(board), state=Minutes.State.APPROVED)

    assert set(Minutes.objects.published()) == {published, approved}
    assert not draft.is_published
    annotated = {m.pk: m.has_published_minutes for m in Meeting.objects.with_minutes()}
    assert annotated[draft.meeting_id] is False
    assert annotated[published.meeting_id] is True


def test_markdown_of_board_texts_is_rendered_and_sanitised(db):
    board = make_board(purpose="**fett** <script>alert(1)</script>")
    assert "<strong>fett</strong>" in board.purpose_html
    assert "<script" not in board.purpose_html


def test_every_board_model_records_created_and_modified(db):
    from django.apps import apps

    timestamped = {
        "board",
        "boardterm",
        "seat",
        "membership",
        "call",
        "lotteryrun",
        "meeting",
        "agendaitem",
        "attachment",
        "minutes",
    }
    for name in timestamped:
        fields = {f.name for f in apps.get_model("participation", name)._meta.fields}
        assert {"created", "modified"} <= fields, name


def test_the_start_page_section_shows_the_next_public_meeting_and_latest_minutes(
    rf, django_assert_max_num_queries
):
    from participation.board.home import section

    board = make_board()
    now = timezone.now()
    make_meeting(board, starts_at=now + datetime.timedelta(days=2), is_public=False)
    coming = make_meeting(board, starts_at=now + datetime.timedelta(days=9))
    held = make_minutes(
        make_meeting(board, starts_at=now - datetime.timedelta(days=9)),
        state=Minutes.State.PUBLISHED,
        published_at=now,
    )
    make_minutes(make_meeting(board, starts_at=now - datetime.timedelta(days=2)))  # a draft

    with django_assert_max_num_queries(3):
        context = section(rf.get("/"))

    assert context["next_meeting"] == coming
    assert context["latest_minutes"] == held


def test_a_members_data_download_lists_their_memberships(db, resident):
    from participation import data_export

    make_membership(make_seat(make_board(), SeatType.DELEGATE), "Anna", user=resident)

    exported = data_export.collect(resident)["board_memberships"]
    assert exported[0]["role"]
    assert exported[0]["consent_to_publish"] is True
