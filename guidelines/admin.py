"""Django admin for guideline documents.

Two kinds of staff work here: the group *Redaktion* writes documents and versions
(import from Markdown with a preview, copy a version into a new draft, reorder by
typing positions), the group *Moderation* works through the comment queue. Every
moderation decision goes through :func:`guidelines.services.moderate`, which logs it;
the log itself cannot be changed or deleted by anyone through the admin. Residents'
words are never editable here, and comments cannot be deleted: deleting one would
also delete its moderation log.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import PurePath
from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count, Q, QuerySet
from django.db.models.fields.related import RelatedField
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from markdownx.admin import MarkdownxModelAdmin
from markdownx.widgets import AdminMarkdownxWidget

from guidelines.authoring import (
    DEFAULT_UNTITLED_SECTION_TITLE,
    MAX_HEADING_LENGTH,
    MAX_LABEL_LENGTH,
    ImportRejected,
    ParsedSection,
    copy_version,
    decode_upload,
    import_version,
    parse_markdown_outline,
    renumber,
)
from guidelines.models import (
    Comment,
    Document,
    HideReason,
    ModerationAction,
    Paragraph,
    Report,
    Section,
    Version,
)
from guidelines.services import ActionRefused, moderate, set_moderator_note
from participation.markdown import render_markdown
from participation.models import User

# Above this many paragraphs (or sections) the version page links to the paragraph list
# instead of showing every paragraph as a form row: a page with hundreds of textareas is
# slow to use, and saving it would run into DATA_UPLOAD_MAX_NUMBER_FIELDS (1,000 by
# default; a paragraph row sends 6 fields, a section row 5).
PARAGRAPH_INLINE_LIMIT = 100
SECTION_INLINE_LIMIT = 60
IMPORT_MAX_BYTES = 2 * 1024 * 1024
IMPORT_EXTENSIONS = {".md", ".markdown", ".txt"}
IMPORT_PERMISSIONS = (
    "guidelines.add_version",
    "guidelines.add_section",
    "guidelines.add_paragraph",
)
IMPORT_SALT = "guidelines.admin.import"
IMPORT_MAX_AGE = 6 * 60 * 60  # how long a preview can be confirmed, in seconds
# An order number left empty puts the row at the end; renumber() closes the gap.
LAST = 2_000_000_000


def _staff(request: HttpRequest) -> User:
    return cast(User, request.user)


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


class NulFreeCharField(forms.CharField):
    """Strips NUL characters (PostgreSQL refuses them) instead of rejecting the input."""

    def to_python(self, value: Any) -> str:
        if isinstance(value, str):
            value = value.replace("\x00", "")
        return cast(str, super().to_python(value))


class VersionChoiceField(forms.ModelChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        # Version.__str__ names the document: fetch it with the versions, not per option.
        queryset = Version.objects.select_related("document").order_by(
            "document__title", "created_at"
        )
        super().__init__(queryset=queryset, **kwargs)


class VersionListFilter(admin.RelatedFieldListFilter):
    """Filter by version, labelled with document and version, in one query."""

    def field_choices(
        self, field: RelatedField, request: HttpRequest, model_admin: admin.ModelAdmin
    ) -> list[tuple[str, Any]]:
        versions = Version.objects.select_related("document").order_by(
            "document__title", "created_at"
        )
        return [(str(version.pk), str(version)) for version in versions]


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


class ImportForm(forms.Form):
    required_css_class = "required"  # bold labels, as in the admin's own forms

    document = forms.ModelChoiceField(
        label=gettext_lazy("Document"), queryset=Document.objects.order_by("title")
    )
    label = NulFreeCharField(
        label=gettext_lazy("Label of the new version"),
        max_length=MAX_LABEL_LENGTH,
        help_text=gettext_lazy("e.g. “Entwurf März 2024”"),
    )
    based_on = VersionChoiceField(
        label=gettext_lazy("Based on version"),
        required=False,
        help_text=gettext_lazy(
            "Optional. Sections and paragraphs whose text is unchanged keep the keys they have "
            "in that version, so comments on them stay traceable."
        ),
    )
    untitled_section_title = NulFreeCharField(
        label=gettext_lazy("Title for text before the first heading"),
        max_length=MAX_HEADING_LENGTH,
        initial=DEFAULT_UNTITLED_SECTION_TITLE,
        required=False,
    )
    file = forms.FileField(
        label=gettext_lazy("Markdown file"),
        required=False,
        help_text=gettext_lazy("A .md or .txt file in UTF-8, at most 2 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".md,.markdown,.txt,text/markdown"}),
    )
    text = NulFreeCharField(
        label=gettext_lazy("Or paste the text"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 20, "cols": 90}),
        help_text=gettext_lazy(
            "Headings (#, ## …) start sections; blocks separated by a blank line become "
            "paragraphs. A list, a table or a quotation stays one paragraph."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.source_text = ""
        self.outline: list[ParsedSection] = []

    def clean(self) -> dict[str, Any]:
        cleaned = cast(dict[str, Any], super().clean())
        document, based_on = cleaned.get("document"), cleaned.get("based_on")
        if document and based_on and based_on.document_id != document.pk:
            self.add_error("based_on", _("The earlier version must belong to the same document."))
        text = self._source(cleaned)
        if text is None or self.errors:
            return cleaned
        try:
            self.outline = parse_markdown_outline(
                text,
                untitled_section_title=cleaned.get("untitled_section_title")
                or DEFAULT_UNTITLED_SECTION_TITLE,
            )
        except ImportRejected as error:
            self.add_error("file" if cleaned.get("file") else "text", error)
            return cleaned
        self.source_text = text
        return cleaned

    def _source(self, cleaned: dict[str, Any]) -> str | None:
        upload, pasted = cleaned.get("file"), cleaned.get("text") or ""
        if upload and pasted.strip():
            self.add_error("text", _("Please either upload a file or paste a text, not both."))
            return None
        if not upload:
            if not pasted.strip():
                self.add_error("text", _("Please upload a Markdown file or paste the text."))
                return None
            if len(pasted.encode()) > IMPORT_MAX_BYTES:
                self.add_error("text", self._too_large())
                return None
            return pasted
        if PurePath(upload.name or "").suffix.lower() not in IMPORT_EXTENSIONS:
            self.add_error("file", _("Please upload a .md or .txt file."))
            return None
        if upload.size is None or upload.size > IMPORT_MAX_BYTES:
            self.add_error("file", self._too_large())
            return None
        try:
            return decode_upload(upload.read())
        except ImportRejected as error:
            self.add_error("file", error)
            return None

    @staticmethod
    def _too_large() -> str:
        return _(
            "The text is larger than %(max)s MB. Please split it and import the parts as "
            "separate versions, or shorten it."
        ) % {"max": IMPORT_MAX_BYTES // (1024 * 1024)}


class ImportConfirmForm(forms.Form):
    """The second step: the previewed text travels signed, so it cannot be swapped unseen."""

    document = forms.ModelChoiceField(queryset=Document.objects.all(), widget=forms.HiddenInput)
    label = NulFreeCharField(max_length=MAX_LABEL_LENGTH, widget=forms.HiddenInput)
    based_on = forms.ModelChoiceField(
        queryset=Version.objects.all(), required=False, widget=forms.HiddenInput
    )
    untitled_section_title = NulFreeCharField(
        max_length=MAX_HEADING_LENGTH, widget=forms.HiddenInput, required=False
    )
    payload = forms.CharField(widget=forms.HiddenInput)

    def clean_payload(self) -> str:
        try:
            return cast(
                str,
                signing.loads(
                    self.cleaned_data["payload"], salt=IMPORT_SALT, max_age=IMPORT_MAX_AGE
                ),
            )
        except signing.SignatureExpired:
            raise ValidationError(
                _("The preview has expired. Please upload or paste the text again."),
                code="expired",
            ) from None
        except signing.BadSignature:
            raise ValidationError(
                _("The preview could not be read. Please upload or paste the text again."),
                code="signature",
            ) from None


class CopyForm(forms.Form):
    required_css_class = "required"  # bold labels, as in the admin's own forms

    label = NulFreeCharField(
        label=gettext_lazy("Label of the new version"), max_length=MAX_LABEL_LENGTH
    )


@admin.register(Version)
class VersionAdmin(MarkdownxModelAdmin):
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

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and isinstance(field.widget, forms.MultiWidget):
            # The admin's date and time inputs carry no label of their own.
            date, time = field.widget.widgets
            date.attrs["aria-label"] = _("%(field)s: date") % {"field": capfirst(field.label)}
            time.attrs["aria-label"] = _("%(field)s: time") % {"field": capfirst(field.label)}
        return field

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Sequence[str]:
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
        extra_context["can_import"] = _staff(request).has_perms(IMPORT_PERMISSIONS)
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
        extra_context["can_import"] = _staff(request).has_perms(IMPORT_PERMISSIONS)
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

    # --- copy ----------------------------------------------------------------------

    @admin.action(description=gettext_lazy("Copy as a new version"), permissions=["add"])
    def copy_as_new_version(
        self, request: HttpRequest, queryset: QuerySet[Version]
    ) -> HttpResponse | None:
        ids = list(queryset.values_list("pk", flat=True)[:2])
        if len(ids) != 1:
            self.message_user(
                request, _("Please select exactly one version to copy."), messages.WARNING
            )
            return None
        return HttpResponseRedirect(reverse("admin:guidelines_version_copy", args=[ids[0]]))

    def copy_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        version = self.get_object(request, object_id)
        if version is None:
            raise Http404
        if not (self.has_add_permission(request) and self.has_view_permission(request, version)):
            raise PermissionDenied
        form = CopyForm(
            request.POST if request.method == "POST" else None,
            initial={"label": _("%(label)s (new version)") % {"label": version.label}},
        )
        if form.is_valid():
            try:
                copy = copy_version(version=version, label=form.cleaned_data["label"])
            except ImportRejected as error:
                form.add_error("label", error)
            else:
                self.log_addition(request, copy, [{"added": {}}])
                self.message_user(
                    request,
                    _("“%(label)s” was created as a copy of “%(original)s”.")
                    % {"label": copy.label, "original": version.label},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(
                    reverse("admin:guidelines_version_change", args=[copy.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Copy as a new version"),
            "original": version,
            "form": form,
        }
        return TemplateResponse(
            request,
            "admin/guidelines/version/copy_form.html",
            context,
            status=400 if form.is_bound else 200,
        )

    # --- import --------------------------------------------------------------------

    def get_urls(self) -> list[URLPattern]:
        custom = [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="guidelines_version_import",
            ),
            path(
                "<int:object_id>/copy/",
                self.admin_site.admin_view(self.copy_view),
                name="guidelines_version_copy",
            ),
        ]
        return custom + cast(list[URLPattern], super().get_urls())

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Upload or paste → preview → confirm. Nothing is saved before the confirmation."""
        if not _staff(request).has_perms(IMPORT_PERMISSIONS):
            raise PermissionDenied
        if request.method != "POST":
            initial = {
                "document": request.GET.get("document"),
                "based_on": request.GET.get("based_on"),
            }
            return self._import_form(request, ImportForm(initial=initial))
        if "payload" in request.POST:
            return self._import_confirm(request)
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._import_form(request, form, status=400)
        confirm = ImportConfirmForm(
            initial={
                "document": form.cleaned_data["document"].pk,
                "label": form.cleaned_data["label"],
                "based_on": getattr(form.cleaned_data["based_on"], "pk", None),
                "untitled_section_title": form.cleaned_data["untitled_section_title"]
                or DEFAULT_UNTITLED_SECTION_TITLE,
                "payload": signing.dumps(form.source_text, salt=IMPORT_SALT, compress=True),
            }
        )
        return self._import_preview(request, form.cleaned_data, form.outline, confirm)

    def _import_confirm(self, request: HttpRequest) -> HttpResponse:
        confirm = ImportConfirmForm(request.POST)
        if not confirm.is_valid():
            form = ImportForm(initial=request.POST.dict())
            for errors in confirm.errors.values():
                messages.error(request, " ".join(str(message) for message in errors))
            return self._import_form(request, form, status=400)
        data = confirm.cleaned_data
        if "edit" in request.POST:
            initial = {**data, "text": data["payload"]}
            return self._import_form(request, ImportForm(initial=initial))
        try:
            version = import_version(
                document=data["document"],
                label=data["label"],
                text=data["payload"],
                untitled_section_title=data["untitled_section_title"]
                or DEFAULT_UNTITLED_SECTION_TITLE,
                based_on=data["based_on"],
            )
        except ImportRejected as error:
            form = ImportForm(initial={**data, "text": data["payload"]})
            messages.error(request, " ".join(error.messages))
            return self._import_form(request, form, status=400)
        self.log_addition(request, version, [{"added": {}}])
        count = version.paragraphs.count()
        self.message_user(
            request,
            ngettext(
                "“%(label)s” was imported with %(count)s paragraph.",
                "“%(label)s” was imported with %(count)s paragraphs.",
                count,
            )
            % {"label": version.label, "count": count},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:guidelines_version_change", args=[version.pk]))

    def _import_context(self, request: HttpRequest, title: str) -> dict[str, Any]:
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "media": self.media,
            "max_megabytes": IMPORT_MAX_BYTES // (1024 * 1024),
        }

    def _import_form(
        self, request: HttpRequest, form: ImportForm, status: int = 200
    ) -> HttpResponse:
        context = {
            **self._import_context(request, _("Import a version from Markdown")),
            "form": form,
        }
        return TemplateResponse(
            request, "admin/guidelines/version/import_form.html", context, status=status
        )

    def _import_preview(
        self,
        request: HttpRequest,
        data: dict[str, Any],
        outline: list[ParsedSection],
        confirm: ImportConfirmForm,
    ) -> HttpResponse:
        sections = [
            {
                "title": section.title,
                "line": section.line,
                "paragraphs": [render_markdown(text) for text in section.paragraphs],
            }
            for section in outline
        ]
        paragraph_count = sum(len(section.paragraphs) for section in outline)
        context = {
            **self._import_context(request, _("Preview of the import")),
            "document": data["document"],
            "label": data["label"],
            "based_on": data["based_on"],
            "sections": sections,
            "paragraph_count": paragraph_count,
            "empty_sections": [section.title for section in outline if not section.paragraphs],
            "confirm": confirm,
        }
        return TemplateResponse(request, "admin/guidelines/version/import_preview.html", context)


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


