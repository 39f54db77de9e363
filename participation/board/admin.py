"""Django admin for the board, worked by the group *Geschäftsstelle Beirat*.

Boards with their seats and terms, members (with warnings for terms ending within 60
days), meetings with agenda items and PDF attachments, and minutes (markdownx editor,
publish and approve with a confirmation step). State changes with side effects
(scheduling, cancelling, postponing, publishing, successors moving up) go through
``participation.board.services`` and ``participation.board.seats``; the admin only
asks and confirms. Minutes are in ``minutes_admin``; calls, applications and the
lottery in ``lottery_admin``.
Other staff groups have no permission on any of these models.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from markdownx.admin import MarkdownxModelAdmin

from participation.board import lottery_admin as lottery_admin
from participation.board import minutes_admin as minutes_admin
from participation.board import seats, services
from participation.board.actions import action_page
from participation.board.services import ActionRefused
from participation.models import (
    AgendaItem,
    Attachment,
    Board,
    BoardTerm,
    Meeting,
    Membership,
    Seat,
)


class SeatInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Seat
    extra = 0
    fields = ["order", "seat_type", "label"]


class BoardTermInline(admin.TabularInline):  # type: ignore[type-arg]
    model = BoardTerm
    extra = 0
    fields = ["name", "start", "end"]


@admin.register(Board)
class BoardAdmin(MarkdownxModelAdmin):
    list_display = ["name", "slug", "modified"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created", "modified"]
    fields = ["name", "slug", "purpose", "rules_of_procedure", "created", "modified"]
    inlines = [BoardTermInline, SeatInline]


class TermFilter(admin.SimpleListFilter):
    title = _("term")
    parameter_name = "period"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            ("current", _("current")),
            ("ending", _("ending within 60 days")),
            ("ended", _("ended")),
        ]

    def queryset(
        self, request: HttpRequest, queryset: QuerySet[Membership]
    ) -> QuerySet[Membership]:
        today = timezone.localdate()
        if self.value() == "current":
            return queryset.current()  # type: ignore[attr-defined,no-any-return]
        if self.value() == "ending":
            return queryset.ending_within(60)  # type: ignore[attr-defined,no-any-return]
        if self.value() == "ended":
            return queryset.filter(end__lt=today)
        return queryset


class VacateForm(forms.Form):
    end = forms.DateField(
        label=_("Last day on the seat"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.ChoiceField(label=_("Reason"), choices=Membership.EndReason.choices)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = [
        "name", "seat", "role", "start", "end", "ends_soon_display", "consent_to_publish",
    ]  # fmt: skip
    list_filter = [TermFilter, "seat__board", "seat__seat_type", "role", "consent_to_publish"]
    list_select_related = ["seat"]
    search_fields = ["name"]
    readonly_fields = ["drawn_from", "application_number", "created", "modified"]
    fieldsets = [
        (None, {"fields": ["seat", "name", "role", "voting_right", "user"]}),
        (_("Term"), {"fields": ["start", "end", "end_reason"]}),
        (_("Publication"), {"fields": ["consent_to_publish", "consent_date"]}),
        (_("Lottery"), {"fields": ["drawn_from", "application_number", "created", "modified"]}),
    ]
    actions = ["vacate"]

    @admin.display(description=_("ends within 60 days"), boolean=True)
    def ends_soon_display(self, obj: Membership) -> bool:
        return obj.ends_soon()

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        # The account link would list every user; only those who may see users get it.
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.has_perm("participation.view_user"):
            return fieldsets
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != "user"]})
            for name, options in fieldsets
        ]

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        ending = Membership.objects.ending_within(60).select_related("seat")
        names = [f"{m.name} ({m.end:%d.%m.%Y})" for m in ending[:10]]
        if names and request.method == "GET":
            messages.warning(
                request,
                gettext("Terms ending within 60 days: %(names)s") % {"names": ", ".join(names)},
            )
        return super().changelist_view(request, extra_context)

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        member = self.get_object(request, object_id)
        if request.method == "GET" and member is not None and member.ends_soon():
            messages.warning(
                request,
                gettext("This term ends on %(date)s, within 60 days.")
                % {"date": f"{member.end:%d.%m.%Y}"},
            )
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.action(description=_("End the membership (successor moves up)"), permissions=["change"])
    def vacate(self, request: HttpRequest, queryset: QuerySet[Membership]) -> HttpResponse | None:
        if queryset.count() != 1:
            self.message_user(request, gettext("Select exactly one membership."), messages.ERROR)
            return None
        member = queryset.get()
        confirmed = "end" in request.POST
        form = VacateForm(request.POST if confirmed else None)
        if confirmed and form.is_valid():
            try:
                successor = seats.vacate_seat(
                    membership=member,
                    end=form.cleaned_data["end"],
                    reason=form.cleaned_data["reason"],
                )
            except ActionRefused as error:
                form.add_error(None, error)
            else:
                message = (
                    gettext("%(name)s moves up from the successor list.") % {"name": successor.name}
                    if successor
                    else gettext("The membership ends; nobody moves up automatically.")
                )
                self.message_user(request, message, messages.SUCCESS)
                return None
        return action_page(
            self,
            request,
            title=gettext("End the membership of %(name)s") % {"name": member.name},
            obj=member,
            form=form,
            text=gettext(
                "On a seat drawn by lot, the next person on the successor list of the same pool "
                "takes the seat from the following day (without publishing their name until "
                "you record their consent)."
            ),
            button=gettext("End the membership"),
            action="vacate",
            selected=[member.pk],
            status=400 if confirmed else 200,
        )


class AgendaItemInline(admin.StackedInline):  # type: ignore[type-arg]
    model = AgendaItem
    extra = 0
    show_change_link = True  # its own page holds the item's attachments
    fields = [
        ("order", "number", "is_public"),
        "title",
        "description",
        ("content_type", "object_id"),
        "outcome",
        ("votes_for", "votes_against", "abstentions"),
    ]


class AttachmentInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Attachment
    extra = 0
    fields = ["kind", "title", "file", "is_public", "size"]
    readonly_fields = ["size"]


class MeetingForm(ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Meeting
        fields = [
            "board", "number", "title", "is_public", "starts_at", "ends_at", "place",
            "accessibility_note",
        ]  # fmt: skip


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (public)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class PostponeForm(CancelForm):
    starts_at = forms.DateTimeField(
        label=_("New date and time (empty: not yet known)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = MeetingForm
    list_display = ["number", "__str__", "board", "starts_at", "state", "is_public"]
    list_select_related = ["board"]
    list_filter = ["board", "state", "is_public"]
    date_hierarchy = "starts_at"
    search_fields = ["title", "place"]
    readonly_fields = ["state", "state_reason", "sequence", "created", "modified"]
    fieldsets = [
        (None, {"fields": ["board", "number", "title", "is_public"]}),
        (_("Date and place"), {"fields": ["starts_at", "ends_at", "place", "accessibility_note"]}),
        (_("State"), {"fields": ["state", "state_reason", "sequence", "created", "modified"]}),
    ]
    inlines = [AgendaItemInline, AttachmentInline]
    actions = ["cancel", "postpone", "mark_held"]

    def save_model(self, request: HttpRequest, obj: Meeting, form: Any, change: bool) -> None:
        if change:
            services.change_meeting(meeting=obj, changed=set(form.changed_data))
        else:
            services.schedule_meeting(meeting=obj)

    def _one(self, request: HttpRequest, queryset: QuerySet[Meeting]) -> Meeting | None:
        if queryset.count() != 1:
            self.message_user(request, gettext("Select exactly one meeting."), messages.ERROR)
            return None
        return queryset.get()

    def _state_action(
        self, request: HttpRequest, queryset: QuerySet[Meeting], *, postpone: bool
    ) -> HttpResponse | None:
        meeting = self._one(request, queryset)
        if meeting is None:
            return None
        form_class = PostponeForm if postpone else CancelForm
        confirmed = "confirm" in request.POST
        form = form_class(request.POST if confirmed else None)
        if confirmed and form.is_valid():
            try:
                if postpone:
                    services.postpone_meeting(
                        meeting=meeting,
                        starts_at=form.cleaned_data["starts_at"],
                        reason=form.cleaned_data["reason"],
                    )
                else:
                    services.cancel_meeting(meeting=meeting, reason=form.cleaned_data["reason"])
            except ActionRefused as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                return None
            self.message_user(
                request,
                gettext("The meeting was changed and its followers are informed."),
                messages.SUCCESS,
            )
            return None
        return action_page(
            self,
            request,
            title=(gettext("Postpone %(meeting)s") if postpone else gettext("Cancel %(meeting)s"))
            % {"meeting": meeting},
            obj=meeting,
            form=form,
            text=gettext(
                "Followers of the board are told by email; calendar subscriptions show the change."
            ),
            button=gettext("Postpone the meeting") if postpone else gettext("Cancel the meeting"),
            action="postpone" if postpone else "cancel",
            selected=[meeting.pk],
            status=400 if confirmed else 200,
        )

    @admin.action(description=_("Cancel the meeting"), permissions=["change"])
    def cancel(self, request: HttpRequest, queryset: QuerySet[Meeting]) -> HttpResponse | None:
        return self._state_action(request, queryset, postpone=False)

    @admin.action(description=_("Postpone the meeting"), permissions=["change"])
    def postpone(self, request: HttpRequest, queryset: QuerySet[Meeting]) -> HttpResponse | None:
        return self._state_action(request, queryset, postpone=True)

    @admin.action(description=_("Mark as held"), permissions=["change"])
    def mark_held(self, request: HttpRequest, queryset: QuerySet[Meeting]) -> None:
        held = 0
        for meeting in queryset.filter(state=Meeting.State.PLANNED, starts_at__lte=timezone.now()):
            meeting.state = Meeting.State.HELD
            meeting.save(update_fields=["state"])
            held += 1
        self.message_user(
            request, gettext("%(count)s meetings marked as held.") % {"count": held}, messages.INFO
        )


class ItemAttachmentInline(AttachmentInline):
    fk_name = "agenda_item"


@admin.register(AgendaItem)
class AgendaItemAdmin(MarkdownxModelAdmin):
    list_display = ["__str__", "meeting", "is_public"]
    list_filter = ["meeting__board", "is_public"]
    list_select_related = ["meeting"]
    search_fields = ["title"]
    inlines = [ItemAttachmentInline]
    exclude = ["description_html"]
