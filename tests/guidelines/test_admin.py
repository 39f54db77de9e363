import re

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.forms import MultiWidget
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from guidelines.authoring import import_version
from guidelines.models import (
    Comment,
    Document,
    HideReason,
    ModerationAction,
    Paragraph,
    Report,
    Version,
)
from tests.conftest import make_user

IMPORT_URL = reverse("admin:guidelines_version_import")
QUEUE_URL = reverse("admin:guidelines_comment_changelist")
TEXT = "# Präambel\n\nErster Absatz.\n\nZweiter Absatz.\n\n## Ziele\n\n- eins\n- zwei\n"


@pytest.fixture
def client(client):
    """The admin speaks German by default; tests read the English source strings."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def document(db) -> Document:
    return Document.objects.create(title="Leitlinien", slug="leitlinien")


@pytest.fixture
def version(document) -> Version:
    return import_version(document=document, label="Entwurf März 2024", text=TEXT)


@pytest.fixture
def paragraph(version) -> Paragraph:
    return version.paragraphs.order_by("order").first()


def comment(paragraph, author, state=Comment.State.PUBLISHED, **extra) -> Comment:
    return Comment.objects.create(
        paragraph=paragraph, author=author, text="Ein Kommentar.", state=state, **extra
    )


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def action(client, name, comments, **extra):
    return client.post(
        QUEUE_URL,
        {"action": name, "_selected_action": [c.pk for c in comments], "index": 0, **extra},
        follow=True,
    )


def change_form_data(response) -> dict:
    """The POST data of an admin change form as the browser would send it unchanged."""
    data: dict = {}

    def add(form):
        for name, field in form.fields.items():
            key, value = form.add_prefix(name), form[name].value()
            widget = getattr(field.widget, "widget", field.widget)
            if isinstance(widget, MultiWidget):
                for index, part in enumerate(widget.decompress(value)):
                    data[f"{key}_{index}"] = "" if part is None else part
            elif value is True:
                data[key] = "on"
            elif value is not None and value is not False:
                data[key] = value

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        add(inline.formset.management_form)
        for form in inline.formset.forms:
            add(form)
    return data


# --- access --------------------------------------------------------------------------------


def test_editor_opens_the_import_form_with_the_document_preselected(client, editor, document):
    client.force_login(editor)

    response = client.get(IMPORT_URL, {"document": document.pk})

    assert response.status_code == 200
    assert response.context["form"]["document"].value() == str(document.pk)


def test_moderator_cannot_import(client, moderator, document):
    client.force_login(moderator)

    assert client.get(IMPORT_URL).status_code == 403
    response = client.post(IMPORT_URL, {"document": document.pk, "label": "X", "text": TEXT})
    assert response.status_code == 403
    assert not Version.objects.exists()


def test_resident_gets_no_admin_at_all(client, resident, version):
    client.force_login(resident)

    for url in (
        IMPORT_URL,
        QUEUE_URL,
        reverse("admin:guidelines_version_change", args=[version.pk]),
        reverse("admin:guidelines_version_copy", args=[version.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/login/" in response["Location"]


def test_anonymous_cannot_post_an_import(client, document):
    response = client.post(IMPORT_URL, {"document": document.pk, "label": "X", "text": TEXT})

    assert response.status_code == 302
    assert not Version.objects.exists()


# --- import --------------------------------------------------------------------------------


def test_editor_imports_pasted_text_after_a_preview_and_a_confirmation(client, editor, document):
    client.force_login(editor)

    preview = client.post(
        IMPORT_URL, {"document": document.pk, "label": "Entwurf März 2024", "text": TEXT}
    )

    assert preview.status_code == 200
    assert not Version.objects.exists(), "the preview must not save anything"
    page = preview.content.decode()
    assert "will have 2 sections and 3 paragraphs" in page
    assert "<li>eins</li>" in page
    assert "Präambel" in page

    confirm = preview.context["confirm"]
    data = {confirm.add_prefix(name): confirm[name].value() or "" for name in confirm.fields}
    response = client.post(IMPORT_URL, {**data, "confirm": "1"})

    version = Version.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:guidelines_version_change", args=[version.pk])
    assert version.label == "Entwurf März 2024"
    assert version.state == Version.State.DRAFT
    assert list(version.sections.values_list("title", flat=True)) == ["Präambel", "Ziele"]
    assert list(version.paragraphs.order_by("order").values_list("text", flat=True)) == [
        "Erster Absatz.",
        "Zweiter Absatz.",
        "- eins\n- zwei",
    ]
    assert "imported with 3 paragraphs" in messages_of(response)[0]
    assert client.get(response["Location"]).status_code == 200


def test_editor_imports_an_uploaded_file_with_bom_and_windows_line_endings(
    client, editor, document
):
    client.force_login(editor)
    upload = SimpleUploadedFile(
        "leitlinien.md", b"\xef\xbb\xbf" + TEXT.replace("\n", "\r\n").encode(), "text/markdown"
    )

    preview = client.post(IMPORT_URL, {"document": document.pk, "label": "Datei", "file": upload})
    assert preview.status_code == 200
    confirm = preview.context["confirm"]
    data = {confirm.add_prefix(name): confirm[name].value() or "" for name in confirm.fields}
    client.post(IMPORT_URL, {**data, "confirm": "1"})

    version = Version.objects.get()
    assert version.paragraphs.count() == 3
    assert version.sections.first().title == "Präambel"


def test_back_to_the_text_shows_the_pasted_text_again_without_saving(client, editor, document):
    client.force_login(editor)
    preview = client.post(IMPORT_URL, {"document": document.pk, "label": "E", "text": TEXT})
    confirm = preview.context["confirm"]
    data = {confirm.add_prefix(name): confirm[name].value() or "" for name in confirm.fields}

    response = client.post(IMPORT_URL, {**data, "edit": "1"})

    assert response.status_code == 200
    assert response.context["form"]["text"].value() == TEXT
    assert not Version.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("bild.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff"),
            "not a text file",
        ),
        (SimpleUploadedFile("leer.md", b""), "upload a Markdown file or paste"),
        (SimpleUploadedFile("leer.md", b"   \n\n"), "The text is empty"),
        (SimpleUploadedFile("nur.md", "# Nur\n\n## Überschriften".encode()), "no paragraphs"),
        (SimpleUploadedFile("seite.html", b"# Titel\n\nText"), "Please upload a .md or .txt file"),
        (SimpleUploadedFile("gross.md", b"# T\n\n" + b"x" * (2 * 1024 * 1024)), "larger than 2 MB"),
        (SimpleUploadedFile("lang.md", ("# " + "x" * 301 + "\n\nText").encode()), "at most 300"),
    ],
    ids=["binary", "empty-file", "blank", "no-paragraphs", "html", "too-large", "long-heading"],
)
def test_bad_uploads_show_a_clear_message_with_status_400_and_save_nothing(
    client, editor, document, upload, message
):
    client.force_login(editor)

    response = client.post(IMPORT_URL, {"document": document.pk, "label": "E", "file": upload})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Version.objects.exists()


def test_uploading_and_pasting_at_once_is_refused(client, editor, document):
    client.force_login(editor)
    upload = SimpleUploadedFile("a.md", TEXT.encode())

    response = client.post(
        IMPORT_URL, {"document": document.pk, "label": "E", "file": upload, "text": TEXT}
    )

    assert response.status_code == 400
    assert "not both" in response.content.decode()


def test_a_tampered_preview_is_refused_and_nothing_saved(client, editor, document):
    client.force_login(editor)
    preview = client.post(IMPORT_URL, {"document": document.pk, "label": "E", "text": TEXT})
    confirm = preview.context["confirm"]
    data = {confirm.add_prefix(name): confirm[name].value() or "" for name in confirm.fields}
    data["payload"] = data["payload"][:-3] + "abc"

    response = client.post(IMPORT_URL, {**data, "confirm": "1"})

    assert response.status_code == 400
    assert "could not be read" in response.content.decode()
    assert not Version.objects.exists()


def test_an_import_based_on_a_version_of_another_document_is_refused(
    client, editor, document, version
):
    client.force_login(editor)
    other = Document.objects.create(title="Andere", slug="andere")

    response = client.post(
        IMPORT_URL, {"document": other.pk, "label": "E", "text": TEXT, "based_on": version.pk}
    )

    assert response.status_code == 400
    assert other.versions.count() == 0


# --- versions: copy, edit, reorder -----------------------------------------------------------


def test_editor_copies_a_version_as_a_new_draft_keeping_the_keys(client, editor, version, resident):
    comment(version.paragraphs.first(), resident)
    client.force_login(editor)
    copy_url = reverse("admin:guidelines_version_copy", args=[version.pk])

    page = client.get(reverse("admin:guidelines_version_change", args=[version.pk]))
    assert copy_url in page.content.decode()
    assert client.get(copy_url).status_code == 200
    response = client.post(copy_url, {"label": "Beschlossene Fassung"})

    copy = Version.objects.get(label="Beschlossene Fassung")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:guidelines_version_change", args=[copy.pk])
    assert copy.based_on == version
    assert copy.state == Version.State.DRAFT
    assert set(copy.paragraphs.values_list("key", "order")) == set(
        version.paragraphs.values_list("key", "order")
    )
    assert not Comment.objects.filter(paragraph__version=copy).exists()


def test_the_copy_action_sends_one_selected_version_to_the_copy_form(client, editor, version):
    client.force_login(editor)
    changelist = reverse("admin:guidelines_version_changelist")

    response = client.post(
        changelist,
        {"action": "copy_as_new_version", "_selected_action": [version.pk], "index": 0},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:guidelines_version_copy", args=[version.pk])

    second = import_version(document=version.document, label="Zweite", text=TEXT)
    response = client.post(
        changelist,
        {"action": "copy_as_new_version", "_selected_action": [version.pk, second.pk], "index": 0},
        follow=True,
    )
    assert "exactly one version" in messages_of(response)[0]
    assert Version.objects.count() == 2


def test_moderator_can_look_at_versions_but_not_copy_them(client, moderator, version):
    client.force_login(moderator)

    assert (
        client.get(reverse("admin:guidelines_version_change", args=[version.pk])).status_code == 200
    )
    copy_url = reverse("admin:guidelines_version_copy", args=[version.pk])
    assert client.post(copy_url, {"label": "Kopie"}).status_code == 403
    assert Version.objects.count() == 1


def test_editor_reorders_paragraphs_by_typing_their_new_position(client, editor, version):
    client.force_login(editor)
    url = reverse("admin:guidelines_version_change", args=[version.pk])
    page = client.get(url)
    data = change_form_data(page)
    # The inline lists paragraphs by order: move the second one to the top.
    data["paragraphs-1-order"] = "1"

    response = client.post(url, data)

    assert response.status_code == 302
    assert list(version.paragraphs.order_by("order").values_list("order", "text")) == [
        (1, "Zweiter Absatz."),
        (2, "Erster Absatz."),
        (3, "- eins\n- zwei"),
    ]


def test_paragraph_numbers_follow_the_sections_when_a_paragraph_changes_section(
    client, editor, version
):
    client.force_login(editor)
    url = reverse("admin:guidelines_version_change", args=[version.pk])
    data = change_form_data(client.get(url))
    # "Erster Absatz." moves from the first section to the second one.
    data["paragraphs-0-section"] = version.sections.get(title="Ziele").pk

    assert client.post(url, data).status_code == 302

    assert list(
        version.paragraphs.order_by("order").values_list("order", "section__title", "text")
    ) == [
        (1, "Präambel", "Zweiter Absatz."),
        (2, "Ziele", "Erster Absatz."),
        (3, "Ziele", "- eins\n- zwei"),
    ]


def test_a_new_paragraph_without_a_position_goes_to_the_end_with_a_key(client, editor, version):
    client.force_login(editor)
    url = reverse("admin:guidelines_version_change", args=[version.pk])
    data = change_form_data(client.get(url))
    section = version.sections.get(title="Ziele")
    data.update(
        {
            "paragraphs-TOTAL_FORMS": "4",
            "paragraphs-3-section": section.pk,
            "paragraphs-3-text": "Ein **neuer** Absatz.",
            "paragraphs-3-order": "",
        }
    )

    assert client.post(url, data).status_code == 302

    last = version.paragraphs.order_by("order").last()
    assert (last.order, last.text, last.section) == (4, "Ein **neuer** Absatz.", section)
    assert "<strong>neuer</strong>" in last.text_html
    assert last.key


def test_a_new_paragraph_typed_at_position_one_goes_to_the_top(client, editor, version):
    client.force_login(editor)
    url = reverse("admin:guidelines_version_change", args=[version.pk])
    data = change_form_data(client.get(url))
    data.update(
        {
            "paragraphs-TOTAL_FORMS": "4",
            "paragraphs-3-section": version.sections.get(title="Präambel").pk,
            "paragraphs-3-text": "Ganz vorne.",
            "paragraphs-3-order": "1",
        }
    )

    assert client.post(url, data).status_code == 302

    assert list(version.paragraphs.order_by("order").values_list("order", "text")) == [
        (1, "Ganz vorne."),
        (2, "Erster Absatz."),
        (3, "Zweiter Absatz."),
        (4, "- eins\n- zwei"),
    ]


def test_a_paragraph_with_comments_cannot_be_deleted_on_the_version_page(
    client, editor, version, paragraph, resident
):
    comment(paragraph, resident)
    client.force_login(editor)
    url = reverse("admin:guidelines_version_change", args=[version.pk])
    data = change_form_data(client.get(url))
    data["paragraphs-0-DELETE"] = "on"

    response = client.post(url, data)

    assert response.status_code == 200
    assert "residents commented on it" in response.content.decode()
    assert Paragraph.objects.filter(pk=paragraph.pk).exists()


def test_a_document_with_comments_cannot_be_deleted_in_the_admin(
    client, admin_user, document, paragraph, resident
):
    comment(paragraph, resident)
    client.force_login(admin_user)
    url = reverse("admin:guidelines_document_delete", args=[document.pk])

    assert client.post(url, {"post": "yes"}).status_code == 403
    assert Document.objects.filter(pk=document.pk).exists()


def test_the_version_page_does_not_query_once_per_paragraph(
    client, editor, document, django_assert_max_num_queries
):
    small = import_version(document=document, label="S", text="# A\n\n" + "\n\n".join("x" * 5))
    large = import_version(
        document=document, label="L", text="# A\n\n# B\n\n" + "\n\n".join("y" * 90)
    )
    client.force_login(editor)

    with CaptureQueriesContext(connection) as few:
        assert (
            client.get(reverse("admin:guidelines_version_change", args=[small.pk])).status_code
            == 200
        )
    with CaptureQueriesContext(connection) as many:
        assert (
            client.get(reverse("admin:guidelines_version_change", args=[large.pk])).status_code
            == 200
        )

    assert len(many) == len(few)


def test_a_long_version_links_to_the_paragraph_list_instead_of_inline_forms(
    client, editor, document
):
    long = import_version(
        document=document, label="L", text="\n\n".join(f"P{n}" for n in range(150))
    )
    client.force_login(editor)

    page = client.get(reverse("admin:guidelines_version_change", args=[long.pk]))

    assert page.status_code == 200
    assert "too many to edit on one page" in page.content.decode()
    paragraphs = client.get(
        reverse("admin:guidelines_paragraph_changelist"), {"version__id__exact": long.pk}
    )
    assert paragraphs.context["cl"].result_count == 150


def test_editor_moves_a_paragraph_on_its_own_page(client, editor, version):
    client.force_login(editor)
    last = version.paragraphs.order_by("order").last()
    url = reverse("admin:guidelines_paragraph_change", args=[last.pk])
    data = change_form_data(client.get(url))
    data["order"] = "1"
    data["section"] = version.sections.get(title="Präambel").pk

    assert client.post(url, data).status_code == 302

    assert list(version.paragraphs.order_by("order").values_list("text", flat=True)) == [
        "- eins\n- zwei",
        "Erster Absatz.",
        "Zweiter Absatz.",
    ]


# --- moderation queue ----------------------------------------------------------------------


def test_moderator_bulk_approves_pending_comments_and_each_decision_is_logged(
    client, moderator, paragraph, resident, other_resident
):
    pending = [
        comment(paragraph, resident, Comment.State.PENDING),
        comment(paragraph, other_resident, Comment.State.PENDING),
    ]
    client.force_login(moderator)

    response = action(client, "approve", pending)

    assert response.status_code == 200
    assert set(Comment.objects.values_list("state", flat=True)) == {Comment.State.PUBLISHED}
    log = ModerationAction.objects.filter(action=ModerationAction.Action.APPROVE)
    assert {(entry.comment_id, entry.moderator) for entry in log} == {
        (c.pk, moderator) for c in pending
    }
    assert "2 comments approved." in messages_of(response)


def test_moderator_hides_comments_with_a_public_reason_and_a_private_note(
    client, moderator, paragraph, resident
):
    target = comment(paragraph, resident)
    client.force_login(moderator)

    confirmation = action(client, "hide", [target])
    assert confirmation.status_code == 200
    assert "Public reason (from the terms of use)" in confirmation.content.decode()
    assert Comment.objects.get().state == Comment.State.PUBLISHED

    response = action(
        client, "hide", [target], post="yes", reason=HideReason.INSULT, note="Beleidigt Nachbarn."
    )

    target.refresh_from_db()
    assert response.status_code == 200
    assert (target.state, target.hidden_reason, target.moderator_note) == (
        Comment.State.HIDDEN,
        HideReason.INSULT,
        "Beleidigt Nachbarn.",
    )
    entry = ModerationAction.objects.get()
    assert (entry.action, entry.moderator, entry.reason, entry.note) == (
        ModerationAction.Action.HIDE,
        moderator,
        HideReason.INSULT,
        "Beleidigt Nachbarn.",
    )
    assert target.text == "Ein Kommentar.", "the words are kept for staff"


def test_hiding_without_a_reason_is_refused_with_a_message(client, moderator, paragraph, resident):
    target = comment(paragraph, resident)
    client.force_login(moderator)

    response = action(client, "hide", [target], post="yes", reason="")

    assert response.status_code == 400
    assert "Please choose the public reason" in response.content.decode()
    assert Comment.objects.get().state == Comment.State.PUBLISHED
    assert not ModerationAction.objects.exists()


def test_moderator_restores_hidden_and_held_comments(client, moderator, paragraph, resident):
    hidden = comment(paragraph, resident, Comment.State.HIDDEN, hidden_reason=HideReason.SPAM)
    held = comment(paragraph, resident, Comment.State.HELD)
    published = comment(paragraph, resident)
    client.force_login(moderator)

    response = action(client, "restore", [hidden, held, published])

    assert set(Comment.objects.values_list("state", "hidden_reason")) == {
        (Comment.State.PUBLISHED, "")
    }
    assert ModerationAction.objects.filter(action=ModerationAction.Action.RESTORE).count() == 2
    assert "1 comment was left as it is" in " ".join(messages_of(response))


def test_moderator_cannot_moderate_their_own_comment(client, moderator, paragraph, resident):
    own = comment(paragraph, moderator, Comment.State.PENDING)
    theirs = comment(paragraph, resident, Comment.State.PENDING)
    client.force_login(moderator)

    response = action(client, "approve", [own, theirs])

    own.refresh_from_db()
    assert own.state == Comment.State.PENDING
    assert not ModerationAction.objects.filter(comment=own).exists()
    assert ModerationAction.objects.filter(comment=theirs).exists()
    assert any("because you wrote it yourself" in m for m in messages_of(response))

    url = reverse("admin:guidelines_comment_change", args=[own.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert client.post(url, {"state": Comment.State.PUBLISHED}).status_code == 403
    own.refresh_from_db()
    assert own.state == Comment.State.PENDING


def test_a_decision_on_the_comment_page_is_logged_and_the_text_stays_read_only(
    client, moderator, paragraph, resident
):
    target = comment(paragraph, resident, Comment.State.HELD, report_count=3)
    client.force_login(moderator)
    url = reverse("admin:guidelines_comment_change", args=[target.pk])
    data = change_form_data(client.get(url))
    assert "text" not in data
    data.update(
        {
            "state": Comment.State.HIDDEN,
            "hidden_reason": HideReason.PERSONAL_DATA,
            "moderator_note": "Adresse genannt.",
            "text": "Von der Moderation umgeschrieben.",
        }
    )

    assert client.post(url, data).status_code == 302

    target.refresh_from_db()
    assert (target.state, target.hidden_reason, target.moderator_note, target.text) == (
        Comment.State.HIDDEN,
        HideReason.PERSONAL_DATA,
        "Adresse genannt.",
        "Ein Kommentar.",
    )
    entry = ModerationAction.objects.get()
    assert (entry.action, entry.moderator, entry.reason) == (
        ModerationAction.Action.HIDE,
        moderator,
        HideReason.PERSONAL_DATA,
    )


def test_hiding_on_the_comment_page_needs_a_reason(client, moderator, paragraph, resident):
    target = comment(paragraph, resident)
    client.force_login(moderator)
    url = reverse("admin:guidelines_comment_change", args=[target.pk])
    data = change_form_data(client.get(url))
    data["state"] = Comment.State.HIDDEN

    response = client.post(url, data)

    assert response.status_code == 200
    assert "Please choose the public reason" in response.content.decode()
    assert Comment.objects.get().state == Comment.State.PUBLISHED
    assert not ModerationAction.objects.exists()


def test_changing_only_the_note_is_logged_as_a_note(client, moderator, paragraph, resident):
    target = comment(paragraph, resident)
    client.force_login(moderator)
    url = reverse("admin:guidelines_comment_change", args=[target.pk])
    data = change_form_data(client.get(url))
    data["moderator_note"] = "Im Auge behalten."

    assert client.post(url, data).status_code == 302

    entry = ModerationAction.objects.get()
    assert (entry.action, entry.note) == (ModerationAction.Action.NOTE, "Im Auge behalten.")
    assert Comment.objects.get().state == Comment.State.PUBLISHED


def test_the_comment_page_lists_its_reports_and_its_log(
    client, moderator, paragraph, resident, other_resident
):
    target = comment(paragraph, resident)
    Report.objects.create(
        comment=target, reporter=other_resident, reason=HideReason.SPAM, details="Werbung"
    )
    ModerationAction.objects.create(comment=target, action=ModerationAction.Action.HOLD)
    client.force_login(moderator)

    page = client.get(reverse("admin:guidelines_comment_change", args=[target.pk])).content.decode()

    assert "Werbung" in page
    assert "Ben" in page
    assert "held automatically after reports" in page
    assert "ben@example.org" not in page


def test_the_queue_filters_by_state_reported_document_and_version(
    client, moderator, version, paragraph, resident
):
    reported = comment(paragraph, resident, report_count=2)
    pending = comment(paragraph, resident, Comment.State.PENDING)
    other = import_version(
        document=Document.objects.create(title="Andere", slug="andere"), label="X", text="Text."
    )
    elsewhere = comment(other.paragraphs.get(), resident)
    client.force_login(moderator)

    def listed(**params):
        response = client.get(QUEUE_URL, params)
        assert response.status_code == 200
        return {c.pk for c in response.context["cl"].result_list}

    assert listed(reported="yes") == {reported.pk}
    assert listed(reported="no") == {pending.pk, elsewhere.pk}
    assert listed(state__exact="pending") == {pending.pk}
    assert listed(paragraph__version__document__id__exact=other.document_id) == {elsewhere.pk}
    assert listed(paragraph__version__id__exact=version.pk) == {reported.pk, pending.pk}
    assert listed(q="Anna") == {reported.pk, pending.pk, elsewhere.pk}
    page = client.get(QUEUE_URL).content.decode()
    assert "Awaiting moderation: 1" in page
    assert "Reported: 1" in page


def test_the_queue_needs_the_same_number_of_queries_for_ten_or_hundreds_of_comments(
    client, moderator, document, django_assert_max_num_queries
):
    versions = [
        import_version(document=document, label=f"Fassung {n}", text="# A\n\n" + "\n\n".join("abc"))
        for n in range(3)
    ]
    paragraphs = list(Paragraph.objects.all())
    authors = [make_user(f"person{n}@example.org", f"Person {n}") for n in range(5)]

    def add(count):
        Comment.objects.bulk_create(
            Comment(
                paragraph=paragraphs[n % len(paragraphs)],
                author=authors[n % len(authors)],
                text=f"Kommentar {n}",
                state=list(Comment.State)[n % 4],
                report_count=n % 3,
            )
            for n in range(count)
        )

    client.force_login(moderator)
    add(10)
    with CaptureQueriesContext(connection) as few:
        assert client.get(QUEUE_URL).status_code == 200
    add(390)
    with django_assert_max_num_queries(15), CaptureQueriesContext(connection) as many:
        response = client.get(QUEUE_URL, {"paragraph__version__id__exact": versions[0].pk})
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as unfiltered:
        assert client.get(QUEUE_URL).status_code == 200

    assert len(unfiltered) == len(few)
    assert len(many) <= len(few) + 1  # the filtered list also counts all comments


def test_editor_sees_the_queue_but_cannot_moderate(client, editor, paragraph, resident):
    target = comment(paragraph, resident, Comment.State.PENDING)
    client.force_login(editor)

    response = client.get(QUEUE_URL)
    assert response.status_code == 200
    assert response.context["action_form"] is None, "no bulk actions without change permission"

    action(client, "approve", [target])
    assert Comment.objects.get().state == Comment.State.PENDING
    assert not ModerationAction.objects.exists()


def test_hiding_everything_a_filter_matches_hides_beyond_the_current_page(
    client, moderator, paragraph, resident
):
    reported = [comment(paragraph, resident, report_count=1) for _ in range(60)]
    unreported = comment(paragraph, resident)
    client.force_login(moderator)
    url = QUEUE_URL + "?reported=yes"
    first = {"action": "hide", "_selected_action": [reported[0].pk], "select_across": "1"}

    confirmation = client.post(url, {**first, "index": 0})
    assert confirmation.context["total"] == 60
    assert confirmation.context["select_across"] is True

    # What the confirmation form sends back (it has no "index").
    selected = confirmation.context["selected_ids"]
    response = client.post(
        url, {**first, "_selected_action": selected, "post": "yes", "reason": HideReason.SPAM}
    )

    assert response.status_code == 302
    assert Comment.objects.filter(state=Comment.State.HIDDEN).count() == 60
    assert Comment.objects.get(pk=unreported.pk).state == Comment.State.PUBLISHED
    assert ModerationAction.objects.count() == 60


def test_nobody_adds_or_deletes_comments_in_the_admin(client, admin_user, paragraph, resident):
    target = comment(paragraph, resident)
    client.force_login(admin_user)

    assert client.get(reverse("admin:guidelines_comment_add")).status_code == 403
    delete = reverse("admin:guidelines_comment_delete", args=[target.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Comment.objects.filter(pk=target.pk).exists()


# --- the log -------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["moderator", "admin_user"])
def test_log_rows_cannot_be_added_changed_or_deleted_not_even_by_a_superuser(
    client, request, persona, paragraph, resident, moderator
):
    user = request.getfixturevalue(persona)
    target = comment(paragraph, resident)
    entry = ModerationAction.objects.create(
        comment=target, moderator=moderator, action=ModerationAction.Action.HIDE, reason="1"
    )
    client.force_login(user)

    assert client.get(reverse("admin:guidelines_moderationaction_changelist")).status_code == 200
    change = reverse("admin:guidelines_moderationaction_change", args=[entry.pk])
    page = client.get(change)
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert client.post(change, {"action": "approve", "reason": ""}).status_code == 403
    delete = reverse("admin:guidelines_moderationaction_delete", args=[entry.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:guidelines_moderationaction_add")).status_code == 403
    entry.refresh_from_db()
    assert (entry.action, entry.reason) == (ModerationAction.Action.HIDE, "1")


def test_the_log_lists_who_did_what_and_filters_by_moderator(
    client, moderator, paragraph, resident
):
    target = comment(paragraph, resident)
    ModerationAction.objects.create(
        comment=target, moderator=moderator, action=ModerationAction.Action.HIDE, reason="4"
    )
    ModerationAction.objects.create(comment=target, action=ModerationAction.Action.HOLD)
    client.force_login(moderator)
    url = reverse("admin:guidelines_moderationaction_changelist")

    page = client.get(url).content.decode()
    filtered = client.get(url, {"moderator__id__exact": moderator.pk})

    assert "Moderatorin" in page
    assert re.search(r"Advertising or spam", page)
    assert filtered.context["cl"].result_count == 1


def test_reports_are_read_only(client, admin_user, paragraph, resident, other_resident):
    report = Report.objects.create(
        comment=comment(paragraph, resident), reporter=other_resident, reason="1"
    )
    client.force_login(admin_user)

    change = reverse("admin:guidelines_report_change", args=[report.pk])
    assert client.get(change).status_code == 200
    assert client.post(change, {"reason": "2"}).status_code == 403
    assert (
        client.post(
            reverse("admin:guidelines_report_delete", args=[report.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert Report.objects.get().reason == "1"
