"""Objections to moderation decisions: the moderation team answers them here.

An open objection is part of the moderation queue (the comment list filters and counts
them). Answering records the outcome and mails the answer to the author; reversing the
decision publishes the comment again through :func:`guidelines.services.moderate`, which
logs and mails that decision like any other, in the same transaction.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guidelines.admin.common import NulFreeCharField, staff_user
from guidelines.models import Comment, ModerationAction, Objection
from guidelines.objections import answer_objection
from guidelines.services import moderate


class ObjectionFilter(admin.SimpleListFilter):
    """For the comment queue: comments with an open (or any) objection."""

    title = gettext_lazy("objection")
    parameter_name = "objection"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("open", _("objection open")), ("answered", _("objection answered"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() in Objection.State.values:
            objected = Objection.objects.filter(comment=OuterRef("pk"), state=self.value())
            return queryset.filter(Exists(objected))
        return queryset


def open_objection_count() -> int:
    return Objection.objects.filter(state=Objection.State.OPEN).count()


class AnswerForm(forms.ModelForm):
    outcome = forms.ChoiceField(
        label=gettext_lazy("Outcome"),
        choices=[("", "---------"), *Objection.Outcome.choices],
        help_text=gettext_lazy(
            "“Reversed” publishes the comment again (logged and mailed as a moderation "
            "decision); “upheld” leaves it as it is."
        ),
        error_messages={"required": gettext_lazy("Please choose the outcome.")},
    )
    answer = NulFreeCharField(
        label=gettext_lazy("Answer to the resident"),
        widget=forms.Textarea(attrs={"rows": 6, "cols": 70}),
        help_text=gettext_lazy(
            "Mailed to the author as written: say what you checked and why you decided so."
        ),
        error_messages={"required": gettext_lazy("Please write the answer to the resident.")},
    )

    class Meta:
        model = Objection
        fields = ("outcome", "answer")

    def clean(self) -> dict[str, Any]:
        cleaned = cast(dict[str, Any], super().clean())
        # In the admin's transaction: the objection stays locked until it is answered.
        current = Objection.objects.select_for_update(of=("self",)).select_related("answered_by")
        current_objection = current.get(pk=self.instance.pk)
        if current_objection.state == Objection.State.ANSWERED:
            who = current_objection.answered_by
            raise forms.ValidationError(
                _("This objection was answered meanwhile by %(who)s: “%(answer)s”")
                % {
                    "who": who.display_name if who else _("someone"),
                    "answer": Truncator(current_objection.answer).chars(300),
                }
            )
        comment = Comment.objects.get(pk=self.instance.comment_id)
        if (
            cleaned.get("outcome") == Objection.Outcome.UPHELD
            and comment.state == Comment.State.PUBLISHED
        ):
            self.add_error(
                "outcome", _("The comment is published again, so the decision was not upheld.")
            )
        return cleaned


@admin.register(Objection)
class ObjectionAdmin(admin.ModelAdmin):
    form = AnswerForm
    list_display = ("created_at", "state", "comment_excerpt", "author_name", "decision_label")
    list_filter = ("state", "outcome", ("created_at", admin.DateFieldListFilter))
    list_select_related = ("comment", "author", "decision")
    search_fields = ("text", "comment__text", "author__display_name")
    ordering = ("-state", "created_at", "pk")  # open ones first, oldest first
    actions = None
    fieldsets = (
        (
            gettext_lazy("Objection"),
            {"fields": ("created_at", "author_name", "text", "comment_link", "decision_label")},
        ),
        (gettext_lazy("Answer"), {"fields": ("outcome", "answer")}),
    )
    answered_fields = ("state", "outcome", "answer", "answered_by", "answered_at")

    def get_fieldsets(self, request: HttpRequest, obj: Objection | None = None) -> Any:
        if obj is not None and obj.state == Objection.State.ANSWERED:
            return (self.fieldsets[0], (gettext_lazy("Answer"), {"fields": self.answered_fields}))
        return self.fieldsets

    def get_readonly_fields(self, request: HttpRequest, obj: Objection | None = None) -> Any:
        shown = ("created_at", "author_name", "text", "comment_link", "decision_label")
        if obj is not None and obj.state == Objection.State.ANSWERED:
            return shown + self.answered_fields
        return shown

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.state == Objection.State.ANSWERED:
            return False  # an answer sent is a record
        if obj is not None and obj.author_id is not None and obj.author_id == request.user.pk:
            return False  # nobody decides on their own comment
        return super().has_change_permission(request, obj)

    @admin.display(description=gettext_lazy("comment"))
    def comment_excerpt(self, objection: Objection) -> str:
        return Truncator(objection.comment.text).chars(60)

    @admin.display(description=gettext_lazy("comment"))
    def comment_link(self, objection: Objection) -> str:
        comment = objection.comment
        url = reverse("admin:guidelines_comment_change", args=[comment.pk])
        return format_html(
            '<a href="{}">{}</a> ({})',
            url,
            Truncator(comment.text).chars(200),
            comment.get_state_display(),
        )

    @admin.display(description=gettext_lazy("author"), ordering="author__display_name")
    def author_name(self, objection: Objection) -> str:
        return objection.author.display_name if objection.author else _("(deleted account)")

    @admin.display(description=gettext_lazy("decision objected to"))
    def decision_label(self, objection: Objection) -> str:
        decision = objection.decision
        label = str(decision)
        if decision.reason:
            label = f"{label}: {decision.get_reason_display()}"
        return label

    def save_model(self, request: HttpRequest, obj: Objection, form: Any, change: bool) -> None:
        """Answer through the services; a reversal is a logged moderation decision first."""
        staff = staff_user(request)
        outcome = form.cleaned_data["outcome"]
        if outcome == Objection.Outcome.REVERSED:
            # No note: it would replace the comment's private moderator note.
            moderate(
                comments=[obj.comment], moderator=staff, action=ModerationAction.Action.RESTORE
            )
        answer_objection(
            objection=obj, staff=staff, answer=form.cleaned_data["answer"], outcome=outcome
        )
        self.message_user(request, _("The answer has been sent to the author."), messages.SUCCESS)
