"""The evaluation: the *Redaktion* answers a closed consultation paragraph by paragraph.

A page per paragraph shows its text, all its comments with their replies, and one form
that gives any number of them the same disposition and reasoning through
:func:`guidelines.responses.respond`, which checks what may be answered. Progress
(answered / total) is shown for the version and per paragraph; from here the commented
version is published. Each page reads the same few queries however many comments there
are. Mixed into the response admin by :class:`EvaluationMixin`, like the import views
into the version admin.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from itertools import groupby
from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from guidelines.admin.common import NulFreeCharField, staff_user
from guidelines.models import Comment, Disposition, Paragraph, Version, needing_response
from guidelines.responses import progress, publish_commented_version, respond
from guidelines.services import ActionRefused
from guidelines.threads import CommentNode, attach_responses
from participation.markdown import render_markdown

EVALUATE_PERMISSION = "guidelines.add_response"


def evaluable(versions: QuerySet[Version]) -> QuerySet[Version]:
    """Versions whose consultation is over: closed, adopted, or past the end of the period."""
    return versions.filter(
        Q(state__in=[Version.State.CLOSED, Version.State.ADOPTED])
        | Q(state=Version.State.CONSULTATION, comments_close_at__lte=timezone.now())
    )


def later_paragraphs(version: Version) -> QuerySet[Paragraph]:
    """What a response may point to: paragraphs of later versions of the same document."""
    return (
        Paragraph.objects.filter(
            version__document_id=version.document_id, version__created_at__gt=version.created_at
        )
        .select_related("version", "section")
        .order_by("version__created_at", "version_id", "order")
    )


class ParagraphPicker(forms.CheckboxSelectMultiple):
    """Checkboxes grouped by section in a scrolling box; a small script adds a filter field.

    Works without JavaScript (every paragraph is a labelled checkbox); with it, typing
    narrows the list to the paragraphs whose label or text contains the words.
    """

    template_name = "admin/guidelines/widgets/paragraph_picker.html"

    class Media:
        js = ("js/paragraph-picker.js",)


class MarkdownPreviewTextarea(forms.Textarea):
    """A Markdown textarea with a preview below it, rendered by :func:`render_markdown`
    like the public page.

    ``preview`` holds the rendered text when the page shows it (the evaluation renders it
    on the server, so that it works without JavaScript); ``server_preview`` says whether
    the page handles a submitted preview button. Elsewhere the button appears with
    JavaScript only and asks the staff-only preview endpoint of django-markdownx.
    """

    template_name = "admin/guidelines/widgets/markdown_preview.html"

    def __init__(self, *args: Any, server_preview: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.server_preview = server_preview
        self.preview: str | None = None

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["server_preview"] = self.server_preview
        context["widget"]["preview"] = None if self.preview is None else mark_safe(self.preview)  # noqa: S308
        return context

    class Media:
        js = ("js/markdown-preview.js",)


def reasoning_field(*, server_preview: bool = False, **kwargs: Any) -> NulFreeCharField:
    return NulFreeCharField(
        label=gettext_lazy("Public reasoning (Markdown)"),
        required=False,
        widget=MarkdownPreviewTextarea(
            attrs={"rows": 6, "cols": 70}, server_preview=server_preview
        ),
        **kwargs,
    )


def paragraph_choice_label(paragraph: Paragraph) -> str:
    """ "Abs. 4.1-2 – Die Stadt beteiligt früh …": the label and the first words as read."""
    words = " ".join(html.unescape(strip_tags(paragraph.text_html)).split())
    return f"{paragraph.label} – {Truncator(words).words(12)}"


class ResultParagraphsField(forms.ModelMultipleChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Paragraph.objects.none())
        super().__init__(
            label=gettext_lazy("Led to these paragraphs"),
            required=False,
            widget=ParagraphPicker,
            help_text=gettext_lazy(
                "Optional: paragraphs of a later version of this document that the comments led to."
            ),
            **kwargs,
        )

    def label_from_instance(self, obj: Paragraph) -> str:  # type: ignore[override]
        return paragraph_choice_label(obj)

    def offer(self, paragraphs: QuerySet[Paragraph]) -> bool:
        """Offer ``paragraphs`` grouped by version and section, read once; False if none."""
        self.queryset = paragraphs
        self.choices = [
            (
                f"{version.label} · {section.heading}",
                [(paragraph.pk, self.label_from_instance(paragraph)) for paragraph in group],
            )
            for (version, section), group in groupby(
                paragraphs, key=lambda p: (p.version, p.section)
            )
        ]
        return bool(self.choices)


def reasoning_needed(disposition: str | None, reasoning: str) -> bool:
    """A comment that was not (fully) adopted needs a public reason."""
    return disposition in {Disposition.REJECTED, Disposition.PARTLY} and not reasoning.strip()


REASONING_NEEDED = gettext_lazy(
    "Please give the reasons why the comments were not or only partly adopted."
)


class ResponseFields(forms.Form):
    """Disposition, reasoning, office and result paragraphs: what every response consists of."""

    required_css_class = "required"  # bold labels, as in the admin's own forms

    disposition = forms.ChoiceField(
        label=gettext_lazy("Disposition"),
        choices=[("", "---------"), *Disposition.choices],
        error_messages={"required": gettext_lazy("Please choose a disposition.")},
    )
    reasoning = reasoning_field(
        server_preview=True,
        max_length=10_000,
        help_text=gettext_lazy("The public reads this below each selected comment."),
    )
    answered_by = NulFreeCharField(
        label=gettext_lazy("Answered by"),
        max_length=200,
        help_text=gettext_lazy("An office, e.g. “Stadtverwaltung, Referat Bürgerbeteiligung”."),
    )
    result_paragraphs = ResultParagraphsField()

    def __init__(self, *args: Any, version: Version, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"answered_by": settings.RESPONSE_OFFICE})
        super().__init__(*args, **kwargs)
        field = cast(ResultParagraphsField, self.fields["result_paragraphs"])
        if not field.offer(later_paragraphs(version)):
            del self.fields["result_paragraphs"]  # without a later version, nothing to choose

    def clean(self) -> dict[str, Any]:
        cleaned = cast(dict[str, Any], super().clean())
        if reasoning_needed(cleaned.get("disposition"), cleaned.get("reasoning", "")):
            self.add_error("reasoning", REASONING_NEEDED)
        return cleaned


class SelectedComments(forms.MultipleHiddenInput):
    """Reads the checkboxes in the comment threads, which render them; renders nothing."""

    def render(self, *args: Any, **kwargs: Any) -> str:  # type: ignore[override]
        return ""


class EvaluationForm(ResponseFields):
    """One response for all comments selected in the paragraph's threads."""

    comments = forms.Field(required=False, widget=SelectedComments)
    field_order = ["disposition", "reasoning", "answered_by", "result_paragraphs"]

    @classmethod
    def previewing(cls, data: QueryDict, *, version: Version) -> EvaluationForm:
        """The values as typed, neither checked nor saved, with the reasoning rendered."""
        form = cls(
            initial={**data.dict(), "result_paragraphs": data.getlist("result_paragraphs")},
            version=version,
        )
        widget = cast(MarkdownPreviewTextarea, form.fields["reasoning"].widget)
        widget.preview = render_markdown(data.get("reasoning", ""))
        return form

    def clean_comments(self) -> list[Comment]:
        raw = self.cleaned_data.get("comments") or []
        if not raw:
            raise ValidationError(_("Please select at least one comment."), code="empty")
        ids = {int(value) for value in raw if str(value).isdigit()}
        found = list(Comment.objects.filter(pk__in=ids).select_related("paragraph").order_by("pk"))
        unknown = sorted({str(value) for value in raw} - {str(c.pk) for c in found})
        if unknown:
            raise ValidationError(
                _("These comments do not exist: %(ids)s.") % {"ids": ", ".join(unknown)},
                code="unknown",
            )
        return found

    def based_on(self) -> dict[int, int]:
        """The response revision the page showed for each selected comment (0: none)."""
        revisions = {}
        for comment in self.cleaned_data["comments"]:
            value = str(self.data.get(f"revision-{comment.pk}", ""))
            if value.isdigit():
                revisions[comment.pk] = int(value)
        return revisions


