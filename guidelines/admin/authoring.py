"""Documents, versions, sections and paragraphs: the admin of the group *Redaktion*.

Reordering works by typing positions; :func:`guidelines.authoring.renumber` closes the
gaps. Import from Markdown and copying a version are in :mod:`guidelines.admin.importing`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, cast

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from markdownx.admin import MarkdownxModelAdmin
from markdownx.widgets import AdminMarkdownxWidget

from guidelines.admin.common import NulFreeCharField, VersionListFilter, staff_user
from guidelines.admin.importing import IMPORT_PERMISSIONS, VersionImportMixin
from guidelines.authoring import renumber
from guidelines.models import Comment, Document, Paragraph, Section, Version

# Above this many paragraphs (or sections) the version page links to the paragraph list
# instead of showing every paragraph as a form row: a page with hundreds of textareas is
# slow to use, and saving it would run into DATA_UPLOAD_MAX_NUMBER_FIELDS (1,000 by
# default; a paragraph row sends 6 fields, a section row 5).
PARAGRAPH_INLINE_LIMIT = 100
SECTION_INLINE_LIMIT = 60
# An order number left empty puts the row at the end; renumber() closes the gap.
LAST = 2_000_000_000


def _when(value: Any) -> str:
    return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT") if value else ""


def _period(version: Version) -> str:
    start, end = version.comments_open_at, version.comments_close_at
    if start and end:
        return _("%(start)s to %(end)s") % {"start": _when(start), "end": _when(end)}
    if start:
        return _("from %(start)s") % {"start": _when(start)}
    if end:
        return _("until %(end)s") % {"end": _when(end)}
    return "—"


# --- Documents ---------------------------------------------------------------------------


class VersionInline(admin.TabularInline):
    model = Version
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ("label", "state", "comment_period", "created_at")
    readonly_fields = fields
    ordering = ("created_at",)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # the page offers "add version" and "import" links instead

    @admin.display(description=gettext_lazy("comment period"))
    def comment_period(self, version: Version) -> str:
        return _period(version)


@admin.register(Document)
class DocumentAdmin(MarkdownxModelAdmin):
    list_display = ("title", "slug", "version_count", "created_at")
    search_fields = ("title", "slug")
    prepopulated_fields = {"slug": ("title",)}
    fields = ("title", "slug", "summary")
    inlines = (VersionInline,)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Document]:
        return super().get_queryset(request).annotate(version_count=Count("versions"))

    @admin.display(description=gettext_lazy("versions"), ordering="version_count")
    def version_count(self, document: Document) -> int:
        return cast(int, getattr(document, "version_count", 0))


# --- Versions, sections, paragraphs ------------------------------------------------------


class OrderedForm(forms.ModelForm):
    """The order number is the position to move to; empty means "at the end"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "order" in self.fields:
            self.fields["order"].required = False
            self.fields["order"].help_text = _("Position; empty for the end.")

    def clean_order(self) -> int:
        order = self.cleaned_data.get("order")
        return LAST if order is None else max(int(order), 1)


class ParagraphInlineForm(OrderedForm):
    text = NulFreeCharField(
        label=gettext_lazy("Text (Markdown)"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 70}),
    )

    class Meta:
        model = Paragraph
        fields = ("order", "section", "text")


class KeepCommentedFormSet(BaseInlineFormSet):
    """Refuses to delete sections or paragraphs that residents commented on."""

    def add_fields(self, form: Any, index: int | None) -> None:
        super().add_fields(form, index)
        # A table row has column headings but no <label>s; name every field for screen readers.
        for name, field in form.fields.items():
            # Select boxes come wrapped (RelatedFieldWidgetWrapper); label the inner widget.
            widget = getattr(field.widget, "widget", field.widget)
            if not widget.is_hidden:  # HTML allows no aria-* on <input type="hidden">
                widget.attrs.setdefault("aria-label", str(field.label or name))

    def clean(self) -> None:
        super().clean()
        doomed = [
            form.instance
            for form in self.forms
            if form.instance.pk and getattr(form, "cleaned_data", {}).get("DELETE")
        ]
        if not doomed:
            return
        if self.model is Section:
            commented = Comment.objects.filter(paragraph__section__in=doomed)
            names = {
                c.paragraph.section.title for c in commented.select_related("paragraph__section")
            }
        else:
            commented = Comment.objects.filter(paragraph__in=doomed)
            names = {str(c.paragraph) for c in commented.select_related("paragraph")}
        if names:
            raise ValidationError(
                _("%(names)s cannot be deleted: residents commented on it.")
                % {"names": ", ".join(sorted(names))},
                code="commented",
            )


class SectionInline(admin.TabularInline):
    model = Section
    form = OrderedForm
    formset = KeepCommentedFormSet
    extra = 0
    fields = ("order", "title", "key")
    readonly_fields = ("key",)
    ordering = ("order",)


class ParagraphInline(admin.TabularInline):
    model = Paragraph
    form = ParagraphInlineForm
    formset = KeepCommentedFormSet
    extra = 0
    fields = ("order", "section", "text", "key")
    readonly_fields = ("key",)
    ordering = ("order",)
    show_change_link = True  # the paragraph page has the Markdown editor with preview

    def get_queryset(self, request: HttpRequest) -> QuerySet[Paragraph]:
        return super().get_queryset(request).select_related("section")

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        request._guidelines_version = obj  # type: ignore[attr-defined]
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ) -> forms.ModelChoiceField | None:
        if db_field.name == "section":
            version = getattr(request, "_guidelines_version", None)
            kwargs["queryset"] = (
                Section.objects.filter(version=version).order_by("order")
                if version is not None
                else Section.objects.none()
            )
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "section" and field is not None:
            # Every row's select would run the query again; evaluate the choices once.
            field.choices = list(cast(Iterable[Any], field.choices))
        return field


