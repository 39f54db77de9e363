import pytest
from django.utils import translation

from guidelines.authoring import (
    MAX_PARAGRAPHS,
    ImportRejected,
    copy_version,
    decode_upload,
    import_version,
    parse_markdown_outline,
    renumber,
)
from guidelines.models import Comment, Document, Paragraph, Section, Version

DRAFT = """\
# Präambel

Beteiligung ist ein Grundpfeiler der Stadt.

Sie ersetzt den Stadtrat nicht.

## Ziele

- früh informieren
- fair beteiligen
- Ergebnisse nachvollziehbar machen

### Qualität

| Kriterium | Wert |
|---|---|
| Transparenz | hoch |

> Ein Zitat
> über zwei Zeilen.
"""


def outline(text: str, **kwargs) -> list[tuple[str, list[str]]]:
    return [(s.title, s.paragraphs) for s in parse_markdown_outline(text, **kwargs)]


@pytest.fixture(autouse=True)
def _english():
    """The messages are asserted in their English source wording."""
    with translation.override("en"):
        yield


@pytest.fixture
def document(db) -> Document:
    return Document.objects.create(title="Leitlinien für Bürgerbeteiligung", slug="leitlinien")


# --- parsing -----------------------------------------------------------------------------


def test_headings_of_every_level_start_sections_and_blocks_become_paragraphs():
    assert outline(DRAFT) == [
        (
            "Präambel",
            ["Beteiligung ist ein Grundpfeiler der Stadt.", "Sie ersetzt den Stadtrat nicht."],
        ),
        ("Ziele", ["- früh informieren\n- fair beteiligen\n- Ergebnisse nachvollziehbar machen"]),
        (
            "Qualität",
            [
                "| Kriterium | Wert |\n|---|---|\n| Transparenz | hoch |",
                "> Ein Zitat\n> über zwei Zeilen.",
            ],
        ),
    ]


def test_text_before_the_first_heading_goes_into_an_untitled_section():
    text = "Vorwort ohne Überschrift.\n\n# Erstes Kapitel\n\nInhalt."

    assert outline(text) == [
        ("Einleitung", ["Vorwort ohne Überschrift."]),
        ("Erstes Kapitel", ["Inhalt."]),
    ]
    assert outline(text, untitled_section_title="Vorbemerkung")[0][0] == "Vorbemerkung"


def test_a_loose_list_with_blank_lines_between_items_stays_one_paragraph():
    text = "# Liste\n\n1. eins\n\n2. zwei\n   mit Fortsetzung\n\n3. drei\n\nDanach ein Absatz."

    assert outline(text) == [
        ("Liste", ["1. eins\n\n2. zwei\n   mit Fortsetzung\n\n3. drei", "Danach ein Absatz."])
    ]


def test_a_fenced_code_block_with_blank_lines_stays_one_paragraph_and_hides_headings():
    text = "# Technik\n\n```\n# kein Kapitel\n\nnoch Code\n```\n\nText."

    assert outline(text) == [("Technik", ["```\n# kein Kapitel\n\nnoch Code\n```", "Text."])]


def test_underlined_headings_and_closing_hashes_are_understood():
    text = "Grundsätze\n==========\nText eins.\n\n## Anwendung ##\n\nText zwei."

    assert outline(text) == [("Grundsätze", ["Text eins."]), ("Anwendung", ["Text zwei."])]


def test_horizontal_rules_are_dropped_and_a_hashtag_is_no_heading():
    text = "# Kapitel\n\n***\n\n#hashtag bleibt Text.\n\n---"

    assert outline(text) == [("Kapitel", ["#hashtag bleibt Text."])]


def test_windows_and_old_mac_line_endings_are_normalised():
    assert outline("# A\r\n\r\nEins\r\nzwei\r\n\r\nDrei\r# B\r\rVier") == [
        ("A", ["Eins\nzwei", "Drei"]),
        ("B", ["Vier"]),
    ]


def test_nul_bytes_and_a_byte_order_mark_are_stripped():
    assert outline("\ufeff# Ti\x00tel\n\nTe\x00xt") == [("Titel", ["Text"])]


