"""Render a Route as one standalone HTML file (Leaflet inlined, data through |tojson).

The page is built from Jinja2 templates in templates/ (a user's --template-dir comes
first): no CDN, no icon font, no inline event handler, and every string from the article
or the stop file reaches the page escaped (autoescape) or as JSON (|tojson). folium is used
only for :func:`to_folium`, a folium.Map of the same route for notebook users.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import importlib.util
import io
import json
import os
import re
import sys
import types
from pathlib import Path
from typing import Any, Sequence

import jinja2
import numpy as np

from journey.assets import data_path, templates_dir
from journey.basemap import BUDGET_BYTES, basemap_layers, padded_box, world_land
from journey.errors import RenderError
from journey import files
from journey.geo import haversine_km, simplify_xy, to_latlon
from journey.models import Mention, Route, Stop
from journey.polyline import encode
from journey.times import as_datetime, iso_when, when_or_none

DEFAULT_TILES = "OpenStreetMap.Mapnik"
ROUTE_PRECISION = 5  # ~1 m: the encoded polyline's decimals
ROUTE_TOLERANCE_DEG = 0.002  # ~200 m: finer than a pixel at zoom 9, the closest a route is seen
SAME_PLACE_KM = 1.0  # stops this close share one marker (origin = return)
CONTEXT_KINDS_SKIPPED = frozenset({"country", "continent", "region", "ocean", "sea"})
# Words that the gazetteer can match to a town ("Mon" -> Mons, "Wed" -> Wedi) but that an
# article uses as dates or plain words: never shown as "also mentioned" places.
NOT_PLACES = frozenset("""mon tue tues wed thu thur thurs fri sat sun jan feb mar apr jun
    jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    mr mrs ms dr st the and""".split())
# How many names of each kind the page carries from the box it shows (the page thins them
# further per zoom, by rank); cities this close to a stop are the stop.
LABEL_LIMITS = {"country": 70, "sea": 14, "city": 50}
LABEL_NEAR_STOP_KM = 40.0
MODE_WORDS = {"rail": "by rail", "road": "by road", "sea": "by sea", "air": "by air",
              "foot": "on foot", "bicycle": "by bicycle"}

DATA_CREDITS = (
    ("Places: GeoNames (CC BY 4.0)", "https://www.geonames.org/"),
    # the rail data the route runs on goes here (Route.credits)
    ("Basemap: Made with Natural Earth", "https://www.naturalearthdata.com/"),
    ("Leaflet", "https://leafletjs.com/"),
)


def make_env(template_dir: str | Path | None = None) -> jinja2.Environment:
    """The one Jinja environment: autoescape, StrictUndefined, user templates first.

    A ``template_dir`` that is not a folder is refused (a misspelt path would otherwise
    fall back to the shipped templates without a word). Templates are code: the user's
    own, trusted like any script they run; only the data they get is untrusted.
    """
    loaders: list[jinja2.BaseLoader] = []
    if template_dir is not None:
        if not Path(template_dir).is_dir():
            raise RenderError(f"{template_dir}: no such template folder; check the "
                              "--template-dir path")
        loaders.append(_Loader(str(template_dir)))
    loaders.append(_Loader(str(templates_dir())))
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        bytecode_cache=_template_cache(),
    )


class _Loader(jinja2.FileSystemLoader):
    """A FileSystemLoader whose non-UTF-8 template is a RenderError naming the file."""

    def get_source(self, environment: jinja2.Environment, template: str):
        try:
            return super().get_source(environment, template)
        except UnicodeDecodeError as exc:
            pieces = jinja2.loaders.split_template_path(template)
            path = next((p for p in (Path(sp, *pieces) for sp in self.searchpath)
                         if p.is_file()), Path(template))
            raise RenderError(f"template {path}: not UTF-8 text (byte {exc.start}); save it "
                              "as UTF-8") from None


def _template_error(exc: BaseException, search: Sequence[str]) -> RenderError:
    """One line for a template that failed: the template file and line, then the cause.

    Jinja rewrites a render's traceback so its frames name the template and its line; the
    innermost frame in a template file is where it went wrong."""
    where = ""
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.lineno:
        where = f" in {exc.filename or exc.name}:{exc.lineno}"
    else:
        roots = [os.path.abspath(d) for d in search]
        tb = exc.__traceback__
        while tb is not None:
            f = os.path.abspath(tb.tb_frame.f_code.co_filename)
            if any(f.startswith(r + os.sep) for r in roots):
                where = f" in {f}:{tb.tb_lineno}"
            tb = tb.tb_next
    if isinstance(exc, RecursionError):
        what = "it calls itself without end (a recursive macro, include or extends)"
    elif isinstance(exc, jinja2.TemplateError):
        what = str(exc) or type(exc).__name__
    else:
        what = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    what = " ".join(what.split())[:300]
    return RenderError(f"template error{where}: {what}; fix the template or drop "
                       "--template-dir")


def _template_cache() -> jinja2.BytecodeCache | None:
    folder = files.cache_path("templates")
    return _TemplateCache(folder) if folder is not None else None


class _TemplateCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates, kept beside the compiled rail network: compiling the page's
    templates took about 40 ms of every build. Jinja checks each entry against its
    template's source, so an edited or --template-dir template is compiled afresh; a
    cache folder that cannot be written only costs speed. An entry that cannot be read
    back (a valid header over a garbage body, a foreign file) is a miss: it is compiled
    again and replaced, through :func:`journey.files.write_cache`."""

    def __init__(self, folder: Path) -> None:
        super().__init__(str(folder))

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        path = Path(self._get_cache_filename(bucket))

        def parse(raw: bytes) -> bool:
            bucket.load_bytecode(io.BytesIO(raw))
            if bucket.code is None:
                return False  # another Jinja's or another source's entry: stays until dumped
            # Compiling it to a function is where a damaged body shows; check it now.
            types.FunctionType(bucket.code, {})
            return True

        if files.read_cache(path, parse) is None:
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        out = io.BytesIO()
        bucket.write_bytecode(out)
        files.write_cache(Path(self._get_cache_filename(bucket)), out.getvalue())


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


