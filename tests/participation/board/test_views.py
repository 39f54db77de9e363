"""The public board pages: what anyone may see, and what nobody sees (drafts, names
without consent, non-public meetings and agenda items, unconfirmed lotteries)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from participation.board.services import publish_minutes
from participation.models import Attachment, Meeting, Membership, SeatType
from tests.participation.board.factories import (
    make_agenda_item,
    make_attachment,
    make_board,
    make_call,
    make_lottery_run,
    make_meeting,
    make_membership,
    make_minutes,
    make_seat,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def board():
    return make_board(name="Beteiligungsbeirat", slug="beirat")


def past(days: int = 30) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def test_board_page_shows_purpose_rules_members_and_feed_links(client, board):
    seat = make_seat(board, SeatType.ADMINISTRATION, label="Stadtverwaltung")
    make_membership(
        seat, name="Clara Chair", role=Membership.Role.CHAIR, start=datetime.date(2025, 3, 1)
    )
    response = client.get(reverse("participation:board"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>Leitlinien</strong>" in html
    assert "§ 1 Aufgaben" in html
    assert "Clara Chair" in html
    assert "Stadtverwaltung" in html
    assert "März 2025" in html
    assert 'type="text/calendar"' in html
    assert 'type="application/atom+xml"' in html
    assert reverse("participation:subscribe", args=["minutes"]) in html


def test_name_without_consent_appears_nowhere_on_the_board_page(client, board):
    seat = make_seat(board)
    make_membership(seat, name="Heimliche Holderin", consent_to_publish=False, consent_date=None)
    make_membership(
        seat,
        name="Verdeckter Vertreter",
        role=Membership.Role.DEPUTY,
        consent_to_publish=False,
        consent_date=None,
    )
    html = client.get(reverse("participation:board")).content.decode()
    assert "Heimliche" not in html
    assert "Holderin" not in html
    assert "Verdeckter" not in html
    assert "Vertreter" not in html
    assert html.count("Name not published") + html.count("Name nicht veröffentlicht") == 2


def test_former_members_are_not_listed(client, board):
    seat = make_seat(board)
    make_membership(
        seat,
        name="Ehemalige Person",
        start=datetime.date(2020, 1, 1),
        end=datetime.date(2021, 1, 1),
    )
    assert "Ehemalige Person" not in client.get(reverse("participation:board")).content.decode()


def test_main_board_links_other_boards_which_have_their_own_page(client, board):
    youth = make_board(name="Jugendbeirat", slug="jugend")
    html = client.get(reverse("participation:board")).content.decode()
    assert youth.get_absolute_url() in html
    response = client.get(youth.get_absolute_url())
    assert response.status_code == 200
    assert "Jugendbeirat" in response.content.decode()
    assert client.get("/beirat/unbekannt/").status_code == 404


def test_meeting_list_shows_upcoming_and_recent_meetings_and_archive_years(client, board):
    upcoming = make_meeting(board, title="Kommende Sitzung")
    recent = make_meeting(board, title="Letzte Sitzung", starts_at=past(30))
    old = make_meeting(
        board, title="Alte Sitzung", starts_at=timezone.now().replace(year=2019, month=5)
    )
    make_meeting(board, title="Geheime Sitzung", is_public=False)
    response = client.get(reverse("participation:board_meetings"))
    html = response.content.decode()
    assert response.status_code == 200
    assert upcoming.title in html
    assert recent.title in html
    assert old.title not in html
    assert "Geheime Sitzung" not in html
    archive = reverse("participation:board_archive", kwargs={"year": 2019})
    assert archive in html
    assert "Alte Sitzung" in client.get(archive).content.decode()


def test_archive_of_a_year_without_meetings_answers_404(client, board):
    make_meeting(board)
    assert (
        client.get(reverse("participation:board_archive", kwargs={"year": 1999})).status_code == 404
    )


def test_meeting_page_shows_public_agenda_with_outcome_votes_and_documents(client, board):
    meeting = make_meeting(board, starts_at=past(7), state=Meeting.State.HELD)
    item = make_agenda_item(
        meeting,
        title="Leitlinien evaluieren",
        outcome="Der Beirat empfiehlt die Evaluation.",
        votes_for=9,
        votes_against=1,
        abstentions=2,
    )
    make_attachment(agenda_item=item, title="Vorlage Evaluation")
    make_attachment(meeting=meeting, title="Einladung zur Sitzung", kind=Attachment.Kind.INVITATION)
    make_attachment(meeting=meeting, title="Internes Papier", is_public=False)
    response = client.get(meeting.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Leitlinien evaluieren" in html
    assert "Der Beirat empfiehlt die Evaluation." in html
    assert re.search(r'class="board-votes">[^<]*9[^<]*1[^<]*2', html)
    assert "Vorlage Evaluation" in html
    assert "Einladung zur Sitzung" in html
    assert "Internes Papier" not in html
    assert "Rathaus, Sitzungssaal 1" in html
    assert "Stufenloser Zugang" in html


def test_non_public_agenda_items_show_no_title_description_outcome_or_documents(client, board):
    meeting = make_meeting(board)
    make_agenda_item(meeting, title="Öffentlicher Punkt")
    secret = make_agenda_item(
        meeting,
        title="Personalangelegenheit Müller",
        description="Vertrauliche Beschreibung",
        outcome="Vertrauliches Ergebnis",
        is_public=False,
    )
    make_agenda_item(meeting, title="Zweiter geheimer Punkt", is_public=False)
    make_attachment(agenda_item=secret, title="Vertrauliche Anlage")
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Öffentlicher Punkt" in html
    for hidden in ("Müller", "Vertrauliche", "Vertrauliches", "Zweiter geheimer Punkt"):
        assert hidden not in html
    assert "Non-public part" in html or "Nicht öffentlicher Teil" in html


def test_non_public_meeting_answers_404(client, board):
    meeting = make_meeting(board, is_public=False)
    assert client.get(meeting.get_absolute_url()).status_code == 404


def test_cancelled_meeting_says_so_with_its_reason(client, board):
    meeting = make_meeting(board, state=Meeting.State.CANCELLED, state_reason="Krankheit")
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Krankheit" in html
    assert "board-notice--cancelled" in html


def test_draft_minutes_are_invisible_to_the_public_and_to_staff(
    client, board, board_office, moderator
):
    meeting = make_meeting(board, starts_at=past(7))
    make_minutes(meeting, text="Geheimer Entwurfstext")
    url = reverse("participation:board_minutes", kwargs={"pk": meeting.pk})
    assert client.get(url).status_code == 404
    for staff in (moderator, board_office):
        client.force_login(staff)
        assert client.get(url).status_code == 404
        assert (
            "Geheimer Entwurfstext" not in client.get(meeting.get_absolute_url()).content.decode()
        )
        assert (
            "Geheimer Entwurfstext"
            not in client.get(reverse("participation:board_minutes_feed")).content.decode()
        )


def test_published_minutes_are_shown_with_their_pdf(client, board, board_office):
    meeting = make_meeting(board, starts_at=past(7), state=Meeting.State.HELD)
    pdf = make_attachment(meeting=meeting, title="Protokoll als PDF", kind=Attachment.Kind.MINUTES)
    minutes = make_minutes(meeting, text="## TOP 1\n\nVeröffentlichter Text", pdf=pdf)
    assert "Protokoll als PDF" not in client.get(meeting.get_absolute_url()).content.decode()
    publish_minutes(minutes=minutes, by=board_office)
    response = client.get(minutes.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Veröffentlichter Text" in html
    assert "Protokoll als PDF" in html
    assert pdf.file.url in html
    assert minutes.get_absolute_url() in client.get(meeting.get_absolute_url()).content.decode()


def test_lottery_protocol_is_public_only_when_confirmed_and_shows_numbers_not_names(client, board):
    call = make_call(board, closes_at=past(1), opens_at=past(20))
    run = make_lottery_run(
        call, confirmed=False, seed="4 8 15 16 23 42", result={"Alle Bewerbungen": [7, 3, 5, 1]}
    )
    assert client.get(run.get_absolute_url()).status_code == 404
    run.confirmed, run.confirmed_at = True, timezone.now()
    run.save()
    response = client.get(run.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "4 8 15 16 23 42" in html
    assert "Fisher" in html
    assert "Bewerber" not in html
    assert run.get_absolute_url() in client.get(reverse("participation:board")).content.decode()


def test_open_call_is_linked_from_the_board_page(client, board):
    call = make_call(board, title="Jetzt bewerben 2026")
    html = client.get(reverse("participation:board")).content.decode()
    assert call.get_absolute_url() in html


def test_follow_button_is_shown_to_residents_and_follows_the_board(client, board, resident):
    client.force_login(resident)
    html = client.get(reverse("participation:board")).content.decode()
    follow_url = reverse("participation:follow", kwargs={"kind": "board", "pk": board.pk})
    assert follow_url in html
    response = client.post(follow_url, {"follow": "1", "next": "/beirat/"})
    assert response.status_code == 302
    assert 'aria-pressed="true"' in client.get(reverse("participation:board")).content.decode()


def test_pages_refuse_other_methods(client, board):
    meeting = make_meeting(board)
    assert client.post(reverse("participation:board")).status_code == 405
    assert client.post(meeting.get_absolute_url()).status_code == 405


def test_start_page_section_shows_next_meeting_and_latest_minutes(client, board, board_office):
    upcoming = make_meeting(board, title="Nächste Beiratssitzung")
    held = make_meeting(board, title="Frühere Sitzung", starts_at=past(10))
    publish_minutes(minutes=make_minutes(held), by=board_office)
    html = client.get(reverse("participation:home")).content.decode()
    assert upcoming.get_absolute_url() in html
    assert reverse("participation:board_minutes", kwargs={"pk": held.pk}) in html


def test_agenda_item_links_a_public_guideline_document_but_never_a_draft(client, board):
    from django.contrib.contenttypes.models import ContentType

    from guidelines.models import Document, Version

    public = Document.objects.create(title="Leitlinien Bürgerbeteiligung", slug="leitlinien")
    Version.objects.create(document=public, label="Entwurf", state=Version.State.CONSULTATION)
    draft = Document.objects.create(title="Geheimer Leitlinienentwurf", slug="entwurf")
    Version.objects.create(document=draft, label="Entwurf", state=Version.State.DRAFT)
    document_type = ContentType.objects.get_for_model(Document)
    meeting = make_meeting(board)
    make_agenda_item(meeting, title="Leitlinien", content_type=document_type, object_id=public.pk)
    make_agenda_item(meeting, title="Entwurf", content_type=document_type, object_id=draft.pk)
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert f'href="{public.get_absolute_url()}"' in html
    assert "Leitlinien Bürgerbeteiligung" in html
    assert "Geheimer Leitlinienentwurf" not in html
    assert draft.get_absolute_url() not in html


def test_other_boards_have_their_own_meeting_list_and_archive(client, board):
    youth = make_board(name="Jugendbeirat", slug="jugend")
    make_meeting(board, title="Sitzung des Hauptbeirats")
    old = make_meeting(youth, title="Jugendsitzung 2020", starts_at=past(365 * 6))
    listing = client.get(reverse("participation:board_meetings_of", kwargs={"slug": "jugend"}))
    html = listing.content.decode()
    assert listing.status_code == 200
    assert "Sitzung des Hauptbeirats" not in html
    archive = reverse(
        "participation:board_archive_of", kwargs={"slug": "jugend", "year": old.starts_at.year}
    )
    assert archive in html
    assert "Jugendsitzung 2020" in client.get(archive).content.decode()


def test_board_pages_speak_english_on_request(client, board):
    make_meeting(board)
    html = client.get(reverse("participation:board_meetings"), HTTP_ACCEPT_LANGUAGE="en").content
    assert b"Upcoming meetings" in html
