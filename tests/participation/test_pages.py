import pytest
from django.urls import reverse
from django.utils import translation

from participation.models import Page

SLUGS = [choice.value for choice in Page.Slug]


@pytest.mark.django_db
@pytest.mark.parametrize("slug", SLUGS)
def test_every_legal_page_exists_from_the_start_and_is_linked_in_the_footer(client, slug):
    response = client.get(reverse("participation:page", args=[slug]))

    assert response.status_code == 200
    assert "Bitte ergänzen" in response.content.decode()
    home = client.get(reverse("participation:home")).content.decode()
    assert f'href="{reverse("participation:page", args=[slug])}"' in home


@pytest.mark.django_db
def test_page_shows_english_text_when_english_is_chosen(client):
    client.cookies["django_language"] = "en"

    response = client.get(reverse("participation:page", args=["impressum"]))

    assert "To be completed" in response.content.decode()
    assert '<html lang="en">' in response.content.decode()


@pytest.mark.django_db
def test_page_falls_back_to_german_with_lang_attribute(client):
    Page.objects.filter(slug="impressum").update(body_en="", title_en="")
    client.cookies["django_language"] = "en"

    content = client.get(reverse("participation:page", args=["impressum"])).content.decode()

    assert 'lang="de"' in content
    assert "Bitte ergänzen" in content


@pytest.mark.django_db
def test_staff_markdown_is_rendered_sanitised_on_save():
    page = Page.objects.get(slug="impressum")
    page.body = "## Kontakt\n\n<script>alert(1)</script>[x](javascript:alert(1)) **fett**"
    page.save()

    assert "<script" not in page.body_html
    assert "javascript:" not in page.body_html
    assert '<h2 id="h-kontakt">Kontakt</h2>' in page.body_html
    assert "<strong>fett</strong>" in page.body_html


def test_unknown_page_gives_styled_404(client, db):
    response = client.get("/seite/gibt-es-nicht/")

    assert response.status_code == 404
    content = response.content.decode()
    assert "Seite nicht gefunden" in content
    assert 'href="/seite/impressum/"' in content


@pytest.mark.django_db
def test_start_page_is_german_and_explains_the_platform_in_easy_language(client):
    content = client.get(reverse("participation:home")).content.decode()

    assert '<html lang="de">' in content
    assert "Leichte Sprache" in content
    assert 'class="skip-link" href="#main"' in content
    assert '<main id="main"' in content


@pytest.mark.django_db
def test_navigation_links_only_to_pages_that_exist(client):
    content = client.get(reverse("participation:home")).content.decode()

    import re

    for href in set(re.findall(r'href="(/[^"]*)"', content)):
        if href.startswith("/static/"):
            continue
        assert client.get(href).status_code == 200, href


def test_language_switch_sets_english(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)

    assert '<html lang="en">' in response.content.decode()
    translation.activate("de")


@pytest.mark.django_db
def test_saving_only_the_markdown_field_also_updates_its_html():
    page = Page.objects.get(slug="impressum")
    page.body = "**neu**"

    page.save(update_fields=["body"])

    page.refresh_from_db()
    assert page.body_html == "<p><strong>neu</strong></p>"
