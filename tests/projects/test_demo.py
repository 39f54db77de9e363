import pytest
from django.core.management import call_command
from django.utils import timezone

from projects import demo
from projects.models import (
    Edition,
    EditionEntry,
    ParticipationRequest,
    Project,
    ProjectChange,
    RequestState,
)

pytestmark = pytest.mark.django_db


def test_demo_seeds_two_editions_entries_changes_and_anregungen():
    summary = demo.seed()

    assert summary.startswith("Vorhabenliste demo: 25 entries in 2 editions")
    assert Project.objects.public().count() == 24
    assert Project.objects.filter(published=False).count() == 1
    first, current = Edition.objects.get(number="2026/1"), Edition.objects.get(number="2026/2")
    assert first.is_frozen
    assert not current.is_frozen
    assert Edition.objects.current() == current
    assert Project.objects.public().new_in(current).count() == 7
    assert ProjectChange.objects.count() >= 6
    states = set(ParticipationRequest.objects.values_list("state", flat=True))
    assert states == {RequestState.OPEN, RequestState.ON_AGENDA, RequestState.DECIDED}
    assert Project.objects.exclude(latitude=None).count() >= 15
    assert Project.objects.values("department").distinct().count() == 6


def test_frozen_first_edition_keeps_the_values_before_the_later_changes():
    demo.seed()

    entry = EditionEntry.objects.get(
        edition__number="2026/1", data__slug="umgestaltung-hauptstrasse"
    )
    assert entry.data["status"] == "planning"
    assert entry.data["estimated_cost"] == "3900000.00"
    assert Project.objects.get(slug="umgestaltung-hauptstrasse").status == "decided"
    assert not EditionEntry.objects.filter(data__slug="fahrradstrasse-lindenallee").exists()


def test_demo_seeding_is_idempotent():
    demo.seed()
    counts = (Project.objects.count(), ProjectChange.objects.count())

    assert demo.seed() == "Vorhabenliste demo: already there."
    assert (Project.objects.count(), ProjectChange.objects.count()) == counts


def test_seed_demo_command_includes_the_vorhabenliste(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")

    assert "Vorhabenliste demo: 25 entries" in capsys.readouterr().out
    on_agenda = ParticipationRequest.objects.get(state=RequestState.ON_AGENDA)
    assert on_agenda.agenda_item is not None
    assert on_agenda.agenda_item.linked == on_agenda.project
    assert on_agenda.agenda_item.meeting.starts_at > timezone.now()