def tile_layer(name: str | None) -> dict[str, Any] | None:
    """An xyzservices provider as the page's tile settings; None for "none"."""
    if name is None or name.lower() == "none":
        return None
    # Importing xyzservices pulls in urllib.request, http.client and ssl and parses its
    # provider list, a tenth of a build; a provider already looked up is read back instead.
    path = _tiles_cache_path(name)
    if path is None:
        return _provider_tiles(name)
    cached = files.read_cache(path, _parse_tiles)
    if cached is not None:
        return cached  # type: ignore[return-value]
    # Not looked up yet (unknown names are never stored: they raise), or a damaged entry.
    tiles = _provider_tiles(name)
    files.write_cache(path, json.dumps(tiles))
    return tiles


_TILE_FIELDS = {"name": str, "url": str, "subdomains": (str, list), "max_zoom": int,
                "attribution": str}


def _parse_tiles(raw: bytes) -> dict[str, Any] | None:
    """A cached provider's settings, or None unless they have every field of the right
    type (a cache of ``{}`` or ``null`` must not switch tiles off)."""
    tiles = json.loads(raw.decode("utf-8"))
    if (isinstance(tiles, dict) and set(tiles) == set(_TILE_FIELDS)
            and all(isinstance(tiles[k], t) and not isinstance(tiles[k], bool)
                    for k, t in _TILE_FIELDS.items())
            and tiles["url"].startswith(("https://", "http://")) and "{z}" in tiles["url"]):
        return tiles
    return None


