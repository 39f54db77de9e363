"""The admin's own widgets and inlines, as the project's templates render them: every input
has a label, and every id an ARIA attribute names is on the page."""

import re
from html.parser import HTMLParser

import pytest
from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime
from django.urls import reverse

from guidelines.models import Version
from tests.guidelines.factories import make_version


class Markup(HTMLParser):
    """The ids on a page, the ids ARIA attributes point to, and the <label for> targets."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.references: dict[str, set[str]] = {}
        self.labelled: set[str] = set()
        self.fields: dict[str, dict[str, str | None]] = {}
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if element_id := attributes.get("id"):
            self.ids.add(element_id)
            if tag in {"input", "select", "textarea"}:
                self.fields[element_id] = attributes
        for name in ("aria-describedby", "aria-labelledby"):
            for target in (attributes.get(name) or "").split():
                self.references.setdefault(target, set()).add(attributes.get("id") or tag)
        if tag == "label" and attributes.get("for"):
            self.labelled.add(attributes["for"] or "")


def page_of(client, user, url: str) -> Markup:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return Markup(response.content.decode())


@pytest.fixture
def version(db) -> Version:
    return make_version(sections=2, paragraphs=4)


def test_the_date_and_the_time_input_each_have_a_label(client, admin_user):
    page = page_of(client, admin_user, reverse("admin:guidelines_version_add"))

    for name in ("comments_open_at", "comments_close_at"):
        for part in ("0", "1"):
            field = f"id_{name}_{part}"
            assert field in page.labelled, f"no <label for> for {field}"
            assert "aria-label" not in page.fields[field]


def test_the_split_widget_labels_its_inputs_in_any_form():
    class MeetingForm(forms.Form):
        starts_at = forms.SplitDateTimeField(widget=AdminSplitDateTime)

    html = str(MeetingForm()["starts_at"])

    assert re.search(r'<label class="datetime__label" for="id_starts_at_0">[^<]+</label>', html)
    assert re.search(r'<label class="datetime__label" for="id_starts_at_1">[^<]+</label>', html)


def test_every_id_the_version_page_points_to_is_on_the_page(client, editor, version):
    page = page_of(client, editor, reverse("admin:guidelines_version_change", args=[version.pk]))

    missing = {target: by for target, by in page.references.items() if target not in page.ids}

    assert missing == {}
    # The paragraph rows' order fields are described by their help text, row by row.
    assert "id_paragraphs-0-order_helptext" in page.references


def test_the_inline_tables_scroll_in_regions_named_by_their_headings(client, editor, version):
    client.force_login(editor)

    page = client.get(reverse("admin:guidelines_version_change", args=[version.pk]))

    regions = re.findall(
        r'<div class="inline-scroll" role="region" tabindex="0" aria-labelledby="([^"]+)">',
        page.content.decode(),
    )
    assert regions == ["sections-heading", "paragraphs-heading"]
