"""Render a Route as one standalone HTML file (Leaflet inlined, data through |tojson).

The page is built from Jinja2 templates in templates/ (a user's --template-dir comes
first). folium is used for :func:`to_folium`, a folium.Map of the same route for notebook
users who want to extend it with folium's own layers.
"""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import jinja2

from journey.assets import templates_dir
from journey.geo import to_latlon
from journey.models import Route

CREDITS = (
    "Article: CNN, 2001",
    "Rail stations © OpenStreetMap contributors (ODbL)",
    "Places: GeoNames (CC BY 4.0)",
)


def make_env(template_dir: str | Path | None = None) -> jinja2.Environment:
    """The one Jinja environment: autoescape, StrictUndefined, user templates first."""
    loaders: list[jinja2.BaseLoader] = []
    if template_dir is not None:
        loaders.append(jinja2.FileSystemLoader(str(template_dir)))
    loaders.append(jinja2.FileSystemLoader(str(templates_dir())))
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


@functools.cache
def leaflet_assets() -> tuple[str, str]:
    """Leaflet's own JS and CSS from the xstatic-leaflet package, to inline."""
    import xstatic.pkg.leaflet as xl

    base = Path(xl.BASE_DIR)
    js = (base / "leaflet.js").read_text("utf-8")
    css = (base / "leaflet.css").read_text("utf-8")
    # The sourcemap comment would make dev tools request a file that is not there.
    js = "\n".join(ln for ln in js.splitlines() if not ln.startswith("//# sourceMappingURL"))
    return js, css


def page_data(route: Route, title: str) -> dict[str, Any]:
    """Everything the page's script needs, as plain JSON-able values."""
    km = route.km_at_stop()
    stops = [
        {
            "name": s.name, "lat": round(s.lat, 5), "lon": round(s.lon, 5), "role": s.role,
            "date": s.date, "km": round(km[i]), "planned": s.planned, "note": s.note,
            "quotes": [s.quote] if s.quote else list(s.sentences), "source": s.source,
        }
        for i, s in enumerate(route.stops)
    ]
    legs = [
        {
            "from": leg.start, "to": leg.end, "mode": leg.mode, "planned": leg.planned,
            "km": round(leg.distance_km), "basis": leg.distance_basis,
            "latlon": [[round(a, 4), round(b, 4)] for a, b in to_latlon(leg.coords_lonlat)],
        }
        for leg in route.legs
    ]
    return {"title": title, "stops": stops, "legs": legs, "total_km": round(route.total_km)}


def render_html(route: Route, *, title: str = "Journey", credits: tuple[str, ...] = CREDITS,
                template_dir: str | Path | None = None) -> str:
    """The whole map page as a string; same inputs give the same bytes."""
    env = make_env(template_dir)
    js, css = leaflet_assets()
    return env.get_template("map.html.j2").render(
        title=title, data=page_data(route, title), credits=credits, leaflet_js=js,
        leaflet_css=css,
    )


def to_folium(route: Route):  # pragma: no cover - exercised in tests/test_render.py
    """The route as a folium.Map (CDN-based, for notebooks); not the published page."""
    import folium
    from markupsafe import escape

    m = folium.Map(tiles="OpenStreetMap")
    for leg in route.legs:
        folium.PolyLine(to_latlon(leg.coords_lonlat), dash_array="6" if leg.planned else None
                        ).add_to(m)
    for i, s in enumerate(route.stops):
        folium.Marker((s.lat, s.lon), tooltip=f"{i + 1}. {s.name}",
                      popup=folium.Popup(str(escape(s.name)))).add_to(m)
    lats = [s.lat for s in route.stops]
    lons = [s.lon for s in route.stops]
    m.fit_bounds([(min(lats), min(lons)), (max(lats), max(lons))])
    return m
