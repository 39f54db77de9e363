"""Exports carry full context (#12 item 5) and no link leads to an empty file (item 4).

Rows are read as dicts by their English column headers (the ``english`` fixture).
"""

import csv
import io
from datetime import timedelta

import pytest
from django.http import FileResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from guidelines import exports, responses
from guidelines.authoring import copy_version
from guidelines.models import Comment, Disposition, HideReason, Paragraph, Response, Version
from tests.guidelines.factories import first_paragraph, make_comment, make_version

pytestmark = pytest.mark.django_db

REASONING = """Wir haben den Absatz **ergänzt**:

- eine Frist von *sechs* Wochen,
- eine [Zusammenfassung](https://www.musterstadt.de/zusammenfassung).

Siehe <https://www.musterstadt.de/>."""


def url(name, version):
    return reverse(f"guidelines:{name}", kwargs={"slug": version.document.slug, "pk": version.pk})


def table(response):
    content = b"".join(response.streaming_content)
    if isinstance(response, FileResponse):  # XLSX
        sheet = load_workbook(io.BytesIO(content)).active
        lines = [["" if c.value is None else str(c.value) for c in r] for r in sheet.iter_rows()]
    else:
        lines = list(csv.reader(io.StringIO(content.decode()[1:], newline=""), delimiter=";"))
    headers = lines[0]
    rows = [dict(zip(headers, line, strict=True)) for line in lines[1:]]
    return {int(row["Comment ID"]): row for row in rows}


def export(client, name, version):
    response = client.get(url(name, version))
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse | FileResponse)
    return table(response)


@pytest.fixture
def cycle(resident, other_resident):
    """A closed consultation with published responses and the adopted version made from it;
    one response led to a paragraph of the adopted version, one to a draft's."""
    closed = make_version(
        state=Version.State.CLOSED, sections=2, paragraphs=4, label="Entwurf März 2024"
    )
    paragraph = first_paragraph(closed)
    now = timezone.now()
    comments = {
        "answered": make_comment(paragraph, resident, "Bitte eine Frist nennen."),
        "spam": make_comment(
            paragraph,
            other_resident,
            "Billige Uhren!",
            state=Comment.State.HIDDEN,
            hidden_reason=HideReason.SPAM,
            moderator_note="Dritter Werbeversuch dieser Person.",
        ),
        "insult": make_comment(
            paragraph,
            other_resident,
            "Unverschämt.",
            state=Comment.State.HIDDEN,
            hidden_reason=HideReason.INSULT,
        ),
        "withdrawn": make_comment(paragraph, resident, "Doch nicht.", withdrawn_at=now),
        "open": make_comment(paragraph, other_resident, "Noch unbeantwortet."),
    }
    adopted = copy_version(version=closed, label="Beschlossene Fassung")
    Version.objects.filter(pk=adopted.pk).update(state=Version.State.ADOPTED)
    draft = copy_version(version=adopted, label="Neuer Entwurf")
    answer = Response.objects.create(
        comment=comments["answered"],
        disposition=Disposition.ADOPTED,
        reasoning=REASONING,
        answered_by="Referat Bürgerbeteiligung",
    )
    led_to = adopted.paragraphs.get(key=paragraph.key)
    answer.result_paragraphs.set([led_to, draft.paragraphs.get(key=paragraph.key)])
    Version.objects.filter(pk=closed.pk).update(responses_published_at=now - timedelta(hours=1))
    closed.refresh_from_db()
    adopted.refresh_from_db()
    return closed, adopted, comments, led_to


@pytest.mark.parametrize("name", ["export_csv", "export_xlsx"])
def test_public_export_names_document_version_and_what_the_response_led_to(
    client, english, cycle, name
):
    closed, _adopted, comments, led_to = cycle

    rows = export(client, name, closed)

    row = rows[comments["answered"].pk]
    assert row["Document"] == closed.document.title
    assert row["Version"] == "Entwurf März 2024"
    assert row["Chapter"] == "Kapitel 1"
    with translation.override("en"):
        assert row["Paragraph"] == first_paragraph(closed).label
        # the draft's paragraph is not public: only the adopted one
        assert row["Led to (later version)"] == f"Beschlossene Fassung, {led_to.label}"
    assert row["Reasoning"].startswith("Wir haben den Absatz ergänzt:\n– eine Frist")
    assert "**" not in row["Reasoning"]
    assert rows[comments["open"].pk]["Led to (later version)"] == ""


@pytest.mark.parametrize("name", ["export_csv", "export_xlsx"])
def test_public_export_says_a_comment_was_hidden_but_not_why(client, english, cycle, name):
    _closed, _adopted, comments, _led_to = cycle

    rows = export(client, name, cycle[0])

    spam = rows[comments["spam"].pk]
    assert spam["Moderation state"] == "Hidden by moderation"
    assert spam["Comment"] == ""
    assert "Reason for hiding" not in spam
    assert "Moderator note" not in spam
    assert "Werbeversuch" not in str(rows)


