"""Importing a version from Markdown and copying a version into a new draft.

Both are views of the version admin, mixed into it by :class:`VersionImportMixin`.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from guidelines import paste_repair
from guidelines.admin.common import NulFreeCharField, staff_user
from guidelines.authoring import (
    DEFAULT_UNTITLED_SECTION_TITLE,
    MAX_HEADING_LENGTH,
    MAX_LABEL_LENGTH,
    ImportPlan,
    ImportRejected,
    ParsedSection,
    ParsedText,
    copy_version,
    decode_upload,
    import_version,
    paragraph_number,
    parse_text,
    plan_import,
)
from guidelines.diff import diff_texts, render_ops
from guidelines.models import Document, Version
from guidelines.pairing import OldParagraph, Pair
from participation.markdown import render_markdown

IMPORT_MAX_BYTES = 2 * 1024 * 1024
IMPORT_EXTENSIONS = {".md", ".markdown", ".txt"}
IMPORT_PERMISSIONS = (
    "guidelines.add_version",
    "guidelines.add_section",
    "guidelines.add_paragraph",
)
# The salt predates the admin package; changing it would void previews awaiting confirmation.
IMPORT_SALT = "guidelines.admin.import"
IMPORT_MAX_AGE = 6 * 60 * 60  # how long a preview can be confirmed, in seconds
# The preview offers every removed paragraph in each pairing select while there are at
# most this many; beyond, only those of the same chapter (a page of 2,000 selects with
# 2,000 options each would be megabytes).
PAIRING_CHOICES_LIMIT = 200
PAIR_FIELD = "pair-"
NEW = "new"


class VersionChoiceField(forms.ModelChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        # Version.__str__ names the document: fetch it with the versions, not per option.
        queryset = Version.objects.select_related("document").order_by(
            "document__title", "created_at"
        )
        super().__init__(queryset=queryset, **kwargs)


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

    def clean(self) -> dict[str, Any]:
        cleaned = cast(dict[str, Any], super().clean())
        document, based_on = cleaned.get("document"), cleaned.get("based_on")
        if document and based_on and based_on.document_id != document.pk:
            self.add_error("based_on", _("The earlier version must belong to the same document."))
        text = self._source(cleaned)
        if text is None or self.errors:
            return cleaned
        try:
            parse_text(
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


class VersionImportMixin(admin.ModelAdmin):
    """The copy action and the import and copy views of the version admin."""

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
        if not staff_user(request).has_perms(IMPORT_PERMISSIONS):
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
        return self._import_preview(request, form.cleaned_data, form.source_text, confirm)

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
        if "repair" in request.POST:
            kinds = set(request.POST.getlist("repairs")) & set(paste_repair.KINDS)
            text = paste_repair.repair(data["payload"], kinds)
            repaired = ImportConfirmForm(
                initial={
                    **{name: request.POST.get(name, "") for name in confirm.fields},
                    "payload": signing.dumps(text, salt=IMPORT_SALT, compress=True),
                }
            )
            # Paragraphs may have been joined or split: earlier choices no longer fit.
            return self._import_preview(request, data, text, repaired)
        overrides = _overrides(request.POST)
        if "confirm" not in request.POST:  # "show the pairing again"
            return self._import_preview(request, data, data["payload"], confirm, overrides)
        try:
            version = import_version(
                document=data["document"],
                label=data["label"],
                text=data["payload"],
                untitled_section_title=data["untitled_section_title"]
                or DEFAULT_UNTITLED_SECTION_TITLE,
                based_on=data["based_on"],
                overrides=overrides,
            )
        except ImportRejected as error:
            if error.code == "pairing":
                return self._import_preview(
                    request, data, data["payload"], confirm, overrides, error=error
                )
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
        text: str,
        confirm: ImportConfirmForm,
        overrides: dict[int, str | None] | None = None,
        error: ImportRejected | None = None,
    ) -> HttpResponse:
        """What will be saved: sections, paragraphs, their pairing, and help for pasted text."""
        untitled = data.get("untitled_section_title") or DEFAULT_UNTITLED_SECTION_TITLE
        try:
            parsed = parse_text(text, untitled_section_title=untitled)
            try:
                plan = plan_import(parsed, data["based_on"], overrides)
            except ImportRejected as conflict:
                error, plan = conflict, plan_import(parsed, data["based_on"])
        except ImportRejected as rejected:  # a repair left nothing to import, say
            form = ImportForm(initial={**data, "text": text})
            messages.error(request, " ".join(rejected.messages))
            return self._import_form(request, form, status=400)
        context = {
            **self._import_context(request, _("Preview of the import")),
            **_preview_context(plan, data["based_on"] is not None),
            "document": data["document"],
            "label": data["label"],
            "based_on": data["based_on"],
            "findings": paste_repair.detect(text),
            "pairing_error": " ".join(error.messages) if error else "",
            "confirm": confirm,
        }
        return TemplateResponse(
            request,
            "admin/guidelines/version/import_preview.html",
            context,
            status=400 if error else 200,
        )


def _overrides(post: Any) -> dict[int, str | None]:
    """The pairings staff chose in the preview: index of a new paragraph → old key or None."""
    chosen: dict[int, str | None] = {}
    for name in post:
        index = name.removeprefix(PAIR_FIELD)
        if name.startswith(PAIR_FIELD) and index.isdigit():
            value = post.get(name, "")
            chosen[int(index)] = None if value in ("", NEW) else value
    return chosen


def _option(paragraph: OldParagraph) -> tuple[str, str]:
    excerpt = " ".join(paragraph.text.split())
    if len(excerpt) > 70:
        excerpt = excerpt[:69] + "…"
    return paragraph.key, f"{paragraph.label}: {excerpt}"


def _preview_context(plan: ImportPlan, based: bool) -> dict[str, Any]:
    pairing = plan.pairing
    removed = pairing.removed
    limited = len(removed) > PAIRING_CHOICES_LIMIT
    removed_by_section: dict[str, list[tuple[str, str]]] = {}
    for paragraph in removed:
        removed_by_section.setdefault(paragraph.section_key, []).append(_option(paragraph))
    all_removed = [_option(paragraph) for paragraph in removed] if not limited else []

    def row(pair: Pair, section: ParsedSection, position: int) -> dict[str, Any]:
        old = pair.old
        number = paragraph_number(section.number, position, pair.new.index + 1)
        entry: dict[str, Any] = {
            "index": pair.new.index,
            "label": pgettext("paragraph label", "Para. %(number)s") % {"number": number},
            "html": render_markdown(pair.new.text),
            "status": pair.status,
            "old_label": old.label if old else "",
            "score": round(pair.score * 100),
            "chosen": pair.chosen,
        }
        if old and pair.status == "changed":
            entry["diff"] = render_ops(diff_texts(old.text, pair.new.text))
        if based and pair.status != "kept":
            options = [_option(old)] if old else []
            options += removed_by_section.get(pair.new.section_key, []) if limited else all_removed
            entry["field"] = f"{PAIR_FIELD}{pair.new.index}"
            entry["options"] = options
            entry["selected"] = old.key if old else NEW
        return entry

    rows = iter(pairing.pairs)
    parsed: ParsedText = plan.parsed
    sections = [
        {
            "heading": section.heading,
            "level": section.level,
            "line": section.line,
            "paragraphs": [
                row(next(rows), section, position)
                for position in range(1, len(section.paragraphs) + 1)
            ],
        }
        for section in parsed.sections
    ]
    return {
        "title_found": parsed.title,
        "sections": sections,
        "paragraph_count": parsed.paragraph_count,
        "empty_sections": [s.heading for s in parsed.sections if not s.paragraphs],
        "no_headings": not parsed.has_headings,
        "counts": {
            status: pairing.count(status) for status in ("kept", "changed", "new", "removed")
        }
        if based
        else None,
        "removed": [_option(paragraph)[1] for paragraph in removed],
        "total_change": based and plan.total_change,
    }
