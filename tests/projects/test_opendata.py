"""Open data: CSV, JSON and GeoJSON parse, validate against the documented schema, and
never carry drafts; the query count does not grow with the number of entries."""

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
from django.urls import reverse

from projects.records import FIELDS
from tests.projects.factories import (
    make_decision,
    make_department,
    make_district,
    make_edition,
    make_milestone,
    make_project,
    make_topic,
)

pytestmark = pytest.mark.django_db

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "docs/open-data/vorhabenliste.schema.json").read_text()
)


def download(client, name: str) -> bytes:
    response = client.get(reverse(f"projects:{name}"))
    assert response.status_code == 200
    assert response.streaming
    return b"".join(response.streaming_content)


@pytest.fixture
def entries():
    edition = make_edition("2026/1")
    north, green = make_district("Nordstadt"), make_topic("Grün")
    located = make_project(
        "Park am Fluss",
        districts=[north],
        topics=[green],
        latitude=Decimal("49.444700"),
        longitude=Decimal("7.768900"),
        estimated_cost=Decimal("1250000.50"),
        first_edition=edition,
    )
    make_milestone(located, title="Spatenstich")
    make_decision(located, reference="DS 7/2026")
    make_project("Klimaschutzkonzept", goal='=HYPERLINK("http://evil")')
    make_project("Geheimer Entwurf", published=False, latitude=1, longitude=2)
    return located


def test_json_validates_against_the_schema_and_has_the_documented_fields(client, entries):
    document = json.loads(download(client, "export_json"))

    jsonschema.validate(document, SCHEMA, format_checker=jsonschema.FormatChecker())
    assert document["licence"] == "dl-de/by-2-0"
    assert document["edition"]["number"] == "2026/1"
    park = next(p for p in document["projects"] if p["slug"] == entries.slug)
    assert list(park)[: len(FIELDS)] == list(FIELDS)
    assert park["districts"] == ["Nordstadt"]
    assert park["topics"] == ["Grün"]
    assert park["estimated_cost"] == 1250000.5
    assert park["milestones"][0]["title"] == "Spatenstich"
    assert park["decisions"][0]["reference"] == "DS 7/2026"
    assert park["url"].endswith(entries.get_absolute_url())
    assert park["first_edition"] == "2026/1"


def test_geojson_is_a_feature_collection_in_longitude_latitude_order(client, entries):
    document = json.loads(download(client, "export_geojson"))

    jsonschema.validate(document, SCHEMA, format_checker=jsonschema.FormatChecker())
    assert document["type"] == "FeatureCollection"
    assert [f["id"] for f in document["features"]] == [entries.slug]  # only located entries
    assert document["features"][0]["geometry"] == {
        "type": "Point",
        "coordinates": [7.7689, 49.4447],
    }


def test_csv_has_the_documented_header_and_neutralises_formulas(client, entries):
    content = download(client, "export_csv").decode("utf-8-sig")

    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert rows[0] == list(FIELDS)
    assert len(rows) == 3  # header and the two public entries
    by_slug = {row[0]: dict(zip(FIELDS, row, strict=True)) for row in rows[1:]}
    assert by_slug["klimaschutzkonzept"]["goal"].startswith("'=HYPERLINK")
    park = by_slug[entries.slug]
    assert park["districts"] == "Nordstadt"
    assert park["latitude"] == "49.4447"
    assert park["involve_board"] == "false"
    assert all(line.startswith('"') for line in content.splitlines() if line)


def test_csv_neutralises_formulas_after_separators_too(client):
    make_project("Harmlos", financing="Land;=1+1", contact="Amt\n@SUM(A1)")

    content = download(client, "export_csv").decode("utf-8-sig")

    assert "Land;'=1+1" in content
    assert "'@SUM(A1)" in content


@pytest.mark.parametrize("name", ["export_csv", "export_json", "export_geojson"])
def test_no_draft_ever_appears_in_the_open_data(client, entries, name):
    assert b"Geheimer Entwurf" not in download(client, name)


@pytest.mark.parametrize("name", ["export_csv", "export_json", "export_geojson"])
def test_open_data_needs_the_same_queries_for_3_or_60_entries(
    client, entries, name, django_assert_max_num_queries
):
    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            download(client, name)
        return len(queries)

    few = count()
    department = make_department()
    for number in range(60):
        project = make_project(
            f"Vorhaben {number}",
            department=department,
            latitude=Decimal("49.1"),
            longitude=Decimal("7.1"),
            districts=[make_district()],
        )
        make_milestone(project)
    assert count() == few
    with django_assert_max_num_queries(6):
        download(client, name)


def test_the_licence_comes_from_the_settings(client, settings):
    settings.PROJECTS_OPEN_DATA_LICENCE = "CC-BY-4.0"
    make_project("Park")

    assert json.loads(download(client, "export_json"))["licence"] == "CC-BY-4.0"
    assert "CC-BY-4.0" in client.get(reverse("projects:project_list")).content.decode()


def test_an_empty_list_is_still_valid_open_data(client):
    for name in ("export_json", "export_geojson"):
        document = json.loads(download(client, name))
        jsonschema.validate(document, SCHEMA, format_checker=jsonschema.FormatChecker())
    assert download(client, "export_csv").decode("utf-8-sig").count("\n") == 1
