"""Departments, districts, topics and editions; freezing an edition after a confirmation."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from participation.models import User
from projects.admin.entries import HTTPS_URLS
from projects.models import Department, District, Edition, Project, Topic
from projects.services import ActionRefused, freeze_edition


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["name", "short_name", "email"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["number", "published_on", "new_entries", "frozen", "freeze_link"]
    readonly_fields = ["frozen_at", "frozen_by", "new_entries"]
    actions = ["freeze"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Edition]:
        return (
            super()
            .get_queryset(request)
            .select_related("frozen_by")
            .annotate(new_count=Count("new_projects"))
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Edition | None = None) -> Any:
        if obj is not None and obj.is_frozen:
            # A frozen edition is a published record: its number and date stay.
            return ["number", "published_on", *self.readonly_fields]
        return self.readonly_fields

    def has_delete_permission(self, request: HttpRequest, obj: Edition | None = None) -> bool:
        return (obj is None or not obj.is_frozen) and super().has_delete_permission(request, obj)

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        # Deleting in bulk would not ask each edition whether it is frozen.
        actions = dict(super().get_actions(request))
        actions.pop("delete_selected", None)
        return actions

    @admin.display(description=gettext_lazy("new entries"))
    def new_entries(self, edition: Edition) -> int:
        count = getattr(edition, "new_count", None)
        return count if count is not None else Project.objects.new_in(edition).count()

    @admin.display(boolean=True, description=gettext_lazy("frozen"))
    def frozen(self, edition: Edition) -> bool:
        return edition.is_frozen

    @admin.display(description=gettext_lazy("print version"))
    def freeze_link(self, edition: Edition) -> str:
        if edition.is_frozen:
            return _("kept as published")
        url = reverse("admin:projects_edition_freeze", args=[edition.pk])
        return format_html('<a class="button" href="{}">{}</a>', url, _("Freeze…"))

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "<int:pk>/freeze/",
                self.admin_site.admin_view(self.freeze_view),
                name="projects_edition_freeze",
            ),
            *super().get_urls(),
        ]

    @admin.action(description=gettext_lazy("Freeze the selected edition"))
    def freeze(self, request: HttpRequest, queryset: QuerySet[Edition]) -> HttpResponse | None:
        if queryset.count() != 1:
            self.message_user(
                request, _("Please select exactly one edition to freeze."), messages.WARNING
            )
            return None
        edition = queryset.get()
        return HttpResponseRedirect(reverse("admin:projects_edition_freeze", args=[edition.pk]))

    def freeze_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        edition = get_object_or_404(Edition, pk=pk)
        if not self.has_change_permission(request, edition):
            raise PermissionDenied
        changelist = reverse("admin:projects_edition_changelist")
        if request.method == "POST":
            try:
                count = freeze_edition(edition=edition, by=cast(User, request.user))
            except ActionRefused as refusal:
                self.message_user(request, refusal.messages[0], messages.ERROR)
                return HttpResponseRedirect(changelist)
            self.message_user(
                request,
                ngettext(
                    "Edition %(number)s is frozen with %(count)s entry.",
                    "Edition %(number)s is frozen with %(count)s entries.",
                    count,
                )
                % {"number": edition.number, "count": count},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(changelist)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Freeze edition %(number)s") % {"number": edition.number},
            "edition": edition,
            "entry_count": Project.objects.public().count(),
            "new_count": Project.objects.public().new_in(edition).count(),
        }
        return TemplateResponse(request, "admin/projects/edition/freeze_confirmation.html", context)
