"""The comment queue: the admin of the group *Moderation*.

Every moderation decision goes through :func:`guidelines.services.moderate` (or
:func:`~guidelines.services.dismiss_reports`, which keeps a reported comment published),
which logs it. Residents' words are never editable here, and comments cannot be deleted.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.views.main import SEARCH_VAR
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from guidelines.admin.common import (
    BasedOnField,
    DocumentOnce,
    NulFreeCharField,
    VersionListFilter,
    refresh_based_on,
    staff_user,
)
from guidelines.admin.objections import ObjectionFilter, open_objection_count
from guidelines.admin.records import ModerationLogInline, ObjectionInline, ReportInline
from guidelines.models import Comment, HideReason, ModerationAction
from guidelines.services import (
    APPLIES_TO,
    ActionRefused,
    dismiss_reports,
    latest_decision,
    moderate,
    reported_undecided,
    require_no_decision_since,
    set_moderator_note,
)


class ReportedFilter(admin.SimpleListFilter):
    title = gettext_lazy("reported")
    parameter_name = "reported"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", _("reported")), ("no", _("not reported"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "yes":
            return queryset.filter(report_count__gt=0)
        if self.value() == "no":
            return queryset.filter(report_count=0)
        return queryset


# What the queue opens on: what waits for a moderator's decision.
QUEUES: dict[str, Q] = {
    "action": Q(state__in=[Comment.State.PENDING, Comment.State.HELD]) | reported_undecided(),
    "pending": Q(state=Comment.State.PENDING),
    "held": Q(state=Comment.State.HELD),
    "reported": reported_undecided(),
    "all": Q(),
}
DEFAULT_QUEUE = "action"
QUEUE_LABELS = {
    "action": gettext_lazy("Needs a decision"),
    "pending": Comment.State.PENDING.label,
    "held": Comment.State.HELD.label,
    "reported": pgettext_lazy("moderation queue section", "Reported"),
    "all": gettext_lazy("All comments"),
}


class QueueFilter(admin.SimpleListFilter):
    """The queue's sections, as links with counts above the list (not in the sidebar).

    Without any other filter or search the queue opens on what needs action; with one,
    on everything it matches, so that a search finds published comments too.
    """

    title = gettext_lazy("queue")
    parameter_name = "queue"
    # Shown as the navigation above the list (with counts), not again in the sidebar.
    template = "admin/guidelines/comment/_queue_filter.html"

    def __init__(self, request: HttpRequest, params: dict[str, Any], *args: Any) -> None:
        # Filters take their parameters out of ``params`` in order: this one comes first.
        narrowed = set(params) - {self.parameter_name} or request.GET.get(SEARCH_VAR)
        # A bulk action on comments ticked one by one applies to those, wherever they are
        # listed; "select all" applies to the list as shown, default included.
        ticked = request.method == "POST" and request.POST.get("select_across") != "1"
        self.default = "all" if narrowed or ticked else DEFAULT_QUEUE
        super().__init__(request, params, *args)

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [(name, name) for name in QUEUES]

    def current(self) -> str:
        value = self.value()
        return value if value in QUEUES else self.default

    def chosen(self) -> str | None:
        """The section to mark in the navigation: none while other filters narrow the list."""
        value = self.value()
        if value in QUEUES:
            return value
        return self.default if self.default == DEFAULT_QUEUE else None

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(QUEUES[self.current()])


def queue_counts() -> dict[str, int]:
    """How many comments each queue section holds, in one query."""
    return cast(
        dict[str, int],
        Comment.objects.aggregate(
            **{name: Count("pk", filter=condition) for name, condition in QUEUES.items()}
        ),
    )


class HideForm(forms.Form):
    required_css_class = "required"  # bold labels, as in the admin's own forms

    reason = forms.ChoiceField(
        label=gettext_lazy("Public reason (from the terms of use)"),
        choices=[("", "---------"), *HideReason.choices],
        error_messages={
            "required": gettext_lazy("Please choose the public reason from the terms of use.")
        },
    )
    note = NulFreeCharField(
        label=gettext_lazy("Private moderator note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=gettext_lazy("Only staff see this note."),
    )


class CommentModerationForm(forms.ModelForm):
    moderator_note = NulFreeCharField(
        label=gettext_lazy("Private moderator note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )

    seen = BasedOnField()

    class Meta:
        model = Comment
        fields = ("state", "hidden_reason", "moderator_note")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            latest = latest_decision(self.instance)
            self.initial["seen"] = latest.pk if latest else 0

    def clean(self) -> dict[str, Any]:
        cleaned = cast(dict[str, Any], super().clean())
        seen = cleaned.get("seen")
        if self.instance.pk and seen is not None:
            # In the admin's transaction: the comment stays locked until it is saved.
            try:
                require_no_decision_since(self.instance, seen)
            except ActionRefused:
                refresh_based_on(self, "seen", self.initial["seen"])
                raise
        state = cleaned.get("state")
        if "state" in self.changed_data and state not in {
            Comment.State.PUBLISHED,
            Comment.State.HIDDEN,
        }:
            self.add_error(
                "state",
                _(
                    "A moderator can publish or hide a comment; "
                    "the other states are set automatically."
                ),
            )
        if state == Comment.State.HIDDEN and not cleaned.get("hidden_reason"):
            self.add_error(
                "hidden_reason", _("Please choose the public reason from the terms of use.")
            )
        if state != Comment.State.HIDDEN:
            cleaned["hidden_reason"] = ""
        return cleaned


@admin.register(Comment)
class CommentAdmin(DocumentOnce, admin.ModelAdmin):
    """The moderation queue."""

    version_path = "paragraph__version"
    listed_from_document = "versions__paragraphs__comments"

    form = CommentModerationForm
    list_display = (
        "excerpt",
        "author_name",
        "document",
        "where",
        "status",
        "written",
    )
    list_display_links = ("excerpt",)
    list_filter = (
        QueueFilter,  # first: it looks at the other filters' parameters
        "state",
        ReportedFilter,
        ObjectionFilter,
        ("paragraph__version__document", admin.RelatedFieldListFilter),
        ("paragraph__version", VersionListFilter),
        ("created_at", admin.DateFieldListFilter),
    )
    list_select_related = ("author", "paragraph__version__document")
    search_fields = ("text", "author__display_name")
    ordering = ("-created_at", "-pk")
    list_per_page = 50
    # Facet counts cost one query per filter (22 instead of 10 on this page); the counts
    # per state above the list are one query.
    show_facets = admin.ShowFacets.NEVER
    actions = ("approve", "hide", "restore", "dismiss")
    inlines = (ReportInline, ModerationLogInline, ObjectionInline)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "text",
                    "author_name",
                    "location",
                    "parent_excerpt",
                    ("created_at", "edited_at", "withdrawn_at"),
                    ("support_count", "report_count"),
                )
            },
        ),
        (
            gettext_lazy("Moderation"),
            {"fields": ("state", "hidden_reason", "moderator_note", "seen")},
        ),
    )
    readonly_fields = (
        "text",
        "author_name",
        "location",
        "parent_excerpt",
        "created_at",
        "edited_at",
        "withdrawn_at",
        "support_count",
        "report_count",
    )

    # --- permissions: nobody edits residents' words or deletes comments here ---

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.author_id is not None and obj.author_id == request.user.pk:
            return False  # nobody moderates their own comment
        return super().has_change_permission(request, obj)

    # --- list ------------------------------------------------------------------------

    @admin.display(description=gettext_lazy("comment"))
    def excerpt(self, comment: Comment) -> str:
        return Truncator(comment.text).chars(80)

    @admin.display(description=gettext_lazy("author"), ordering="author__display_name")
    def author_name(self, comment: Comment) -> str:
        return comment.author.display_name if comment.author else _("(deleted account)")

    @admin.display(
        description=gettext_lazy("document"), ordering="paragraph__version__document__title"
    )
    def document(self, comment: Comment) -> str:
        return comment.paragraph.version.document.title

    @admin.display(description=gettext_lazy("state"), ordering="state")
    def status(self, comment: Comment) -> str:
        # The reports go with the state: a column of their own does not fit at 1366 px.
        if not comment.report_count:
            return comment.get_state_display()
        return ngettext(
            "%(state)s, %(count)s report", "%(state)s, %(count)s reports", comment.report_count
        ) % {"state": comment.get_state_display(), "count": comment.report_count}

    @admin.display(description=gettext_lazy("written"), ordering="created_at")
    def written(self, comment: Comment) -> str:
        # Short ("05.12.2026 11:21"): the long form takes a third of the row's width.
        return date_format(timezone.localtime(comment.created_at), "SHORT_DATETIME_FORMAT")

    @admin.display(description=gettext_lazy("where"), ordering="paragraph__order")
    def where(self, comment: Comment) -> str:
        paragraph = comment.paragraph
        return f"{paragraph.version.label} · {paragraph.label}"

    @admin.display(description=gettext_lazy("where"))
    def location(self, comment: Comment) -> str:
        paragraph = comment.paragraph
        where = f"{paragraph.version}, {paragraph}"
        try:
            url = comment.get_absolute_url()
        except NoReverseMatch:
            return where
        return format_html('<a href="{}">{}</a>', url, where)

    @admin.display(description=gettext_lazy("in reply to"))
    def parent_excerpt(self, comment: Comment) -> str:
        if comment.parent is None:
            return "—"
        url = reverse("admin:guidelines_comment_change", args=[comment.parent.pk])
        return format_html('<a href="{}">{}</a>', url, Truncator(comment.parent.text).chars(80))

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        extra_context = {"title": _("Moderation queue"), **(extra_context or {})}
        response = super().changelist_view(request, extra_context)
        context = getattr(response, "context_data", None)
        if context is None or "cl" not in context:
            return response  # a redirect after an action, or the page of a bad filter
        queue = next(spec for spec in context["cl"].filter_specs if isinstance(spec, QueueFilter))
        counts = queue_counts()
        context.update(
            {
                "queues": [
                    {
                        "name": name,
                        "label": label,
                        "count": counts[name],
                        "selected": name == queue.chosen(),
                    }
                    for name, label in QUEUE_LABELS.items()
                ],
                "objection_count": open_objection_count(),
                "listed_document": self.listed_document(request),
            }
        )
        return response

    # --- bulk actions ------------------------------------------------------------

    @admin.action(description=gettext_lazy("Approve selected comments"), permissions=["change"])
    def approve(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        self._moderate(request, queryset, ModerationAction.Action.APPROVE)

    @admin.action(description=gettext_lazy("Restore selected comments"), permissions=["change"])
    def restore(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        self._moderate(request, queryset, ModerationAction.Action.RESTORE)

    @admin.action(description=gettext_lazy("Hide selected comments …"), permissions=["change"])
    def hide(self, request: HttpRequest, queryset: QuerySet[Comment]) -> HttpResponse | None:
        """Ask for the public reason and a private note on a confirmation page, then hide."""
        confirmed = bool(request.POST.get("post"))
        form = HideForm(request.POST if confirmed else None)
        if confirmed and form.is_valid():
            self._moderate(
                request,
                queryset,
                ModerationAction.Action.HIDE,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
            return None
        select_across = request.POST.get("select_across") == "1"
        shown = list(queryset.select_related("author")[:50])
        total = queryset.count()
        context = {
            **self.admin_site.each_context(request),
            "title": _("Hide comments"),
            "opts": self.opts,
            "form": form,
            "comments": shown,
            "total": total,
            "more": total - len(shown),
            "own": queryset.filter(author_id=request.user.pk).count(),
            # With "select all" the selection is the filtered list; the ids would not fit.
            "selected_ids": (
                [shown[0].pk]
                if select_across and shown
                else list(queryset.values_list("pk", flat=True))
            ),
            "select_across": select_across,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media,
        }
        return TemplateResponse(
            request,
            "admin/guidelines/comment/hide_confirmation.html",
            context,
            status=400 if confirmed else 200,
        )

    @admin.action(
        description=gettext_lazy("Dismiss reports on selected comments (keep them published)"),
        permissions=["change"],
    )
    def dismiss(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        moderator = staff_user(request)
        selected = queryset.count()
        comments = list(
            queryset.select_related(None).filter(reported_undecided()).only("pk", "author_id")
        )
        own = sum(1 for comment in comments if comment.author_id == moderator.pk)
        done = dismiss_reports(comments=comments, moderator=moderator)
        if done:
            self.message_user(
                request,
                ngettext(
                    "Reports on %(count)s comment dismissed; it stays published.",
                    "Reports on %(count)s comments dismissed; they stay published.",
                    done,
                )
                % {"count": done},
                messages.SUCCESS,
            )
        self._report_skipped(request, own=own, unchanged=selected - done - own)

    def _moderate(
        self,
        request: HttpRequest,
        queryset: QuerySet[Comment],
        action: str,
        *,
        reason: str = "",
        note: str = "",
    ) -> None:
        moderator = staff_user(request)
        selected = queryset.count()
        comments: Iterable[Comment] = list(
            queryset.select_related(None)
            .filter(state__in=APPLIES_TO[ModerationAction.Action(action)])
            .only("pk", "author_id")
        )
        own = sum(1 for comment in comments if comment.author_id == moderator.pk)
        try:
            done = moderate(
                comments=comments, moderator=moderator, action=action, reason=reason, note=note
            )
        except ActionRefused as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        verb = ModerationAction.Action(action).label
        if done:
            self.message_user(
                request,
                ngettext("%(count)s comment %(verb)s.", "%(count)s comments %(verb)s.", done)
                % {"count": done, "verb": verb},
                messages.SUCCESS,
            )
        self._report_skipped(request, own=own, unchanged=selected - done - own)

    def _report_skipped(self, request: HttpRequest, *, own: int, unchanged: int) -> None:
        """Say which of the selected comments a bulk decision left alone, and why."""
        if own:
            self.message_user(
                request,
                ngettext(
                    "%(count)s comment was skipped because you wrote it yourself; "
                    "another moderator has to decide on it.",
                    "%(count)s comments were skipped because you wrote them yourself; "
                    "another moderator has to decide on them.",
                    own,
                )
                % {"count": own},
                messages.WARNING,
            )
        if unchanged:
            self.message_user(
                request,
                ngettext(
                    "%(count)s comment was left as it is: this action does not apply to its state.",
                    "%(count)s comments were left as they are: this action does not apply to "
                    "their state.",
                    unchanged,
                )
                % {"count": unchanged},
                messages.INFO,
            )

    # --- the change form ------------------------------------------------------------

    def save_model(self, request: HttpRequest, obj: Comment, form: Any, change: bool) -> None:
        """Save through moderate(), so that a decision made here is logged like a bulk one."""
        moderator = staff_user(request)
        previous = form.initial.get("state")
        action: str | None = None
        if obj.state == Comment.State.HIDDEN and (
            previous != obj.state or "hidden_reason" in form.changed_data
        ):
            action = ModerationAction.Action.HIDE
        elif obj.state == Comment.State.PUBLISHED and previous != obj.state:
            action = (
                ModerationAction.Action.APPROVE
                if previous == Comment.State.PENDING
                else ModerationAction.Action.RESTORE
            )
        note_changed = "moderator_note" in form.changed_data
        if action is not None:
            moderate(
                comments=[obj],
                moderator=moderator,
                action=action,
                reason=obj.hidden_reason if action == ModerationAction.Action.HIDE else "",
                note=obj.moderator_note if note_changed else "",
            )
            # moderate() stores a note only when there is one; clearing it is logged below.
            note_changed = note_changed and not obj.moderator_note
        if note_changed:
            set_moderator_note(comment=obj, moderator=moderator, note=obj.moderator_note)
