"""Query counts of the public pages stay flat as the list and an entry's history grow."""

import pytest
from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import Project
from tests.projects.factories import (
    make_change,
    make_decision,
    make_department,
    make_district,
    make_edition,
    make_milestone,
    make_project,
    make_request,
    make_topic,
)

pytestmark = pytest.mark.django_db

LIST = reverse("projects:project_list")
MAX_QUERIES = 10
FILTERED = {"q": "Schule", "district": "bezirk-1", "sort": "updated", "view": "cards"}


@pytest.fixture
def catalogue():
    return {
        "edition": make_edition("2026/1"),
        "districts": [make_district(f"Bezirk {n}", slug=f"bezirk-{n}") for n in range(1, 6)],
        "topics": [make_topic(f"Thema {n}") for n in range(1, 6)],
        "departments": [make_department(f"Amt {n}") for n in range(1, 4)],
    }


def seed(catalogue, count: int) -> None:
    """``count`` more entries spread over districts, topics and departments, in bulk."""
    start = Project.objects.count()
    created = Project.objects.bulk_create(
        Project(
            title=f"Schule {start + n}",
            slug=f"schule-{start + n}",
            summary="Sanierung einer Schule.",
            summary_html="<p>Sanierung einer Schule.</p>",
            department=catalogue["departments"][n % 3],
            published=True,
            first_edition=catalogue["edition"] if n % 4 == 0 else None,
        )
        for n in range(count)
    )
    if connection.vendor == "postgresql":
        # What Project.save() does for one entry, for all of them in one UPDATE.
        Project.objects.filter(search_vector__isnull=True).update(
            search_vector=SearchVector("title", weight="A", config="german")
            + SearchVector("summary", weight="B", config="german")
        )
    Project.districts.through.objects.bulk_create(
        Project.districts.through(project=p, district=catalogue["districts"][i % 5])
        for i, p in enumerate(created)
    )
    Project.topics.through.objects.bulk_create(
        Project.topics.through(project=p, topic=catalogue["topics"][i % 5])
        for i, p in enumerate(created)
    )


def queries_of(client, path: str, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, params or {})
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("params", [{}, FILTERED], ids=["plain", "filtered-searched"])
def test_the_list_needs_at_most_ten_queries_for_1000_entries(
    client, catalogue, params, django_assert_max_num_queries
):
    seed(catalogue, 1000)

    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(LIST, params)
    assert len(response.context["projects"]) == 25  # a full page, not an empty result


@pytest.mark.parametrize("params", [{}, FILTERED], ids=["plain", "filtered-searched"])
def test_the_list_needs_the_same_queries_for_20_and_200_entries(client, catalogue, params):
    seed(catalogue, 20)
    few = queries_of(client, LIST, params)
    seed(catalogue, 180)
    assert queries_of(client, LIST, params) == few


def test_a_signed_in_reader_of_the_list_stays_within_ten_queries(
    client, catalogue, resident, django_assert_max_num_queries
):
    seed(catalogue, 1000)
    client.force_login(resident)

    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(LIST, FILTERED)
    assert len(response.context["projects"]) == 25


def entry_with_history(length: int) -> Project:
    project = make_project(
        f"Vorhaben mit {length} Änderungen",
        districts=[make_district(), make_district()],
        topics=[make_topic(), make_topic()],
    )
    for n in range(length):
        make_change(project, reason=f"Grund {n}")
        make_milestone(project, title=f"Meilenstein {n}")
        make_decision(project)
    make_request(project, supporters=[])
    return project


@pytest.mark.parametrize("length", [1, 40])
def test_the_entry_page_needs_at_most_ten_queries_whatever_its_history(
    client, resident, length, django_assert_max_num_queries
):
    project = entry_with_history(length)

    with django_assert_max_num_queries(MAX_QUERIES):
        client.get(project.get_absolute_url())
    client.force_login(resident)
    with django_assert_max_num_queries(MAX_QUERIES):
        client.get(project.get_absolute_url())


def test_the_entry_page_needs_the_same_queries_for_a_short_and_a_long_history(client, resident):
    short, long = entry_with_history(1), entry_with_history(40)
    client.force_login(resident)

    assert queries_of(client, short.get_absolute_url()) == queries_of(
        client, long.get_absolute_url()
    )
