"""The response forms: the picker of result paragraphs and the Markdown preview of the reasoning."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from guidelines import responses
from guidelines.admin.evaluation import paragraph_choice_label
from guidelines.models import Comment, Disposition, Paragraph, Response, Section, Version
from tests.guidelines.factories import first_paragraph, make_comment, make_version

# The admin speaks German by default; tests read the English source strings.
pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def closed(db) -> Version:
    return make_version(state=Version.State.CLOSED, paragraphs=2)


@pytest.fixture
def adopted(closed) -> Version:
    """The later version: two chapters, the first with numbered paragraphs ("1-1")."""
    return make_version(
        state=Version.State.ADOPTED,
        document=closed.document,
        label="Beschluss",
        sections=2,
        paragraphs=4,
    )


@pytest.fixture
def comment(closed, resident) -> Comment:
    return make_comment(first_paragraph(closed), resident, "Bitte früher informieren.")


def evaluation_url(version: Version) -> str:
    return reverse(
        "admin:guidelines_response_evaluate_paragraph",
        args=[version.pk, first_paragraph(version).key],
    )


def test_a_paragraph_is_offered_by_its_label_and_first_words_as_read(db):
    paragraph = Paragraph(
        order=3,
        number="4.1-2",
        text_html="<p>Die Stadt <strong>beteiligt</strong> früh &amp; offen, bevor sie "
        "entscheidet, und sagt, was aus den Anregungen wurde, in einem Bericht.</p>",
    )

    with translation.override("en"):
        label = paragraph_choice_label(paragraph)

    assert label == (
        "Para. 4.1-2 – Die Stadt beteiligt früh & offen, bevor sie entscheidet, und sagt, was…"
    )


def test_the_evaluation_offers_later_paragraphs_as_checkboxes_grouped_by_section(
    client, editor, closed, adopted, comment
):
    Section.objects.filter(version=adopted, order=2).update(number="2", title="Ziele")
    client.force_login(editor)

    page = client.get(evaluation_url(closed)).content.decode()

    assert "<select" not in page.split('class="paragraph-picker"')[1]
    legends = re.findall(r"<legend>([^<]*)</legend>", page.split('class="paragraph-picker"')[1])
    assert legends == ["Beschluss · Kapitel 1", "Beschluss · 2 Ziele"]
    later = Paragraph.objects.filter(version=adopted).order_by("order")
    for paragraph in later:
        box = f'id="id_result_paragraphs_{(paragraph.order - 1) // 2}_{(paragraph.order - 1) % 2}"'
        assert box in page
        assert f"{paragraph.label} – Absatz {paragraph.order}: Die Stadt informiert" in page
    # The field is a group with a legend, described by its help text.
    assert re.search(
        r'<fieldset class="field-group" aria-describedby="id_result_paragraphs_helptext">\s*'
        r"<legend>Led to these paragraphs:</legend>",
        page,
    )
    assert 'id="id_result_paragraphs_helptext"' in page
    # The filter field is there for the script to show; without it every box is listed.
    assert re.search(r'<p class="paragraph-picker__filter" hidden>', page)
    assert '<label for="id_result_paragraphs_filter">Filter paragraphs</label>' in page


def test_chosen_paragraphs_are_saved_and_checked_on_the_response_page(
    client, editor, closed, adopted, comment
):
    target = Paragraph.objects.get(version=adopted, order=3)
    client.force_login(editor)

    saved = client.post(
        evaluation_url(closed),
        {
            "comments": [comment.pk],
            "disposition": Disposition.ADOPTED,
            "reasoning": "",
            "answered_by": "Referat Bürgerbeteiligung",
            "result_paragraphs": [target.pk],
        },
    )
    response = Response.objects.get()
    page = client.get(reverse("admin:guidelines_response_change", args=[response.pk]))

    assert saved.status_code == 302
    assert list(response.result_paragraphs.all()) == [target]
    html = page.content.decode()
    assert re.search(
        rf'<input type="checkbox" name="result_paragraphs" value="{target.pk}"'
        r' id="[^"]+" checked>',
        html,
    )
    assert html.count(" checked>") == 1


def test_without_a_later_version_there_is_nothing_to_pick(client, editor, closed, comment):
    client.force_login(editor)

    page = client.get(evaluation_url(closed)).content.decode()

    assert "paragraph-picker" not in page


def test_the_preview_renders_the_reasoning_like_the_public_page_and_saves_nothing(
    client, editor, closed, adopted, comment
):
    target = Paragraph.objects.get(version=adopted, order=2)
    client.force_login(editor)
    reasoning = "Wir **ergänzen** den Absatz.<script>alert(1)</script> [mehr](javascript:alert(1))"

    response = client.post(
        evaluation_url(closed),
        {
            "comments": [comment.pk],
            "disposition": Disposition.PARTLY,
            "reasoning": reasoning,
            "answered_by": "Referat Bürgerbeteiligung",
            "result_paragraphs": [target.pk],
            "_preview": "reasoning",
        },
    )

    assert response.status_code == 200
    assert not Response.objects.exists()
    page = response.content.decode()
    preview = page.split('id="id_reasoning_preview"')[1].split("</fieldset>")[0]
    assert "<strong>ergänzen</strong>" in preview
    assert "<script>" not in preview
    assert "javascript:" not in preview
    # What was typed and ticked is still there, and no error is shown.
    assert "Wir **ergänzen** den Absatz.&lt;script&gt;" in page
    assert re.search(rf'value="{target.pk}" id="[^"]+" checked>', page)
    assert re.search(rf'name="comments" value="{comment.pk}" id="[^"]+" checked>', page)
    assert 'class="errornote"' not in page
    assert "errorlist" not in page


def test_the_preview_button_works_without_javascript_only_where_the_page_handles_it(
    client, editor, closed, adopted, comment
):
    responses.respond(
        version=closed,
        comments=[comment],
        disposition=Disposition.NOTED,
        reasoning="",
        answered_by="Referat",
    )
    client.force_login(editor)

    evaluation = client.get(evaluation_url(closed)).content.decode()
    change = client.get(
        reverse("admin:guidelines_response_change", args=[Response.objects.get().pk])
    ).content.decode()

    button = re.compile(r'<button type="submit" class="button" name="_preview"[^>]*>')
    assert "hidden" not in button.search(evaluation)[0]
    assert 'formaction="#id_reasoning_preview"' in button.search(evaluation)[0]
    # On the response page a submitted preview would save: the button needs the script.
    assert button.search(change)[0].endswith(" hidden>")
    assert "js/markdown-preview.js" in change
    assert "js/markdown-preview.js" in evaluation
    assert "js/paragraph-picker.js" in change