def _tiles_cache_path(name: str) -> Path | None:
    """Where the settings of provider ``name`` are kept, keyed by the name and by the
    installed xyzservices files (so an upgrade looks providers up again); None when
    xyzservices cannot be found without importing it."""
    spec = importlib.util.find_spec("xyzservices")
    if spec is None or not spec.submodule_search_locations:
        return None
    pkg = Path(next(iter(spec.submodule_search_locations)))
    key = hashlib.sha256(name.encode())
    for f in (pkg / "__init__.py", pkg / "lib.py", pkg / "providers.py",
              pkg / "data" / "providers.json",
              Path(sys.prefix) / "share" / "xyzservices" / "providers.json"):
        try:
            st = f.stat()
            key.update(f"|{f}|{st.st_size}|{st.st_mtime_ns}".encode())
        except OSError:
            key.update(f"|{f}|-".encode())
    return files.cache_path("tiles", f"{key.hexdigest()[:24]}.json")


def _provider_tiles(name: str) -> dict[str, Any]:
    import xyzservices

    try:
        provider = xyzservices.providers.query_name(name)
    except ValueError:
        from rapidfuzz import process

        free = [n for n, p in xyzservices.providers.flatten().items() if not p.requires_token()]
        near = [n for n, _, _ in process.extract(name, free, limit=3, score_cutoff=60)]
        hint = f" (did you mean {', '.join(near)}?)" if near else ""
        raise RenderError(f"unknown tile provider {name!r}; give an xyzservices name such as "
                          f"{DEFAULT_TILES} or OpenTopoMap, or none{hint}") from None
    if provider.requires_token():
        raise RenderError(f"tile provider {name!r} needs an API key; pick one without, "
                          f"e.g. {DEFAULT_TILES}, or none")
    return {
        "name": provider.name,
        "url": provider.build_url(fill_subdomain=False),
        "subdomains": provider.get("subdomains", "abc"),
        "max_zoom": int(provider.get("max_zoom", 18)),
        "attribution": provider.get("attribution", ""),
    }


def _dates(route: Route) -> list[dt.date]:
    out = []
    for stop in route.stops:
        for value in (stop.arrive, stop.date, stop.depart):
            when = when_or_none(value)
            if when is not None:
                out.append(when.date() if isinstance(when, dt.datetime) else when)
    return out


def journey_days(route: Route) -> int:
    """Calendar days from the first to the last dated stop, both counted; 0 if undated."""
    dates = _dates(route)
    return (max(dates) - min(dates)).days + 1 if dates else 0


def _near(lat: float, lon: float, lat2: float, lon2: float, km: float) -> bool:
    return abs(lat - lat2) < 1 and haversine_km(lat, lon, lat2, lon2) <= km


def _highlight_terms(route: Route, mentions: Sequence[Mention]) -> list[list[str]]:
    """Per stop: the words to mark in its quotes (its name and how the article wrote it)."""
    out = []
    for stop in route.stops:
        quotes = {stop.quote} if stop.quote else set(stop.sentences)
        terms = {stop.name}
        for m in mentions:
            p = m.place
            if m.sentence not in quotes or p is None:
                continue
            # The stop as the article wrote it ("MOSCOW"), and its station by any name
            # ("Yaroslavsky rail terminus"), but not other sights in the same city.
            if p.name == stop.name or (p.kind == "station" and _near(
                    stop.lat, stop.lon, p.lat, p.lon, 30.0)):
                terms.add(m.text)
        out.append(sorted(terms, key=lambda t: (-len(t), t)))
    return out


def _route_points(route: Route) -> list[tuple[float, float]]:
    """Every (lon, lat) the route draws: its stops and its legs' vertices."""
    points = [(s.lon, s.lat) for s in route.stops]
    for leg in route.legs:
        points.extend(leg.coords_lonlat)
    return points


