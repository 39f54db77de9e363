"""Anregungen: asking for participation on an entry, supporting it, and its steps.

Residents: :func:`create_request` and :func:`support_request` check the rules (verified
address, confirmed minimum age, the window after the entry was added, one active
request per entry, one support per person) and lock the rows they change, so double
clicks and parallel supports count once and never end in a database error. When the
configured quorum is reached, the request moves on by itself.
Staff: :func:`put_on_agenda`, :func:`record_recommendation`, :func:`record_decision`
and :func:`close_request` move it along. Every step is logged and announced to the
author and the supporters.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from participation.models import AgendaItem, User
from projects import notifications
from projects.models import (
    ParticipationRequest,
    Project,
    RequestState,
    RequestStateChange,
    RequestSupport,
)
from projects.services.common import ActionRefused, clean_text

State = RequestState
STEP_TEXTS = {
    State.QUORUM_REACHED: gettext_noop("the quorum has been reached"),
    State.ON_AGENDA: gettext_noop("it is on the agenda of the Beteiligungsbeirat"),
    State.RECOMMENDED: gettext_noop("the Beteiligungsbeirat recommends participation"),
    State.NOT_RECOMMENDED: gettext_noop("the Beteiligungsbeirat does not recommend participation"),
    State.DECIDED: gettext_noop("the council has decided"),
    State.CLOSED: gettext_noop("it has been closed"),
}
TIMESTAMPS = {
    State.QUORUM_REACHED: "quorum_reached_at",
    State.ON_AGENDA: "on_agenda_at",
    State.RECOMMENDED: "recommended_at",
    State.NOT_RECOMMENDED: "recommended_at",
    State.DECIDED: "decided_at",
    State.CLOSED: "closed_at",
}


def request_window_closes(project: Project) -> date | None:
    """The last day Anregungen on ``project`` can be made and supported (None: no limit)."""
    days = settings.PROJECTS_REQUEST_WINDOW_DAYS
    return project.added_on + timedelta(days=days) if days > 0 else None


def _require_window(project: Project) -> None:
    closes = request_window_closes(project)
    if closes is not None and timezone.localdate() > closes:
        raise ActionRefused(
            _(
                "Anregungen on this entry were possible until %(date)s "
                "(%(days)s days after it was added to the list)."
            )
            % {
                "date": closes.strftime("%d.%m.%Y"),
                "days": settings.PROJECTS_REQUEST_WINDOW_DAYS,
            },
            code="window",
        )


def _require_resident(user: User, age_confirmed: bool) -> None:
    if not user.can_participate:
        raise PermissionDenied(_("Please confirm your email address before taking part."))
    minimum = settings.PROJECTS_REQUEST_MINIMUM_AGE
    if minimum > 0 and not age_confirmed:
        raise ActionRefused(
            _("Please confirm that you are at least %(age)s years old.") % {"age": minimum},
            code="age",
        )


@transaction.atomic
def create_request(
    *, author: User, project: Project, reason: str, age_confirmed: bool
) -> ParticipationRequest:
    """Ask for participation on ``project``; the author becomes the first supporter."""
    _require_resident(author, age_confirmed)
    project = Project.objects.select_for_update().get(pk=project.pk)
    if not project.published:
        raise ActionRefused(_("This entry is not public."), code="draft")
    _require_window(project)
    text = clean_text(reason, empty_message=_("Please say why participation is needed."))
    if ParticipationRequest.objects.active().filter(project=project).exists():
        raise ActionRefused(
            _("There is an Anregung on this entry already: please support it instead."),
            code="exists",
        )
    try:
        with transaction.atomic():
            request = ParticipationRequest.objects.create(
                project=project,
                author=author,
                reason=text,
                age_confirmed=age_confirmed,
                supporter_count=1,
            )
    except IntegrityError:
        raise ActionRefused(
            _("There is an Anregung on this entry already: please support it instead."),
            code="exists",
        ) from None
    RequestSupport.objects.create(request=request, user=author, age_confirmed=age_confirmed)
    _reach_quorum_if_due(request)
    return request


@transaction.atomic
def support_request(
    *, user: User, request: ParticipationRequest, age_confirmed: bool
) -> ParticipationRequest:
    """Support an Anregung once; moves it to "quorum reached" when the quorum is hit."""
    _require_resident(user, age_confirmed)
    request = (
        ParticipationRequest.objects.select_for_update()
        .select_related("project")
        .get(pk=request.pk)
    )
    if not request.project.published:
        raise ActionRefused(_("This entry is not public."), code="draft")
    if not request.is_supportable:
        raise ActionRefused(
            _("This Anregung can no longer be supported (%(state)s).")
            % {"state": request.get_state_display()},
            code="closed",
        )
    _require_window(request.project)
    refusal = ActionRefused(_("You have supported this Anregung already."), code="twice")
    if RequestSupport.objects.filter(request=request, user=user).exists():
        raise refusal
    try:
        with transaction.atomic():
            RequestSupport.objects.create(request=request, user=user, age_confirmed=age_confirmed)
    except IntegrityError:
        raise refusal from None
    ParticipationRequest.objects.filter(pk=request.pk).update(
        supporter_count=F("supporter_count") + 1
    )
    request.refresh_from_db(fields=["supporter_count"])
    _reach_quorum_if_due(request)
    return request


def _reach_quorum_if_due(request: ParticipationRequest) -> None:
    quorum = settings.PROJECTS_REQUEST_QUORUM
    if quorum > 0 and request.state == State.OPEN and request.supporter_count >= quorum:
        _move(request, State.QUORUM_REACHED, by=None, note="")


def _move(
    request: ParticipationRequest, to: RequestState, *, by: User | None, note: str
) -> ParticipationRequest:
    """Change the state, stamp the time, log the step and tell author and supporters."""
    previous = request.state
    request.state = to
    setattr(request, TIMESTAMPS[to], timezone.now())
    request.save()
    RequestStateChange.objects.create(
        request=request, from_state=previous, to_state=to, note=note, changed_by=by
    )
    notifications.announce_request_step(request, change=STEP_TEXTS[to], step=to, detail=note)
    return request


def _locked(
    request: ParticipationRequest, allowed: tuple[RequestState, ...]
) -> ParticipationRequest:
    request = (
        ParticipationRequest.objects.select_for_update()
        .select_related("project")
        .get(pk=request.pk)
    )
    if request.state not in allowed:
        raise ActionRefused(
            _("This step is not possible while the Anregung is “%(state)s”.")
            % {"state": request.get_state_display()},
            code="state",
        )
    return request


@transaction.atomic
def put_on_agenda(
    *,
    request: ParticipationRequest,
    by: User,
    note: str = "",
    agenda_item: AgendaItem | None = None,
) -> ParticipationRequest:
    """Put the Anregung on a Beirat agenda (also without quorum, e.g. asked by a board member).

    ``agenda_item`` links the item of the board's meeting once the agenda exists.
    """
    request = _locked(request, (State.OPEN, State.QUORUM_REACHED))
    request.agenda_item = agenda_item
    if not note and agenda_item is not None:
        note = str(agenda_item.meeting)
    return _move(request, State.ON_AGENDA, by=by, note=(note or "").replace("\x00", "").strip())


@transaction.atomic
def record_recommendation(
    *, request: ParticipationRequest, by: User, recommended: bool, text: str
) -> ParticipationRequest:
    request = _locked(request, (State.ON_AGENDA,))
    request.recommendation = clean_text(
        text, empty_message=_("Please write down the recommendation of the Beteiligungsbeirat.")
    )
    to = State.RECOMMENDED if recommended else State.NOT_RECOMMENDED
    return _move(request, to, by=by, note=request.recommendation)


@transaction.atomic
def record_decision(
    *, request: ParticipationRequest, by: User, outcome: str
) -> ParticipationRequest:
    request = _locked(request, (State.RECOMMENDED, State.NOT_RECOMMENDED))
    request.outcome = clean_text(
        outcome, empty_message=_("Please write down what the council decided.")
    )
    return _move(request, State.DECIDED, by=by, note=request.outcome)


@transaction.atomic
def close_request(
    *, request: ParticipationRequest, by: User, note: str = ""
) -> ParticipationRequest:
    """Close the Anregung; before a council decision a public note says why."""
    open_states = tuple(state for state in State if state != State.CLOSED)
    request = _locked(request, open_states)
    if request.state == State.DECIDED:
        note = (note or "").replace("\x00", "").strip()
    else:
        note = clean_text(note, empty_message=_("Please say why the Anregung is closed."))
    return _move(request, State.CLOSED, by=by, note=note)
