"""Help for text pasted from a PDF or Word, and the preview's answer to bad input."""

import time

import pytest
from django.urls import reverse

from guidelines.models import Document, Version
from guidelines.paste_repair import detect, repair

IMPORT_URL = reverse("admin:guidelines_version_import")

PDF_PASTE = """Leitlinien Bürgerbeteiligung – Entwurf

1 Ziele

Die Ver- waltung informiert früh. Bus- und Bahnverkehr sind Teil jeder Planung.¹
Dazu gehört die Stadt- entwicklung.

Die Stadt verpflichtet sich: • früh zu informieren • fair zu beteiligen • Ergebnisse zu erklären

Seite 1 von 2

Leitlinien Bürgerbeteiligung – Entwurf

4.1 Verkehr

Der Verkehr wird beteiligt.

¹ Beschluss des Rates vom 3. März 2024.

Leitlinien Bürgerbeteiligung – Entwurf

- 2 -
"""


@pytest.fixture
def document(db) -> Document:
    return Document.objects.create(title="Leitlinien", slug="leitlinien")


def kinds(text: str) -> dict[str, int]:
    return {finding.kind: finding.count for finding in detect(text)}


def test_every_kind_of_pdf_debris_is_detected():
    assert kinds(PDF_PASTE) == {
        "bullets": 1,
        "hyphenation": 2,
        "page_marks": 5,
        "headings": 2,
        "footnotes": 1,
    }


def test_bullets_run_into_one_line_become_a_list_after_a_blank_line():
    text = "Die Stadt verpflichtet sich: • früh zu informieren • fair zu beteiligen"

    assert repair(text, {"bullets"}) == (
        "Die Stadt verpflichtet sich:\n\n- früh zu informieren\n- fair zu beteiligen"
    )


def test_hyphenation_is_joined_but_a_suspended_hyphen_stays():
    text = "Die Ver- waltung plant Bus- und Bahnverkehr sowie Stadt-\nentwicklung."

    assert repair(text, {"hyphenation"}) == (
        "Die Verwaltung plant Bus- und Bahnverkehr sowie Stadtentwicklung."
    )


def test_page_numbers_and_running_headers_are_removed():
    repaired = repair(PDF_PASTE, {"page_marks"})

    assert "Seite 1 von 2" not in repaired
    assert "- 2 -" not in repaired
    assert "Leitlinien Bürgerbeteiligung – Entwurf" not in repaired
    assert "Der Verkehr wird beteiligt." in repaired


def test_numbered_lines_standing_alone_become_headings_by_depth():
    repaired = repair("1 Ziele\n\nText.\n\n4.1 Verkehr\n\n1. Ein Satz mit Punkt.", {"headings"})

    assert repaired == "## 1 Ziele\n\nText.\n\n### 4.1 Verkehr\n\n1. Ein Satz mit Punkt."


def test_footnotes_move_into_the_paragraph_that_refers_to_them():
    text = "Die Stadt plant.¹\n\nAnderer Absatz.\n\n¹ Beschluss vom 3. März 2024."

    assert repair(text, {"footnotes"}) == (
        "Die Stadt plant.[^1]\n[^1]: Beschluss vom 3. März 2024.\n\nAnderer Absatz."
    )


def test_only_the_chosen_kinds_are_repaired():
    assert repair(PDF_PASTE, set()) == PDF_PASTE
    assert "Ver- waltung" in repair(PDF_PASTE, {"bullets"})


# --- the preview ------------------------------------------------------------------------------


def post_text(client, document, text):
    return client.post(IMPORT_URL, {"document": document.pk, "label": "Entwurf", "text": text})


def confirm_data(response) -> dict:
    confirm = response.context["confirm"]
    return {confirm.add_prefix(name): confirm[name].value() or "" for name in confirm.fields}


def test_the_preview_offers_repairs_and_shows_the_repaired_text(client, editor, document, english):
    client.force_login(editor)
    first = post_text(client, document, PDF_PASTE)
    assert first.status_code == 200
    assert {f.kind for f in first.context["findings"]} >= {"bullets", "headings", "page_marks"}

    repaired = client.post(
        IMPORT_URL,
        {
            **confirm_data(first),
            "repair": "1",
            "repairs": [f.kind for f in first.context["findings"]],
        },
    )

    assert repaired.status_code == 200
    assert repaired.context["findings"] == []
    headings = [s["heading"] for s in repaired.context["sections"]]
    assert headings == ["1 Ziele", "4.1 Verkehr"]
    assert not Version.objects.exists()


def test_a_text_without_headings_gets_a_warning(client, editor, document, english):
    client.force_login(editor)

    response = post_text(client, document, "Ein Absatz.\n\nNoch einer.")

    assert response.status_code == 200
    assert response.context["no_headings"] is True
    assert "The text has no headings" in response.content.decode()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (" \n\n ", "Please upload a Markdown file or paste the text."),
        ("# Eins\n\n## Zwei\n\n### Drei", "The text has headings but no paragraphs to comment on."),
    ],
)
def test_empty_text_or_only_headings_are_refused_with_a_message(
    client, editor, document, english, text, message
):
    client.force_login(editor)

    response = post_text(client, document, text)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Version.objects.exists()


def test_an_empty_file_is_refused_with_a_message(client, editor, document, english):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(editor)
    response = client.post(
        IMPORT_URL,
        {
            "document": document.pk,
            "label": "Entwurf",
            "file": SimpleUploadedFile("leer.md", b"", content_type="text/markdown"),
        },
    )

    assert response.status_code == 400
    assert not Version.objects.exists()


def test_a_paste_of_20000_paragraphs_is_refused_quickly_with_a_message(
    client, editor, document, english
):
    client.force_login(editor)
    text = "# Kapitel\n\n" + "\n\n".join(f"Absatz {n} der Anlage." for n in range(20_000))

    started = time.perf_counter()
    response = post_text(client, document, text)
    elapsed = time.perf_counter() - started

    assert response.status_code == 400
    assert "at most 2000 paragraphs; this text has 20000" in response.content.decode()
    assert elapsed <= 5, f"the preview took {elapsed:.2f} s"
    assert not Version.objects.exists()
