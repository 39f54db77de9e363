"""The legal pages (Impressum, Datenschutz, …) in the page cache."""

import pytest
from django.urls import reverse

from participation.models import Page
from tests.conftest import stored_page_keys

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


@pytest.fixture
def imprint():
    return Page.objects.get(slug="impressum")


def test_a_legal_page_is_served_from_the_cache_to_anonymous_readers(
    client, imprint, django_assert_num_queries
):
    first = client.get(imprint.get_absolute_url())

    with django_assert_num_queries(0):
        second = client.get(imprint.get_absolute_url())
    revalidated = client.get(imprint.get_absolute_url(), headers={"if-none-match": first["ETag"]})

    assert second.content == first.content
    assert second["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert revalidated.status_code == 304


def test_an_edited_legal_page_shows_on_the_next_request(
    client, imprint, django_capture_on_commit_callbacks
):
    url = imprint.get_absolute_url()
    first = client.get(url)

    imprint.body = "Herausgeberin ist die **Stadtverwaltung**."
    with django_capture_on_commit_callbacks(execute=True):
        imprint.save()
    again = client.get(url, headers={"if-none-match": first["ETag"]})

    assert again.status_code == 200
    assert "Herausgeberin ist die <strong>Stadtverwaltung</strong>." in again.content.decode()


def test_each_language_gets_its_own_stored_page(client, imprint):
    imprint.title, imprint.title_en = "Impressum der Stadt", "Legal notice of the city"
    imprint.save()
    url = imprint.get_absolute_url()

    german = client.get(url).content.decode()
    english = client.get(url, headers={"accept-language": "en"}).content.decode()
    german_again = client.get(url).content.decode()

    assert "Impressum der Stadt" in german
    assert "Legal notice of the city" in english
    assert german_again == german
    assert len(stored_page_keys()) == 2


def test_an_unknown_legal_page_is_not_stored(client):
    response = client.get(reverse("participation:page", kwargs={"slug": "gibt-es-nicht"}))

    assert response.status_code == 404
    assert stored_page_keys() == []


def test_signed_in_readers_get_a_fresh_rendering(client, resident, imprint):
    client.get(imprint.get_absolute_url())
    client.force_login(resident)

    response = client.get(imprint.get_absolute_url())

    assert reverse("participation:account") in response.content.decode()
    assert not response.has_header("ETag")