@pytest.mark.parametrize("name", ["export_internal_csv", "export_internal_xlsx"])
def test_internal_export_has_hide_reason_moderator_note_and_every_result(
    client, english, editor, cycle, name
):
    closed, _adopted, comments, led_to = cycle
    client.force_login(editor)

    rows = export(client, name, closed)

    spam = rows[comments["spam"].pk]
    assert spam["Reason for hiding"] == "Advertising or spam"
    assert spam["Moderator note"] == "Dritter Werbeversuch dieser Person."
    assert rows[comments["insult"].pk]["Reason for hiding"] == "Insults or degrading remarks"
    assert rows[comments["answered"].pk]["Reason for hiding"] == ""
    with translation.override("en"):
        assert rows[comments["answered"].pk]["Led to (later version)"] == (
            f"Beschlossene Fassung, {led_to.label}; Neuer Entwurf, {led_to.label}"
        )


def test_a_response_leading_to_two_paragraphs_is_still_one_row(client, english, cycle):
    closed, adopted, comments, _led_to = cycle
    response = comments["answered"].response
    response.result_paragraphs.add(*adopted.paragraphs.filter(order__in=[2, 3]))

    rows = list(exports.CommentExport(closed, internal=False).rows())

    ids = [row[6] for row in rows]
    assert sorted(ids) == sorted(set(ids))
    assert len(rows) == 5  # every listed comment once (none is pending)


def test_withdrawn_and_spam_comments_do_not_wait_for_a_response(cycle):
    closed, _adopted, comments, _led_to = cycle

    # "answered" has one; "insult" and "open" still need one; spam and withdrawn none.
    assert responses.progress(closed) == (1, 3)
    Response.objects.bulk_create(
        Response(comment=comments[key], disposition=Disposition.NOTED, answered_by="Amt")
        for key in ["insult", "open"]
    )
    assert responses.progress(closed) == (3, 3)


def test_the_evaluation_counts_like_progress(client, editor, english, cycle):
    closed, _adopted, _comments, _led_to = cycle
    client.force_login(editor)

    page = client.get(reverse("admin:guidelines_response_changelist")).content.decode()

    assert responses.progress(closed) == (1, 3)
    assert f"{closed}</a>: 1 of 3 comments answered" in page


def test_report_counts_like_progress(client, english, cycle):
    closed, _adopted, _comments, _led_to = cycle

    content = client.get(url("version_report", closed)).content.decode()

    assert '<th scope="row">Answered</th><td>1 of 3</td>' in content
    assert "comments hidden as spam need no response" in content


# --- the adopted version: its consultation's report and exports --------------------------


@pytest.mark.parametrize(
    "name", ["version_report", "export_csv", "export_xlsx", "export_internal_csv"]
)
def test_adopted_version_leads_to_the_consultation_that_led_to_it(client, editor, cycle, name):
    closed, adopted, _comments, _led_to = cycle
    client.force_login(editor)

    response = client.get(url(name, adopted))

    assert response.status_code == 302
    assert response["Location"] == url(name, closed)


def test_adopted_version_without_recorded_origin_uses_the_last_consulted_one(client, cycle):
    closed, adopted, _comments, _led_to = cycle
    Version.objects.filter(pk=adopted.pk).update(based_on=None)

    response = client.get(url("export_csv", adopted))

    assert response.status_code == 302
    assert response["Location"] == url("export_csv", closed)


def test_adopted_version_with_comments_of_its_own_exports_them(client, english, cycle, resident):
    _closed, adopted, _comments, _led_to = cycle
    own = make_comment(Paragraph.objects.get(version=adopted, order=1), resident, "Danke!")

    assert set(export(client, "export_csv", adopted)) == {own.pk}
    assert client.get(url("version_report", adopted)).status_code == 200


def test_adopted_version_of_a_draft_says_why_there_is_nothing(client, english):
    draft = make_version(state=Version.State.DRAFT)
    adopted = copy_version(version=draft, label="Beschlossen")
    Version.objects.filter(pk=adopted.pk).update(state=Version.State.ADOPTED)

    response = client.get(url("export_csv", adopted))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Nothing to export" in content
    assert "An adopted version is not open for comments." in content


def test_empty_internal_export_is_not_kept_by_shared_caches(client, editor):
    version = make_version(state=Version.State.CLOSED)
    make_comment(first_paragraph(version), None, "Wartet.", state=Comment.State.PENDING)
    client.force_login(editor)
    other = make_version(state=Version.State.CLOSED)

    assert client.get(url("export_internal_csv", version)).status_code == 200  # the file
    response = client.get(url("export_internal_csv", other))

    assert b"data-export-empty" in response.content
    assert response["Cache-Control"] == "private, no-store"


def test_export_of_an_open_consultation_without_comments_says_they_can_come(client, english):
    version = make_version(state=Version.State.CONSULTATION)

    content = client.get(url("export_xlsx", version)).content.decode()

    assert "There are no public comments on" in content
    assert "Comments can still be made" in content
