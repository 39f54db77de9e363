"""Rückmeldung: the responses of the *Redaktion* to comments.

New responses are given in the evaluation of a version (:mod:`guidelines.admin.evaluation`,
mixed in here), several comments at once. The response list finds single responses to
read (also for the *Moderation*) and correct; a correction is saved through
:func:`guidelines.responses.respond` like any answer, so its checks apply and the
commenter hears of it once the commented version is public.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guidelines.admin.common import (
    BasedOnField,
    DocumentOnce,
    VersionListFilter,
    refresh_based_on,
    staff_user,
)
from guidelines.admin.evaluation import (
    EVALUATE_PERMISSION,
    REASONING_NEEDED,
    EvaluationMixin,
    ResultParagraphsField,
    evaluable,
    later_paragraphs,
    reasoning_field,
    reasoning_needed,
)
from guidelines.models import Response, Version, needing_response
from guidelines.responses import require_unchanged, respond


class ResponseChangeForm(forms.ModelForm):
    reasoning = reasoning_field()
    result_paragraphs = ResultParagraphsField()
    based_on = BasedOnField()

    class Meta:
        model = Response
        fields = ("disposition", "reasoning", "answered_by", "result_paragraphs")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["based_on"] = self.instance.revision
            if "result_paragraphs" in self.fields:
                field = cast(ResultParagraphsField, self.fields["result_paragraphs"])
                field.offer(later_paragraphs(self.instance.comment.paragraph.version))

    def clean(self) -> dict[str, Any]:
        cleaned = cast(dict[str, Any], super().clean())
        based_on = cleaned.get("based_on")
        if self.instance.pk and based_on is not None:
            # In the admin's transaction: the comment stays locked until it is saved.
            try:
                require_unchanged(self.instance.comment, based_on)
            except ValidationError:
                refresh_based_on(self, "based_on", self.instance.revision)
                raise
        if self.instance.pk and self.instance.comment.is_withdrawn:
            raise ValidationError(
                _("Comment %(id)s was withdrawn by its author; it gets no response.")
                % {"id": self.instance.comment_id},
                code="withdrawn",
            )
        if reasoning_needed(cleaned.get("disposition"), cleaned.get("reasoning", "")):
            self.add_error("reasoning", REASONING_NEEDED)
        return cleaned


@admin.register(Response)
class ResponseAdmin(DocumentOnce, EvaluationMixin, admin.ModelAdmin):
    """Responses to find and correct; new ones are given in the evaluation of a version."""

    version_path = "comment__paragraph__version"
    listed_from_document = "versions__paragraphs__comments__response"

    form = ResponseChangeForm
    list_display = (
        "comment_excerpt",
        "disposition",
        "document",
        "where",
        "answered_by",
        "answered_on",
    )
    list_filter = (
        "disposition",
        ("comment__paragraph__version__document", admin.RelatedFieldListFilter),
        ("comment__paragraph__version", VersionListFilter),
    )
    list_select_related = ("comment__paragraph__version__document",)
    search_fields = ("reasoning", "answered_by", "comment__text")
    ordering = ("-updated_at", "-pk")
    list_per_page = 50
    show_facets = admin.ShowFacets.NEVER
    fields = (
        "comment_text",
        "location",
        "disposition",
        "reasoning",
        "answered_by",
        "result_paragraphs",
        "answered_on",
        "author",
        "based_on",
    )
    readonly_fields = ("comment_text", "location", "answered_on", "author")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # responses are given in the evaluation, comment by comment

    def get_queryset(self, request: HttpRequest) -> QuerySet[Response]:
        return (
            super()
            .get_queryset(request)
            .select_related("author", "comment__author", "comment__paragraph__version__document")
        )

    @admin.display(description=gettext_lazy("comment"))
    def comment_excerpt(self, response: Response) -> str:
        return Truncator(response.comment.text).chars(80)

    @admin.display(description=gettext_lazy("comment"))
    def comment_text(self, response: Response) -> str:
        return response.comment.text

    @admin.display(
        description=gettext_lazy("document"),
        ordering="comment__paragraph__version__document__title",
    )
    def document(self, response: Response) -> str:
        return response.comment.paragraph.version.document.title

    @admin.display(description=gettext_lazy("where"), ordering="comment__paragraph__order")
    def where(self, response: Response) -> str:
        paragraph = response.comment.paragraph
        return f"{paragraph.version.label} · {paragraph.label}"

    @admin.display(description=gettext_lazy("where"))
    def location(self, response: Response) -> str:
        paragraph = response.comment.paragraph
        return f"{paragraph.version}, {paragraph}"

    def save_model(self, request: HttpRequest, obj: Response, form: Any, change: bool) -> None:
        """Save through respond(), which checks what may be answered and tells the commenter."""
        comment = obj.comment
        respond(
            version=comment.paragraph.version,
            comments=[comment],
            disposition=obj.disposition,
            reasoning=obj.reasoning,
            answered_by=obj.answered_by,
            author=staff_user(request),
            result_paragraphs=form.cleaned_data.get("result_paragraphs") or [],
            based_on=_based_on(comment.pk, form.cleaned_data.get("based_on")),
        )
        obj.refresh_from_db()

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """respond() has set the result paragraphs already."""

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        extra_context = {"listed_document": self.listed_document(request), **(extra_context or {})}
        if staff_user(request).has_perm(EVALUATE_PERMISSION):
            open_comments = needing_response("paragraphs__comments__")
            extra_context["evaluations"] = list(
                evaluable(Version.objects.all())
                .select_related("document")
                .annotate(
                    total=Count("paragraphs__comments", filter=open_comments),
                    answered=Count("paragraphs__comments__response", filter=open_comments),
                )
                .order_by("document__title", "created_at")
            )
        return super().changelist_view(request, extra_context)


def _based_on(comment_id: int, revision: int | None) -> dict[int, int] | None:
    return None if revision is None else {comment_id: revision}
