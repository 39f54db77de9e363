import time
from decimal import Decimal

import pytest
import tablib

from participation.models import OutboxMessage
from projects.models import Precision, Project, ProjectChange, Status
from projects.resources import ProjectResource
from tests.projects.factories import make_department, make_district, make_edition, make_project

# Refusals and labels are asserted in their English source.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

HEADERS = [
    "slug", "title", "summary", "status", "districts", "topics", "department", "start", "end",
    "estimated_cost", "participation_planned", "participation_reason", "involve_board",
    "latitude", "longitude", "first_edition", "published", "change_reason",
]  # fmt: skip


@pytest.fixture
def catalogue(db):
    make_department("Tiefbau- und Verkehrsamt", short_name="Amt 66", slug="tiefbau")
    make_district("Weststadt")
    make_district("Altstadt")
    make_edition("2026/2")


def row(**values):
    base = {
        "slug": "fahrradstrasse",
        "title": "Fahrradstraße Lindenallee",
        "summary": "Radfahrende haben Vorrang.",
        "status": "in Planung",
        "districts": "Weststadt; altstadt",
        "topics": "",
        "department": "Amt 66",
        "start": "09/2027",
        "end": "2028",
        "estimated_cost": "1.450.000",
        "participation_planned": "planned",
        "participation_reason": "",
        "involve_board": "ja",
        "latitude": "49,4442",
        "longitude": "7.7573",
        "first_edition": "2026/2",
        "published": "ja",
        "change_reason": "",
    }
    base.update(values)
    return [base[h] for h in HEADERS]


def dataset(*rows, headers=HEADERS):
    return tablib.Dataset(*rows, headers=headers)


def run(data, dry_run):
    return ProjectResource().import_data(data, dry_run=dry_run, raise_errors=False)


def test_dry_run_reports_new_rows_and_writes_nothing(catalogue):
    result = run(dataset(row(), row(slug="zweites", title="Zweites")), dry_run=True)

    assert not result.has_errors()
    assert not result.has_validation_errors()
    assert result.totals["new"] == 2
    assert not Project.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_apply_creates_entries_with_every_column_understood(catalogue):
    result = run(dataset(row()), dry_run=False)

    assert not result.has_validation_errors(), result.invalid_rows
    project = Project.objects.get(slug="fahrradstrasse")
    assert project.status == Status.PLANNING
    assert sorted(d.name for d in project.districts.all()) == ["Altstadt", "Weststadt"]
    assert project.department.slug == "tiefbau"
    assert (project.start.isoformat(), project.start_precision) == ("2027-09-01", Precision.MONTH)
    assert (project.end.year, project.end_precision) == (2028, Precision.YEAR)
    assert project.estimated_cost == Decimal("1450000")
    assert project.latitude == Decimal("49.4442")
    assert project.involve_board
    assert project.published
    assert project.first_edition.number == "2026/2"
    assert project.summary_html == "<p>Radfahrende haben Vorrang.</p>"


def test_errors_are_reported_per_row_and_nothing_is_applied(catalogue):
    data = dataset(
        row(),
        row(slug="b", start="31.02.2027"),
        row(slug="c", districts="Mondstadt"),
        row(slug="d", status="fertig"),
        row(slug="e", participation_planned="not_planned"),
        row(slug="f", department="Amt 99"),
    )

    result = run(data, dry_run=False)

    assert result.has_validation_errors()
    invalid = {r.number: r.error_dict for r in result.invalid_rows}
    assert set(invalid) == {2, 3, 4, 5, 6}
    assert "start" in invalid[2]
    assert "Mondstadt" in str(invalid[3]["districts"])
    assert "status" in invalid[4]
    assert "participation_reason" in invalid[5]
    assert "Amt 99" in str(invalid[6]["department"])
    assert not Project.objects.exists()


def test_duplicate_slugs_in_the_file_are_refused(catalogue):
    result = run(dataset(row(), row(title="Doppelt")), dry_run=False)

    assert [r.number for r in result.invalid_rows] == [1, 2]
    assert "more than once" in str(result.invalid_rows[0].error_dict["slug"])
    assert not Project.objects.exists()


def test_unknown_columns_are_refused_on_every_row(catalogue):
    headers = [*HEADERS[:-1], "Kosten (brutto)"]
    result = run(dataset([*row()[:-1], "x"], headers=headers), dry_run=False)

    assert result.has_validation_errors()
    assert "Kosten (brutto)" in str(result.invalid_rows[0].error)
    assert not Project.objects.exists()


def test_updating_a_tracked_field_needs_a_change_reason_and_logs_it(catalogue, editor):
    run(dataset(row()), dry_run=False)

    refused = run(dataset(row(status="Beschluss")), dry_run=False)
    assert "change_reason" in refused.invalid_rows[0].error_dict
    assert Project.objects.get().status == Status.PLANNING

    result = ProjectResource().import_data(
        dataset(row(status="decided", change_reason="Ratsbeschluss vom 3.12.")),
        dry_run=False,
        user=editor,
    )
    assert result.totals["update"] == 1
    change = ProjectChange.objects.get()
    assert change.reason == "Ratsbeschluss vom 3.12."
    assert change.changed_by == editor


def test_an_unchanged_row_is_skipped(catalogue):
    run(dataset(row()), dry_run=False)

    result = run(dataset(row()), dry_run=True)

    assert result.totals["skip"] == 1


def test_export_reimports_unchanged(catalogue):
    run(dataset(row(), row(slug="zweites", title="Zweites", start="2027-03-15")), dry_run=False)
    exported = ProjectResource().export()

    assert exported.headers[0] == "slug"
    assert exported.dict[0]["start"] == "2027-09"
    result = run(tablib.Dataset().load(exported.csv, format="csv"), dry_run=True)
    assert not result.has_validation_errors(), result.invalid_rows
    assert result.totals["skip"] == 2


def test_nul_bytes_are_stripped(catalogue):
    run(dataset(row(title="Fahrrad\x00straße")), dry_run=False)

    assert Project.objects.get().title == "Fahrradstraße"


def test_dry_run_of_a_thousand_rows_takes_a_few_seconds(catalogue):
    rows = [row(slug=f"vorhaben-{i}", title=f"Vorhaben {i}") for i in range(1000)]
    make_project("Schon da", slug="schon-da")

    started = time.perf_counter()
    result = run(dataset(*rows), dry_run=True)
    elapsed = time.perf_counter() - started

    assert result.totals["new"] == 1000
    assert elapsed < 30  # budget on PostgreSQL is 5 s; SQLite under load is slower
