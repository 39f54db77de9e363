import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from participation.models import Attachment, Minutes
from tests.participation.board.factories import (
    make_agenda_item,
    make_attachment,
    make_board,
    make_meeting,
    make_minutes,
    pdf_bytes,
)

# Refusals and labels are asserted in their English source.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def attach(content: bytes, name: str = "upload.pdf") -> Attachment:
    attachment = Attachment(meeting=make_meeting(make_board()), title="Anlage")
    attachment.file = ContentFile(content, name=name)
    attachment.full_clean()
    attachment.save()
    return attachment


def test_a_pdf_is_stored_under_a_random_name_with_size_and_checksum():
    content = pdf_bytes()
    attachment = attach(content, name="../../evil name.html")

    assert attachment.file.name.startswith("beirat/")
    assert attachment.file.name.endswith(".pdf")
    assert "evil" not in attachment.file.name
    assert attachment.size == len(content)
    assert attachment.sha512 == hashlib.sha512(content).hexdigest()


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"<html><body><script>alert(1)</script></body></html>", "not_pdf"),
        (b"%PDF-1.4\n<html><script>alert(document.cookie)</script>\n%%EOF\n", "polyglot"),
        (pdf_bytes(b"<!DOCTYPE html><html>"), "polyglot"),
        (b"%PDF-1.4\n1 0 obj\n<< >>\nendobj\n", "truncated"),
        (b"", "not_pdf"),
    ],
    ids=["renamed-html", "polyglot", "doctype-polyglot", "no-eof", "empty"],
)
def test_files_that_are_not_clean_pdfs_are_refused(content, code):
    with pytest.raises(ValidationError) as error:
        attach(content)
    assert code in {e.code for e in error.value.error_dict["file"]}
    assert not Attachment.objects.exists()


def test_oversized_files_are_refused(settings):
    settings.BOARD_ATTACHMENT_MAX_BYTES = 1000
    with pytest.raises(ValidationError, match="must not be larger"):
        attach(pdf_bytes(b"x" * 2000))


def test_an_attachment_belongs_to_a_meeting_or_an_item_not_both():
    meeting = make_meeting(make_board())
    item = make_agenda_item(meeting)
    with pytest.raises(ValidationError):
        make_attachment(meeting=meeting, agenda_item=item)
    with pytest.raises(ValidationError):
        make_attachment()
    assert make_attachment(agenda_item=item).agenda_item == item


def test_attachments_are_served_with_the_safe_media_headers(client):
    attachment = make_attachment(meeting=make_meeting(make_board()))

    response = client.get(attachment.file.url)

    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_a_non_public_attachment_is_not_served_whoever_knows_its_name(client, moderator):
    board = make_board()
    hidden = make_attachment(meeting=make_meeting(board), is_public=False)
    of_closed_meeting = make_attachment(meeting=make_meeting(board, is_public=False))
    of_closed_item = make_attachment(
        agenda_item=make_agenda_item(make_meeting(board), is_public=False)
    )

    for attachment in (hidden, of_closed_meeting, of_closed_item):
        assert client.get(attachment.file.url).status_code == 404
    client.force_login(moderator)  # staff, but not of the board
    assert client.get(hidden.file.url).status_code == 404


def test_the_pdf_of_draft_minutes_is_served_only_once_they_are_published(client, board_office):
    meeting = make_meeting(make_board())
    pdf = make_attachment(meeting=meeting, kind=Attachment.Kind.MINUTES)
    minutes = make_minutes(meeting, pdf=pdf)

    assert client.get(pdf.file.url).status_code == 404
    client.force_login(board_office)
    assert client.get(pdf.file.url).status_code == 200  # the office checks it before publishing
    client.logout()

    Minutes.objects.filter(pk=minutes.pk).update(state=Minutes.State.PUBLISHED)
    assert client.get(pdf.file.url).status_code == 200


def test_an_over_long_media_name_is_not_found(client):
    assert client.get("/media/" + "x" * 5000).status_code == 404
