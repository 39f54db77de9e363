"""A form's target opened as a page, or a form sent to a read-only page: not an empty 405."""

import pytest
from django.urls import reverse

from tests.guidelines.factories import first_paragraph, make_comment, make_version

HTML = {"Accept": "text/html,application/xhtml+xml"}


@pytest.fixture
def comment(db):
    return make_comment(first_paragraph(make_version()), None)


def support_url(comment):
    paragraph = comment.paragraph
    return reverse(
        "guidelines:support",
        kwargs={
            "slug": paragraph.version.document.slug,
            "pk": paragraph.version_id,
            "key": paragraph.key,
            "comment_id": comment.pk,
        },
    )


def test_opening_an_action_address_explains_it_in_german(client, comment):
    response = client.get(support_url(comment), headers={**HTML, "Accept-Language": "de"})

    assert response.status_code == 405
    assert response["Allow"] == "POST"
    content = response.content.decode()
    assert "<h1>Diese Adresse ist das Ziel eines Formulars</h1>" in content
    assert "Es wurde nichts gesendet oder geändert." in content
    assert reverse("participation:home") in content


def test_a_form_sent_to_a_read_only_page_keeps_the_text(client, comment):
    url = comment.paragraph.version.get_absolute_url()

    response = client.post(
        url, {"text": "Mein langer Kommentar"}, headers={**HTML, "Accept-Language": "de"}
    )

    assert response.status_code == 405
    content = response.content.decode()
    assert "Diese Seite nimmt keine Formulare an" in content
    assert "Mein langer Kommentar" in content


def test_machine_clients_keep_the_bare_answer(client, comment):
    response = client.get(support_url(comment), headers={"Accept": "application/json"})

    assert response.status_code == 405
    assert response.content == b""
