"""Build the route: each leg follows the rail line between consecutive stops.

Foundation version: the rail data is one station line in order
(data/rail/trans_siberian_stations.csv); a stop snaps to its nearest station and a leg is
the stretch of line between the two snapped stations. Legs with no line near both ends
fall back to a great-circle arc and a warning.
"""
from __future__ import annotations

import csv
import functools
import math
from typing import Sequence

from journey.assets import data_path
from journey.errors import RouteError
from journey.geo import haversine_km, line_length_km
from journey.models import Leg, Route, Stop

SNAP_KM = 30.0  # a station this far from the named town is still "its" station


@functools.cache
def load_line() -> tuple[tuple[float, float], ...]:
    """The station line as (lon, lat) pairs in line order."""
    with data_path("rail", "trans_siberian_stations.csv").open(encoding="utf-8") as fh:
        return tuple((float(r["lon"]), float(r["lat"])) for r in csv.DictReader(fh))


def _snap(lat: float, lon: float, line: Sequence[tuple[float, float]]) -> tuple[int, float]:
    best, best_km = -1, math.inf
    for i, (x, y) in enumerate(line):
        if abs(y - lat) > 1 or abs(x - lon) > 2:
            continue
        d = haversine_km(lat, lon, y, x)
        if d < best_km:
            best, best_km = i, d
    return best, best_km


def great_circle(a: tuple[float, float], b: tuple[float, float], step_km: float = 50.0
                 ) -> tuple[tuple[float, float], ...]:
    """Points along the great circle from a to b, both (lon, lat), every ~step_km."""
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    d = haversine_km(a[1], a[0], b[1], b[0])
    n = max(1, int(d // step_km))
    ang = d / 6371.0088
    if ang == 0:
        return (a, b)
    pts = []
    for i in range(n + 1):
        f = i / n
        s1, s2 = math.sin((1 - f) * ang) / math.sin(ang), math.sin(f * ang) / math.sin(ang)
        x = s1 * math.cos(lat1) * math.cos(lon1) + s2 * math.cos(lat2) * math.cos(lon2)
        y = s1 * math.cos(lat1) * math.sin(lon1) + s2 * math.cos(lat2) * math.sin(lon2)
        z = s1 * math.sin(lat1) + s2 * math.sin(lat2)
        pts.append((math.degrees(math.atan2(y, x)), math.degrees(math.atan2(z, math.hypot(x, y)))))
    return tuple(pts)


def build_route(stops: Sequence[Stop]) -> Route:
    """Legs between consecutive stops, on the rail line where both ends are near it."""
    if len(stops) < 2:
        raise RouteError(f"a journey needs at least two stops, got {len(stops)}; "
                         "add the place it starts from and the place it goes to")
    line = load_line()
    legs, warnings = [], []
    for i, (a, b) in enumerate(zip(stops, stops[1:])):
        ia, da = _snap(a.lat, a.lon, line)
        ib, db = _snap(b.lat, b.lon, line)
        if b.mode == "rail" and ia >= 0 and ib >= 0 and da <= SNAP_KM and db <= SNAP_KM:
            seg = line[ia : ib + 1] if ia <= ib else tuple(reversed(line[ib : ia + 1]))
            coords = ((a.lon, a.lat), *seg, (b.lon, b.lat))
            legs.append(Leg(i, i + 1, b.mode, b.planned, coords, line_length_km(coords),
                            "track geometry", True, "Trans-Siberian"))
        else:
            coords = great_circle((a.lon, a.lat), (b.lon, b.lat))
            if b.mode == "rail":
                warnings.append(f"no rail line joins {a.name} and {b.name}; drawn as a "
                                "great-circle arc")
            legs.append(Leg(i, i + 1, b.mode, b.planned, coords, line_length_km(coords),
                            "great circle", False))
    return Route(tuple(stops), tuple(legs), tuple(warnings))
