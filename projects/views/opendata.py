"""The open-data downloads of the Vorhabenliste (CSV, JSON, GeoJSON), streamed.

What is in them and why the query count is constant: see ``projects.opendata``.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.http import HttpRequest, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from projects import opendata


def _download(chunks: Iterator[bytes], content_type: str, extension: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type=content_type)
    filename = f"vorhabenliste-{timezone.localdate():%Y-%m-%d}.{extension}"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"  # public data, readable by any web app
    return response


def _source(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("projects:project_list"))


@require_safe
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    return _download(opendata.csv_chunks(), "text/csv; charset=utf-8", "csv")


@require_safe
def export_json(request: HttpRequest) -> StreamingHttpResponse:
    return _download(opendata.json_chunks(_source(request)), "application/json", "json")


@require_safe
def export_geojson(request: HttpRequest) -> StreamingHttpResponse:
    return _download(opendata.geojson_chunks(_source(request)), "application/geo+json", "geojson")
