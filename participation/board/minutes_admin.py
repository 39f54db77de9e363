"""Admin for minutes: markdownx editing, then publishing and recording the approval,
each after a confirmation page. Publishing goes through ``services.publish_minutes``,
which mails the board's followers and the ``minutes`` subscribers once each."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from markdownx.admin import MarkdownxModelAdmin

from participation.board import services
from participation.board.actions import action_page
from participation.board.services import ActionRefused
from participation.models import Attachment, EmailSubscription, Meeting, Minutes
from participation.notifications import followers_of


class ApproveForm(forms.Form):
    at_meeting = forms.ModelChoiceField(
        label=_("Approved at meeting"), queryset=Meeting.objects.none()
    )


@admin.register(Minutes)
class MinutesAdmin(MarkdownxModelAdmin):
    list_display = ["__str__", "state", "published_at", "approved_at_meeting"]
    list_filter = ["state", "meeting__board"]
    list_select_related = ["meeting", "approved_at_meeting"]
    readonly_fields = ["state", "published_at", "published_by", "approved_at_meeting", "modified"]
    fields = ["meeting", "text", "pdf", *readonly_fields]
    change_form_template = "admin/participation/minutes/change_form.html"

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "pdf":
            kwargs["queryset"] = Attachment.objects.filter(kind=Attachment.Kind.MINUTES)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/publish/", wrap(self.publish_view), name="participation_minutes_publish"
            ),
            path(
                "<int:pk>/approve/", wrap(self.approve_view), name="participation_minutes_approve"
            ),
            *super().get_urls(),
        ]

    def _minutes(self, request: HttpRequest, pk: int) -> Minutes:
        minutes = get_object_or_404(Minutes.objects.select_related("meeting__board"), pk=pk)
        if not self.has_change_permission(request, minutes):
            raise PermissionDenied
        return minutes

    def _back(self, minutes: Minutes) -> HttpResponseRedirect:
        return HttpResponseRedirect(
            reverse("admin:participation_minutes_change", args=[minutes.pk])
        )

    def publish_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Confirm (GET), then publish and notify (POST)."""
        minutes = self._minutes(request, pk)
        if request.method == "POST":
            try:
                queued = services.publish_minutes(minutes=minutes, by=request.user)  # type: ignore[arg-type]
            except ActionRefused as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(
                    request,
                    gettext("The minutes are public; %(count)s emails are queued.")
                    % {"count": queued},
                    messages.SUCCESS,
                )
            return self._back(minutes)
        board = minutes.meeting.board
        return action_page(
            self,
            request,
            title=gettext("Publish %(minutes)s") % {"minutes": minutes},
            obj=minutes,
            template="admin/participation/minutes/publish_confirmation.html",
            button=gettext("Yes, publish the minutes"),
            followers=followers_of(board).count(),
            subscribers=EmailSubscription.objects.filter(
                topic=EmailSubscription.Topic.MINUTES, confirmed_at__isnull=False
            ).count(),
        )

    def approve_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        minutes = self._minutes(request, pk)
        form = ApproveForm(request.POST if request.method == "POST" else None)
        field = cast(forms.ModelChoiceField, form.fields["at_meeting"])  # type: ignore[type-arg]
        field.queryset = (
            Meeting.objects.filter(
                board=minutes.meeting.board, starts_at__gt=minutes.meeting.starts_at
            )
            .exclude(state=Meeting.State.CANCELLED)
            .order_by("starts_at")
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.approve_minutes(
                    minutes=minutes, at_meeting=form.cleaned_data["at_meeting"]
                )
            except ActionRefused as error:
                form.add_error(None, error)
            else:
                self.message_user(request, gettext("The approval is recorded."), messages.SUCCESS)
                return self._back(minutes)
        return action_page(
            self,
            request,
            title=gettext("Record the approval of %(minutes)s") % {"minutes": minutes},
            obj=minutes,
            form=form,
            button=gettext("Record the approval"),
            status=400 if form.errors else 200,
        )