@admin.register(Version)
class VersionAdmin(VersionImportMixin, MarkdownxModelAdmin):
    list_display = (
        "label",
        "document",
        "state",
        "comment_period",
        "premoderation",
        "paragraph_count",
        "created_at",
    )
    list_display_links = ("label",)
    formfield_overrides = {
        **MarkdownxModelAdmin.formfield_overrides,
        models.URLField: {"assume_scheme": "https"},
    }
    list_filter = ("document", "state")
    list_select_related = ("document",)
    search_fields = ("label", "document__title")
    ordering = ("document__title", "created_at")
    actions = ("copy_as_new_version",)
    fieldsets = (
        (None, {"fields": ("document", "label", "state", "based_on", "introduction")}),
        (
            gettext_lazy("Comments"),
            {
                "fields": (
                    ("comments_open_at", "comments_close_at"),
                    "premoderation",
                    "report_threshold",
                )
            },
        ),
        (
            gettext_lazy("Council decision"),
            {
                "fields": (
                    ("decision_body", "decision_date"),
                    ("decision_reference", "decision_url"),
                ),
                "classes": ("collapse",),
            },
        ),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Version]:
        return super().get_queryset(request).annotate(paragraph_count=Count("paragraphs"))

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("document", "based_on") if obj is not None else ("based_on",)

    def get_inlines(
        self, request: HttpRequest, obj: Any
    ) -> list[type[admin.options.InlineModelAdmin]]:
        if obj is None or not self._paragraphs_inline(obj):
            return [SectionInline]
        return [SectionInline, ParagraphInline]

    def _paragraphs_inline(self, version: Version) -> bool:
        cached = getattr(version, "_paragraphs_inline", None)
        if cached is None:
            cached = (
                self._paragraph_count(version) <= PARAGRAPH_INLINE_LIMIT
                and version.sections.count() <= SECTION_INLINE_LIMIT
            )
            version._paragraphs_inline = cached  # type: ignore[attr-defined]
        return bool(cached)

    @staticmethod
    def _paragraph_count(version: Version) -> int:
        count = getattr(version, "paragraph_count", None)
        if count is None:
            count = version.paragraphs.count()
            version.paragraph_count = count  # type: ignore[attr-defined]
        return cast(int, count)

    @admin.display(description=gettext_lazy("comment period"))
    def comment_period(self, version: Version) -> str:
        return _period(version)

    @admin.display(description=gettext_lazy("paragraphs"), ordering="paragraph_count")
    def paragraph_count(self, version: Version) -> int:
        return self._paragraph_count(version)

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        extra_context = dict(extra_context or {})
        extra_context["can_import"] = staff_user(request).has_perms(IMPORT_PERMISSIONS)
        return super().change_view(request, object_id, form_url, extra_context)

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Any = None,
    ) -> HttpResponse:
        context["paragraphs_inline"] = obj is None or self._paragraphs_inline(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        extra_context = dict(extra_context or {})
        extra_context["can_import"] = staff_user(request).has_perms(IMPORT_PERMISSIONS)
        return super().changelist_view(request, extra_context)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        moved: dict[type, list[int]] = {Section: [], Paragraph: []}
        for formset in formsets:
            if formset.model in moved:
                moved[formset.model] += [obj.pk for obj in formset.new_objects]
                moved[formset.model] += [
                    obj.pk for obj, fields in formset.changed_objects if "order" in fields
                ]
        renumber(
            version=form.instance,
            moved_sections=moved[Section],
            moved_paragraphs=moved[Paragraph],
        )


class ParagraphForm(OrderedForm):
    text = NulFreeCharField(label=gettext_lazy("Text (Markdown)"), widget=AdminMarkdownxWidget)

    class Meta:
        model = Paragraph
        fields = ("version", "section", "order", "text")

    def clean(self) -> dict[str, Any]:
        cleaned = cast(dict[str, Any], super().clean())
        version = cleaned.get("version") or (
            self.instance.version if self.instance.version_id else None
        )
        section = cleaned.get("section")
        if version is not None and section is not None and section.version_id != version.pk:
            self.add_error("section", _("Please choose a section of the same version."))
        return cleaned


@admin.register(Paragraph)
class ParagraphAdmin(MarkdownxModelAdmin):
    """Every paragraph, for versions too long to edit on one page."""

    form = ParagraphForm
    list_display = ("__str__", "excerpt", "section", "version", "key")
    list_display_links = ("__str__", "excerpt")
    list_filter = (("version", VersionListFilter),)
    list_select_related = ("section", "version__document")
    search_fields = ("text", "key")
    ordering = ("version", "order")
    list_per_page = 50

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Sequence[str]:
        return ("version", "section", "order", "text", "key")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Sequence[str]:
        return ("version", "key") if obj is not None else ("key",)

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        version_id = str(
            obj.version_id
            if obj is not None
            else request.GET.get("version") or request.POST.get("version") or ""
        )
        if "section" in form.base_fields:
            sections = Section.objects.order_by("order")
            form.base_fields["section"].queryset = (
                sections.filter(version_id=int(version_id))
                if version_id.isdigit()
                else sections.none()
            )
        if "version" in form.base_fields:
            form.base_fields["version"].queryset = Version.objects.select_related("document")
        return form

    @admin.display(description=gettext_lazy("text"))
    def excerpt(self, paragraph: Paragraph) -> str:
        return Truncator(paragraph.text).chars(90)

    def save_model(self, request: HttpRequest, obj: Paragraph, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if not change or "order" in form.changed_data or "section" in form.changed_data:
            renumber(version=obj.version, moved_paragraphs=[obj.pk])
