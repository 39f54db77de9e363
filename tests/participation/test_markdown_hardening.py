"""Staff Markdown must not be able to break the page it is rendered into."""

from participation.markdown import render_markdown


def test_ids_written_by_staff_are_dropped_and_heading_ids_kept():
    html = render_markdown(
        '<h2 id="reply-template">Hijack</h2>\n\n<p id="main">x</p>\n\n## Ziele und Grundsätze\n'
    )
    assert 'id="reply-template"' not in html
    assert 'id="main"' not in html
    assert 'id="h-ziele-und-grundsatze"' in html


def test_a_staff_id_imitating_the_renderer_prefix_is_dropped_too():
    html = render_markdown('<h3 id="h-intro">Raw</h3>\n\n### Intro\n')
    assert html.count('id="h-intro"') == 1
    assert "<h3>Raw</h3>" in html


def test_an_unclosed_style_does_not_swallow_the_rest():
    html = render_markdown(
        "Erster Absatz.\n\n<style>\n\nbody { display: none }\n\nLetzter Absatz.\n"
    )
    assert "Erster Absatz." in html
    assert "Letzter Absatz." in html
    assert "<style" not in html


def test_style_and_script_elements_are_removed_with_their_content():
    html = render_markdown(
        "Vorher\n\n<script>alert(1)</script>\n\n<style>p{color:red}</style>\n\nNachher\n"
    )
    assert "alert" not in html
    assert "color:red" not in html
    assert "Vorher" in html
    assert "Nachher" in html


def test_an_unclosed_script_does_not_swallow_the_rest():
    html = render_markdown("Eins\n\n<SCRIPT src=x>\n\nZwei\n")
    assert "<script" not in html.lower()
    assert "Eins" in html
    assert "Zwei" in html


def test_ids_written_on_headings_survive_with_the_renderers_prefix():
    html = render_markdown("### 1. Beleidigung {#grund-1}\n\n### Hijack {#main}\n")

    assert '<h3 id="h-grund-1">1. Beleidigung</h3>' in html
    assert 'id="main"' not in html