def context_places(route: Route, mentions: Sequence[Mention],
                   hidden: Sequence[str] = ()) -> list[dict[str, Any]]:
    """Places the article mentions that the journey does not stop at, first mention first.

    Only places within the route's own frame: "Washington says..." in a story about a
    Siberian train must not stretch the map across the Atlantic. ``hidden``: names (as
    the page shows them, or as the article wrote them) the user dropped with --hide.
    """
    w, s, e, n = padded_box(unwrap_lonlat(_route_points(route)))
    drop = {h.strip().casefold() for h in hidden}
    seen: set[str] = set()
    out = []
    for m in mentions:
        p = m.place
        if p is None or m.is_stop or p.kind in CONTEXT_KINDS_SKIPPED or p.name in seen:
            continue
        if m.text.strip(" .").casefold() in NOT_PLACES or {p.name.casefold(),
                                                           m.text.casefold()} & drop:
            continue
        if not (s <= p.lat <= n and any(w <= p.lon + k <= e for k in (0, 360, -360))):
            continue
        # Close by is not the same place: the Kremlin is 0.4 km from "Moscow"'s point.
        if any(_near(s.lat, s.lon, p.lat, p.lon, 0.1) or s.name == p.name
               for s in route.stops):
            continue
        seen.add(p.name)
        out.append({"name": p.name, "kind": p.kind, "lat": round(p.lat, 5),
                    "lon": round(p.lon, 5), "text": m.text, "sentence": m.sentence})
    return out