class EvaluationMixin(admin.ModelAdmin):
    """The evaluation pages and the publishing of the commented version."""

    def get_urls(self) -> list[URLPattern]:
        def guarded(view: Any) -> Any:
            # The permission check comes first, so that residents get a 403 too.
            return _require_evaluation_permission(self.admin_site.admin_view(view))

        custom = [
            path(
                "evaluate/<int:version_id>/",
                guarded(self.evaluation_start),
                name="guidelines_response_evaluate",
            ),
            path(
                "evaluate/<int:version_id>/<str:key>/",
                guarded(self.evaluation_view),
                name="guidelines_response_evaluate_paragraph",
            ),
            path(
                "publish/<int:version_id>/",
                guarded(self.publish_view),
                name="guidelines_response_publish",
            ),
        ]
        return custom + cast(list[URLPattern], super().get_urls())

    def evaluation_start(self, request: HttpRequest, version_id: int) -> HttpResponse:
        """Go to the chosen paragraph, else to the first one with unanswered comments."""
        version = _evaluable_version(request, version_id)
        if version is None:
            return _back_to_version(version_id)
        paragraphs = list(_paragraph_progress(version))
        if not paragraphs:
            messages.warning(request, _("This version has no paragraphs."))
            return _back_to_version(version_id)
        chosen = request.GET.get("paragraph")  # from the "go to paragraph" form
        start = next((p for p in paragraphs if p.key == chosen), None) or next(
            (p for p in paragraphs if p.answered < p.total),  # type: ignore[attr-defined]
            paragraphs[0],
        )
        return HttpResponseRedirect(_evaluation_url(version, start))

    def evaluation_view(self, request: HttpRequest, version_id: int, key: str) -> HttpResponse:
        version = _evaluable_version(request, version_id)
        if version is None:
            return _back_to_version(version_id)
        paragraphs = list(_paragraph_progress(version))
        position = next((i for i, p in enumerate(paragraphs) if p.key == key), None)
        if position is None:
            raise Http404
        paragraph = paragraphs[position]
        status = 200
        if request.method == "POST" and "_preview" in request.POST:
            form = EvaluationForm.previewing(request.POST, version=version)
        elif request.method == "POST":
            form = EvaluationForm(request.POST, version=version)
            if form.is_valid():
                try:
                    done = respond(
                        version=version,
                        comments=form.cleaned_data["comments"],
                        disposition=form.cleaned_data["disposition"],
                        reasoning=form.cleaned_data["reasoning"],
                        answered_by=form.cleaned_data["answered_by"],
                        author=staff_user(request),
                        result_paragraphs=form.cleaned_data.get("result_paragraphs", []),
                        based_on=form.based_on(),
                    )
                except ActionRefused as error:
                    messages.error(request, " ".join(error.messages))
                else:
                    self.message_user(
                        request,
                        ngettext(
                            "%(count)s comment answered: %(disposition)s.",
                            "%(count)s comments answered: %(disposition)s.",
                            len(done),
                        )
                        % {
                            "count": len(done),
                            "disposition": Disposition(form.cleaned_data["disposition"]).label,
                        },
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(_evaluation_url(version, paragraph))
            else:
                messages.error(request, _("Nothing was saved. Please correct the errors below."))
            status = 400
        else:
            form = EvaluationForm(version=version)
        context = {
            **self.admin_site.each_context(request),
            **_evaluation_context(version, paragraphs, position),
            "opts": self.opts,
            "title": _("Evaluation: %(version)s") % {"version": version},
            "form": form,
            "selected": {str(value) for value in request.POST.getlist("comments")},
            "comments_error": form.errors.get("comments"),
        }
        return TemplateResponse(
            request, "admin/guidelines/response/evaluation.html", context, status=status
        )

    def publish_view(self, request: HttpRequest, version_id: int) -> HttpResponse:
        """Confirm (GET), then publish (POST) the commented version."""
        version = _evaluable_version(request, version_id)
        if version is None:
            return _back_to_version(version_id)
        if request.method == "POST":
            count = publish_commented_version(version=version)
            self.message_user(
                request,
                ngettext(
                    "The commented version is public, with %(count)s response.",
                    "The commented version is public, with %(count)s responses.",
                    count,
                )
                % {"count": count},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(
                reverse("admin:guidelines_response_evaluate", args=[version.pk])
            )
        answered, total = progress(version)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Publish the commented version"),
            "version": version,
            "answered": answered,
            "total": total,
            "unanswered": total - answered,
        }
        return TemplateResponse(
            request, "admin/guidelines/response/publish_confirmation.html", context
        )


def _require_evaluation_permission(view: Any) -> Any:
    """Redaktion only: staff without the permission, and residents, get a 403."""

    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not user.has_perm(EVALUATE_PERMISSION):
            raise PermissionDenied
        return cast(HttpResponse, view(request, *args, **kwargs))

    return wrapped


def is_evaluable(version: Version) -> bool:
    """:func:`evaluable` for one version already read."""
    if version.state in {Version.State.CLOSED, Version.State.ADOPTED}:
        return True
    closes = version.comments_close_at
    return (
        version.state == Version.State.CONSULTATION
        and closes is not None
        and closes <= timezone.now()
    )


def _evaluable_version(request: HttpRequest, version_id: int) -> Version | None:
    version = get_object_or_404(Version.objects.select_related("document"), pk=version_id)
    if not is_evaluable(version):
        messages.warning(
            request,
            _("“%(version)s” is not ready for responses: its consultation has not ended yet.")
            % {"version": version},
        )
        return None
    return version


def _back_to_version(version_id: int) -> HttpResponse:
    return HttpResponseRedirect(reverse("admin:guidelines_version_change", args=[version_id]))


def _evaluation_url(version: Version, paragraph: Paragraph) -> str:
    return reverse("admin:guidelines_response_evaluate_paragraph", args=[version.pk, paragraph.key])


def _paragraph_progress(version: Version) -> QuerySet[Paragraph]:
    """The version's paragraphs with ``total`` and ``answered`` comments (those that need no
    response left out: withdrawn, hidden as spam)."""
    open_comments = needing_response("comments__")
    return (
        Paragraph.objects.filter(version=version)
        .select_related("section")
        .annotate(
            total=Count("comments", filter=open_comments),
            answered=Count("comments__response", filter=open_comments),
        )
        .order_by("order", "pk")
    )


@dataclass
class ParagraphLink:
    url: str
    paragraph: Paragraph


def _evaluation_context(
    version: Version, paragraphs: list[Paragraph], position: int
) -> dict[str, Any]:
    """The paragraph at ``position`` with its comment threads, navigation and progress."""
    paragraph = paragraphs[position]
    paragraph.version = version

    def link(other: Paragraph | None) -> ParagraphLink | None:
        return ParagraphLink(_evaluation_url(version, other), other) if other else None

    later = paragraphs[position + 1 :] + paragraphs[:position]
    unanswered = next((p for p in later if p.answered < p.total), None)  # type: ignore[attr-defined]
    comments = (
        Comment.objects.filter(paragraph=paragraph)
        .select_related("author", "response")
        .order_by("created_at", "pk")
    )
    nodes: dict[int, CommentNode] = {}
    roots: list[CommentNode] = []
    for comment in comments:
        node = nodes[comment.pk] = CommentNode(comment=comment, urls={})
        parent = nodes.get(comment.parent_id) if comment.parent_id else None
        (parent.children if parent is not None else roots).append(node)
    attach_responses(list(nodes.values()), public=False)
    return {
        "version": version,
        "paragraph": paragraph,
        "paragraphs": [(p, _evaluation_url(version, p)) for p in paragraphs],
        "roots": roots,
        "previous": link(paragraphs[position - 1] if position > 0 else None),
        "next": link(paragraphs[position + 1] if position + 1 < len(paragraphs) else None),
        "next_unanswered": link(unanswered),
        "answered": sum(p.answered for p in paragraphs),  # type: ignore[attr-defined]
        "total": sum(p.total for p in paragraphs),  # type: ignore[attr-defined]
        "published": version.responses_are_public,
        "commented_url": reverse(
            "guidelines:commented", kwargs={"slug": version.document.slug, "pk": version.pk}
        ),
    }
