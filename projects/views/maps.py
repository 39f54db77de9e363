"""A small map of the listed entries, only when a tile server is configured.

Server-rendered SVG, no JavaScript: the tiles of the tile server (``MAP_TILE_URL`` with
``{z}``, ``{x}`` and ``{y}``, Web Mercator as every common server uses) are placed as
``<image>`` elements, each located entry of the current page is a link at its position.
The zoom is the largest at which every marker fits. Without ``MAP_TILE_URL`` or without a
located entry there is no map; the list itself always carries everything.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from projects.models import Project

TILE = 256
WIDTH, HEIGHT = 768, 384
PADDING = 24
MAX_ZOOM = 17


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    project: Project


def world_pixel(latitude: float, longitude: float, zoom: int) -> tuple[float, float]:
    """The Web Mercator pixel position of a point at ``zoom`` (tile size 256)."""
    scale = TILE * 2**zoom
    sine = math.sin(math.radians(max(min(latitude, 85.0511), -85.0511)))
    x = (longitude + 180) / 360 * scale
    y = (0.5 - math.log((1 + sine) / (1 - sine)) / (4 * math.pi)) * scale
    return x, y


def _zoom(points: list[tuple[float, float]]) -> int:
    for zoom in range(MAX_ZOOM, -1, -1):
        pixels = [world_pixel(lat, lon, zoom) for lat, lon in points]
        xs, ys = [p[0] for p in pixels], [p[1] for p in pixels]
        if max(xs) - min(xs) <= WIDTH - 2 * PADDING and max(ys) - min(ys) <= HEIGHT - 2 * PADDING:
            return zoom
    return 0


def map_of(projects: Iterable[Project]) -> dict[str, Any] | None:
    """Tiles and markers for the located entries, or None when there is no map to show."""
    template = getattr(settings, "MAP_TILE_URL", "")
    located = [p for p in projects if p.has_location]
    if not template or not located:
        return None
    points = [(float(p.latitude), float(p.longitude)) for p in located]  # type: ignore[arg-type]
    zoom = _zoom(points)
    pixels = [world_pixel(lat, lon, zoom) for lat, lon in points]
    centre_x = (min(x for x, _ in pixels) + max(x for x, _ in pixels)) / 2
    centre_y = (min(y for _, y in pixels) + max(y for _, y in pixels)) / 2
    left, top = centre_x - WIDTH / 2, centre_y - HEIGHT / 2
    count = 2**zoom
    tiles = [
        {
            "url": template.format(z=zoom, x=tile_x % count, y=tile_y),
            "x": round(tile_x * TILE - left, 1),
            "y": round(tile_y * TILE - top, 1),
        }
        for tile_x in range(math.floor(left / TILE), math.floor((left + WIDTH) / TILE) + 1)
        for tile_y in range(math.floor(top / TILE), math.floor((top + HEIGHT) / TILE) + 1)
        if 0 <= tile_y < count
    ]
    markers = [
        Marker(x=round(x - left, 1), y=round(y - top, 1), project=project)
        for (x, y), project in zip(pixels, located, strict=True)
    ]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "tile": TILE,
        "tiles": tiles,
        "markers": markers,
        "attribution": getattr(settings, "MAP_TILE_ATTRIBUTION", ""),
    }
