"""Signed-in readers get the stored page with their own parts (participation.pagecache)."""

import pytest
from django.test import Client
from django.urls import reverse

from guidelines.models import Comment
from tests.conftest import rendered_without_cache, signed_in, stored_page_keys, without_tokens
from tests.guidelines.factories import first_paragraph, make_comment, make_version

pytestmark = pytest.mark.usefixtures("page_cache")


@pytest.fixture
def version(db):
    return make_version()


@pytest.fixture
def url(version):
    return version.get_absolute_url()


def test_a_resident_gets_the_stored_page_with_their_own_header_and_follow_button(
    resident, url, settings, django_assert_max_num_queries
):
    Client().get(url)  # an anonymous reader stores the page
    assert len(stored_page_keys()) == 1
    client = signed_in(resident)
    client.get(url)  # the first fills Django's content type cache (the follow button)

    # Session (database sessions in tests), user and whether they follow the document:
    # not the page's own queries, none for the document (the stored page keeps its
    # columns) and none for "no comment of theirs awaiting moderation" (stored with it).
    with django_assert_max_num_queries(3):
        response = client.get(url)

    content = without_tokens(response)
    assert response.status_code == 200
    assert content == rendered_without_cache(client, url, settings)
    assert reverse("account_logout") in content
    assert 'aria-pressed="false"' in content  # the follow button, not following yet
    assert reverse("account_login") not in content
    assert "\x00" not in content
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert not response.has_header("ETag")
    assert len(stored_page_keys()) == 1  # served from the same entry


def test_a_resident_arriving_first_stores_the_anonymous_page(resident, url):
    resident_page = signed_in(resident).get(url)
    assert len(stored_page_keys()) == 1

    anonymous = Client().get(url)

    assert reverse("account_login") in anonymous.content.decode()
    assert reverse("account_logout") not in anonymous.content.decode()
    assert resident.email not in anonymous.content.decode()
    assert reverse("account_logout") in resident_page.content.decode()
    assert anonymous.has_header("ETag")  # stored by the resident's visit, served from it


def test_each_resident_gets_their_own_parts_from_one_entry(resident, other_resident, version, url):
    anna, ben = signed_in(resident), signed_in(other_resident)
    anna.get(url)
    anna.post(
        reverse("participation:follow", args=["document", version.document.pk]),
        {"follow": "1", "next": url},
    )

    anna_page = anna.get(url).content.decode()
    ben_page = ben.get(url).content.decode()

    assert 'aria-pressed="true"' in anna_page
    assert 'aria-pressed="false"' in ben_page
    assert len(stored_page_keys()) == 1


def test_a_message_after_an_action_is_shown_on_the_next_page(resident, version, url):
    client = signed_in(resident)
    client.get(url)

    response = client.post(
        reverse("participation:follow", args=["document", version.document.pk]),
        {"follow": "1", "next": url},
        follow=True,
    )

    content = response.content.decode()
    assert 'class="messages"' in content
    assert 'aria-pressed="true"' in content
    assert 'class="messages"' not in client.get(url).content.decode()  # shown once


def test_own_comment_awaiting_moderation_is_counted_for_its_author_only(
    resident, other_resident, version, url, settings, django_capture_on_commit_callbacks
):
    Client().get(url)
    with django_capture_on_commit_callbacks(execute=True):  # the comment bumps the page
        make_comment(first_paragraph(version), resident, state=Comment.State.PENDING)

    own = signed_in(resident).get(url).content.decode()
    other = signed_in(other_resident).get(url).content.decode()

    assert own != other
    assert without_tokens(signed_in(resident).get(url)) == rendered_without_cache(
        signed_in(resident), url, settings
    )


def test_staff_get_a_rendering_of_their_own(editor, url, settings):
    Client().get(url)
    client = signed_in(editor)

    content = without_tokens(client.get(url))

    assert reverse("admin:index") in content
    assert content == rendered_without_cache(client, url, settings)


@pytest.mark.parametrize("path", ["/leitlinien/", "/seite/impressum/"])
def test_other_pages_that_allow_residents(resident, path, settings):
    first = Client().get(path)
    if first.status_code == 404:
        pytest.skip(f"{path} is not a page here")
    client = signed_in(resident)

    response = client.get(path)

    assert response.status_code == 200
    assert reverse("account_logout") in response.content.decode()
    assert without_tokens(response) == rendered_without_cache(client, path, settings)


def test_a_part_shows_the_object_as_the_page_was_built_from_it(
    resident, version, url, django_capture_on_commit_callbacks
):
    """A renamed document bumps the page's generation: the new page names it anew."""
    client = signed_in(resident)
    client.get(url)
    document = version.document
    document.title = "Neuer Titel der Leitlinien"
    with django_capture_on_commit_callbacks(execute=True):
        document.save()

    content = client.get(url).content.decode()

    assert content.count("Neuer Titel der Leitlinien") >= 2  # heading and follow button


def test_pages_that_are_not_stored_carry_no_marks(resident, url):
    for client in (Client(), signed_in(resident)):
        for path in (url + "?x=1", url + "absatz/gibt-es-nicht/", "/gibt-es-nicht/"):
            assert b"\x00" not in client.get(path).content
