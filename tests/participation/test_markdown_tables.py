"""Tables in staff Markdown scroll sideways in a region of their own (#12 item 3, #14 item 10)."""

import re

from django.utils import translation

from participation.markdown import render_markdown

TABLE = "| Ort | Termin |\n|---|---|\n| Rathaus | 3. März |\n"
REGION = re.compile(
    r'<div class="table-scroll" role="region" tabindex="0" aria-label="Tabelle" '
    r'data-hint="Wenn die Tabelle nicht auf Ihren Bildschirm passt, scrollen Sie sie seitlich.">'
    r"<table>.*?</table></div>",
    re.DOTALL,
)


def test_a_table_is_wrapped_in_a_named_focusable_region_with_its_hint():
    html = render_markdown(f"Vorher\n\n{TABLE}\nNachher\n")

    assert REGION.search(html)
    assert html.startswith("<p>Vorher</p>")
    assert html.endswith("<p>Nachher</p>")


def test_the_region_speaks_the_sites_language_whoever_saves_the_text():
    with translation.override("en"):
        html = render_markdown(TABLE)

    assert REGION.fullmatch(html)


def test_every_table_gets_its_own_region_raw_html_ones_too():
    html = render_markdown(f'{TABLE}\n<table lang="en"><tr><td>raw</td></tr></table>\n\n{TABLE}')

    assert html.count('role="region"') == 3
    assert html.count("</table></div>") == 3
    assert '<div class="table-scroll" role="region" tabindex="0" aria-label="Tabelle"' in html
    assert '<table lang="en">' in html


def test_staff_cannot_make_a_region_of_their_own():
    html = render_markdown(
        '<div class="table-scroll" role="region" tabindex="0" aria-label="x">Text</div>\n'
    )

    assert "region" not in html
    assert "tabindex" not in html


def test_the_word_table_in_text_code_or_attributes_is_left_alone():
    html = render_markdown(
        'Ein `<table>` und &lt;/table&gt; im Text. <abbr title="<table>">T</abbr>\n'
    )

    assert "table-scroll" not in html
    assert "</div>" not in html
