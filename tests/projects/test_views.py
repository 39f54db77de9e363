"""The public pages of the Vorhabenliste: list, entry page, print edition, start page."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from projects.models import Edition, EditionEntry, Status
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


def test_list_shows_public_entries_as_a_table_by_default(client):
    make_project("Fahrradstraße Lindenallee")
    make_project("Geheimer Entwurf", published=False)

    response = client.get(LIST)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Fahrradstraße Lindenallee" in html
    assert "Geheimer Entwurf" not in html
    assert 'class="project-table"' in html
    assert 'role="status"' in html


def test_list_shows_cards_when_asked(client):
    make_project("Spielplatz am Weiher")

    html = client.get(LIST, {"view": "cards"}).content.decode()

    assert 'class="project-cards"' in html
    assert "Spielplatz am Weiher" in html
    assert 'class="project-table"' not in html


def test_entries_new_in_the_current_edition_are_marked_new(client):
    old = make_edition("2026/1", published_on=date(2026, 1, 15))
    current = make_edition("2026/2", published_on=date(2026, 6, 1))
    make_project("Altes Vorhaben", first_edition=old)
    make_project("Neues Vorhaben", first_edition=current)

    response = client.get(LIST)

    rows = {p.title: p for p in response.context["projects"]}
    assert set(rows) == {"Altes Vorhaben", "Neues Vorhaben"}
    html = response.content.decode()
    new_row = html.split("Neues Vorhaben")[1].split("</th>")[0]
    old_row = html.split("Altes Vorhaben")[1].split("</th>")[0]
    assert "badge-new" in new_row
    assert "badge-new" not in old_row
    assert "2026/2" in html  # the edition number in the heading


def test_list_is_paginated_with_an_accessible_navigation(client):
    department = make_department()
    for number in range(30):
        make_project(f"Vorhaben {number:02d}", department=department)

    first = client.get(LIST)
    second = client.get(LIST, {"page": "2"})

    assert len(first.context["projects"]) == 25
    assert len(second.context["projects"]) == 5
    html = first.content.decode()
    assert 'class="pagination"' in html
    assert 'aria-current="page"' in html
    assert "?page=2" in html


def test_an_impossible_page_number_shows_the_last_page_not_an_error(client):
    make_project("Einziges Vorhaben")

    for page in ("99", "abc", "-1"):
        response = client.get(LIST, {"page": page})
        assert response.status_code == 200
        assert [p.title for p in response.context["projects"]] == ["Einziges Vorhaben"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("title", ["Alpha", "Beta", "Gamma"]),
        ("start", ["Gamma", "Alpha", "Beta"]),
        ("status", ["Beta", "Gamma", "Alpha"]),
    ],
)
def test_list_sorts_by_title_start_and_status(client, sort, expected):
    today = timezone.localdate()
    make_project("Alpha", start=today + timedelta(days=10), status=Status.COMPLETED)
    make_project("Beta", start=None, status=Status.IDEA)
    make_project("Gamma", start=today, status=Status.PLANNING)

    response = client.get(LIST, {"sort": sort})

    assert [p.title for p in response.context["projects"]] == expected


def test_list_sorts_by_last_update_newest_first(client):
    first = make_project("Zuerst bearbeitet")
    make_project("Danach bearbeitet")
    first.save()  # now the most recently updated

    response = client.get(LIST, {"sort": "updated"})

    assert next(p.title for p in response.context["projects"]) == "Zuerst bearbeitet"


def test_list_links_open_data_feed_print_and_email_subscription(client):
    html = client.get(LIST).content.decode()

    for name in ("export_csv", "export_json", "export_geojson", "feed", "project_print"):
        assert reverse(f"projects:{name}") in html
    assert reverse("participation:subscribe", args=["projects"]) in html
    assert 'rel="alternate" type="application/atom+xml"' in html
    assert "dl-de/by-2-0" in html


def test_entry_page_shows_every_public_field_and_the_history(client):
    north = make_district("Nordstadt")
    green = make_topic("Grün und Freiraum")
    department = make_department("Grünflächenamt", short_name="Amt 67")
    project = make_project(
        "Grünflächenkonzept",
        districts=[north],
        topics=[green],
        department=department,
        summary="Ein **Konzept** für alle Parks.",
        goal="Mehr Schatten.",
        contact="Grünflächenamt, Sachgebiet Planung, gruen@stadt.example",
        next_steps="Bürgerwerkstatt im Herbst",
        estimated_cost=250000,
        financing="Landesförderprogramm",
        participation_level="consultation",
        participation_format="Werkstatt und Online-Umfrage",
        involve_board=True,
        latitude="49.444700",
        longitude="7.768900",
    )
    make_milestone(project, title="Auftaktwerkstatt", done=True)
    make_decision(project, reference="DS 123/2026", url="https://rat.example/ds123")
    make_change(
        project,
        group="cost",
        old_value="200.000 €",
        new_value="250.000 €",
        reason="Höhere Baupreise.",
    )
    author = make_request(project)

    response = client.get(project.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Grünflächenkonzept",
        "<strong>Konzept</strong>",
        "Mehr Schatten.",
        "Nordstadt",
        "Grün und Freiraum",
        "Grünflächenamt",
        "Amt 67",
        "Sachgebiet Planung",
        "Bürgerwerkstatt im Herbst",
        "250.000 €",
        "Landesförderprogramm",
        "Werkstatt und Online-Umfrage",
        "Auftaktwerkstatt",
        "DS 123/2026",
        "https://rat.example/ds123",
        "200.000 €",
        "Höhere Baupreise.",
        author.reason,
        "mlat=49.444700",
    ):
        assert text in html, text
    assert author.author.email not in html
    assert author.author.display_name not in html


def test_entry_page_of_a_draft_is_not_found(client):
    draft = make_project("Entwurf", published=False)

    assert client.get(draft.get_absolute_url()).status_code == 404


def test_entry_page_offers_follow_buttons_to_signed_in_residents(client, resident):
    north = make_district("Nordstadt")
    green = make_topic("Grün")
    project = make_project("Park", districts=[north], topics=[green])
    client.force_login(resident)

    html = client.get(project.get_absolute_url()).content.decode()

    for kind, pk in (("project", project.pk), ("district", north.pk), ("topic", green.pk)):
        assert reverse("participation:follow", args=[kind, pk]) in html


def test_entry_page_shows_what_the_resident_already_follows(client, resident):
    from participation.notifications import set_follow

    north = make_district("Nordstadt")
    project = make_project("Park", districts=[north])
    set_follow(user=resident, target=north, follow=True)
    client.force_login(resident)

    response = client.get(project.get_absolute_url())

    assert response.context["districts"] == [(north, True)]
    assert response.context["following"] is False


def test_anonymous_readers_see_no_follow_buttons_but_a_way_to_sign_in(client):
    project = make_project("Park")

    html = client.get(project.get_absolute_url()).content.decode()

    assert reverse("participation:follow", args=["project", project.pk]) not in html
    assert reverse("projects:request_create", args=[project.slug]) in html


def test_print_version_lists_every_public_entry_with_the_edition(client):
    edition = make_edition("2026/3")
    make_project("Schulsanierung", first_edition=edition)
    make_project("Lärmaktionsplan")
    make_project("Entwurf", published=False)

    response = client.get(reverse("projects:project_print"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Schulsanierung" in html
    assert "Lärmaktionsplan" in html
    assert "Entwurf" not in html
    assert "2026/3" in html
    assert "projects-print.css" in html
    assert "<thead>" in html


def test_a_frozen_edition_prints_from_its_snapshot(client):
    edition = make_edition("2026/1", frozen_at=timezone.now())
    project = make_project("Heutiger Titel")
    EditionEntry.objects.create(
        edition=edition,
        project=project,
        position=1,
        is_new=True,
        data={"title": "Titel wie veröffentlicht", "summary_html": "<p>Damals</p>"},
    )

    response = client.get(reverse("projects:edition_print", args=[2026, 1]))

    html = response.content.decode()
    assert "Titel wie veröffentlicht" in html
    assert "Heutiger Titel" not in html


def test_an_edition_that_is_not_frozen_or_not_published_has_no_print_page(client):
    make_edition("2026/1")
    make_edition("2026/2", published_on=None, frozen_at=timezone.now())

    assert client.get(reverse("projects:edition_print", args=[2026, 1])).status_code == 404
    assert client.get(reverse("projects:edition_print", args=[2026, 2])).status_code == 404
    assert client.get(reverse("projects:edition_print", args=[2026, 9])).status_code == 404


def test_start_page_shows_the_newest_entries_and_links_the_list(client):
    make_project("Bürgerhaus West")
    make_project("Entwurf", published=False)

    html = client.get(reverse("participation:home")).content.decode()

    assert "Bürgerhaus West" in html
    assert "Entwurf" not in html
    assert LIST in html


def test_edition_current_is_used_for_the_heading(client):
    make_edition("2025/2", published_on=date(2025, 11, 1))
    make_edition("2026/9", published_on=None)  # in preparation: not shown

    response = client.get(LIST)

    assert response.context["edition"] == Edition.objects.get(number="2025/2")
