"""The Vorhabenliste's pages in the page cache: each kind of change shows on the next
anonymous request, and a flood of distinct queries does not fill the cache."""

from datetime import datetime, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from projects import services
from projects.models import Edition, Project, Status
from projects.services.changes import snapshot
from tests.conftest import make_user, stored_page_keys
from tests.participation.board.factories import make_agenda_item, make_board, make_meeting
from tests.projects.factories import (
    make_decision,
    make_district,
    make_edition,
    make_milestone,
    make_project,
    make_request,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]

LIST_URL = reverse("projects:project_list")
PRINT_URL = reverse("projects:project_print")


def text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_list_entry_and_print_pages_are_served_from_the_cache_and_public(
    client, django_assert_num_queries
):
    project = make_project("Neue Brücke am Hafen")
    for url in (LIST_URL, project.get_absolute_url(), PRINT_URL):
        first = client.get(url)
        with django_assert_num_queries(0):
            second = client.get(url)
        assert second.content == first.content
        assert second["Cache-Control"] == "public, max-age=0, must-revalidate"
        assert client.get(url, headers={"if-none-match": second["ETag"]}).status_code == 304


def test_a_write_that_sends_no_signal_leaves_the_stored_page(client):
    """What every test below relies on: without a bump the stored page is served."""
    project = make_project("Alter Titel")
    text(client, LIST_URL)

    Project.objects.filter(pk=project.pk).update(title="Neuer Titel")

    assert "Alter Titel" in text(client, LIST_URL)


def test_an_edited_entry_shows_on_the_list_the_entry_page_and_the_print_version(client, committed):
    project = make_project("Alter Titel", summary="Eine Brücke.")
    urls = (LIST_URL, project.get_absolute_url(), PRINT_URL)
    for url in urls:
        text(client, url)

    project.title = "Neuer Titel"
    committed(project.save)

    for url in urls:
        page = text(client, url)
        assert "Neuer Titel" in page
        assert "Alter Titel" not in page


def test_an_entry_published_appears_and_one_withdrawn_disappears(client, committed):
    draft = make_project("Entwurf Radweg", published=False)
    public = make_project("Öffentlicher Spielplatz")
    text(client, LIST_URL)
    text(client, public.get_absolute_url())

    draft.published = True
    committed(draft.save)
    public.published = False
    committed(public.save)

    listing = text(client, LIST_URL)
    assert "Entwurf Radweg" in listing
    assert "Öffentlicher Spielplatz" not in listing
    assert client.get(public.get_absolute_url()).status_code == 404


def test_milestones_and_council_decisions_show_on_the_entry(client, committed):
    project = make_project()
    url = project.get_absolute_url()
    text(client, url)

    committed(make_milestone, project, title="Bürgerversammlung im Rathaus")
    committed(make_decision, project, reference="DS 77/2026")

    page = text(client, url)
    assert "Bürgerversammlung im Rathaus" in page
    assert "DS 77/2026" in page


def test_a_recorded_change_shows_in_the_entry_history(client, committed):
    """The change log is written with bulk_create, which sends no signal."""
    project = make_project(status=Status.PLANNING)
    url = project.get_absolute_url()
    before = snapshot(project)
    project.status = Status.DECIDED
    committed(project.save)
    assert "Der Rat hat am Montag beschlossen." not in text(client, url)

    committed(
        services.record_change,
        project=project,
        before=before,
        reason="Der Rat hat am Montag beschlossen.",
        by=None,
    )

    assert "Der Rat hat am Montag beschlossen." in text(client, url)


def test_districts_added_to_an_entry_and_renamed_show_on_its_page_and_in_the_list(
    client, committed
):
    district = make_district("Altstadt")
    project = make_project()
    url = project.get_absolute_url()
    text(client, url)
    text(client, LIST_URL)

    committed(project.districts.add, district)
    assert "Altstadt" in text(client, url)

    district.name = "Historische Altstadt"
    committed(district.save)

    assert "Historische Altstadt" in text(client, url)
    assert "Historische Altstadt" in text(client, LIST_URL)  # the filter's choices


