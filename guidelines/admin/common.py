"""What the guideline admins share: the staff user, a NUL-free text field, a version filter."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import admin
from django.db.models.fields.related import RelatedField
from django.http import HttpRequest, QueryDict
from django.utils.translation import pgettext_lazy

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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Not the field's raw name ("Nach version"): a document's version is a "Fassung".
        self.title = pgettext_lazy("document version", "Version")

    def field_choices(
        self, field: RelatedField, request: HttpRequest, model_admin: admin.ModelAdmin
    ) -> list[tuple[str, Any]]:
        versions = Version.objects.select_related("document").order_by(
            "document__title", "created_at"
        )
        return [(str(version.pk), str(version)) for version in versions]


class BasedOnField(forms.IntegerField):
    """The revision a staff form was opened on, sent back so that a save made by someone
    else meanwhile is noticed instead of overwritten."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, min_value=0, **kwargs)


def refresh_based_on(form: forms.BaseForm, name: str, value: int) -> None:
    """After a conflict, the form shows the current revision: saving again is deliberate."""
    data = QueryDict(mutable=True)
    data.update(form.data)
    data[form.add_prefix(name)] = str(value)
    form.data = data
