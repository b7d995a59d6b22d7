"""Geodesy helpers and the one place that converts between (lat, lon) and (lon, lat)."""
from __future__ import annotations

import math
from typing import Iterable, Sequence

from geographiclib.geodesic import Geodesic

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


def line_length_km(coords_lonlat: Sequence[tuple[float, float]]) -> float:
    return sum(
        haversine_km(a[1], a[0], b[1], b[0]) for a, b in zip(coords_lonlat, coords_lonlat[1:])
    )


def to_latlon(coords_lonlat: Iterable[tuple[float, float]]) -> list[tuple[float, float]]:
    """(lon, lat) pairs, as GeoJSON and shapely use, to (lat, lon) pairs for Leaflet."""
    return [(lat, lon) for lon, lat in coords_lonlat]


def to_lonlat(coords_latlon: Iterable[tuple[float, float]]) -> list[tuple[float, float]]:
    """(lat, lon) pairs to (lon, lat) pairs."""
    return [(lon, lat) for lat, lon in coords_latlon]
