"""All geodesy: distances, great circles, simplification, positions along a route, and
the one place that converts between (lat, lon) and (lon, lat).

    >>> round(haversine_km(55.7558, 37.6173, 54.9924, 73.3686))
    2235
"""
from __future__ import annotations

import math
from typing import Iterable, Sequence

import numpy as np
import shapely
from geographiclib.geodesic import Geodesic
from shapely.geometry import LineString, Point

from journey.errors import RouteError
from journey.models import Leg, Route

EARTH_RADIUS_KM = 6371.0088
# WGS84 in kilometres, as geopy's geodesic uses it: same inputs give the same floats as
# geopy.distance.geodesic(...).km, without importing geopy (and through it requests),
# which cost a quarter of a second at every start-up.
_WGS84_A_KM = 6378.137
_WGS84_F = 1 / 298.257223563

_WGS84 = Geodesic(_WGS84_A_KM, _WGS84_F)


def geodesic_km(a_lonlat: Sequence[float], b_lonlat: Sequence[float]) -> float:
    """Shortest distance on the WGS84 ellipsoid (Karney's algorithm) between (lon, lat)s."""
    return _WGS84.Inverse(a_lonlat[1], a_lonlat[0], b_lonlat[1], b_lonlat[0],
                          Geodesic.DISTANCE)["s12"]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres on the mean-radius sphere."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def destination(lat: float, lon: float, bearing_deg: float, km: float) -> tuple[float, float]:
    """The (lat, lon) ``km`` from a point along ``bearing_deg`` (from north, clockwise) on
    the mean-radius sphere.

    >>> [round(x, 3) for x in destination(0.0, 0.0, 90.0, 111.195)]
    [0.0, 1.0]
    """
    d = km / EARTH_RADIUS_KM
    p1, l1, b = math.radians(lat), math.radians(lon), math.radians(bearing_deg)
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(b))
    l2 = l1 + math.atan2(math.sin(b) * math.sin(d) * math.cos(p1),
                         math.cos(d) - math.sin(p1) * math.sin(p2))
    return math.degrees(p2), (math.degrees(l2) + 540.0) % 360.0 - 180.0


def flat_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """A flat-earth distance: within a few per cent of the great circle at the scales
    that tell namesakes apart (the extractor's use), and several times cheaper."""
    dlon = abs(lon1 - lon2)
    if dlon > 180.0:
        dlon = 360.0 - dlon
    x = dlon * math.cos(math.radians((lat1 + lat2) / 2))
    return 111.2 * math.hypot(x, lat1 - lat2)


def to_latlon(coords_lonlat: Iterable[tuple[float, float]]) -> list[tuple[float, float]]:
    """(lon, lat) pairs, as GeoJSON and shapely use, to (lat, lon) pairs for Leaflet."""
    return [(lat, lon) for lon, lat in coords_lonlat]


def to_lonlat(coords_latlon: Iterable[tuple[float, float]]) -> list[tuple[float, float]]:
    """(lat, lon) pairs to (lon, lat) pairs."""
    return [(lon, lat) for lat, lon in coords_latlon]


# -- the sphere: great circles, the 180th meridian, simplification --------------------

def _unit(lon: float, lat: float) -> tuple[float, float, float]:
    lo, la = math.radians(lon), math.radians(lat)
    return math.cos(la) * math.cos(lo), math.cos(la) * math.sin(lo), math.sin(la)


def gc_points(a: Sequence[float], b: Sequence[float], step_km: float) -> np.ndarray:
    """(n+1, 2) array of (lon, lat) on the great circle from a to b, ends included."""
    ua, ub = np.array(_unit(a[0], a[1])), np.array(_unit(b[0], b[1]))
    ang = math.acos(max(-1.0, min(1.0, float(ua @ ub))))
    if ang < 1e-12:
        return np.array([a, b], dtype=np.float64)
    if ang > math.pi - 1e-6:  # antipodes: every great circle joins them; go via a quarter
        axis = np.cross(ua, (0.0, 0.0, 1.0) if abs(ua[2]) < 0.9 else (1.0, 0.0, 0.0))
        axis /= np.linalg.norm(axis)
        mid = (math.degrees(math.atan2(axis[1], axis[0])),
               math.degrees(math.asin(max(-1.0, min(1.0, float(axis[2]))))))
        return np.concatenate((gc_points(a, mid, step_km), gc_points(mid, b, step_km)[1:]))
    n = max(1, math.ceil(ang * EARTH_RADIUS_KM / step_km))
    f = np.arange(n + 1)[:, None] / n
    xyz = (np.sin((1 - f) * ang) * ua + np.sin(f * ang) * ub) / math.sin(ang)
    out = np.column_stack((np.degrees(np.arctan2(xyz[:, 1], xyz[:, 0])),
                           np.degrees(np.arctan2(xyz[:, 2], np.hypot(xyz[:, 0], xyz[:, 1])))))
    out[0], out[-1] = a, b  # exact ends, so joins with the next piece are exact
    return out


def great_circle(a: tuple[float, float], b: tuple[float, float], step_km: float = 25.0
                 ) -> tuple[tuple[float, float], ...]:
    """Points on the great circle from a to b (both (lon, lat)), ~step_km apart, a and b
    included; longitudes continue past +-180 rather than jump (see :func:`unwrap`)."""
    return unwrap(gc_points(a, b, step_km))