def test_an_anregung_and_its_supports_show_on_the_entry_and_leave_the_list_stored(
    client, english, committed, settings, django_assert_num_queries
):
    settings.PROJECTS_REQUEST_MINIMUM_AGE = 0
    project = make_project()
    other = make_project()
    url = project.get_absolute_url()
    for address in (url, other.get_absolute_url(), LIST_URL):
        text(client, address)

    anregung = committed(
        make_request, project, reason="Die Nachbarschaft soll mitreden.", supporters=[]
    )
    page = text(client, url)
    assert "Die Nachbarschaft soll mitreden." in page
    assert "1 supporter" in page

    supporter = make_user("unterstuetzerin@example.org", "Uta")
    committed(services.support_request, user=supporter, request=anregung, age_confirmed=True)

    assert "2 supporters" in text(client, url)
    with django_assert_num_queries(0):
        client.get(LIST_URL)
        client.get(other.get_absolute_url())


def test_entries_of_a_new_edition_are_new_from_its_day_on(client, monkeypatch):
    today = timezone.localdate()
    make_edition("2026/1", published_on=today - timedelta(days=30))
    coming = make_edition("2026/2", published_on=today + timedelta(days=1))
    project = make_project("Neues Hallenbad", first_edition=coming)
    midnight = timezone.make_aware(datetime.combine(coming.published_on, datetime.min.time()))
    clock = {"now": midnight - timedelta(seconds=1)}
    monkeypatch.setattr(timezone, "now", lambda: clock["now"])

    before = {url: text(client, url) for url in (LIST_URL, project.get_absolute_url())}
    clock["now"] = midnight
    after = {url: text(client, url) for url in (LIST_URL, project.get_absolute_url())}

    for url in before:
        assert "badge-new" not in before[url], url
        assert "badge-new" in after[url], url
    assert Edition.objects.current() == coming


def test_the_time_for_anregungen_ends_at_midnight_after_its_last_day(
    client, english, settings, monkeypatch
):
    settings.PROJECTS_REQUEST_WINDOW_DAYS = 30
    today = timezone.localdate()
    project = make_project(added_on=today - timedelta(days=30))
    url = project.get_absolute_url()
    tomorrow = timezone.make_aware(datetime.combine(today + timedelta(days=1), datetime.min.time()))
    clock = {"now": tomorrow - timedelta(seconds=1)}
    monkeypatch.setattr(timezone, "now", lambda: clock["now"])

    last_day = text(client, url)
    clock["now"] = tomorrow
    after = text(client, url)

    assert "The time for Anregungen on this entry is over." not in last_day
    assert "The time for Anregungen on this entry is over." in after


def test_the_filter_form_address_finds_the_stored_list_of_one_filter(
    client, django_assert_num_queries
):
    district = make_district("Nordstadt")
    make_project("Schule Nord", districts=[district])
    canonical = f"{LIST_URL}?district=nordstadt"
    form_address = (
        f"{LIST_URL}?q=&district=nordstadt&topic=&status=&department=&participation="
        "&level=&sort=&view=table"
    )

    stored = text(client, form_address)
    with django_assert_num_queries(0):
        again = client.get(canonical)

    assert "Schule Nord" in stored
    assert again.status_code == 200
    assert len(stored_page_keys()) == 1


def test_searches_and_filter_combinations_do_not_fill_the_cache(client):
    district, other_district = make_district("Ost"), make_district("West")
    make_project("Markt Ost", districts=[district, other_district])

    for number in range(10):
        assert client.get(LIST_URL, {"q": f"Markt {number}"}).status_code == 200
    assert client.get(LIST_URL, {"district": "ost", "status": "planning"}).status_code == 200
    assert client.get(LIST_URL, {"page": "4"}).status_code == 200
    for number in range(10):
        assert client.get(LIST_URL, {"district": f"unbekannt-{number}"}).status_code == 200
    assert stored_page_keys() == []

    client.get(LIST_URL, {"district": "ost"})
    client.get(LIST_URL, {"sort": "updated", "view": "cards"})
    assert len(stored_page_keys()) == 2


def test_a_meeting_page_shows_a_renamed_entry_and_an_anregung_put_on_its_agenda(client, committed):
    project = make_project("Umbau Marktplatz")
    meeting = make_meeting(make_board())
    item = make_agenda_item(
        meeting,
        content_type=ContentType.objects.get_for_model(Project),
        object_id=project.pk,
    )
    anregung = make_request(project)
    url = meeting.get_absolute_url()
    assert "Umbau Marktplatz" in text(client, url)

    project.title = "Neugestaltung Marktplatz"
    committed(project.save)
    assert "Neugestaltung Marktplatz" in text(client, url)

    anregung.agenda_item = item
    committed(anregung.save)
    assert f"#anregung-{anregung.pk}" in text(client, url)
