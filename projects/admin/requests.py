"""Anregungen in the admin: read-only records, moved along their steps by a small form.

Residents' words (the reason) and the supports cannot be edited here. Each step goes
through ``projects.services`` (which checks that it is allowed now, logs it and tells
the author and the supporters); refusals come back as a message on the form.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participation.models import AgendaItem, User
from projects import services
from projects.models import ParticipationRequest, RequestState

State = RequestState
AGENDA, RECOMMEND, NOT_RECOMMEND, DECIDE, CLOSE = (
    "agenda",
    "recommend",
    "not_recommend",
    "decide",
    "close",
)
STEP_LABELS = {
    AGENDA: gettext_lazy("Put on the agenda of the Beteiligungsbeirat"),
    RECOMMEND: gettext_lazy("The Beteiligungsbeirat recommends participation"),
    NOT_RECOMMEND: gettext_lazy("The Beteiligungsbeirat does not recommend participation"),
    DECIDE: gettext_lazy("Record the council's decision"),
    CLOSE: gettext_lazy("Close the Anregung"),
}
STEPS_FROM = {
    State.OPEN: [AGENDA, CLOSE],
    State.QUORUM_REACHED: [AGENDA, CLOSE],
    State.ON_AGENDA: [RECOMMEND, NOT_RECOMMEND, CLOSE],
    State.RECOMMENDED: [DECIDE, CLOSE],
    State.NOT_RECOMMENDED: [DECIDE, CLOSE],
    State.DECIDED: [CLOSE],
    State.CLOSED: [],
}


READ_ONLY_FIELDS = (
    "project",
    "author_name",
    "reason",
    "state",
    "next_step",
    "supporter_count",
    "created_at",
    "quorum_reached_at",
    "on_agenda_at",
    "agenda_item",
    "recommended_at",
    "recommendation",
    "decided_at",
    "outcome",
    "closed_at",
    "steps",
)


class StepForm(forms.Form):
    required_css_class = "required"

    step = forms.ChoiceField(label=gettext_lazy("Next step"), widget=forms.RadioSelect)
    agenda_item = forms.ModelChoiceField(
        label=gettext_lazy("Agenda item"),
        queryset=AgendaItem.objects.select_related("meeting").order_by(
            "-meeting__starts_at", "order"
        ),
        required=False,
        help_text=gettext_lazy("For “put on the agenda”: the item of the Beirat's meeting."),
    )
    text = forms.CharField(
        label=gettext_lazy("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
        help_text=gettext_lazy(
            "Public. For a recommendation: the Beirat's recommendation; for the decision: "
            "what the council decided; when closing before a decision: why; for the agenda: "
            "which meeting (optional). Author and supporters receive it by email."
        ),
    )

    def __init__(self, *args: Any, state: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["step"]).choices = [
            (s, STEP_LABELS[s]) for s in STEPS_FROM[State(state)]
        ]


def take_step(
    request: ParticipationRequest,
    *,
    step: str,
    text: str,
    by: User,
    agenda_item: AgendaItem | None = None,
) -> None:
    if step == AGENDA:
        services.put_on_agenda(request=request, by=by, note=text, agenda_item=agenda_item)
    elif step in (RECOMMEND, NOT_RECOMMEND):
        services.record_recommendation(
            request=request, by=by, recommended=step == RECOMMEND, text=text
        )
    elif step == DECIDE:
        services.record_decision(request=request, by=by, outcome=text)
    else:
        services.close_request(request=request, by=by, note=text)


@admin.register(ParticipationRequest)
class ParticipationRequestAdmin(admin.ModelAdmin):
    list_display = ["project", "state", "supporter_count", "created_at"]
    list_filter = ["state"]
    list_select_related = ["project"]
    search_fields = ["project__title"]
    date_hierarchy = "created_at"
    fields = READ_ONLY_FIELDS
    readonly_fields = READ_ONLY_FIELDS

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description=gettext_lazy("author"))
    def author_name(self, request: ParticipationRequest) -> str:
        return request.author.display_name if request.author else _("(account deleted)")

    @admin.display(description=gettext_lazy("next step"))
    def next_step(self, request: ParticipationRequest) -> str:
        if request.state == State.CLOSED:
            return "–"
        url = reverse("admin:projects_participationrequest_step", args=[request.pk])
        return format_html('<a class="button" href="{}">{}</a>', url, _("Take the next step…"))

    @admin.display(description=gettext_lazy("steps so far"))
    def steps(self, request: ParticipationRequest) -> str:
        log = request.state_changes.select_related("changed_by")
        return format_html(
            "<ol>{}</ol>",
            format_html_join(
                "",
                "<li>{}: {} → {} {}</li>",
                (
                    (
                        f"{timezone.localtime(change.changed_at):%d.%m.%Y %H:%M}",
                        change.get_from_state_display(),
                        change.get_to_state_display(),
                        f"({change.note})" if change.note else "",
                    )
                    for change in log
                ),
            ),
        )

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "<int:pk>/step/",
                self.admin_site.admin_view(self.step_view),
                name="projects_participationrequest_step",
            ),
            *super().get_urls(),
        ]

    def step_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        anregung = get_object_or_404(ParticipationRequest.objects.select_related("project"), pk=pk)
        if not self.has_change_permission(request, anregung):
            raise PermissionDenied
        change_url = reverse("admin:projects_participationrequest_change", args=[pk])
        form = StepForm(request.POST or None, state=anregung.state)
        if request.method == "POST" and form.is_valid():
            try:
                take_step(
                    anregung,
                    step=form.cleaned_data["step"],
                    text=form.cleaned_data["text"],
                    by=cast(User, request.user),
                    agenda_item=form.cleaned_data["agenda_item"],
                )
            except services.ActionRefused as refusal:
                form.add_error("text", refusal.messages[0])
            else:
                self.message_user(
                    request,
                    _("Done. The author and the supporters are told by email."),
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Next step of the Anregung"),
            "anregung": anregung,
            "form": form,
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/projects/participationrequest/step.html", context)
