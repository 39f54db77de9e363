import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Attachments written by the OParl tests go to a temporary directory."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def oparl(client):
    """GET an OParl address (relative to /oparl/v1/ or absolute) and return the response."""
    from django.conf import settings

    def get(address: str, **headers):
        path = address.removeprefix(settings.SITE_URL)
        if not path.startswith("/"):
            path = "/oparl/v1/" + path
        return client.get(path, headers=headers)

    return get


@pytest.fixture
def world(db):
    """A board with public and non-public parts of every kind.

    Everything secret carries a name with "GEHEIM" so that a test can check that the
    word appears in no answer; ``world.secret_ids`` lists the OParl addresses that must
    never be served.
    """
    import datetime
    from types import SimpleNamespace

    from django.utils import timezone

    from participation.models import Attachment
    from tests.participation.board import factories as f

    board = f.make_board(name="Beteiligungsbeirat")
    term = f.make_term(board)
    seat, other_seat = f.make_seat(board), f.make_seat(board)
    member = f.make_membership(seat, "Erika Beispiel", role="chair")
    hidden_member = f.make_membership(
        other_seat, "GEHEIM Verborgen", consent_to_publish=False, consent_date=None
    )
    past = timezone.now() - datetime.timedelta(days=30)
    meeting = f.make_meeting(board, title="Öffentliche Sitzung", starts_at=past)
    item = f.make_agenda_item(meeting, "Bericht", outcome="Zur Kenntnis genommen", votes_for=9)
    secret_item = f.make_agenda_item(meeting, "GEHEIM Personalie", is_public=False)
    secret_meeting = f.make_meeting(board, title="GEHEIM Klausur", is_public=False)
    secret_meeting_item = f.make_agenda_item(secret_meeting, "GEHEIM Haushalt")
    invitation = f.make_attachment(meeting=meeting, title="Einladung", kind="invitation")
    item_file = f.make_attachment(agenda_item=item, title="Präsentation")
    secret_files = [
        f.make_attachment(agenda_item=secret_item, title="GEHEIM Gutachten"),
        f.make_attachment(meeting=meeting, title="GEHEIM intern", is_public=False),
        f.make_attachment(meeting=secret_meeting, title="GEHEIM Einladung"),
        f.make_attachment(
            meeting=meeting, title="GEHEIM Protokollentwurf", kind=Attachment.Kind.MINUTES
        ),
    ]
    f.make_minutes(meeting, pdf=secret_files[-1])
    return SimpleNamespace(
        board=board,
        term=term,
        member=member,
        hidden_member=hidden_member,
        meeting=meeting,
        item=item,
        secret_item=secret_item,
        secret_meeting=secret_meeting,
        invitation=invitation,
        item_file=item_file,
        secret_ids=[
            f"person/{hidden_member.pk}",
            f"membership/{hidden_member.pk}",
            f"agendaItem/{secret_item.pk}",
            f"agendaItem/{secret_meeting_item.pk}",
            f"meeting/{secret_meeting.pk}",
            f"location/{secret_meeting.pk}",
            *(f"file/{a.pk}" for a in secret_files),
        ],
    )
