from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from participation.models import OutboxMessage
from projects.models import (
    ChangeGroup,
    EditionEntry,
    Milestone,
    Project,
    ProjectChange,
    RequestState,
    Status,
)
from tests.projects.factories import (
    make_department,
    make_district,
    make_edition,
    make_milestone,
    make_project,
    make_request,
)

pytestmark = pytest.mark.django_db

FORM_FIELDS = [
    "title", "slug", "summary", "goal", "status", "start", "start_precision", "end",
    "end_precision", "next_steps", "estimated_cost", "financing", "participation_planned",
    "participation_reason", "participation_kind", "participation_level",
    "participation_format", "consultation_url", "latitude", "longitude", "contact", "added_on",
]  # fmt: skip


def form_data(project, milestones=(), **changes):
    data = {name: getattr(project, name) for name in FORM_FIELDS}
    data.update(
        department=project.department_id,
        first_edition=project.first_edition_id or "",
        topics=[t.pk for t in project.topics.all()],
        districts=[d.pk for d in project.districts.all()],
        change_reason="",
    )
    if project.published:
        data["published"] = "on"
    if project.involve_board:
        data["involve_board"] = "on"
    data = {k: ("" if v is None else v) for k, v in data.items()}
    for prefix, count in (("milestones", len(milestones)), ("decisions", 0), ("changes", 0)):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": count,
                f"{prefix}-INITIAL_FORMS": count,
                f"{prefix}-MIN_NUM_FORMS": 0,
                f"{prefix}-MAX_NUM_FORMS": 1000,
            }
        )
    for i, milestone in enumerate(milestones):
        data.update(
            {
                f"milestones-{i}-id": milestone.pk,
                f"milestones-{i}-project": project.pk,
                f"milestones-{i}-date": milestone.date,
                f"milestones-{i}-title": milestone.title,
            }
        )
    data.update(changes)
    return data


def change_url(project):
    return reverse("admin:projects_project_change", args=[project.pk])


@pytest.fixture
def entry(db):
    return make_project("Spielplatz Lindenhof", status=Status.PLANNING, districts=[make_district()])


def test_editor_sees_the_list_with_filters_and_search(client, editor, entry):
    client.force_login(editor)

    response = client.get(reverse("admin:projects_project_changelist"), {"q": "Spielplatz"})

    assert response.status_code == 200
    assert "Spielplatz Lindenhof" in response.content.decode()


def test_editor_saves_an_untracked_change_without_reason(client, editor, entry):
    client.force_login(editor)

    response = client.post(change_url(entry), form_data(entry, title="Spielplatz am Lindenhof"))

    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.title == "Spielplatz am Lindenhof"
    assert not ProjectChange.objects.exists()


@pytest.mark.usefixtures("english")  # asserts the English message
def test_a_tracked_change_without_reason_is_sent_back_with_a_message(client, editor, entry):
    client.force_login(editor)

    response = client.post(change_url(entry), form_data(entry, status=Status.DEFERRED))

    assert response.status_code == 200
    assert "public reason" in response.content.decode()
    entry.refresh_from_db()
    assert entry.status == Status.PLANNING


def test_a_tracked_change_with_reason_is_logged_and_kept_in_the_history(client, editor, entry):
    client.force_login(editor)

    response = client.post(
        change_url(entry),
        form_data(entry, status=Status.DEFERRED, change_reason="Keine Mittel im Haushalt 2027."),
    )

    assert response.status_code == 302
    change = ProjectChange.objects.get()
    assert change.group == ChangeGroup.STATUS
    assert change.changed_by == editor
    assert entry.history.latest().history_user == editor
    history = client.get(reverse("admin:projects_project_history", args=[entry.pk]))
    assert history.status_code == 200
    assert "Redakteur" in history.content.decode()


def test_a_moved_milestone_needs_the_reason_too(client, editor, entry):
    milestone = make_milestone(entry, date=date(2027, 1, 10))
    client.force_login(editor)
    data = form_data(entry, milestones=[milestone], **{"milestones-0-date": date(2027, 3, 1)})

    refused = client.post(change_url(entry), data)
    assert refused.status_code == 200
    assert Milestone.objects.get().date == date(2027, 1, 10)

    data["change_reason"] = "Der Saal war belegt."
    assert client.post(change_url(entry), data).status_code == 302
    assert ProjectChange.objects.get().group == ChangeGroup.SCHEDULE


