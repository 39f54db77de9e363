from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.utils import timezone

from participation.models import Event, OutboxMessage
from projects.models import ParticipationRequest, RequestState, RequestStateChange, RequestSupport
from projects.services import (
    ActionRefused,
    close_request,
    create_request,
    put_on_agenda,
    record_decision,
    record_recommendation,
    request_window_closes,
    support_request,
)
from tests.conftest import make_user
from tests.projects.factories import make_project, make_request

# Refusals and labels are asserted in their English source.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
State = RequestState


@pytest.fixture(autouse=True)
def _rules(settings):
    settings.PROJECTS_REQUEST_QUORUM = 0
    settings.PROJECTS_REQUEST_WINDOW_DAYS = 56
    settings.PROJECTS_REQUEST_MINIMUM_AGE = 14


@pytest.fixture
def project(db):
    return make_project("Fahrradstraße Lindenallee")


def people(n):
    return [make_user(f"u{i}@example.org", f"Unterstützerin {i}") for i in range(n)]


def test_verified_resident_creates_a_request_and_is_its_first_supporter(resident, project):
    request = create_request(
        author=resident, project=project, reason=" Bitte beteiligen! \x00", age_confirmed=True
    )

    assert request.state == State.OPEN
    assert request.reason == "Bitte beteiligen!"
    assert request.age_confirmed
    assert request.supporter_count == 1
    assert RequestSupport.objects.get().user == resident


def test_unverified_person_cannot_request(unverified, project):
    with pytest.raises(PermissionDenied):
        create_request(author=unverified, project=project, reason="x", age_confirmed=True)


def test_request_needs_the_confirmed_minimum_age(resident, project, settings):
    with pytest.raises(ActionRefused, match="14"):
        create_request(author=resident, project=project, reason="Bitte", age_confirmed=False)

    settings.PROJECTS_REQUEST_MINIMUM_AGE = 0
    assert create_request(author=resident, project=project, reason="Bitte", age_confirmed=False)


def test_request_needs_a_reason_of_reasonable_length(resident, project):
    with pytest.raises(ActionRefused):
        create_request(author=resident, project=project, reason=" ", age_confirmed=True)
    with pytest.raises(ActionRefused):
        create_request(author=resident, project=project, reason="x" * 5001, age_confirmed=True)


def test_no_request_on_a_draft(resident):
    draft = make_project(published=False)
    with pytest.raises(ActionRefused):
        create_request(author=resident, project=draft, reason="Bitte", age_confirmed=True)


def test_request_outside_the_window_is_refused(resident, settings):
    old = make_project(added_on=timezone.localdate() - timedelta(days=57))

    with pytest.raises(ActionRefused, match="56"):
        create_request(author=resident, project=old, reason="Bitte", age_confirmed=True)

    settings.PROJECTS_REQUEST_WINDOW_DAYS = 0
    assert request_window_closes(old) is None
    assert create_request(author=resident, project=old, reason="Bitte", age_confirmed=True)


def test_a_second_request_on_the_same_entry_is_refused(resident, other_resident, project):
    create_request(author=resident, project=project, reason="Bitte", age_confirmed=True)

    with pytest.raises(ActionRefused, match="support it"):
        create_request(author=other_resident, project=project, reason="Auch", age_confirmed=True)


def test_support_counts_once_and_twice_is_refused(resident, other_resident, project):
    request = make_request(project, author=resident)

    support_request(user=other_resident, request=request, age_confirmed=True)
    with pytest.raises(ActionRefused, match="already"):
        support_request(user=other_resident, request=request, age_confirmed=True)
    with pytest.raises(ActionRefused, match="already"):
        support_request(user=resident, request=request, age_confirmed=True)

    request.refresh_from_db()
    assert request.supporter_count == 2


def test_a_racing_duplicate_support_is_refused_not_a_server_error(
    resident, other_resident, project
):
    request = make_request(project, author=resident)
    # The other click's row lands between our check and our insert.
    with (
        mock.patch.object(RequestSupport.objects, "filter") as checked,
        mock.patch.object(RequestSupport.objects, "create", side_effect=IntegrityError),
    ):
        checked.return_value.exists.return_value = False
        with pytest.raises(ActionRefused, match="already"):
            support_request(user=other_resident, request=request, age_confirmed=True)


def test_support_below_minimum_age_outside_window_or_closed_is_refused(
    resident, other_resident, project
):
    request = make_request(project, author=resident)
    with pytest.raises(ActionRefused, match="14"):
        support_request(user=other_resident, request=request, age_confirmed=False)

    project.added_on = timezone.localdate() - timedelta(days=60)
    project.save()
    with pytest.raises(ActionRefused, match="possible until"):
        support_request(user=other_resident, request=request, age_confirmed=True)

    ParticipationRequest.objects.filter(pk=request.pk).update(state=State.CLOSED)
    with pytest.raises(ActionRefused, match="no longer"):
        support_request(user=other_resident, request=request, age_confirmed=True)


