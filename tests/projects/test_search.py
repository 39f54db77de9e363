"""Full-text search of the public list: German word forms on PostgreSQL, a fallback on SQLite."""

import pytest
from django.db import connection
from django.urls import reverse

from tests.conftest import need
from tests.projects.factories import make_department, make_district, make_project

pytestmark = pytest.mark.django_db

LIST = reverse("projects:project_list")


def titles(response) -> list[str]:
    return [project.title for project in response.context["projects"]]


def postgresql() -> None:
    need(connection.vendor == "postgresql", "German full-text search needs PostgreSQL")


def test_schulen_finds_schule_through_german_stemming(client):
    postgresql()
    make_project("Sanierung der Schule am Park")
    make_project("Neue Fahrradstraße")

    assert titles(client.get(LIST, {"q": "Schulen"})) == ["Sanierung der Schule am Park"]


def test_search_reads_the_description_and_ranks_title_matches_first(client):
    postgresql()
    make_project("Spielplatz Lindenhof", summary="Neue Geräte für Kinder.")
    make_project("Quartiersplatz", summary="Ein Spielplatz mit Bänken und Bäumen.")

    response = client.get(LIST, {"q": "Spielplätze"})

    assert titles(response) == ["Spielplatz Lindenhof", "Quartiersplatz"]
    assert response.context["query"].active_sort == "relevance"


def test_search_finds_entries_by_their_department(client):
    postgresql()
    make_project("Umbau Rathausplatz", department=make_department("Tiefbauamt"))

    assert titles(client.get(LIST, {"q": "Tiefbauamt"})) == ["Umbau Rathausplatz"]


def test_search_with_operators_and_quotes_never_fails(client):
    postgresql()
    make_project("Radweg Nord")

    for q in ('"Radweg Nord"', "Radweg -Süd", "Radweg OR Fußweg", "& | ! ( ) :*", "'"):
        assert client.get(LIST, {"q": q}).status_code == 200


def test_search_combines_with_filters_and_keeps_the_drafts_hidden(client):
    north = make_district("Nordstadt")
    make_project("Schule Nord", districts=[north])
    make_project("Schule Süd")
    make_project("Schule Entwurf", districts=[north], published=False)

    response = client.get(LIST, {"q": "Schule", "district": "nordstadt"})

    assert titles(response) == ["Schule Nord"]


def test_sqlite_fallback_still_matches_simple_word_forms(client):
    make_project("Sanierung der Schule am Park")
    make_project("Neue Fahrradstraße")

    assert titles(client.get(LIST, {"q": "Schulen"})) == ["Sanierung der Schule am Park"]


def test_an_empty_search_lists_everything_in_title_order(client):
    make_project("Beta")
    make_project("Alpha")

    response = client.get(LIST, {"q": "   "})

    assert titles(response) == ["Alpha", "Beta"]
    assert response.context["query"].active_sort == "title"
