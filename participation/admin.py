from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import ReadOnlyPasswordHashWidget
from django.contrib.auth.forms import UserChangeForm as DjangoUserChangeForm
from django.contrib.auth.models import Group, Permission
from django.db.models import ManyToManyField, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from markdownx.admin import MarkdownxModelAdmin

from participation import outbox
from participation.board import admin as board_admin  # noqa: F401 - registers the board's admin
from participation.models import Consent, EmailSubscription, OutboxMessage, Page, User
from participation.notifications import request_delivery

# Django stores permission names in English when it migrates ("Can add paragraph"); the
# admin's own words for the four actions are translated.
PERMISSION_ACTIONS = {
    "add": _("Add"),
    "change": _("Change"),
    "delete": _("Delete"),
    "view": _("View"),
}


class PermissionChoiceField(forms.ModelMultipleChoiceField):
    """Permissions labelled "app | model | action" in the active language."""

    def label_from_instance(self, obj: Permission) -> str:
        action, _sep, model = obj.codename.partition("_")
        if action not in PERMISSION_ACTIONS or model != obj.content_type.model:
            return str(obj)
        return f"{obj.content_type} | {PERMISSION_ACTIONS[action]}"


class PermissionLabels:
    """For the user and group forms: permissions in German, not as Django stored them."""

    def formfield_for_manytomany(
        self, db_field: ManyToManyField[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.ModelMultipleChoiceField | None:
        if db_field.remote_field.model is Permission:
            kwargs["form_class"] = PermissionChoiceField
        return super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]


admin.site.unregister(Group)

# allauth's admin of second factors shows their secrets and speaks only English; a lost
# second factor is reset with ``manage.py reset_second_factor``. Importing allauth's admin
# first registers it, so that it can be taken out here whatever the app order.
import allauth.mfa.admin  # noqa: E402, F401

admin.site.unregister(Authenticator)


@admin.register(Group)
class GroupAdmin(PermissionLabels, DjangoGroupAdmin):
    pass


class ConsentInline(admin.TabularInline):
    model = Consent
    extra = 0
    can_delete = False
    fields = ("kind", "version", "given_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


class PasswordSummaryWidget(ReadOnlyPasswordHashWidget):
    """Django's password summary without the ``disabled`` that its read-only field adds:
    the widget is a ``<div>``, where HTML does not allow that attribute."""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].pop("disabled", None)
        return context


class UserChangeForm(DjangoUserChangeForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].widget = PasswordSummaryWidget()


@admin.register(User)
class UserAdmin(PermissionLabels, DjangoUserAdmin):
    form = UserChangeForm
    ordering = ["-date_joined"]
    list_display = ["display_name", "email", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups"]
    search_fields = ["display_name", "email"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Profile"), {"fields": ["display_name", "language"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "display_name", "password1", "password2"],
            },
        )
    ]
    readonly_fields = ["last_login", "date_joined"]
    inlines = [ConsentInline]


@admin.register(Page)
class PageAdmin(MarkdownxModelAdmin):
    list_display = ["title", "slug", "version", "updated_at"]
    readonly_fields = ["updated_at"]
    fieldsets = [
        (None, {"fields": ["slug", "version", "updated_at"]}),
        (_("German"), {"fields": ["title", "body"]}),
        (_("English (optional)"), {"fields": ["title_en", "body_en"]}),
    ]

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        # The footer links to every page; deleting one would break them.
        return False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "event", "email", "state", "frequency", "attempts", "sent_at"]
    list_filter = ["state", "event", "frequency", "created_at"]
    search_fields = ["email", "dedupe_key", "message_id"]
    date_hierarchy = "created_at"
    show_facets = admin.ShowFacets.ALWAYS  # counts per state next to each filter
    list_select_related = ["recipient"]
    actions = ["resend"]
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.action(description=_("Send the selected mails again"), permissions=["view"])
    def resend(self, request: HttpRequest, queryset: QuerySet[OutboxMessage]) -> None:
        count = outbox.resend(list(queryset.values_list("pk", flat=True)))
        request_delivery()
        self.message_user(
            request,
            ngettext("%d mail queued again.", "%d mails queued again.", count) % count,
            messages.SUCCESS,
        )


@admin.register(EmailSubscription)
class EmailSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["email", "topic", "created_at", "confirmed_at"]
    list_filter = ["topic", ("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["email"]
    readonly_fields = ["email", "topic", "language", "created_at", "confirmed_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
