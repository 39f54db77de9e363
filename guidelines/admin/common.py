"""What the guideline admins share: the staff user, a NUL-free text field, a version filter."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import admin
from django.db.models.fields.related import RelatedField
from django.http import HttpRequest

from guidelines.models import Version
from participation.models import User


def staff_user(request: HttpRequest) -> User:
    return cast(User, request.user)


class NulFreeCharField(forms.CharField):
    """Strips NUL characters (PostgreSQL refuses them) instead of rejecting the input."""

    def to_python(self, value: Any) -> str:
        if isinstance(value, str):
            value = value.replace("\x00", "")
        return cast(str, super().to_python(value))


class VersionListFilter(admin.RelatedFieldListFilter):
    """Filter by version, labelled with document and version, in one query."""

    def field_choices(
        self, field: RelatedField, request: HttpRequest, model_admin: admin.ModelAdmin
    ) -> list[tuple[str, Any]]:
        versions = Version.objects.select_related("document").order_by(
            "document__title", "created_at"
        )
        return [(str(version.pk), str(version)) for version in versions]
