"""The optional map of the list: only with a tile server, markers where the entries are."""

from decimal import Decimal

import pytest
from django.urls import reverse

from projects.views.maps import HEIGHT, WIDTH, map_of, world_pixel
from tests.projects.factories import make_project

pytestmark = pytest.mark.django_db

LIST = reverse("projects:project_list")
TILES = "https://tiles.example/{z}/{x}/{y}.png"


def test_no_map_without_a_tile_server(client, settings):
    settings.MAP_TILE_URL = ""
    make_project("Park", latitude=Decimal("49.44"), longitude=Decimal("7.77"))

    response = client.get(LIST)

    assert response.context["map"] is None
    assert "project-map" not in response.content.decode()


def test_no_map_without_a_located_entry(client, settings):
    settings.MAP_TILE_URL = TILES
    make_project("Ohne Ort")

    assert client.get(LIST).context["map"] is None


def test_the_map_links_every_located_entry_of_the_page(client, settings):
    settings.MAP_TILE_URL = TILES
    settings.MAP_TILE_ATTRIBUTION = "© OpenStreetMap-Mitwirkende"
    park = make_project("Park", latitude=Decimal("49.4447"), longitude=Decimal("7.7689"))
    make_project("Bad", latitude=Decimal("49.4300"), longitude=Decimal("7.7500"))
    make_project("Ohne Ort")

    html = client.get(LIST).content.decode()

    assert html.count('class="project-map__marker"') == 2
    assert f'<a href="{park.get_absolute_url()}" aria-label="Park">' in html
    assert 'href="https://tiles.example/' in html
    assert "© OpenStreetMap-Mitwirkende" in html


def test_projection_puts_the_meridian_and_equator_in_the_middle():
    assert world_pixel(0, 0, 0) == pytest.approx((128, 128))
    x, y = world_pixel(49.44, 7.77, 12)
    assert (int(x // 256), int(y // 256)) == (2136, 1398)  # the usual tile numbers


def test_markers_lie_inside_the_map_with_east_to_the_right_and_north_up(settings):
    settings.MAP_TILE_URL = TILES
    east = make_project("Ost", latitude=Decimal("49.44"), longitude=Decimal("7.80"))
    west = make_project("West", latitude=Decimal("49.44"), longitude=Decimal("7.70"))
    north = make_project("Nord", latitude=Decimal("49.48"), longitude=Decimal("7.75"))

    result = map_of([east, west, north])

    markers = {m.project.title: m for m in result["markers"]}
    assert all(0 <= m.x <= WIDTH and 0 <= m.y <= HEIGHT for m in markers.values())
    assert markers["Ost"].x > markers["West"].x
    assert markers["Nord"].y < markers["Ost"].y
    assert result["tiles"]
    assert all(tile["url"].startswith("https://tiles.example/") for tile in result["tiles"])
