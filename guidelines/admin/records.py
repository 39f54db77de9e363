"""Reports and the moderation log: records nobody may change or delete through the admin."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guidelines.models import ModerationAction, Objection, Report


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReportInline(ReadOnlyInline):
    model = Report
    fields = ("created_at", "reporter", "reason", "details")
    readonly_fields = fields
    verbose_name_plural = gettext_lazy("reports")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Report]:
        return super().get_queryset(request).select_related("reporter").order_by("created_at")


class ModerationLogInline(ReadOnlyInline):
    model = ModerationAction
    fields = ("created_at", "moderator", "action", "reason", "note")
    readonly_fields = fields
    verbose_name_plural = gettext_lazy("moderation log")

    def get_queryset(self, request: HttpRequest) -> QuerySet[ModerationAction]:
        return super().get_queryset(request).select_related("moderator").order_by("created_at")


class ObjectionInline(ReadOnlyInline):
    """The author's objections on the comment's page; they are answered on their own page."""

    model = Objection
    fields = ("created_at", "text", "state", "outcome", "answer", "answered_by", "answer_link")
    readonly_fields = fields
    verbose_name_plural = gettext_lazy("objections")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Objection]:
        return super().get_queryset(request).select_related("answered_by").order_by("created_at")

    @admin.display(description=gettext_lazy("details"))
    def answer_link(self, objection: Objection) -> str:
        url = reverse("admin:guidelines_objection_change", args=[objection.pk])
        label = _("Answer") if objection.state == Objection.State.OPEN else _("Show")
        return format_html('<a href="{}">{}</a>', url, label)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records nobody may write through the admin, not even superusers."""

    actions = None

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ModerationAction)
class ModerationActionAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "moderator", "action", "reason", "comment_excerpt")
    list_filter = (
        "action",
        ("moderator", admin.RelatedOnlyFieldListFilter),
        ("created_at", admin.DateFieldListFilter),
        "reason",
    )
    list_select_related = ("moderator", "comment")
    search_fields = ("note", "moderator__display_name")
    fields = ("created_at", "moderator", "action", "reason", "note", "comment_link")
    readonly_fields = fields
    ordering = ("-created_at", "-pk")

    @admin.display(description=gettext_lazy("comment"))
    def comment_excerpt(self, entry: ModerationAction) -> str:
        return Truncator(entry.comment.text).chars(60)

    @admin.display(description=gettext_lazy("comment"))
    def comment_link(self, entry: ModerationAction) -> str:
        url = reverse("admin:guidelines_comment_change", args=[entry.comment_id])
        return format_html('<a href="{}">{}</a>', url, Truncator(entry.comment.text).chars(80))


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "reporter", "reason", "comment_excerpt")
    list_filter = ("reason", ("created_at", admin.DateFieldListFilter))
    list_select_related = ("reporter", "comment")
    fields = ("created_at", "reporter", "reason", "details", "comment_link")
    readonly_fields = fields
    ordering = ("-created_at", "-pk")

    @admin.display(description=gettext_lazy("comment"))
    def comment_excerpt(self, report: Report) -> str:
        return Truncator(report.comment.text).chars(60)

    @admin.display(description=gettext_lazy("comment"))
    def comment_link(self, report: Report) -> str:
        url = reverse("admin:guidelines_comment_change", args=[report.comment_id])
        return format_html('<a href="{}">{}</a>', url, Truncator(report.comment.text).chars(80))
