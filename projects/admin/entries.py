"""The entry admin: edit an entry, its milestones and council decisions, import and export.

A change of status, schedule (start, end, milestones), cost or participation of a
published entry asks for a public reason: the form refuses to save without one, and
``projects.services.record_change`` writes the change log and notifies followers after
everything (inlines included) was saved. simple-history keeps who changed what, when.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.core.exceptions import BadRequest, FieldError, ValidationError
from django.db import models
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from simple_history.admin import SimpleHistoryAdmin

from participation.models import User
from projects.models import (
    ChangeGroup,
    CouncilDecision,
    Edition,
    Milestone,
    Project,
    ProjectChange,
)
from projects.resources import ProjectResource
from projects.services import (
    TRACKED_FIELDS,
    publish_project,
    record_change,
    tracked_fields_changed,
)
from projects.services.changes import Snapshot, snapshot

REASON_MISSING = gettext_lazy(
    "Status, schedule, cost or participation changed: please give a public reason. "
    "It is shown in the entry's history and sent to its followers."
)


# Addresses typed without a scheme are taken as https (Django 6 default, no warning).
HTTPS_URLS: dict[Any, dict[str, Any]] = {models.URLField: {"assume_scheme": "https"}}


def formfield(field: models.Field, **kwargs: Any) -> forms.Field | None:  # type: ignore[type-arg]
    kwargs.update(HTTPS_URLS.get(type(field), {}))
    return field.formfield(**kwargs)


class ProjectForm(forms.ModelForm):
    change_reason = forms.CharField(
        label=gettext_lazy("Public reason for this change"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text=gettext_lazy(
            "Required when status, schedule, milestones, cost or participation of a "
            "published entry change. Shown publicly in the entry's history."
        ),
    )

    class Meta:
        model = Project
        formfield_callback = formfield
        fields = [
            "title", "slug", "summary", "goal", "published", "topics", "districts",
            "latitude", "longitude", "department", "contact", "status", "start",
            "start_precision", "end", "end_precision", "next_steps", "estimated_cost",
            "financing", "participation_planned", "participation_reason", "participation_kind",
            "participation_level", "participation_format", "involve_board", "consultation_url",
            "first_edition", "added_on",
        ]  # fmt: skip
        widgets = {
            "topics": forms.CheckboxSelectMultiple,
            "districts": forms.CheckboxSelectMultiple,
            "contact": forms.Textarea(attrs={"rows": 3, "cols": 60}),
            "next_steps": forms.Textarea(attrs={"rows": 3, "cols": 80}),
            "financing": forms.Textarea(attrs={"rows": 2, "cols": 80}),
            "participation_reason": forms.Textarea(attrs={"rows": 3, "cols": 80}),
            "participation_format": forms.Textarea(attrs={"rows": 2, "cols": 80}),
        }

    def clean(self) -> dict[str, Any]:
        cleaned = cast(dict[str, Any], super().clean())
        reason = (cleaned.get("change_reason") or "").strip()
        cleaned["change_reason"] = reason
        was_published = bool(self.instance.pk and self.initial.get("published"))
        if was_published and not reason and tracked_fields_changed(self.changed_data):
            self.add_error("change_reason", REASON_MISSING)
        return cleaned


class MilestoneFormSet(BaseInlineFormSet):
    """Changed milestones change the schedule: they need the public reason too."""

    def clean(self) -> None:
        super().clean()
        project = self.instance
        if not project.pk or not self.has_changed():
            return
        if (self.data.get("change_reason") or "").strip():
            return
        if Project.objects.filter(pk=project.pk, published=True).exists():
            raise ValidationError(REASON_MISSING)


class MilestoneInline(admin.TabularInline):
    model = Milestone
    formset = MilestoneFormSet
    extra = 0


class CouncilDecisionInline(admin.TabularInline):
    model = CouncilDecision
    formfield_overrides = HTTPS_URLS
    extra = 0


class ProjectChangeInline(admin.TabularInline):
    """The public change log, written by the reason prompt; not edited here."""

    model = ProjectChange
    extra = 0
    can_delete = False
    fields = readonly_fields = (
        "changed_on",
        "group",
        "old_value",
        "new_value",
        "reason",
        "changed_by",
    )
    verbose_name_plural = gettext_lazy("change log (public; who changed it is not shown)")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Project)
class ProjectAdmin(ImportExportMixin, SimpleHistoryAdmin):
    """Odd addresses get a 404 or 400 where the two libraries would raise: simple-history
    looks an id up without checking it, import-export takes any parameter as a filter."""

    form = ProjectForm
    formfield_overrides = HTTPS_URLS
    resource_classes = [ProjectResource]
    formats = [CSV, XLSX]
    list_display = ["title", "status", "department", "published", "first_edition", "updated_at"]
    list_filter = [
        "published",
        "status",
        "department",
        "districts",
        "topics",
        "participation_planned",
        "participation_level",
        "first_edition",
    ]
    list_select_related = ["department", "first_edition"]
    search_fields = ["title", "slug", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "added_on"
    inlines = [MilestoneInline, CouncilDecisionInline, ProjectChangeInline]
    actions = ["publish"]
    history_list_display = ["status", "published"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "goal", "published"]}),
        (
            gettext_lazy("Where and who"),
            {"fields": ["topics", "districts", "latitude", "longitude", "department", "contact"]},
        ),
        (
            gettext_lazy("Status, schedule and cost"),
            {
                "fields": [
                    "status",
                    ("start", "start_precision"),
                    ("end", "end_precision"),
                    "next_steps",
                    "estimated_cost",
                    "financing",
                ]
            },
        ),
        # Exactly the fields whose change needs a public reason.
        (
            gettext_lazy("Participation"),
            {"fields": list(TRACKED_FIELDS[ChangeGroup.PARTICIPATION])},
        ),
        (gettext_lazy("In the list"), {"fields": ["first_edition", "added_on"]}),
        (gettext_lazy("Reason for the change"), {"fields": ["change_reason"]}),
    ]

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        try:
            Project._meta.pk.to_python(unquote(object_id))  # type: ignore[union-attr]
        except ValidationError:
            raise Http404 from None
        return super().history_view(request, object_id, extra_context)

    def get_export_queryset(self, request: HttpRequest) -> QuerySet[Project]:
        try:
            return super().get_export_queryset(request)  # type: ignore[no-any-return]
        except (IncorrectLookupParameters, FieldError, ValidationError, ValueError) as error:
            raise BadRequest(str(error)) from error

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial = dict(super().get_changeform_initial_data(request))
        # New entries belong to the edition being prepared (the newest one not yet frozen).
        preparing = Edition.objects.filter(frozen_at__isnull=True).order_by("-pk").first()
        if preparing is not None:
            initial.setdefault("first_edition", preparing.pk)
        return initial

    def has_import_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perms(["projects.add_project", "projects.change_project"])

    def has_export_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("projects.view_project")

    def save_model(self, request: HttpRequest, obj: Project, form: Any, change: bool) -> None:
        # Taken before saving: the stored state is what the change log compares with.
        obj._admin_snapshot = (  # type: ignore[attr-defined]
            snapshot(obj) if change else Snapshot(published=False, texts={})
        )
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        project = form.instance
        changes = record_change(
            project=project,
            before=project._admin_snapshot,
            reason=form.cleaned_data.get("change_reason", ""),
            by=cast(User, request.user),
        )
        if changes:
            self.message_user(
                request,
                _("The change was added to the entry's public history; followers are told."),
                messages.INFO,
            )

    @admin.action(description=gettext_lazy("Publish the selected entries"), permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet[Project]) -> None:
        drafts = list(queryset.filter(published=False))
        for project in drafts:
            publish_project(project=project)
        self.message_user(
            request,
            ngettext("%(count)s entry published.", "%(count)s entries published.", len(drafts))
            % {"count": len(drafts)},
            messages.SUCCESS,
        )


@admin.register(ProjectChange)
class ProjectChangeAdmin(admin.ModelAdmin):
    """The change log across all entries; only the wording of a reason can be corrected."""

    list_display = ["project", "group", "changed_on", "changed_by"]
    list_filter = ["group", "edition"]
    list_select_related = ["project", "changed_by"]
    search_fields = ["project__title", "reason"]
    fields = ["project", "group", "old_value", "new_value", "reason", "changed_on", "changed_by"]
    readonly_fields = ["project", "group", "old_value", "new_value", "changed_on", "changed_by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
