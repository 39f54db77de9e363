"""What the guideline admins share: the staff user, a NUL-free text field, a version filter,
the document's title once above a list."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import admin
from django.db.models.fields.related import RelatedField
from django.http import HttpRequest, QueryDict
from django.utils.translation import pgettext_lazy

from guidelines.models import Document, Version
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


class DocumentOnce:
    """For the lists of comments and responses: the document's title once above the list
    (``listed_document`` in the context) instead of a column in every row, when the list
    shows one document only; a column only when it mixes several."""

    version_path: str  # from the listed model to its version, e.g. "paragraph__version"
    listed_from_document: str  # from Document to the listed rows, to find documents with any

    def get_list_display(self, request: HttpRequest) -> tuple[str, ...]:
        shown = cast(tuple[str, ...], super().get_list_display(request))  # type: ignore[misc]
        if self.listed_document(request) is None:
            return shown
        return tuple(name for name in shown if name != "document")

    def listed_document(self, request: HttpRequest) -> Document | None:
        if not hasattr(request, "_listed_document"):
            documents = Document.objects.order_by("pk")
            chosen = request.GET.get(f"{self.version_path}__document__id__exact", "")
            version = request.GET.get(f"{self.version_path}__id__exact", "")
            if chosen.isdigit():
                documents = documents.filter(pk=chosen)
            elif version.isdigit():
                documents = documents.filter(versions__pk=version)
            else:
                documents = documents.filter(**{f"{self.listed_from_document}__isnull": False})
            found = list(documents.distinct()[:2])
            request._listed_document = found[0] if len(found) == 1 else None  # type: ignore[attr-defined]
        return cast(Document | None, request._listed_document)  # type: ignore[attr-defined]
