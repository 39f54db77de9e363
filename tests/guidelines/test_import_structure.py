"""An imported text keeps its own structure: numbering, sub-sections, title, lead-ins."""

import pytest
from django.utils import translation

from guidelines.authoring import import_version, parse_text, renumber
from guidelines.models import Document, Section

TEXT = """# Leitlinien Bürgerbeteiligung

## 1 Ziele

Die Stadt verpflichtet sich:

- früh zu informieren,
- fair zu beteiligen.

Sie berichtet über Ergebnisse.

## 4 Verfahren

Ein Vorhaben durchläuft drei Stufen.

### 4.1 Information

Die Stadt informiert im Internet und vor Ort.

Aushänge nennen Ansprechpersonen.

4.2 Mitwirkung
--------------

Werkstätten stehen allen offen; § 3 Abs. 2 gilt entsprechend.
"""


@pytest.fixture
def document(db) -> Document:
    return Document.objects.create(title="Leitlinien", slug="leitlinien")


def test_the_texts_own_numbers_are_kept_apart_from_the_titles():
    parsed = parse_text(TEXT)

    headings = [(s.number, s.title, s.level) for s in parsed.sections]
    assert headings == [
        ("1", "Ziele", 1),
        ("4", "Verfahren", 1),
        ("4.1", "Information", 2),
        ("4.2", "Mitwirkung", 2),
    ]
    assert parsed.sections[0].heading == "1 Ziele"


def test_a_lone_first_heading_is_the_title_not_an_empty_chapter():
    parsed = parse_text(TEXT)

    assert parsed.title == "Leitlinien Bürgerbeteiligung"
    assert "Leitlinien Bürgerbeteiligung" not in [s.title for s in parsed.sections]


def test_a_first_heading_with_paragraphs_of_its_own_stays_a_chapter():
    parsed = parse_text("# Präambel\n\nText.\n\n## Ziele\n\nMehr Text.")

    assert parsed.title == ""
    assert [(s.title, s.level) for s in parsed.sections] == [("Präambel", 1), ("Ziele", 2)]


def test_a_lead_in_ending_in_a_colon_and_its_list_are_one_paragraph():
    parsed = parse_text(TEXT)

    assert parsed.sections[0].paragraphs == [
        "Die Stadt verpflichtet sich:\n\n- früh zu informieren,\n- fair zu beteiligen.",
        "Sie berichtet über Ergebnisse.",
    ]


def test_a_colon_before_ordinary_text_does_not_join_paragraphs():
    parsed = parse_text("## A\n\nFolgendes gilt:\n\nDer Rat entscheidet.")

    assert parsed.sections[0].paragraphs == ["Folgendes gilt:", "Der Rat entscheidet."]


def test_import_saves_levels_numbers_and_paragraph_labels(document):
    version = import_version(document=document, label="Entwurf", text=TEXT)

    sections = list(version.sections.order_by("order").values_list("number", "title", "level"))
    assert sections[2] == ("4.1", "Information", 2)
    labels = list(version.paragraphs.order_by("order").values_list("number", flat=True))
    assert labels == ["1-1", "1-2", "4-1", "4.1-1", "4.1-2", "4.2-1"]
    section = Section.objects.get(version=version, number="4.1")
    assert section.heading == "4.1 Information"
    assert section.heading_tag == "h3"


def test_the_paragraph_label_does_not_use_the_legal_section_sign(document):
    version = import_version(document=document, label="Entwurf", text=TEXT)
    paragraph = version.paragraphs.get(number="4.1-2")

    with translation.override("en"):
        assert paragraph.label == "Para. 4.1-2"
        assert str(paragraph) == "Para. 4.1-2"
    assert "§" not in paragraph.label


def test_unnumbered_sections_label_paragraphs_by_their_order(document):
    version = import_version(document=document, label="E", text="# A\n\neins\n\n# B\n\nzwei")

    assert list(version.paragraphs.order_by("order").values_list("number", flat=True)) == [
        "1",
        "2",
    ]


def test_renumbering_keeps_labels_in_step_with_positions(document):
    version = import_version(document=document, label="Entwurf", text=TEXT)
    last = version.paragraphs.get(number="4.1-2")

    last.order = 4  # before "Die Stadt informiert …" in section 4.1
    last.save(update_fields=["order"])
    renumber(version=version, moved_paragraphs=[last.pk])

    last.refresh_from_db()
    assert last.number == "4.1-1"
    assert version.paragraphs.get(text__startswith="Die Stadt informiert").number == "4.1-2"
