"""``html_to_text``: the text a reader sees in the HTML of ``render_markdown``, laid out
for text mails (blocks apart by blank lines) or compactly for spreadsheet cells."""

import pytest
from django.utils import timezone

from participation.board import services
from participation.markdown import html_to_text, render_markdown
from participation.models import EmailSubscription, Event, OutboxMessage
from tests.participation.board.factories import make_board, make_meeting, make_minutes

REASONING = """Wir haben den Absatz **ergänzt**:

- eine Frist von *sechs* Wochen,
- eine [Zusammenfassung](https://www.musterstadt.de/zusammenfassung).

Siehe <https://www.musterstadt.de/>."""

TABLE = "| Frist | Wochen |\n|---|---|\n| Antwort | 6 |\n|  | 8 |"


def text(markdown: str, **layout: bool) -> str:
    return html_to_text(render_markdown(markdown), **layout)


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("Ein **fetter** und *kursiver* Satz.", "Ein fetter und kursiver Satz."),
        ("Eins.\n\nZwei.", "Eins.\n\nZwei."),
        ("## Frist\n\nSechs Wochen.", "Frist\n\nSechs Wochen."),
        ("- a\n- b\n    - c\n    - d\n- e", "– a\n– b\n  – c\n  – d\n– e"),
        ("3. drei\n4. vier", "3. drei\n4. vier"),
        ("9. neun\n10. zehn\n    1. eins", "9. neun\n10. zehn\n    1. eins"),
        ("1. Punkt\n\n    mit zweitem Absatz", "1. Punkt\n   mit zweitem Absatz"),
        ("Vorher:\n\n- a\n\nNachher.", "Vorher:\n\n– a\n\nNachher."),
        ("> Zitat\n> weiter", "> Zitat weiter"),
        ("> - a\n> - b", "> – a\n> – b"),
        ("[Rat](https://example.org/rat)", "Rat (https://example.org/rat)"),
        ("<https://example.org>", "https://example.org"),
        ("[Schreiben Sie uns](mailto:rat@example.org)", "Schreiben Sie uns (rat@example.org)"),
        ("<rat@example.org>", "rat@example.org"),
        ("![Lageplan Nord](/media/plan.png)", "Lageplan Nord"),
        ("Zeile  \nnächste", "Zeile\nnächste"),
        ("a &amp; b < c &lt; d", "a & b < c < d"),
        ("    def f():\n\n        return 1", "def f():\n\n    return 1"),
        ("", ""),
    ],
)
def test_mail_layout_reads_as_the_page_does(markdown, expected):
    assert text(markdown) == expected


def test_mail_layout_keeps_table_rows_and_cells_but_not_the_scroll_region():
    html = render_markdown(f"Vorher.\n\n{TABLE}\n\nNachher.")
    assert 'class="table-scroll"' in html
    assert "data-hint=" in html

    # An empty first cell keeps its separator, so the columns stay in place.
    assert html_to_text(html) == "Vorher.\n\nFrist | Wochen\nAntwort | 6\n| 8\n\nNachher."


def test_compact_layout_has_one_line_per_block_and_no_blank_lines():
    assert text(REASONING, compact=True) == (
        "Wir haben den Absatz ergänzt:\n"
        "– eine Frist von sechs Wochen,\n"
        "– eine Zusammenfassung (https://www.musterstadt.de/zusammenfassung).\n"
        "Siehe https://www.musterstadt.de/."
    )
    assert text(f"## Frist\n\n> Zitat\n\n{TABLE}\n\n    a\n    b", compact=True) == (
        "Frist\n> Zitat\nFrist | Wochen\nAntwort | 6\n| 8\na\nb"
    )


def test_compact_layout_numbers_and_nests_lists_as_the_mail_layout_does():
    markdown = "3. drei\n\n    weiter\n\n4. vier\n\n    - a\n    - b"

    assert text(markdown, compact=True) == "3. drei\n   weiter\n4. vier\n   – a\n   – b"
    assert text(markdown) == text(markdown, compact=True)


def test_compact_layout_reads_html_as_written_outside_markdown():
    html = (
        "<ol><li>erstens</li><li>zweitens</li></ol>"
        "<table><tr><th>Frist</th><th>Wochen</th></tr><tr><td>Antwort</td><td>6</td></tr></table>"
        "<p>a &amp; b<br>c</p>"
    )

    assert html_to_text(html, compact=True) == (
        "1. erstens\n2. zweitens\nFrist | Wochen\nAntwort | 6\na & b\nc"
    )


def test_neither_layout_shows_the_names_or_hints_of_the_scroll_region():
    html = render_markdown(TABLE)
    hint_words = ("Tabelle", "Table", "scroll", "Bildschirm", "screen")

    for layout in (html_to_text(html), html_to_text(html, compact=True)):
        assert not any(word in layout for word in hint_words)
        assert layout.startswith("Frist | Wochen")


def test_minutes_mails_quote_the_text_with_its_characters_not_their_entities(db, board_office):
    EmailSubscription.objects.create(
        email="presse@example.org",
        topic=EmailSubscription.Topic.MINUTES,
        confirmed_at=timezone.now(),
    )
    minutes = make_minutes(
        make_meeting(make_board(name="Beirat")), text="## TOP 1\n\nRad- & Fußverkehr <b>stärken</b>"
    )

    services.publish_minutes(minutes=minutes, by=board_office)

    row = OutboxMessage.objects.get(event=Event.MINUTES)
    assert row.context["excerpt"] == "TOP 1 Rad- & Fußverkehr stärken"