def test_uploads_are_decoded_as_utf8_with_or_without_bom():
    text = "# Präambel\n\nÄußerst wichtig."

    assert decode_upload(text.encode()) == text
    assert decode_upload(b"\xef\xbb\xbf" + text.encode()) == text


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ("# Präambel".encode("latin-1"), "encoding"),
        ("# Präambel\n\nText".encode("utf-16"), "encoding"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "encoding"),
        (b"\x00\x01\x02\x03" * 100, "binary"),
    ],
)
def test_binary_or_undecodable_uploads_are_refused(data, code):
    with pytest.raises(ImportRejected) as refused:
        decode_upload(data)

    assert refused.value.code == code


@pytest.mark.parametrize("text", ["", "   \n\n\t\n", "\x00\x00"])
def test_an_empty_text_is_refused(text):
    with pytest.raises(ImportRejected, match="empty") as refused:
        parse_markdown_outline(text)

    assert refused.value.code == "empty"


def test_a_text_with_headings_but_no_paragraphs_is_refused():
    with pytest.raises(ImportRejected) as refused:
        parse_markdown_outline("# Eins\n\n## Zwei\n\n---\n")

    assert refused.value.code == "no_paragraphs"


def test_an_overlong_heading_is_refused_with_its_line_number():
    with pytest.raises(ImportRejected) as refused:
        parse_markdown_outline("Absatz.\n\n## " + "x" * 301 + "\n\nText.")

    assert refused.value.code == "heading_too_long"
    assert "Line 3" in refused.value.messages[0]


def test_an_empty_heading_is_refused():
    with pytest.raises(ImportRejected) as refused:
        parse_markdown_outline("Absatz.\n\n##\n\nText.")

    assert refused.value.code == "empty_heading"


def test_an_overlong_paragraph_is_refused():
    with pytest.raises(ImportRejected) as refused:
        parse_markdown_outline("# Kapitel\n\n" + "Wort " * 4001)

    assert refused.value.code == "paragraph_too_long"
    assert "line 3" in refused.value.messages[0]


def test_more_than_the_maximum_number_of_paragraphs_is_refused():
    text = "# Kapitel\n\n" + "\n\n".join(f"Absatz {n}." for n in range(MAX_PARAGRAPHS + 1))

    with pytest.raises(ImportRejected) as refused:
        parse_markdown_outline(text)

    assert refused.value.code == "too_many_paragraphs"


# --- importing ---------------------------------------------------------------------------