# --- Moderation --------------------------------------------------------------------------


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

    class Meta:
        model = Comment
        fields = ("state", "hidden_reason", "moderator_note")

    def clean(self) -> dict[str, Any]:
        cleaned = cast(dict[str, Any], super().clean())
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


# Which comments each bulk action applies to; the others stay as they are (and unlogged).
APPLIES_TO = {
    ModerationAction.Action.APPROVE: (Comment.State.PENDING, Comment.State.HELD),
    ModerationAction.Action.HIDE: (
        Comment.State.PENDING,
        Comment.State.PUBLISHED,
        Comment.State.HELD,
    ),
    ModerationAction.Action.RESTORE: (Comment.State.HIDDEN, Comment.State.HELD),
}


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    """The moderation queue."""

    form = CommentModerationForm
    list_display = (
        "excerpt",
        "author_name",
        "document",
        "version",
        "paragraph_number",
        "state",
        "report_count",
        "created_at",
    )
    list_display_links = ("excerpt",)
    list_filter = (
        "state",
        ReportedFilter,
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
    actions = ("approve", "hide", "restore")
    inlines = (ReportInline, ModerationLogInline)
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
        (gettext_lazy("Moderation"), {"fields": ("state", "hidden_reason", "moderator_note")}),
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

    @admin.display(description=gettext_lazy("version"), ordering="paragraph__version__label")
    def version(self, comment: Comment) -> str:
        return comment.paragraph.version.label

    @admin.display(description=gettext_lazy("paragraph"), ordering="paragraph__order")
    def paragraph_number(self, comment: Comment) -> str:
        return str(comment.paragraph)

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
        counts = Comment.objects.aggregate(
            reported=Count("pk", filter=Q(report_count__gt=0)),
            **{state: Count("pk", filter=Q(state=state)) for state in Comment.State.values},
        )
        extra_context = {
            "title": _("Moderation queue"),
            "state_counts": [
                {"state": value, "label": label, "count": counts[value]}
                for value, label in Comment.State.choices
            ],
            "reported_count": counts["reported"],
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

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

    def _moderate(
        self,
        request: HttpRequest,
        queryset: QuerySet[Comment],
        action: str,
        *,
        reason: str = "",
        note: str = "",
    ) -> None:
        moderator = _staff(request)
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
        unchanged = selected - done - own
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
        moderator = _staff(request)
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