def unwrap(coords: Iterable[tuple[float, float]]) -> tuple[tuple[float, float], ...]:
    """Shift longitudes by 360 where a step would jump across the 180th meridian, so that
    a line crossing it stays continuous (Leaflet draws lon 181 east of 179, not at -179)."""
    arr = np.asarray(list(coords) if not isinstance(coords, (list, tuple, np.ndarray))
                     else coords, dtype=np.float64).reshape(-1, 2)
    if len(arr) < 2 or np.abs(np.diff(arr[:, 0])).max() <= 180:
        return tuple(map(tuple, arr.tolist()))
    arr[:, 0] = np.unwrap(arr[:, 0], discont=180, period=360)
    return tuple(map(tuple, arr.tolist()))


def tolerance_deg(zoom: float, pixels: float = 0.5) -> float:
    """Simplification tolerance (degrees) invisible at a Web Mercator zoom level: the
    width of ``pixels`` screen pixels at the equator (256-pixel tiles)."""
    return pixels * 360.0 / (256 * 2 ** zoom)


def simplify_lonlat(coords: Sequence[tuple[float, float]], zoom: float | None = None, *,
                    tolerance: float | None = None) -> tuple[tuple[float, float], ...]:
    """A line simplified for drawing at ``zoom`` (or to ``tolerance`` degrees); the ends are
    kept. The route's context lines use this to keep the page small."""
    if len(coords) < 3:
        return tuple(coords)
    tol = tolerance if tolerance is not None else tolerance_deg(zoom if zoom is not None else 8)
    out = simplify_xy(np.asarray(coords, dtype=np.float64), tol)
    return tuple(map(tuple, out.tolist()))


def simplify(geoms, tol: float):
    """Shapely geometries simplified by Douglas-Peucker to ``tol`` degrees, without
    topology checks: five times faster, and at about a pixel a rare self-touching ring
    fills the same on a canvas. Every simplification of the page goes through here."""
    return shapely.simplify(geoms, tol, preserve_topology=False)


def simplify_xy(xy: np.ndarray, tol: float) -> np.ndarray:
    """An (n, 2) array of a line's points simplified to ``tol`` (ends kept)."""
    return shapely.get_coordinates(simplify(shapely.linestrings(xy), tol))



def cumulative_km(coords: Sequence[tuple[float, float]] | np.ndarray, total: float
                   ) -> tuple[float, ...]:
    """Km at each vertex, proportional to great-circle length, scaled to ``total``."""
    return tuple(cumulative_arr(np.asarray(coords, dtype=np.float64), total).tolist())


def cumulative_arr(pts: np.ndarray, total: float) -> np.ndarray:
    lon, lat = np.radians(pts[:, 0]), np.radians(pts[:, 1])
    xyz = np.column_stack((np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)))
    dots = np.clip((xyz[:-1] * xyz[1:]).sum(1), -1.0, 1.0)
    steps = np.concatenate(([0.0], np.cumsum(np.arccos(dots))))
    return steps * (total / steps[-1]) if steps[-1] > 0 else steps * 0.0



# -- positions along the route (for an animated train, a scrubber, a km readout) -----------

def leg_line(leg: Leg) -> LineString:
    """The leg as a shapely LineString in (lon, lat)."""
    return LineString(leg.coords_lonlat)


def _vertex_km(leg: Leg) -> np.ndarray:
    if len(leg.vertex_km) == len(leg.coords_lonlat):
        return np.asarray(leg.vertex_km)
    return np.asarray(cumulative_km(leg.coords_lonlat, leg.distance_km))


def position_at(route: Route, km: float) -> tuple[float, float, int]:
    """(lat, lon, leg index) of the point ``km`` along the route (clamped to its ends).

    Within a leg the km is mapped to a fraction of the leg's drawn length through the
    per-vertex km, then placed with shapely's ``interpolate``.
    """
    if not route.legs:
        raise RouteError("the route has no legs")
    km = max(0.0, min(km, route.total_km))
    start = 0.0
    for li, leg in enumerate(route.legs):
        if km <= start + leg.distance_km or li == len(route.legs) - 1:
            local = km - start
            vk = _vertex_km(leg)
            line = leg_line(leg)
            planar = np.concatenate(([0.0], np.cumsum(np.hypot(*np.diff(
                np.asarray(leg.coords_lonlat), axis=0).T))))
            d = float(np.interp(local, vk, planar))
            p = line.interpolate(d)
            return p.y, p.x, li
        start += leg.distance_km
    raise AssertionError("unreachable")


def km_at(route: Route, lat: float, lon: float) -> float:
    """Km from the start of the route to the point of the route nearest (lat, lon),
    found with shapely's ``project`` on each leg."""
    best = (math.inf, 0.0)
    start = 0.0
    for leg in route.legs:
        line = leg_line(leg)
        pt = Point(lon, lat)
        d_planar = line.project(pt)
        near = line.interpolate(d_planar)
        gap = haversine_km(lat, lon, near.y, near.x)
        planar = np.concatenate(([0.0], np.cumsum(np.hypot(*np.diff(
            np.asarray(leg.coords_lonlat), axis=0).T))))
        local = float(np.interp(d_planar, planar, _vertex_km(leg)))
        if gap < best[0]:
            best = (gap, start + local)
        start += leg.distance_km
    return best[1]