def test_quorum_is_reached_automatically_and_announced(settings, project):
    settings.PROJECTS_REQUEST_QUORUM = 3
    author, second, third = people(3)
    request = create_request(author=author, project=project, reason="Bitte", age_confirmed=True)
    support_request(user=second, request=request, age_confirmed=True)
    request.refresh_from_db()
    assert request.state == State.OPEN

    request = support_request(user=third, request=request, age_confirmed=True)

    request.refresh_from_db()
    assert request.state == State.QUORUM_REACHED
    assert request.quorum_reached_at is not None
    step = RequestStateChange.objects.get()
    assert (step.from_state, step.to_state, step.changed_by) == (
        State.OPEN,
        State.QUORUM_REACHED,
        None,
    )
    notified = set(
        OutboxMessage.objects.filter(event=Event.REQUEST).values_list("recipient", flat=True)
    )
    assert notified == {author.pk, second.pk, third.pk}


def test_supports_after_the_quorum_still_count(settings, project):
    settings.PROJECTS_REQUEST_QUORUM = 1
    author, other = people(2)
    request = create_request(author=author, project=project, reason="Bitte", age_confirmed=True)
    assert request.state == State.QUORUM_REACHED

    request = support_request(user=other, request=request, age_confirmed=True)
    assert request.supporter_count == 2


def test_staff_move_a_request_through_every_step(editor, project):
    supporters = people(2)
    request = make_request(project, supporters=supporters)

    put_on_agenda(request=request, by=editor, note="Sitzung am 12. Januar")
    record_recommendation(request=request, by=editor, recommended=True, text="Werkstatt")
    record_decision(request=request, by=editor, outcome="Der Rat folgt der Empfehlung.")
    close_request(request=request, by=editor)

    request.refresh_from_db()
    assert request.state == State.CLOSED
    assert request.recommendation == "Werkstatt"
    assert request.outcome == "Der Rat folgt der Empfehlung."
    assert all(
        [request.on_agenda_at, request.recommended_at, request.decided_at, request.closed_at]
    )
    assert list(request.state_changes.values_list("to_state", flat=True)) == [
        State.ON_AGENDA,
        State.RECOMMENDED,
        State.DECIDED,
        State.CLOSED,
    ]
    assert set(request.state_changes.values_list("changed_by", flat=True)) == {editor.pk}
    # author + 2 supporters, one mail per step
    assert OutboxMessage.objects.filter(event=Event.REQUEST).count() == 3 * 4


def test_steps_out_of_order_are_refused(editor, project):
    request = make_request(project)

    with pytest.raises(ActionRefused):
        record_decision(request=request, by=editor, outcome="Zu früh")
    with pytest.raises(ActionRefused):
        record_recommendation(request=request, by=editor, recommended=False, text="Zu früh")
    put_on_agenda(request=request, by=editor)
    with pytest.raises(ActionRefused):
        put_on_agenda(request=request, by=editor)
    with pytest.raises(ActionRefused, match="recommendation"):
        record_recommendation(request=request, by=editor, recommended=False, text=" ")


def test_closing_before_a_decision_needs_a_reason(editor, project):
    request = make_request(project)

    with pytest.raises(ActionRefused):
        close_request(request=request, by=editor, note="")
    close_request(request=request, by=editor, note="Zurückgezogen")
    with pytest.raises(ActionRefused):
        close_request(request=request, by=editor, note="Nochmal")


def test_personal_data_download_lists_my_anregungen_and_supports(resident, other_resident):
    from participation.data_export import collect

    mine = make_request(make_project("Mein Vorhaben"), author=resident)
    theirs = make_request(make_project("Fremdes Vorhaben"), author=other_resident)
    support_request(user=resident, request=theirs, age_confirmed=True)

    data = collect(resident)["projects"]

    assert [r["id"] for r in data["requests"]] == [mine.pk]
    assert [s["project"] for s in data["supports"]] == ["Mein Vorhaben", "Fremdes Vorhaben"]


# Transactional (threads need committed rows); it flushes the database afterwards, and
# pytest-django runs it after the tests that rely on data migrations.
@pytest.mark.django_db(transaction=True)
def test_parallel_supports_count_exactly_and_a_double_click_counts_once(settings):
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection, connections

    from tests.conftest import need

    need(connection.vendor == "postgresql", "row locks need PostgreSQL")
    settings.PROJECTS_REQUEST_QUORUM = 6
    request = make_request(make_project("Parallel"))
    crowd = people(6)

    def support(user):
        try:
            support_request(user=user, request=request, age_confirmed=True)
            return "ok"
        except ActionRefused:
            return "refused"
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(support, [*crowd, crowd[0], crowd[0]]))

    request.refresh_from_db()
    assert sorted(outcomes) == ["ok"] * 6 + ["refused"] * 2
    assert request.supporter_count == 7 == request.supports.count()
    assert request.state == State.QUORUM_REACHED
    assert request.state_changes.count() == 1
