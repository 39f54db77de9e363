"""The Atom feed of new entries and changes."""

import feedparser
import pytest
from django.urls import reverse

from tests.projects.factories import make_change, make_project

pytestmark = pytest.mark.django_db


def read_feed(client):
    response = client.get(reverse("projects:feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return feedparser.parse(response.content)


def test_feed_parses_and_lists_new_entries_and_changes_with_the_reason(client):
    project = make_project("Lärmaktionsplan")
    make_change(project, old_value="Idee", new_value="in Planung", reason="Ratsbeschluss vom Mai.")

    feed = read_feed(client)

    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    titles = [entry.title for entry in feed.entries]
    assert any("Lärmaktionsplan" in title for title in titles)
    assert len(feed.entries) == 2
    change = next(e for e in feed.entries if "#change-" in e.link)
    assert "Ratsbeschluss vom Mai." in change.summary
    assert "in Planung" in change.summary
    assert all(entry.id for entry in feed.entries)
    assert len({entry.id for entry in feed.entries}) == 2


def test_feed_contains_nothing_of_unpublished_entries(client):
    draft = make_project("Geheimer Entwurf", published=False)
    make_change(draft, reason="Geheimer Grund")
    make_project("Öffentlich")

    feed = read_feed(client)

    text = str(feed)
    assert "Geheimer" not in text
    assert [e.title for e in feed.entries]
    assert all("Öffentlich" in e.title for e in feed.entries)


def test_feed_never_names_who_made_a_change(client, editor):
    project = make_project("Spielplatz")
    make_change(project, changed_by=editor)

    content = client.get(reverse("projects:feed")).content.decode()

    assert editor.display_name not in content
    assert editor.email not in content


def test_feed_needs_two_queries_however_long_it_is(client, django_assert_max_num_queries):
    for number in range(20):
        make_change(make_project(f"Vorhaben {number}"))

    with django_assert_max_num_queries(2):
        read_feed(client)