def test_import_saves_sections_and_paragraphs_in_order_with_rendered_html(
    document, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        version = import_version(document=document, label="Entwurf März 2024", text=DRAFT)

    assert version.state == Version.State.DRAFT
    assert list(version.sections.values_list("order", "title")) == [
        (1, "Präambel"),
        (2, "Ziele"),
        (3, "Qualität"),
    ]
    paragraphs = list(version.paragraphs.select_related("section").order_by("order"))
    assert [p.order for p in paragraphs] == [1, 2, 3, 4, 5]
    assert [p.section.title for p in paragraphs] == [
        "Präambel",
        "Präambel",
        "Ziele",
        "Qualität",
        "Qualität",
    ]
    assert paragraphs[2].text_html.startswith("<ul>")
    assert "<table>" in paragraphs[3].text_html
    assert len({p.key for p in paragraphs}) == 5


def test_import_renders_markdown_through_the_sanitiser(document):
    version = import_version(
        document=document,
        label="Entwurf",
        text="# Kapitel\n\n<script>alert(1)</script> [Link](javascript:alert(1)) **fett**",
    )

    html = version.paragraphs.get().text_html
    assert "<script" not in html
    assert "javascript:" not in html
    assert "<strong>fett</strong>" in html


def test_a_refused_import_saves_nothing(document):
    with pytest.raises(ImportRejected):
        import_version(document=document, label="Entwurf", text="# Nur\n\n## Überschriften")

    assert not Version.objects.exists()
    assert not Section.objects.exists()


def test_an_import_failing_after_the_version_was_created_is_rolled_back(document, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(Paragraph.objects, "bulk_create", explode)

    with pytest.raises(RuntimeError):
        import_version(document=document, label="Entwurf", text=DRAFT)

    assert not Version.objects.exists()
    assert not Section.objects.exists()


def test_import_refuses_an_empty_label_and_a_version_of_another_document(document):
    other = import_version(
        document=Document.objects.create(title="Andere", slug="andere"), label="A", text="Text."
    )

    with pytest.raises(ImportRejected):
        import_version(document=document, label="  ", text=DRAFT)
    with pytest.raises(ImportRejected):
        import_version(document=document, label="B", text=DRAFT, based_on=other)
    assert document.versions.count() == 0


def test_an_import_based_on_an_earlier_version_keeps_the_keys_of_unchanged_text(document):
    first = import_version(document=document, label="Entwurf", text=DRAFT)
    keys = dict(first.paragraphs.values_list("text", "key"))
    revised = DRAFT.replace(
        "Sie ersetzt den Stadtrat nicht.", "Über Ergebnisse entscheidet der Rat."
    )

    second = import_version(document=document, label="Fassung 2", text=revised, based_on=first)

    new_keys = dict(second.paragraphs.values_list("text", "key"))
    assert (
        new_keys["Beteiligung ist ein Grundpfeiler der Stadt."]
        == keys["Beteiligung ist ein Grundpfeiler der Stadt."]
    )
    assert new_keys["Über Ergebnisse entscheidet der Rat."] not in keys.values()
    assert second.based_on == first
    assert set(second.sections.values_list("key", flat=True)) == set(
        first.sections.values_list("key", flat=True)
    )


# --- copying -----------------------------------------------------------------------------


def test_copy_keeps_keys_order_and_text_and_starts_a_draft(document, resident):
    original = import_version(document=document, label="Entwurf", text=DRAFT)
    original.state = Version.State.CONSULTATION
    original.introduction = "Bitte **kommentieren**."
    original.premoderation = True
    original.save()
    Comment.objects.create(paragraph=original.paragraphs.first(), author=resident, text="Gut so.")

    copy = copy_version(version=original, label="Beschlossene Fassung")

    assert copy.document == document
    assert copy.state == Version.State.DRAFT
    assert copy.based_on == original
    assert copy.introduction_html == original.introduction_html
    assert copy.premoderation
    assert list(copy.sections.order_by("order").values_list("order", "title", "key")) == list(
        original.sections.order_by("order").values_list("order", "title", "key")
    )
    fields = ("order", "key", "text", "text_html", "section__key")
    assert list(copy.paragraphs.order_by("order").values_list(*fields)) == list(
        original.paragraphs.order_by("order").values_list(*fields)
    )
    assert not Comment.objects.filter(paragraph__version=copy).exists()
    assert Comment.objects.filter(paragraph__version=original).count() == 1


def test_copy_runs_in_a_fixed_number_of_queries(document, django_assert_max_num_queries):
    original = import_version(
        document=document,
        label="Entwurf",
        text="\n\n".join(f"# Kapitel {n}\n\nAbsatz {n}." for n in range(200)),
    )

    # 9: SQLite takes 999 parameters per query, so 200 sections of 6 columns need 2 inserts.
    with django_assert_max_num_queries(9):
        copy_version(version=original, label="Kopie")


# --- renumbering -------------------------------------------------------------------------


def test_renumbering_moves_a_paragraph_to_the_position_typed_for_it(document):
    version = import_version(document=document, label="E", text="# A\n\n1\n\n2\n\n3\n\n4\n\n5")
    by_text = {p.text: p for p in version.paragraphs.all()}
    Paragraph.objects.filter(pk=by_text["2"].pk).update(order=4)  # move "2" down to 4
    Paragraph.objects.filter(pk=by_text["5"].pk).update(order=1)  # and "5" to the top

    renumber(version=version, moved_paragraphs=[by_text["2"].pk, by_text["5"].pk])

    assert list(version.paragraphs.order_by("order").values_list("text", flat=True)) == [
        "5",
        "1",
        "3",
        "2",
        "4",
    ]


def test_renumbering_follows_the_order_of_the_sections(document):
    version = import_version(document=document, label="E", text="# A\n\na1\n\na2\n\n# B\n\nb1")
    section_b = version.sections.get(title="B")
    Section.objects.filter(pk=section_b.pk).update(order=1)

    renumber(version=version, moved_sections=[section_b.pk])

    assert list(version.sections.order_by("order").values_list("title", flat=True)) == ["B", "A"]
    assert list(version.paragraphs.order_by("order").values_list("order", "text")) == [
        (1, "b1"),
        (2, "a1"),
        (3, "a2"),
    ]
