"""The offline basemap: Natural Earth countries and lakes, cut to one journey's extent.

The world files in data/basemap/ are clipped to the journey's box plus a margin and
simplified until the encoded layers fit a byte budget, so a map carries only what it
shows and still has land, borders and Lake Baikal with no network.

    >>> bm = basemap_layers((30.0, 39.0, 126.0, 60.0))
    >>> sorted(bm)
    ['borders', 'box', 'lakes', 'land', 'precision', 'tolerance_deg']
"""
from __future__ import annotations

import functools
import json
import math
from typing import Any, Iterable

import numpy as np
import shapely

from journey.assets import data_path
from journey.polyline import encode_many

COUNTRIES = "ne_50m_admin0_countries.geojson"
LAKES = "ne_50m_lakes.geojson"
BUDGET_BYTES = 120_000  # ~35k vertices: quick to draw; the page stays far under 600 KB
LAKE_DETAIL = 4  # lakes are simplified this much less: a railway runs along Baikal's shore
PRECISION = 3  # 0.001 degree ~ 100 m, finer than any tolerance the budget allows
MIN_MARGIN_DEG = 3.0

Box = tuple[float, float, float, float]  # west, south, east, north (lon/lat order)


@functools.cache
def _world(name: str) -> np.ndarray:
    text = data_path("basemap", name).read_text("utf-8")
    return shapely.get_parts(shapely.from_geojson(text))


def _merc_y(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def _merc_lat(y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2)


def padded_box(points_lonlat: Iterable[tuple[float, float]]) -> Box:
    """The points' bounding box with a margin, widened so a screen-shaped view stays filled."""
    xs, ys = zip(*points_lonlat)
    w, s, e, n = min(xs), min(ys), max(xs), max(ys)
    mx = max(MIN_MARGIN_DEG, 0.15 * (e - w))
    my = max(MIN_MARGIN_DEG, 0.15 * (n - s))
    w, e, s, n = w - mx, e + mx, s - my, n + my
    # A wide route in a tall frame (or the reverse) shows far more than its own box, so
    # make it square as the map draws it (Mercator), which covers frames up to 1:1.
    x_span = math.radians(e - w)
    y_s, y_n = _merc_y(max(-85.0, s)), _merc_y(min(85.0, n))
    if y_n - y_s < x_span:
        mid, half = (y_n + y_s) / 2, x_span / 2
        s, n = _merc_lat(mid - half), _merc_lat(mid + half)
    elif x_span < y_n - y_s:
        mid, half = (e + w) / 2, math.degrees((y_n - y_s) / 2)
        w, e = mid - half, mid + half
    return (max(-180.0, w), max(-85.0, s), min(180.0, e), min(85.0, n))


def _rings(geom: shapely.Geometry) -> list[list[str]]:
    """Polygons as lists of encoded rings (outer first); Leaflet closes rings itself."""
    polys = [p for p in shapely.get_parts(geom) if p.geom_type == "Polygon" and not p.is_empty]
    rings = [[p.exterior, *p.interiors] for p in polys]
    flat = encode_many([shapely.get_coordinates(r)[:-1, ::-1] for rs in rings for r in rs],
                       PRECISION)
    out, i = [], 0
    for rs in rings:
        enc, i = flat[i:i + len(rs)], i + len(rs)
        if len(enc[0]) > 8:  # fewer than ~3 distinct vertices after rounding
            out.append(enc)
    return out


def _lines(geom: shapely.Geometry) -> list[str]:
    parts = [g for g in shapely.get_parts(geom) if g.geom_type == "LineString" and not g.is_empty]
    enc = encode_many([shapely.get_coordinates(g)[:, ::-1] for g in parts], PRECISION)
    return [s for s in enc if len(s) > 4]


def _simplified(parts: np.ndarray, tol: float, min_area: float) -> shapely.Geometry:
    parts = parts[shapely.area(parts) >= min_area]
    return shapely.GeometryCollection(list(shapely.simplify(parts, tol, preserve_topology=True)))


def basemap_layers(box: Box, budget_bytes: int = BUDGET_BYTES) -> dict[str, Any]:
    """Land, borders (and coasts) and lakes inside ``box``, encoded at precision 3.

    The tolerance grows until the JSON of the layers fits ``budget_bytes``; lakes keep
    ``LAKE_DETAIL`` times finer outlines than land.
    """
    clip = shapely.box(*box)
    countries, lakes = _world(COUNTRIES), _world(LAKES)
    countries = countries[shapely.intersects(countries, clip)]
    lakes = lakes[shapely.intersects(lakes, clip)]
    # Borders come from the uncut outlines, so the clip box's own edges are not drawn as
    # borders; shared borders are merged so each is drawn once.
    outlines = shapely.line_merge(
        shapely.intersection(shapely.union_all(shapely.boundary(countries)), clip))
    land = shapely.get_parts(shapely.intersection(countries, clip))
    water = shapely.get_parts(shapely.intersection(lakes, clip))
    # About one screen pixel when the box spans 4,000 px; coarser until the budget is met.
    tol = max(box[2] - box[0], box[3] - box[1]) / 4000
    while True:
        min_area = (4 * tol) ** 2
        layers = {
            "land": _rings(_simplified(land, tol, min_area)),
            "lakes": _rings(_simplified(water, tol / LAKE_DETAIL, min_area)),
            "borders": _lines(shapely.simplify(outlines, tol, preserve_topology=False)),
        }
        size = len(json.dumps(layers, separators=(",", ":")))
        if size <= budget_bytes or tol > 1:
            break
        tol *= 1.3
    return {**layers, "box": [round(v, 3) for v in box], "precision": PRECISION,
            "tolerance_deg": round(tol, 4)}
