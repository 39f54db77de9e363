from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from projects.models import (
    Department,
    Edition,
    ParticipationPlanned,
    Precision,
    Project,
    RequestState,
    RequestSupport,
)
from tests.conftest import need
from tests.projects.factories import (
    make_department,
    make_district,
    make_edition,
    make_project,
    make_request,
    make_topic,
)

pytestmark = pytest.mark.django_db


def test_markdown_fields_are_rendered_and_sanitised_on_save():
    project = make_project(summary="**Neu** <script>alert(1)</script>", goal="# Ziel")

    assert "<strong>Neu</strong>" in project.summary_html
    assert "<script>" not in project.summary_html
    assert project.goal_html.startswith("<h2")


def test_public_hides_drafts():
    shown = make_project("Spielplatz Lindenhof")
    make_project("Entwurf Fahrradstraße", published=False)

    assert list(Project.objects.public()) == [shown]


def test_district_and_topic_filters():
    north, south = make_district("Nord"), make_district("Süd")
    green = make_topic("Grün")
    in_north = make_project("Park Nord", districts=[north], topics=[green])
    make_project("Park Süd", districts=[south])

    assert list(Project.objects.in_district(north)) == [in_north]
    assert list(Project.objects.with_topic(green)) == [in_north]


def test_new_in_lists_the_entries_first_listed_in_an_edition():
    first, second = make_edition("2026/1"), make_edition("2026/2")
    make_project("Alt", first_edition=first)
    new = make_project("Neu", first_edition=second)

    assert list(Project.objects.new_in(second)) == [new]
    assert new.is_new_in(second)
    assert not new.is_new_in(first)


def test_current_edition_is_the_newest_published_one():
    make_edition("2026/1", published_on=date(2026, 1, 15))
    newest = make_edition("2026/2", published_on=date(2026, 6, 1))
    make_edition("2027/1", published_on=None)

    assert Edition.objects.current() == newest


def test_edition_number_must_look_like_year_and_counter():
    with pytest.raises(ValidationError):
        Edition(number="Frühjahr").full_clean()


def test_search_finds_word_forms_on_sqlite_fallback_and_postgresql():
    school = make_project("Sanierung der Schule am Park", summary="Dach und Fenster.")
    make_project("Fahrradstraße Hauptallee", summary="Mehr Platz fürs Rad.")

    assert list(Project.objects.search("Schulen")) == [school]
    assert list(Project.objects.search("schule fenster")) == [school]
    assert list(Project.objects.search("")) != []


def test_postgresql_search_uses_german_stemming():
    need(connection.vendor == "postgresql", "German full-text search needs PostgreSQL")
    school = make_project("Schule am Park", summary="Erweiterung um zwei Klassenräume.")
    make_project("Lärmaktionsplan", summary="Leiser wohnen an Hauptstraßen.")

    assert list(Project.objects.search("Schulen")) == [school]
    assert list(Project.objects.search("Klassenraum")) == [school]
    assert list(Project.objects.search("hauptstrasse OR Schulen").order_by("title")) != []


def test_search_strips_nul_bytes():
    make_project("Bürgerhaus Mitte")

    assert Project.objects.search("Bürger\x00haus").count() == 1
    assert Project.objects.search("\x00").count() == 1


def test_location_needs_both_coordinates_in_range():
    project = make_project(latitude=Decimal("49.4"), longitude=None)
    with pytest.raises(ValidationError) as error:
        project.full_clean()
    assert "longitude" in error.value.message_dict

    project.longitude = Decimal("200")
    with pytest.raises(ValidationError) as error:
        project.full_clean()
    assert "longitude" in error.value.message_dict


def test_reason_is_required_when_no_participation_is_planned():
    project = make_project(participation_planned=ParticipationPlanned.NOT_PLANNED)
    with pytest.raises(ValidationError) as error:
        project.full_clean()
    assert "participation_reason" in error.value.message_dict

    project.participation_reason = "Reine Instandhaltung ohne Gestaltungsspielraum."
    project.full_clean()


def test_end_cannot_be_before_start():
    project = make_project(start=date(2027, 1, 1), end=date(2026, 1, 1))
    with pytest.raises(ValidationError) as error:
        project.full_clean()
    assert "end" in error.value.message_dict


def test_dates_are_shown_as_precisely_as_known():
    project = make_project(
        start=date(2026, 5, 1),
        start_precision=Precision.MONTH,
        end=date(2028, 1, 1),
        end_precision=Precision.YEAR,
    )

    assert project.start_display == "Mai 2026"
    assert project.end_display == "2028"


def test_department_refuses_a_private_mailbox():
    department = Department(name="Tiefbauamt", slug="tiefbau", email="max.muster@gmail.com")
    with pytest.raises(ValidationError) as error:
        department.full_clean()
    assert "email" in error.value.message_dict

    make_department("Tiefbauamt", email="tiefbau@stadt.example").full_clean()


def test_project_contact_refuses_a_private_mailbox():
    project = make_project(contact="Frau Muster, muster@web.de")
    with pytest.raises(ValidationError) as error:
        project.full_clean()
    assert "contact" in error.value.message_dict


def test_staff_edits_are_kept_in_the_history():
    project = make_project("Spielplatz")
    project.title = "Spielplatz am See"
    project.save()

    assert [h.title for h in project.history.order_by("history_date")] == [
        "Spielplatz",
        "Spielplatz am See",
    ]


def test_one_support_per_person_is_a_database_constraint(resident):
    request = make_request(author=resident)

    with pytest.raises(IntegrityError), transaction.atomic():
        RequestSupport.objects.create(request=request, user=resident)


def test_only_one_active_request_per_entry(resident, other_resident):
    request = make_request(author=resident)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_request(request.project, author=other_resident)

    request.state = RequestState.CLOSED
    request.save()
    assert make_request(request.project, author=other_resident).state == RequestState.OPEN


def test_home_section_shows_the_current_edition_and_newest_public_entries(
    rf, django_assert_max_num_queries
):
    from projects.home import home_context

    edition = make_edition("2026/2")
    for n in range(5):
        make_project(f"Vorhaben {n}", first_edition=edition if n % 2 else None)
    make_project("Entwurf", published=False)

    with django_assert_max_num_queries(6):
        context = home_context(rf.get("/"))

    assert context["edition"] == edition
    assert (context["project_count"], context["new_count"]) == (5, 2)
    assert len(context["newest_projects"]) == 3
    assert "Entwurf" not in [p.title for p in context["newest_projects"]]


def test_entries_are_followable_by_entry_district_and_topic():
    from participation import follows

    draft = make_project("Entwurf", published=False)
    shown = make_project("Öffentlich")

    assert follows.name_of(shown) == "project"
    assert list(follows.get("project").public()) == [shown]
    assert draft not in follows.get("project").public()
    assert follows.name_of(make_district("Nord")) == "district"
    assert follows.name_of(make_topic("Grün")) == "topic"


@pytest.mark.parametrize("slug", ["druck", "feed", "daten"])
def test_a_slug_that_is_part_of_the_lists_addresses_is_refused(slug):
    project = make_project("Druckerei")
    project.slug = slug

    with pytest.raises(ValidationError) as refused:
        project.full_clean()

    assert "slug" in refused.value.message_dict
