"""Comment exports (CSV streamed, XLSX from a temporary file) and the accountability report.

The public exports and the report exist for every public version; drafts and unknown
versions answer 404. The internal exports need ``guidelines.view_comment`` (403 without),
checked before the version is looked up so that they reveal nothing about drafts.

No link leads to an empty file: an adopted version without comments of its own redirects
to the report and exports of the consultation that led to it, and an export with no rows
is a page that says why.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from tempfile import SpooledTemporaryFile
from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from guidelines.exports import (
    CommentExport,
    Value,
    accountability_report,
    consultation_before,
    csv_chunks,
    exported_comments,
    write_xlsx,
)
from guidelines.invalidation import document_generations
from guidelines.models import Version
from guidelines.views.common import can_preview, moments
from participation import pagecache

R = TypeVar("R", bound=HttpResponseBase)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSX_IN_MEMORY = 8 * 1024 * 1024  # larger workbooks spill to a file on disk


def _version(slug: str, pk: int) -> Version:
    return get_object_or_404(Version.objects.select_related("document"), pk=pk, document__slug=slug)


def _public_version(slug: str, pk: int) -> Version:
    version = _version(slug, pk)
    if not version.is_public:
        raise Http404
    return version


def _internal_version(request: HttpRequest, slug: str, pk: int) -> Version:
    if not request.user.has_perm("guidelines.view_comment"):
        raise PermissionDenied
    return _version(slug, pk)


def _export(
    request: HttpRequest,
    name: str,
    export: CommentExport,
    respond: Callable[[CommentExport, Iterator[list[Value]]], R],
) -> R | HttpResponse:
    """The file; or, without a single row, where the comments are or a page that says why.

    The rows are read only while the file is sent.
    """
    if export.has_rows():
        return respond(export, export.rows())
    version = export.version
    earlier = consultation_before(version)
    if earlier is not None:
        return redirect(f"guidelines:{name}", slug=version.document.slug, pk=earlier.pk)
    context = {"document": version.document, "version": version, "internal": export.internal}
    return _private(render(request, "guidelines/export_empty.html", context), export)


def _csv_response(export: CommentExport, rows: Iterator[list[Value]]) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        (chunk.encode() for chunk in csv_chunks(export, rows)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{export.filename("csv")}"'
    return _private(response, export)


def _xlsx_response(export: CommentExport, rows: Iterator[list[Value]]) -> FileResponse:
    workbook = SpooledTemporaryFile(max_size=XLSX_IN_MEMORY)  # noqa: SIM115 - FileResponse closes it
    write_xlsx(export, workbook, rows)
    workbook.seek(0)
    response = FileResponse(
        workbook, as_attachment=True, filename=export.filename("xlsx"), content_type=XLSX_TYPE
    )
    return _private(response, export)


def _private(response: R, export: CommentExport) -> R:
    if export.internal:
        # Unpublished texts and responses: no shared cache may keep a copy.
        response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def export_csv(request: HttpRequest, slug: str, pk: int) -> HttpResponseBase:
    export = CommentExport(_public_version(slug, pk), internal=False)
    return _export(request, "export_csv", export, _csv_response)


@require_safe
def export_xlsx(request: HttpRequest, slug: str, pk: int) -> HttpResponseBase:
    export = CommentExport(_public_version(slug, pk), internal=False)
    return _export(request, "export_xlsx", export, _xlsx_response)


@require_safe
def export_internal_csv(request: HttpRequest, slug: str, pk: int) -> HttpResponseBase:
    export = CommentExport(_internal_version(request, slug, pk), internal=True)
    return _export(request, "export_internal_csv", export, _csv_response)


@require_safe
def export_internal_xlsx(request: HttpRequest, slug: str, pk: int) -> HttpResponseBase:
    export = CommentExport(_internal_version(request, slug, pk), internal=True)
    return _export(request, "export_internal_xlsx", export, _xlsx_response)


@require_safe
@pagecache.public_page(document_generations)
def version_report(request: HttpRequest, slug: str, pk: int) -> HttpResponseBase:
    """The printable accountability report: what the public may read, with the numbers.

    Cached, its "as of" time is when it was rendered: nothing it shows changed since.
    """
    version = _version(slug, pk)
    if not version.is_public and not can_preview(request):
        raise Http404
    if version.state == Version.State.ADOPTED and not (
        exported_comments(version, internal=False).exists()
    ):
        earlier = consultation_before(version)
        if earlier is not None:
            return redirect("guidelines:version_report", slug=slug, pk=earlier.pk)
    pagecache.changes_at(request, *moments(version))
    return render(
        request,
        "guidelines/version_report.html",
        {
            "document": version.document,
            "version": version,
            "report": accountability_report(version),
            "site_url": request.build_absolute_uri("/").rstrip("/"),
            "address": request.build_absolute_uri(request.path),
            "created": timezone.now(),
        },
    )