def unwrap_lonlat(points: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """(lon, lat) points with each longitude moved by 360 degrees to lie within 180 of the
    one before, so a route across the 180th meridian (Anadyr -> Nome) stays one piece.

    >>> unwrap_lonlat([(177.5, 64.7), (-165.4, 64.5)])
    [(177.5, 64.7), (194.6, 64.5)]
    """
    out: list[tuple[float, float]] = []
    prev = None
    for lon, lat in points:
        if prev is not None:
            lon += 360.0 * round((prev - lon) / 360.0)
        out.append((round(lon, 5), lat))
        prev = lon
    return out


@functools.cache
def _label_rows() -> tuple[tuple[str, str, float, float, int], ...]:
    rows = []
    with open(data_path("basemap", "labels.tsv"), encoding="utf-8") as fh:
        next(fh)
        for line in fh:
            kind, name, lat, lon, rank = line.rstrip("\n").split("\t")
            rows.append((kind, name, float(lat), float(lon), int(rank)))
    return tuple(rows)


def place_labels(box: tuple[float, float, float, float], route: Route) -> list[list[Any]]:
    """Country, sea and city names inside ``box`` (west may be < -180 or east > 180 for a
    route across the 180th meridian), as [kind, name, lat, lon, rank], biggest first per
    kind; the page places as many as fit at each zoom. A city at a stop is the stop."""
    w, s, e, n = box
    counts = dict.fromkeys(LABEL_LIMITS, 0)
    stop_names = {st.name.casefold() for st in route.stops}
    out = []
    for kind, name, lat, lon, rank in _label_rows():
        if counts[kind] >= LABEL_LIMITS[kind] or not s <= lat <= n:
            continue
        shift = next((k for k in (0.0, 360.0, -360.0) if w <= lon + k <= e), None)
        if shift is None:
            continue
        if kind == "city" and (name.casefold() in stop_names or any(
                _near(st.lat, st.lon, lat, lon, LABEL_NEAR_STOP_KM) for st in route.stops)):
            continue
        counts[kind] += 1
        out.append([kind, name, lat, round(lon + shift, 3), rank])
    return out


def _label_box(points_lonlat: Sequence[tuple[float, float]]) -> tuple[float, float, float, float]:
    """The route's own box with a margin: the names a first view or a little panning can
    show (the basemap's box is squared, and would bring in a continent more)."""
    xs, ys = zip(*points_lonlat)
    mx = max(5.0, 0.25 * (max(xs) - min(xs)))
    my = max(4.0, 0.25 * (max(ys) - min(ys)))
    return (min(xs) - mx, max(-85.0, min(ys) - my), max(xs) + mx, min(85.0, max(ys) + my))


def _km(n: float) -> str:
    return f"{round(n):,}"


def distance_summary(route: Route) -> str:
    """The header's distance in the legs' own words: "21,341 km by rail", or mixed
    "20,630 km: 1,911 by sea, 18,719 by air" (modes in journey order); a single non-air
    mode measured only as great circles says so ("straight line")."""
    by_mode: dict[str, float] = {}
    straight: dict[str, bool] = {}
    for leg in route.legs:
        by_mode[leg.mode] = by_mode.get(leg.mode, 0.0) + leg.distance_km
        straight[leg.mode] = straight.get(leg.mode, True) and (
            leg.distance_basis == "great circle")
    total = _km(route.total_km)
    if not by_mode:
        return f"{total} km"
    if len(by_mode) == 1:
        mode = next(iter(by_mode))
        tail = ", straight line" if straight[mode] and mode != "air" else ""
        return f"{total} km {MODE_WORDS.get(mode, 'by ' + mode)}{tail}"
    parts = ", ".join(f"{_km(km)} {MODE_WORDS.get(m, 'by ' + m)}" for m, km in by_mode.items())
    return f"{total} km: {parts}"


_DATELINE_NOTE = re.compile(r"date from the article \((['\"])(.+?)\1\) counted from its "
                            r"dateline (\d{4})-(\d{2})-(\d{2})")
_MONTHS = ("January February March April May June July August September October "
           "November December").split()


def reader_notes(stop: Stop) -> tuple[bool, list[str]]:
    """(inferred, notes): the stop's provenance in plain words for its popup's "Sources and
    notes"; the drafter's internal tags ("inferred: ...", "date from the article ... counted
    from its dateline ...") are said as a reader would, never shown as they are."""
    inferred = stop.inferred
    notes = []
    for part in (p.strip() for p in stop.source.split("; ") if p.strip()):
        if part.startswith("inferred:"):
            inferred = True
            continue
        m = _DATELINE_NOTE.fullmatch(part)
        if m:
            y, mo, d = int(m.group(3)), int(m.group(4)), int(m.group(5))
            part = (f"Date: the article's \u201c{m.group(2)}\u201d, counted from the day it "
                    f"was published ({d} {_MONTHS[mo - 1]} {y})")
        notes.append(part)
    return inferred, notes


def hide_warnings(route: Route, mentions: Sequence[Mention], hidden: Sequence[str]) -> list[str]:
    """A warning for each --hide name that matches no "also mentioned" place (a typo
    would otherwise leave the place on the map without a word)."""
    if not hidden:
        return []
    shown = context_places(route, mentions)
    known = {p["name"].casefold() for p in shown} | {p["text"].casefold() for p in shown}
    names = ", ".join(p["name"] for p in shown) or "none"
    return [f"--hide {h!r} matches none of the places also mentioned ({names}); give one "
            "of those names" for h in hidden if h.strip().casefold() not in known]


def _inferred_text(role: str) -> str:
    what = {"origin": "start", "return": "end, back home", "destination": "end"}
    return f"Not named in the article; the journey's likely {what.get(role, 'stop')}"


def timeline_warnings(route: Route, origin: str = "the stop file") -> list[str]:
    """A warning per stop dated before the stop ahead of it: the time line cannot run
    backwards, so it counts such a stop by distance instead of its date."""
    out = []
    latest: tuple[dt.datetime, int] | None = None
    for i, stop in enumerate(route.stops):
        # The stop's first given time, read by the one stop-time parser (journey.times).
        first = next((w for w in map(when_or_none, (stop.arrive, stop.date, stop.depart))
                      if w is not None), None)
        if first is None:
            continue
        when = as_datetime(first)
        if latest is not None and when < latest[0]:
            prev = route.stops[latest[1]]
            where = f"{origin}:{stop.line}" if stop.line else origin
            out.append(f"{where}: {stop.name!r} is dated {when:%Y-%m-%d}, before "
                       f"{prev.name!r} ({latest[0]:%Y-%m-%d}, stop {latest[1] + 1}) ahead of "
                       f"it; the time line places it by distance; fix the date or the "
                       "order of the rows")
            continue
        latest = (when, i)
    return out


def marker_groups(route: Route) -> list[int]:
    """For each stop, the index of the first stop at the same place (its shared marker)."""
    group: list[int] = []
    for i, s in enumerate(route.stops):
        group.append(next(j for j in range(i + 1) if j == i or _near(
            s.lat, s.lon, route.stops[j].lat, route.stops[j].lon, SAME_PLACE_KM)))
    return group


def encode_line(coords_lonlat: Sequence[tuple[float, float]],
                tolerance_deg: float = ROUTE_TOLERANCE_DEG) -> str:
    """A (lon, lat) line simplified to ``tolerance_deg`` and encoded (precision 5)."""
    xy = np.asarray(coords_lonlat, dtype=float).reshape(-1, 2)
    if len(xy) > 2 and tolerance_deg > 0:
        # From an array: LineString(tuples) walks the points in Python, and a leg has
        # thousands of them.
        xy = simplify_xy(xy, tolerance_deg)
    return encode(xy[:, ::-1], ROUTE_PRECISION)


def _stop_data(route: Route, i: int, km: Sequence[float], lon: float,
               terms: list[str], group: int) -> dict[str, Any]:
    s = route.stops[i]
    inferred, notes = reader_notes(s)
    # An inferred stop is not in the article: its sentences are about something else
    # (the capital as a government), so it quotes nothing rather than mislead.
    quotes = [s.quote] if s.quote else ([] if inferred else list(s.sentences))
    return {
        "name": s.name, "lat": round(s.lat, 5), "lon": lon, "role": s.role,
        # Python decides which times are valid; the page reads only these ISO forms.
        "date": iso_when(s.date), "arrive": iso_when(s.arrive), "depart": iso_when(s.depart),
        "km": round(km[i]),
        "km_prev": round(km[i] - km[i - 1]) if i else 0,
        "planned": s.planned, "note": s.note, "quotes": quotes, "notes": notes,
        "inferred": _inferred_text(s.role) if inferred else "",
        "highlight": terms, "marker": group,
    }


def _unwrapped_legs(route: Route, stop_lons: Sequence[float]) -> list[list[tuple[float, float]]]:
    """Each leg's (lon, lat) line, unwrapped to carry on from its first stop's longitude."""
    out = []
    for leg in route.legs:
        pts = list(leg.coords_lonlat) or [(route.stops[leg.start].lon, route.stops[leg.start].lat)]
        out.append(unwrap_lonlat([(stop_lons[leg.start], 0.0), *pts])[1:])
    return out


def _padded_box_any(points_lonlat: Sequence[tuple[float, float]]) -> tuple[float, float, float, float]:
    """padded_box for points whose longitudes may run past 180 (unwrapped): padded about
    the points' own middle, so the box may reach past the meridian instead of stopping."""
    xs = [x for x, _ in points_lonlat]
    mid = round((min(xs) + max(xs)) / 2, 3)
    if min(xs) >= -180 and max(xs) <= 180:
        mid = 0.0
    w, s, e, n = padded_box([(x - mid, y) for x, y in points_lonlat])
    return (w + mid, s, e + mid, n)


def _basemaps(box: tuple[float, float, float, float]) -> list[dict[str, Any]]:
    """The detailed basemap clip; a box across the 180th meridian is clipped on both
    sides, the far part drawn shifted by 360 degrees (its ``lon_shift``)."""
    w, s, e, n = box
    if w >= -180 and e <= 180:
        return [{**basemap_layers(box), "lon_shift": 0}]
    shift = 360 if e > 180 else -360
    near = (max(w, -180.0), s, min(e, 180.0), n)
    far = (max(w - shift, -180.0), s, min(e - shift, 180.0), n)
    return [{**basemap_layers(near, BUDGET_BYTES // 2), "lon_shift": 0},
            {**basemap_layers(far, BUDGET_BYTES // 2), "lon_shift": shift}]


def page_data(route: Route, title: str, *, mentions: Sequence[Mention] = (),
              article_credit: str = "", tiles: dict[str, Any] | None = None,
              hidden: Sequence[str] = ()) -> dict[str, Any]:
    """Everything the page's script needs, as plain JSON-able values."""
    km = route.km_at_stop()
    terms = _highlight_terms(route, mentions)
    groups = marker_groups(route)
    stop_lons = [lon for lon, _ in unwrap_lonlat([(s.lon, s.lat) for s in route.stops])]
    stops = [_stop_data(route, i, km, stop_lons[i], terms[i], groups[i])
             for i in range(len(route.stops))]
    leg_lines = _unwrapped_legs(route, stop_lons)
    legs = [
        {
            "from": leg.start, "to": leg.end, "mode": leg.mode, "planned": leg.planned,
            "km": round(leg.distance_km), "basis": leg.distance_basis,
            "straight": leg.distance_basis == "great circle",
            "on_rail": leg.on_rail, "approximate": leg.approximate,
            "approximate_reason": leg.approximate_reason,
            "line": encode_line(pts),
        }
        for leg, pts in zip(route.legs, leg_lines)
    ]
    lines = [{"name": r.name, "line": encode_line(r.coords_lonlat, 2 * ROUTE_TOLERANCE_DEG)}
             for r in route.context if len(r.coords_lonlat) > 1]
    places = context_places(route, mentions, hidden)
    points = [(s["lon"], s["lat"]) for s in stops]
    for pts in leg_lines:
        points.extend(pts)
    extent = points + unwrap_lonlat([points[0]] + [(p["lon"], p["lat"]) for p in places])[1:]
    box = _padded_box_any(extent)
    planned_km = sum(leg.distance_km for leg in route.legs if leg.planned)
    # The rail data credited is exactly what the route runs on, after the places.
    credit_pairs = [DATA_CREDITS[0], *route.credits, *DATA_CREDITS[1:]]
    credits = [{"text": t, "href": h} for t, h in credit_pairs]
    if tiles:
        credits.insert(len(credits) - 1, {"text": f"Tiles: {tiles['attribution']}", "href": ""})
    basemaps = _basemaps(box)
    return {
        "title": title, "credit": article_credit, "stops": stops, "legs": legs,
        "total_km": round(route.total_km), "planned_km": round(planned_km),
        "distance_text": distance_summary(route),
        "days": journey_days(route), "context_lines": lines, "context_places": places,
        "basemap": basemaps[0], "basemap_more": basemaps[1:], "world": world_land(),
        "labels": place_labels(_label_box(points), route),
        "tiles": tiles, "credits": credits,
        "route_precision": ROUTE_PRECISION,
    }


def render_html(route: Route, *, title: str = "Journey", mentions: Sequence[Mention] = (),
                article_credit: str = "", tiles: str | None = DEFAULT_TILES,
                template_dir: str | Path | None = None, hidden: Sequence[str] = ()) -> str:
    """The whole map page as a string; same inputs give the same bytes."""
    env = make_env(template_dir)
    js, css = leaflet_assets()
    data = page_data(route, title, mentions=mentions, article_credit=article_credit,
                     tiles=tile_layer(tiles), hidden=hidden)
    search = [d for ld in env.loader.loaders for d in ld.searchpath]  # type: ignore[union-attr]
    try:
        template = env.get_template("map.html.j2")
        html = template.render(title=title, data=data, leaflet_js=js, leaflet_css=css)
    except RenderError:
        raise
    except Exception as exc:  # noqa: BLE001 - a template is code; whatever it raises is its fault
        raise _template_error(exc, search) from None
    if not html.strip():
        raise RenderError(f"template {template.filename}: rendered an empty page; a "
                          "map.html.j2 must write the whole page (start from the shipped one)")
    return html


def embed_snippet(src: str, title: str, height_px: int = 520) -> str:
    """A copy-paste <iframe> for the map at ``src`` (escaped; sandboxed to scripts only)."""
    from markupsafe import escape

    return (f'<iframe src="{escape(src)}" title="{escape(title)}" width="100%" '
            f'height="{int(height_px)}" style="border:0;max-width:100%" loading="lazy" '
            'sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox">'
            "</iframe>\n")


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
