import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from participation import roles
from tests.projects.factories import make_edition, make_project, make_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def urls(db):
    project = make_project("Spielplatz")
    request = make_request(project)
    edition = make_edition("2026/1")
    return [
        reverse("admin:projects_project_changelist"),
        reverse("admin:projects_project_add"),
        reverse("admin:projects_project_change", args=[project.pk]),
        reverse("admin:projects_project_history", args=[project.pk]),
        reverse("admin:projects_project_import"),
        reverse("admin:projects_project_export"),
        reverse("admin:projects_edition_changelist"),
        reverse("admin:projects_edition_freeze", args=[edition.pk]),
        reverse("admin:projects_department_changelist"),
        reverse("admin:projects_district_changelist"),
        reverse("admin:projects_topic_changelist"),
        reverse("admin:projects_projectchange_changelist"),
        reverse("admin:projects_participationrequest_changelist"),
        reverse("admin:projects_participationrequest_change", args=[request.pk]),
        reverse("admin:projects_participationrequest_step", args=[request.pk]),
    ]


def test_editor_reaches_every_projects_admin_page(client, editor, urls):
    client.force_login(editor)

    assert {url: client.get(url).status_code for url in urls} == dict.fromkeys(urls, 200)


@pytest.mark.parametrize("persona", ["moderator", "board_office"])
def test_moderation_and_board_office_cannot_open_projects_admin_pages(
    client, persona, request, urls
):
    client.force_login(request.getfixturevalue(persona))

    assert {url: client.get(url).status_code for url in urls} == dict.fromkeys(urls, 403)


@pytest.mark.parametrize("persona", ["moderator", "board_office"])
def test_moderation_and_board_office_cannot_change_an_entry_or_an_anregung(
    client, persona, request, urls
):
    client.force_login(request.getfixturevalue(persona))
    project = make_project("Anderes Vorhaben")
    anregung = make_request(project)

    edit = client.post(
        reverse("admin:projects_project_change", args=[project.pk]), {"title": "Gekapert"}
    )
    step = client.post(
        reverse("admin:projects_participationrequest_step", args=[anregung.pk]),
        {"step": "close", "text": "weg"},
    )

    assert (edit.status_code, step.status_code) == (403, 403)
    project.refresh_from_db()
    anregung.refresh_from_db()
    assert project.title == "Anderes Vorhaben"
    assert anregung.state == "open"


def test_anonymous_is_sent_to_sign_in(client, urls):
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert "login" in response["Location"]


def test_resident_is_refused(client, resident, urls):
    client.force_login(resident)

    assert all(client.get(url).status_code in {302, 403} for url in urls)


def test_only_redaktion_holds_permissions_on_projects():
    holders = {
        group.name
        for group in Group.objects.filter(permissions__content_type__app_label="projects")
    }

    assert holders == {roles.EDITORIAL}
    editorial = Group.objects.get(name=roles.EDITORIAL).permissions
    assert editorial.filter(codename="change_project").exists()
    assert editorial.filter(codename="view_historicalproject").exists()
    assert not editorial.filter(codename="change_requestsupport").exists()
    assert not editorial.filter(codename="add_participationrequest").exists()
    assert not editorial.filter(codename="delete_projectchange").exists()


def test_nobody_adds_anregungen_or_edits_residents_words_in_the_admin(client, editor, urls):
    client.force_login(editor)

    assert client.get(reverse("admin:projects_participationrequest_add")).status_code == 403
    page = client.get(urls[13]).content.decode()
    assert 'name="reason"' not in page
