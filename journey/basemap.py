"""The offline basemap: Natural Earth countries and lakes, cut to one journey's extent.

The world layers (data/basemap/world.npz, compiled from the Natural Earth GeoJSON beside
it by tools/derive_basemap.py) are clipped to the journey's box plus a margin and
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
from journey.geo import simplify
from journey.polyline import encode_ragged

# The Natural Earth countries and lakes (data/basemap/*.geojson, the sources) compiled by
# tools/derive_basemap.py: parsing 1.5 MB of GeoJSON and merging the world's outlines took
# half a second of every build, and the sources are not in the wheel.
WORLD = "world.npz"
BUDGET_BYTES = 120_000  # ~35k vertices: quick to draw; the page stays far under 600 KB
LAKE_DETAIL = 4  # lakes are simplified this much less: a railway runs along Baikal's shore
PRECISION = 3  # 0.001 degree ~ 100 m, finer than any tolerance the budget allows
MIN_MARGIN_DEG = 3.0

Box = tuple[float, float, float, float]  # west, south, east, north (lon/lat order)


_KINDS = {"land": shapely.GeometryType.POLYGON, "lakes": shapely.GeometryType.POLYGON,
          "borders": shapely.GeometryType.LINESTRING}


@functools.cache
def _world() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Each layer's geometries and their bounds, read from WORLD (fast: no GeoJSON parse,
    no world-wide union of outlines at build time)."""
    out = {}
    with np.load(data_path("basemap", WORLD), allow_pickle=False) as z:
        for name, kind in _KINDS.items():
            levels = 2 if kind == shapely.GeometryType.POLYGON else 1  # rings, then parts
            offsets = tuple(z[f"{name}_off{i}"] for i in range(levels))
            geoms = shapely.from_ragged_array(kind, z[f"{name}_xy"] / 10 ** PRECISION, offsets)
            out[name] = (geoms, shapely.bounds(geoms))
    return out


def _clipped(name: str, box: Box) -> np.ndarray:
    """The layer's parts that reach into ``box``, cut to it.

    clip_by_rect, not intersection: about 20 times faster, and a drawing does not need the
    validity guarantees of a full overlay."""
    geoms, b = _world()[name]
    w, s, e, n = box
    near = geoms[(b[:, 0] <= e) & (b[:, 2] >= w) & (b[:, 1] <= n) & (b[:, 3] >= s)]
    parts = shapely.get_parts(shapely.clip_by_rect(near, w, s, e, n))
    return parts[~shapely.is_empty(parts)]


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


def _of_type(geoms: np.ndarray, kind: shapely.GeometryType) -> np.ndarray:
    parts = shapely.get_parts(geoms)
    return parts[(shapely.get_type_id(parts) == kind) & ~shapely.is_empty(parts)]


def _rings(geoms: np.ndarray) -> list[list[str]]:
    """Polygons as lists of encoded rings (outer first); Leaflet closes rings itself."""
    polys = _of_type(geoms, shapely.GeometryType.POLYGON)
    # Vectorised (shapely's to_ragged_array would also do, but it imports numpy.ma).
    rings, poly_of = shapely.get_rings(polys, return_index=True)
    sizes = shapely.get_num_coordinates(rings)
    xy = shapely.get_coordinates(rings)
    open_ring = np.ones(len(xy), dtype=bool)
    open_ring[np.cumsum(sizes) - 1] = False  # each ring's closing point
    enc = encode_ragged(xy[open_ring][:, ::-1], sizes - 1, PRECISION)
    starts = np.searchsorted(poly_of, np.arange(len(polys) + 1)).tolist()
    # An outer ring of 8 characters or less has fewer than ~3 distinct vertices left.
    return [enc[a:b] for a, b in zip(starts[:-1], starts[1:]) if len(enc[a]) > 8]


def _lines(geoms: np.ndarray) -> list[str]:
    lines = _of_type(geoms, shapely.GeometryType.LINESTRING)
    enc = encode_ragged(shapely.get_coordinates(lines)[:, ::-1],
                        shapely.get_num_coordinates(lines), PRECISION)
    return [s for s in enc if len(s) > 4]


def _simplified(parts: np.ndarray, tol: float, min_area: float) -> np.ndarray:
    # Rings that collapse are dropped.
    parts = parts[shapely.area(parts) >= min_area]
    return simplify(parts, tol)


def basemap_layers(box: Box, budget_bytes: int = BUDGET_BYTES) -> dict[str, Any]:
    """Land, borders (and coasts) and lakes inside ``box``, encoded at precision 3.

    The tolerance grows until the JSON of the layers fits ``budget_bytes``; lakes keep
    ``LAKE_DETAIL`` times finer outlines than land.
    """
    land, water, outlines = (_clipped(name, box) for name in ("land", "lakes", "borders"))
    # About one screen pixel when the box spans 4,000 px; coarser until the budget is met.
    tol = max(box[2] - box[0], box[3] - box[1]) / 4000
    while True:
        min_area = (4 * tol) ** 2
        layers = {
            "land": _rings(_simplified(land, tol, min_area)),
            "lakes": _rings(_simplified(water, tol / LAKE_DETAIL, min_area)),
            "borders": _lines(simplify(outlines, tol)),
        }
        size = len(json.dumps(layers, separators=(",", ":")))
        if size <= budget_bytes or tol > 1:
            break
        tol *= 1.3
    return {**layers, "box": [round(v, 3) for v in box], "precision": PRECISION,
            "tolerance_deg": round(tol, 4)}


WORLD_TOLERANCE_DEG = 0.4  # a few pixels at zoom 2-3, the world views it is drawn for
WORLD_MIN_AREA = 2.0  # square degrees: islands smaller than this are left to the clip
WORLD_PRECISION = 1


@functools.cache
def world_land(tol: float = WORLD_TOLERANCE_DEG) -> dict[str, Any]:
    """The whole world's land, coarse, for the page to draw under the detailed clip: zoomed
    out (or panned past the journey's box) the map still shows the world, not a cut-off
    rectangle of land floating in blue. Same ring encoding as basemap_layers."""
    land = _world()["land"][0]
    land = _simplified(land, tol, WORLD_MIN_AREA)
    polys = _of_type(land, shapely.GeometryType.POLYGON)
    rings = shapely.get_exterior_ring(polys)  # holes (lakes) are left to the detailed layer
    sizes = shapely.get_num_coordinates(rings)
    xy = shapely.get_coordinates(rings)
    open_ring = np.ones(len(xy), dtype=bool)
    open_ring[np.cumsum(sizes) - 1] = False
    enc = encode_ragged(np.round(xy[open_ring][:, ::-1], WORLD_PRECISION), sizes - 1,
                        WORLD_PRECISION)
    return {"land": [r for r in enc if len(r) > 6], "precision": WORLD_PRECISION}


@functools.cache
def _land_tree() -> shapely.STRtree:
    return shapely.STRtree(_world()["land"][0])


def land_at(points_latlon: Iterable[tuple[float, float]]) -> list[bool]:
    """Whether each (lat, lon) is on land (in Natural Earth's countries), for telling a
    port from an inland town."""
    points = shapely.points([(lon, lat) for lat, lon in points_latlon])
    hit = _land_tree().query(points, predicate="intersects")
    on_land = np.zeros(len(points), dtype=bool)
    on_land[hit[0]] = True
    return on_land.tolist()
