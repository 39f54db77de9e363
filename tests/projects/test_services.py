from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from participation.models import Event, OutboxMessage
from participation.notifications import set_follow
from projects.models import ChangeGroup, EditionEntry, Project, ProjectChange, Status
from projects.services import ActionRefused, freeze_edition, publish_project, record_change
from projects.services.changes import snapshot
from tests.projects.factories import (
    make_edition,
    make_milestone,
    make_project,
)

# Refusals and labels are asserted in their English source.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def edit(project: Project, **fields) -> object:
    before = snapshot(project)
    for name, value in fields.items():
        setattr(project, name, value)
    project.save()
    return before


def test_status_change_is_logged_with_old_and_new_value_and_reason(editor):
    edition = make_edition("2026/2")
    project = make_project(status=Status.PLANNING)
    before = edit(project, status=Status.DECIDED)

    [change] = record_change(
        project=project, before=before, reason="Der Rat hat beschlossen.", by=editor
    )

    assert change.group == ChangeGroup.STATUS
    with translation.override("de"):
        assert change.old_value == str(Status.PLANNING.label)
        assert change.new_value == str(Status.DECIDED.label)
    assert change.reason == "Der Rat hat beschlossen."
    assert change.changed_by == editor
    assert change.edition == edition
    assert change.changed_on == date.today()


def test_change_without_reason_is_refused(editor):
    project = make_project(estimated_cost=Decimal(100000))
    before = edit(project, estimated_cost=Decimal(150000))

    with pytest.raises(ActionRefused, match="public reason"):
        record_change(project=project, before=before, reason="  \x00 ", by=editor)
    assert not ProjectChange.objects.exists()


def test_each_changed_group_gets_a_row_with_the_same_reason(editor):
    project = make_project(status=Status.PLANNING, start=date(2026, 5, 1))
    before = edit(project, status=Status.DEFERRED, start=date(2027, 5, 1))

    changes = record_change(project=project, before=before, reason="Haushaltssperre", by=editor)

    assert {c.group for c in changes} == {ChangeGroup.STATUS, ChangeGroup.SCHEDULE}
    schedule = next(c for c in changes if c.group == ChangeGroup.SCHEDULE)
    assert "2026" in schedule.old_value
    assert "2027" in schedule.new_value


def test_a_changed_milestone_is_a_schedule_change(editor):
    project = make_project()
    milestone = make_milestone(project, title="Auftakt", date=date(2027, 1, 10))
    before = snapshot(project)
    milestone.date = date(2027, 3, 10)
    milestone.save()

    [change] = record_change(project=project, before=before, reason="Saal belegt", by=editor)

    assert change.group == ChangeGroup.SCHEDULE
    assert "Auftakt" in change.new_value


def test_untracked_edits_need_no_reason_and_log_nothing(editor):
    project = make_project(title="Alt")
    before = edit(project, title="Neu", summary="Anders")

    assert record_change(project=project, before=before, reason="", by=editor) == []


def test_drafts_keep_no_change_log(editor):
    project = make_project(published=False)
    before = edit(project, status=Status.DEFERRED)

    assert record_change(project=project, before=before, reason="", by=editor) == []
    assert not OutboxMessage.objects.exists()


def test_publishing_announces_the_new_entry_and_sets_its_edition(resident):
    edition = make_edition("2026/2")
    project = make_project(published=False)
    set_follow(user=resident, target=project, follow=True)

    publish_project(project=project)

    project.refresh_from_db()
    assert project.published
    assert project.first_edition == edition
    assert OutboxMessage.objects.filter(recipient=resident, event=Event.PROJECT_CHANGED).exists()


def test_freezing_keeps_the_entries_as_published(editor):
    edition = make_edition("2026/1")
    project = make_project("Spielplatz", status=Status.PLANNING, first_edition=edition)
    make_project("Entwurf", published=False)

    assert freeze_edition(edition=edition, by=editor) == 1

    project.status = Status.COMPLETED
    project.title = "Spielplatz (fertig)"
    project.save()
    entry = EditionEntry.objects.get(edition=edition)
    assert entry.data["title"] == "Spielplatz"
    assert entry.data["status"] == "planning"
    assert entry.is_new
    edition.refresh_from_db()
    assert edition.is_frozen
    assert edition.frozen_by == editor


def test_an_edition_is_frozen_once_and_only_when_published(editor):
    edition = make_edition("2026/1")
    freeze_edition(edition=edition, by=editor)

    with pytest.raises(ActionRefused):
        freeze_edition(edition=edition, by=editor)
    with pytest.raises(ActionRefused):
        freeze_edition(edition=make_edition("2027/1", published_on=None), by=editor)
