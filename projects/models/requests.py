"""Anregungen: requests for participation on an entry, their supports and state log.

States: open → quorum reached → on a Beirat agenda → recommended / not recommended →
council decided → closed. Every transition goes through ``projects.services`` and is
logged in :class:`RequestStateChange`. ``supporter_count`` is kept by the services in
the same transaction as the support rows (the author counts as the first supporter).
At most one request per entry is active (not closed) at a time, and a person supports
a request at most once: both are database constraints, so double clicks and parallel
requests cannot break them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from projects.models.project import Project


class RequestState(models.TextChoices):
    OPEN = "open", _("Open for support")
    QUORUM_REACHED = "quorum_reached", _("Quorum reached")
    ON_AGENDA = "on_agenda", _("On the agenda of the Beteiligungsbeirat")
    RECOMMENDED = "recommended", _("Recommended by the Beteiligungsbeirat")
    NOT_RECOMMENDED = "not_recommended", _("Not recommended by the Beteiligungsbeirat")
    DECIDED = "decided", _("Decided by the council")
    CLOSED = "closed", _("Closed")


SUPPORTABLE_STATES = (RequestState.OPEN, RequestState.QUORUM_REACHED)


class ParticipationRequestQuerySet(models.QuerySet["ParticipationRequest"]):
    def active(self) -> ParticipationRequestQuerySet:
        return self.exclude(state=RequestState.CLOSED)

    def public(self) -> ParticipationRequestQuerySet:
        """Requests on public entries (a draft's requests are not shown anywhere)."""
        return self.filter(project__published=True)


class ParticipationRequest(models.Model):
    """An Anregung: a resident asks for participation on an entry, with a reason."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="requests", verbose_name=_("Vorhaben")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participation_requests",
        verbose_name=_("author"),
    )
    reason = models.TextField(_("reason"))
    age_confirmed = models.BooleanField(
        _("author confirmed the minimum age"), default=False, editable=False
    )
    state = models.CharField(
        _("state"), max_length=20, choices=RequestState.choices, default=RequestState.OPEN
    )
    supporter_count = models.PositiveIntegerField(_("supporters"), default=0, editable=False)
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    quorum_reached_at = models.DateTimeField(_("quorum reached"), null=True, blank=True)
    on_agenda_at = models.DateTimeField(_("put on the agenda"), null=True, blank=True)
    recommended_at = models.DateTimeField(_("recommendation given"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    recommendation = models.TextField(_("recommendation of the Beteiligungsbeirat"), blank=True)
    outcome = models.TextField(_("decision of the council"), blank=True)
    # Held here so that participation (the board) imports nothing from projects.
    agenda_item = models.ForeignKey(
        "participation.AgendaItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participation_requests",
        verbose_name=_("agenda item of the Beteiligungsbeirat"),
    )

    objects = ParticipationRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("Anregung")
        verbose_name_plural = _("Anregungen")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["project"],
                condition=~Q(state="closed"),
                name="one_active_request_per_project",
            )
        ]

    def __str__(self) -> str:
        return str(_("Anregung on “%(title)s”") % {"title": self.project.title})

    @property
    def is_supportable(self) -> bool:
        return self.state in SUPPORTABLE_STATES


class RequestSupport(models.Model):
    request = models.ForeignKey(
        ParticipationRequest, on_delete=models.CASCADE, related_name="supports"
    )
    # Kept, anonymised, when the account is deleted: the Anregung's count must not drop.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="request_supports",
    )
    age_confirmed = models.BooleanField(_("confirmed the minimum age"), default=False)
    created_at = models.DateTimeField(_("given"), auto_now_add=True)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [
            models.UniqueConstraint(fields=["request", "user"], name="one_support_per_request")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.request_id}"


class RequestStateChange(models.Model):
    """The log of an Anregung's steps; ``changed_by`` is for staff only."""

    request = models.ForeignKey(
        ParticipationRequest, on_delete=models.CASCADE, related_name="state_changes"
    )
    from_state = models.CharField(_("from"), max_length=20, choices=RequestState.choices)
    to_state = models.CharField(_("to"), max_length=20, choices=RequestState.choices)
    note = models.TextField(_("note"), blank=True)
    changed_at = models.DateTimeField(_("when"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )

    class Meta:
        verbose_name = _("step of an Anregung")
        verbose_name_plural = _("steps of Anregungen")
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_state} → {self.to_state}"
