"""Filters of the public list: each filter, unknown values, refused input, URL state."""

import pytest
from django.http import QueryDict
from django.urls import reverse

from projects.filters import SEARCH_MAX_LENGTH, BadListQuery, parse, read_catalogue
from projects.models import ParticipationLevel, ParticipationPlanned, Status
from tests.projects.factories import (
    make_department,
    make_district,
    make_edition,
    make_project,
    make_topic,
)

pytestmark = pytest.mark.django_db

LIST = reverse("projects:project_list")


def titles(response) -> list[str]:
    return [project.title for project in response.context["projects"]]


@pytest.fixture
def catalogue():
    north, south = make_district("Nordstadt"), make_district("Südstadt")
    green, school = make_topic("Grün"), make_topic("Bildung")
    parks, schools = make_department("Grünflächenamt"), make_department("Schulamt")
    edition = make_edition("2026/1")
    make_project(
        "Park Nord",
        districts=[north],
        topics=[green],
        department=parks,
        status=Status.IMPLEMENTATION,
        participation_level=ParticipationLevel.CONSULTATION,
        first_edition=edition,
    )
    make_project(
        "Schule Süd",
        districts=[south],
        topics=[school],
        department=schools,
        participation_planned=ParticipationPlanned.NOT_PLANNED,
        participation_reason="Reine Instandhaltung.",
    )
    return {"north": north, "green": green, "parks": parks}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"district": "nordstadt"}, ["Park Nord"]),
        ({"topic": "bildung"}, ["Schule Süd"]),
        ({"department": "grunflachenamt"}, ["Park Nord"]),
        ({"status": "implementation"}, ["Park Nord"]),
        ({"participation": "not_planned"}, ["Schule Süd"]),
        ({"level": "consultation"}, ["Park Nord"]),
        ({"new": "1"}, ["Park Nord"]),
        ({}, ["Park Nord", "Schule Süd"]),
    ],
)
def test_each_filter_selects_its_entries(client, catalogue, params, expected):
    response = client.get(LIST, params)

    assert response.status_code == 200
    assert titles(response) == expected


def test_filters_combine(client, catalogue):
    response = client.get(LIST, {"district": "nordstadt", "status": "idea"})

    assert titles(response) == []
    assert 'class="project-table"' not in response.content.decode()


def test_filter_state_is_kept_in_the_form_and_in_the_page_links(client, catalogue):
    for number in range(30):
        make_project(f"Weiterer Park {number}", districts=[catalogue["north"]])

    response = client.get(LIST, {"district": "nordstadt", "view": "cards"})

    html = response.content.decode()
    assert '<option value="nordstadt" selected>' in html
    assert "?district=nordstadt&amp;view=cards&amp;page=2" in html
    assert 'name="view" value="cards"' in html


@pytest.mark.parametrize(
    "params",
    [
        {"district": "atlantis"},
        {"topic": "unbekannt"},
        {"status": "fliegend"},
        {"department": "<script>"},
        {"participation": "maybe"},
        {"level": "total"},
        {"new": "ja"},
        {"sort": "random"},
        {"view": "map3d"},
    ],
)
def test_unknown_filter_values_are_ignored_with_a_visible_note(client, catalogue, params):
    response = client.get(LIST, params)

    assert response.status_code == 200
    assert titles(response) == ["Park Nord", "Schule Süd"]
    html = response.content.decode()
    assert 'id="ignored-title"' in html
    assert "<script>" not in html.split('id="ignored-title"')[1].split("</ul>")[0]


def test_a_nul_byte_in_the_search_is_refused_with_a_message(client, catalogue):
    response = client.get(LIST, {"q": "Schule\x00"})

    assert response.status_code == 400
    assert "Park Nord" not in response.content.decode()
    assert "<h1>" in response.content.decode()


def test_the_list_parser_itself_refuses_nul_bytes_in_keys_and_values(catalogue):
    for raw in ("q=Schule%00", "district=nord%00", "so%00rt=title"):
        with pytest.raises(BadListQuery, match="NUL"):
            parse(QueryDict(raw), read_catalogue())


def test_a_nul_byte_in_a_filter_is_refused_too(client, catalogue):
    assert client.get(LIST, {"district": "nord\x00stadt"}).status_code == 400
    assert client.get(LIST + "?sort%00=x").status_code == 400


def test_an_over_long_search_is_refused_with_a_message(client, catalogue):
    response = client.get(LIST, {"q": "a" * (SEARCH_MAX_LENGTH + 1)})

    assert response.status_code == 400
    assert str(SEARCH_MAX_LENGTH) in response.content.decode()


def test_the_catalogue_is_read_in_one_query_in_its_own_order(catalogue, django_assert_num_queries):
    make_district("Altstadt", position=0)
    make_district("Zentrum")

    with django_assert_num_queries(1):
        result = read_catalogue()

    assert [c.label for c in result.districts] == ["Altstadt", "Nordstadt", "Südstadt", "Zentrum"]
    assert [c.value for c in result.topics] == ["bildung", "grun"]
    assert [c.label for c in result.departments] == ["Grünflächenamt", "Schulamt"]
