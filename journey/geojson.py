"""The route as GeoJSON (RFC 7946): one Point per stop, one LineString per leg.

Readable by QGIS, geojson.io and anything else that reads GeoJSON. Coordinates are
(lon, lat), rounded to 6 decimals (~0.1 m). A leg that crosses the 180th meridian keeps
continuous longitudes (beyond +-180) as Leaflet-based viewers need, rather than being cut
in two.

    >>> from journey.pipeline import build
    >>> doc = route_geojson(build().route)
    >>> doc["type"], doc["features"][0]["properties"]["name"]
    ('FeatureCollection', 'Pyongyang')
"""
from __future__ import annotations

import json
from typing import Any

from journey.models import Route


def _r(x: float, nd: int = 6) -> float:
    return round(x, nd) + 0.0  # + 0.0 turns -0.0 into 0.0 so output is stable


def route_geojson(route: Route) -> dict[str, Any]:
    """The route as a GeoJSON FeatureCollection dict."""
    km = route.km_at_stop()
    features: list[dict[str, Any]] = []
    for i, s in enumerate(route.stops):
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [_r(s.lon), _r(s.lat)]},
            "properties": {"name": s.name, "order": i + 1, "role": s.role, "date": s.date,
                           "km_from_start": _r(km[i], 1), "planned": s.planned},
        })
    for leg in route.legs:
        features.append({
            "type": "Feature",
            "geometry": {"type": "LineString",
                         "coordinates": [[_r(x), _r(y)] for x, y in leg.coords_lonlat]},
            "properties": {
                "from": route.stops[leg.start].name, "to": route.stops[leg.end].name,
                "from_order": leg.start + 1, "to_order": leg.end + 1,
                "mode": leg.mode, "planned": leg.planned,
                "distance_km": _r(leg.distance_km, 1), "distance_basis": leg.distance_basis,
                "on_rail": leg.on_rail, "approximate": leg.approximate,
                "approximate_km": _r(leg.approximate_km, 1),
                "approximate_reason": leg.approximate_reason,
                "line": leg.line_name, "days": leg.days,
            },
        })
    return {"type": "FeatureCollection", "features": features}


def dumps(route: Route) -> str:
    """The GeoJSON text: compact, UTF-8 names kept as written, newline-terminated."""
    return json.dumps(route_geojson(route), ensure_ascii=False, separators=(",", ":")) + "\n"