def test_a_draft_needs_no_reason_and_publishing_it_announces_it(client, editor, resident):
    from participation.notifications import set_follow

    district = make_district("Weststadt")
    set_follow(user=resident, target=district, follow=True)
    draft = make_project("Bürgerhaus", published=False, districts=[district])
    client.force_login(editor)

    client.post(change_url(draft), form_data(draft, status=Status.DECIDED))
    draft.refresh_from_db()
    assert draft.status == Status.DECIDED
    assert not OutboxMessage.objects.exists()

    response = client.post(
        reverse("admin:projects_project_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    assert response.status_code == 302
    assert OutboxMessage.objects.filter(recipient=resident).count() == 1


def test_new_entries_default_to_the_edition_in_preparation(client, editor):
    make_edition("2026/1")
    preparing = make_edition("2026/2", published_on=None)
    client.force_login(editor)

    response = client.get(reverse("admin:projects_project_add"))

    assert response.context["adminform"].form.initial["first_edition"] == preparing.pk


@pytest.mark.usefixtures("english")  # asserts the English message
def test_editor_freezes_an_edition_after_confirming(client, editor, entry):
    edition = make_edition("2026/1")
    client.force_login(editor)
    url = reverse("admin:projects_edition_freeze", args=[edition.pk])

    page = client.get(url)
    assert page.status_code == 200
    assert EditionEntry.objects.count() == 0

    assert client.post(url).status_code == 302
    edition.refresh_from_db()
    assert edition.is_frozen
    assert EditionEntry.objects.get().data["title"] == "Spielplatz Lindenhof"
    again = client.post(url, follow=True)
    assert "frozen already" in again.content.decode()


@pytest.mark.usefixtures("english")  # asserts the English message
def test_editor_moves_an_anregung_along_with_the_needed_text(client, editor, entry):
    request = make_request(entry)
    client.force_login(editor)
    url = reverse("admin:projects_participationrequest_step", args=[request.pk])

    assert client.get(url).status_code == 200
    assert client.post(url, {"step": "agenda", "text": ""}).status_code == 302
    refused = client.post(url, {"step": "recommend", "text": ""})
    assert refused.status_code == 200
    assert "recommendation" in refused.content.decode()
    assert client.post(url, {"step": "recommend", "text": "Werkstatt"}).status_code == 302
    not_offered = client.post(url, {"step": "agenda", "text": ""})
    assert not_offered.status_code == 200

    request.refresh_from_db()
    assert request.state == RequestState.RECOMMENDED
    page = client.get(reverse("admin:projects_participationrequest_change", args=[request.pk]))
    assert page.status_code == 200
    assert "@example.org" not in page.content.decode()


CSV = (
    "slug,title,summary,status,department,districts,participation_planned,start\n"
    "neu-1,Neue Fahrradstraße,Kurz.,in Planung,Tiefbauamt,Nordstadt,geplant,2027-05\n"
)


def import_post(client, content, name="liste.csv", fmt="0"):
    return client.post(
        reverse("admin:projects_project_import"),
        {
            "import_file": SimpleUploadedFile(name, content.encode(), content_type="text/csv"),
            "format": fmt,
            "resource": "0",
        },
    )


def test_import_shows_a_preview_and_applies_only_on_confirmation(client, editor):
    make_department("Tiefbauamt")
    make_district("Nordstadt")
    client.force_login(editor)

    preview = import_post(client, CSV)

    assert preview.status_code == 200
    assert "Neue Fahrradstraße" in preview.content.decode()
    assert "Nordstadt" in preview.content.decode()
    assert not Project.objects.exists()
    confirm = preview.context["confirm_form"]
    response = client.post(reverse("admin:projects_project_process_import"), confirm.initial)
    assert response.status_code == 302
    assert Project.objects.get().title == "Neue Fahrradstraße"


def test_import_with_errors_shows_them_per_row_and_offers_no_confirmation(client, editor):
    make_department("Tiefbauamt")
    client.force_login(editor)

    preview = import_post(client, CSV)

    assert preview.status_code == 200
    assert not preview.context.get("confirm_form")
    assert "Nordstadt" in preview.content.decode()
    assert not Project.objects.exists()


def test_export_gives_the_list_in_the_import_columns(client, editor, entry):
    client.force_login(editor)

    response = client.post(
        reverse("admin:projects_project_export"),
        {
            "format": "0",
            "resource": "0",
            **{f"projectresource_{f}": "on" for f in ["slug", "title"]},
        },
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    header, first = response.content.decode().splitlines()[:2]
    assert header.startswith("slug,title")
    assert first.startswith("spielplatz-lindenhof,Spielplatz Lindenhof")


def test_a_frozen_edition_cannot_be_deleted(client, editor):
    from projects.services import freeze_edition

    edition = make_edition("2026/1")
    freeze_edition(edition=edition, by=editor)
    client.force_login(editor)

    assert (
        client.get(reverse("admin:projects_edition_delete", args=[edition.pk])).status_code == 403
    )
    changelist = client.get(reverse("admin:projects_edition_changelist"))
    assert "delete_selected" not in changelist.content.decode()
