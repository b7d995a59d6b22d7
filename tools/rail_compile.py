"""Compile the shipped rail network, by region, into data/rail/regions/ (build time only).

    python3 tools/rail_compile.py                     # every region (from the repo root)
    python3 tools/rail_compile.py --only kr gb        # some regions
    python3 tools/rail_compile.py --sources DIR       # where the shared extracts are

Inputs: the station files of data/rail/lines/ (region "ru_kp", compiled exactly as a
user's --rail file is, km posts and all) and the railway extracts described in
/work/shared/data/rail/SOURCES.md (OpenStreetMap, Natural Earth, Digital Chart of the
World, a Swiss stop sequence). Output: one ``<region>.npz`` per region (the packed layout
of journey/railregions.py) and ``index.json``. data/SOURCES.md says what each holds.

The geometric sources go through four steps, each for a reason the README's coverage
table states:

1. **Double track once.** OpenStreetMap maps each track of a double line as its own way,
   so a line's km would be track-km. Longest lines first, every part of a line lying
   within :data:`PARALLEL_M` of a line already kept is dropped; what remains keeps its own
   geometry. (Routing on one of the two tracks would give the same km for a leg, but the
   region would carry twice the points and the coverage km would be twice the route.)
2. **Clean joins.** On small-scale maps (Natural Earth, DCW) lines that cross meet there.
   A line end that touches no other line is joined to the nearest point of another line
   within the source's snap distance (1 km; 2 km on the small-scale maps; 3 km for China's
   corridor pieces), unless the join crosses a lake, the sea, or a national border: joins longer
   than :data:`TOUCH_KM` must start and end in one country (Natural Earth 1:50m) and keep
   their middle on land. A join longer than :data:`GAP_KM` is marked approximate ("bridges
   a gap in the track data").
3. **Cut at junctions, then simplify.** Lines are cut where they meet (shared points, and
   the joins), so junctions survive; each piece is simplified (Douglas-Peucker) with a
   tolerance of :data:`SIMPLIFY_M`, so no drawn point moves off the source track by more.
4. **Compile.** Pieces become the nodes and edges of a ``RailNetwork`` (geodesic edge
   lengths on WGS84, routing chains precomputed) and are packed.

Distances on these lines come from the track geometry (there are no km posts).
"""
from __future__ import annotations

import argparse
import dataclasses
import hashlib
import io
import json
import math
import re
import sys
import time
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import shapely

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from journey import railnet, railregions  # noqa: E402
from journey.geo import geodesic_km, haversine_km  # noqa: E402

SHARED = Path("/work/shared/data/rail")
OUT = ROOT / "data" / "rail" / "regions"
COUNTRIES = [ROOT / "data" / "basemap" / "ne_50m_admin0_countries.geojson",
             Path("/work/shared/data/ne_50m_admin0_countries_world.geojson")]
LAKES = [ROOT / "data" / "basemap" / "ne_50m_lakes.geojson",
         Path("/work/shared/data/ne_50m_lakes_world.geojson")]

PARALLEL_M = 50.0  # two tracks closer than this are one route
SIMPLIFY_M = 40.0  # below the ~50 m the issue allows, since step 1 already moved some ends
TOUCH_KM = 0.2  # ends this close meet (e.g. two countries' files at a border crossing)
GAP_KM = 0.5  # a longer join bridges a gap in the data: approximate
MIN_PIECE_KM = 0.1  # remnants of a parallel track shorter than this are dropped
KM_PER_DEG = 111.195  # mean-sphere km per degree of latitude
GENERIC = "railway"  # the name of a line whose source gives none

OSM = ("Rail: © OpenStreetMap contributors (ODbL)", "https://www.openstreetmap.org/copyright")
NE = ("Rail: Made with Natural Earth", "https://www.naturalearthdata.com/")
DCW = ("Rail: Digital Chart of the World (1990s, public domain)",
       "https://www.diva-gis.org/gdata")
SWISS = ("Glacier Express stops: opentransportdata.swiss", "https://opentransportdata.swiss/")

REASON_1990S = ("on 1990s map data (Digital Chart of the World): lines built, closed or "
                "rebuilt since may differ")
REASON_STATIONS = "drawn straight from station to station, not along the track"
REASON_GAP = "across a gap in the track data, joined straight"


@dataclass(frozen=True)
class Source:
    """One region to compile from a shared extract (or the shipped station files)."""

    region: str
    title: str
    file: str  # in --sources; "" for the shipped station files
    credit: tuple[str, str]
    licence: str
    # 1 km for track mapped on the ground (OSM); 2 km for the small-scale maps (Natural
    # Earth 1:10m, DCW 1:1M), whose lines end up to ~2 km short of the line they meet;
    # 3 km for China's corridor pieces.
    snap_km: float = 1.0
    dedupe: bool = True
    countries: tuple[str, ...] = ()  # keep only these ISO3 codes (empty: all)
    reason: str = ""  # every edge approximate for this reason
    named: bool = True  # the source's names are line names
    simplify: bool = True  # False for stop sequences: every point is a station
    # Lines that cross are joined there. Right for small-scale maps (Natural Earth, DCW),
    # which draw a junction as two lines crossing; wrong for OpenStreetMap, where a
    # crossing without a shared node is a bridge.
    crossings: bool = False
    missing: str = ""
    provenance: str = ""


SOURCES = (
    Source("ru_kp", "Russia: Trans-Siberian, Moscow–St Petersburg, Baranovsky–Khasan; "
           "North Korea: Pyongyang–Tumangang", "", OSM,
           "ODbL 1.0 (OpenStreetMap station nodes)", dedupe=False,
           missing="every other Russian and North Korean line",
           provenance="data/rail/lines/*.csv (see data/SOURCES.md)"),
    Source("na", "North America: USA, Canada, Mexico, Cuba, Central America (major lines)",
           "na_naturalearth_10m_railroads.geojson", NE, "public domain", snap_km=2.0,
           dedupe=False, crossings=True,
           named=False, missing="branch lines and most commuter lines (1:10m scale); no "
           "line names"),
    Source("gb", "Great Britain", "gb_osm_railways.geojson", OSM, "ODbL 1.0", dedupe=False,
           named=False, missing="Northern Ireland; no line names"),
    Source("pt", "Portugal", "europe12_osm_railways.geojson", OSM, "ODbL 1.0",
           countries=("PRT",), missing="Spain: no line leaves Portugal"),
    Source("dk", "Denmark", "europe12_osm_railways.geojson", OSM, "ODbL 1.0",
           countries=("DNK",), missing="Germany and Sweden: no line leaves Denmark"),
    Source("balkans", "Hungary, Slovakia, Slovenia, Croatia, Bosnia, Serbia, Montenegro, "
           "North Macedonia, Albania, Greece", "europe12_osm_railways.geojson", OSM,
           "ODbL 1.0", countries=("HUN", "SVK", "SVN", "HRV", "BIH", "SRB", "MNE", "MKD",
                                  "ALB", "GRC"),
           missing="Austria, Czechia, Poland, Ukraine, Romania, Bulgaria, Italy, Turkey"),
    Source("kr", "South Korea", "kr_osm_railways.geojson", OSM, "ODbL 1.0",
           missing="North Korea's lines beyond Dorasan"),
    Source("cn", "China: 13 trunk corridors", "cn_osm_corridors.geojson", OSM, "ODbL 1.0",
           snap_km=3.0, missing="every line off the 13 corridors; gaps up to 3 km are "
           "bridged"),
    Source("in", "India (network of the 1990s)", "in_dcw_railways.geojson", DCW,
           "public domain", snap_km=2.0, dedupe=False, crossings=True, named=False, reason=REASON_1990S,
           missing="lines built or converted since the 1990s; no line names"),
    Source("eg", "Egypt (partial)", "eg_osm_railways.geojson", OSM, "ODbL 1.0",
           missing="most Delta lines and the lines off the Nile and the coast"),
    Source("ch_glacier", "Switzerland: the Glacier Express, Zermatt–St. Moritz",
           "ch_glacier_express_stop_sequence.geojson", SWISS,
           "open data, source named (opentransportdata.swiss)", dedupe=False,
           simplify=False,
           reason=REASON_STATIONS, missing="the track itself (a line through 67 stations) "
           "and every other Swiss line"),
)


# -- geometry in a local plane -------------------------------------------------------------
# Shapely works in the plane; a region's longitudes are scaled by the cosine of its middle
# latitude, so a degree is ~111 km both ways there (within 10-20% across a region).

@dataclass
class Plane:
    k: float  # cos(mid latitude)

    def fwd(self, lonlat: np.ndarray) -> np.ndarray:
        return np.column_stack((lonlat[:, 0] * self.k, lonlat[:, 1]))

    def back(self, xy: np.ndarray) -> np.ndarray:
        return np.column_stack((xy[:, 0] / self.k, xy[:, 1]))

    @staticmethod
    def deg(metres: float) -> float:
        return metres / 1000.0 / KM_PER_DEG


def grid(lonlat: np.ndarray) -> np.ndarray:
    """Coordinates on the 1e-5 degree grid the sources use, consecutive repeats dropped."""
    a = np.rint(np.asarray(lonlat, dtype=np.float64) * 1e5) / 1e5
    if len(a) < 2:
        return a
    keep = np.concatenate(([True], np.any(a[1:] != a[:-1], axis=1)))
    return a[keep]


def key(p) -> tuple[int, int]:
    return int(round(p[0] * 1e5)), int(round(p[1] * 1e5))


# -- the border and water check ------------------------------------------------------------

class Land:
    """Natural Earth countries and lakes, to refuse a join across a border or water."""

    def __init__(self) -> None:
        countries = json.loads(_first(COUNTRIES).read_text("utf-8"))["features"]
        props = [f.get("properties") or {} for f in countries]
        self.codes = [p.get("adm0_a3") or p.get("ADM0_A3") or p.get("iso_a3") or str(i)
                      for i, p in enumerate(props)]
        self.polys = [shapely.from_geojson(json.dumps(f["geometry"])) for f in countries]
        self.tree = shapely.STRtree(self.polys)
        lakes = json.loads(_first(LAKES).read_text("utf-8"))["features"]
        self.lakes = shapely.STRtree([shapely.from_geojson(json.dumps(f["geometry"]))
                                      for f in lakes])

    def country(self, lon: float, lat: float, slack_deg: float = 0.05) -> str | None:
        pt = shapely.Point(lon, lat)
        hits = self.tree.query(pt, predicate="intersects")
        if len(hits):
            return self.codes[int(hits[0])]
        near = self.tree.query(pt, predicate="dwithin", distance=slack_deg)
        if not len(near):
            return None  # the sea
        best = min(near.tolist(), key=lambda i: self.polys[i].distance(pt))
        return self.codes[best]

    def join_ok(self, a: tuple[float, float], b: tuple[float, float], km: float) -> str:
        """"" when a join from a to b (lon, lat) is allowed, else why not."""
        if km <= TOUCH_KM:
            return ""
        ca, cb = self.country(*a), self.country(*b)
        if ca is None or cb is None:
            return "sea"
        if ca != cb:
            return "border"
        mid = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
        if self.country(*mid, slack_deg=0.01) is None:
            return "sea"
        seg = shapely.LineString([a, b])
        if len(self.lakes.query(seg, predicate="intersects")):
            return "lake"
        return ""


def _first(paths: list[Path]) -> Path:
    for p in paths:
        if p.exists():
            return p
    raise SystemExit(f"none of {', '.join(map(str, paths))} exists")


# -- the steps -----------------------------------------------------------------------------

@dataclass
class Line:
    name: str
    lonlat: np.ndarray  # (n, 2) on the 1e-5 grid
    reason: str = ""


def read_source(src: Source, folder: Path) -> list[Line]:
    doc = json.loads((folder / src.file).read_text("utf-8"))
    out = []
    for f in doc["features"]:
        props = f.get("properties") or {}
        if src.countries and props.get("country") not in src.countries:
            continue
        geom = f.get("geometry") or {}
        parts = ([geom["coordinates"]] if geom.get("type") == "LineString"
                 else geom.get("coordinates", []) if geom.get("type") == "MultiLineString"
                 else [])
        name = line_name(props) if src.named else GENERIC
        for part in parts:
            c = grid(np.array(part, dtype=np.float64)[:, :2])
            if len(c) >= 2:
                out.append(Line(name, c, src.reason))
    return out


def line_name(props: dict) -> str:
    """The source's name for a line, or "railway" where it has none (never an internal
    label such as "HUN railway (unnamed in OSM)")."""
    name = str(props.get("name") or "").strip()
    if not name or "unnamed" in name or name.startswith(("Natural Earth", "India railroad",
                                                         "GB railway")):
        return GENERIC
    if "(stop sequence" in name:
        name = name.split(" (stop sequence")[0]
    if "=>" in name or re.search(r", linha \d+$", name):
        name = name.split(",")[0]  # "Linha do Norte, Lx=>Porto, linha 1": one track's way
    if name.isdigit():
        name = f"line {name}"  # a line number (OSM ref), e.g. MÁV's 150
    return name


def dedupe(lines: list[Line], plane: Plane) -> list[Line]:
    """Each stretch of track once: parts within PARALLEL_M of a longer kept line go."""
    tol = plane.deg(PARALLEL_M)
    geoms = [shapely.linestrings(plane.fwd(l.lonlat)) for l in lines]
    order = sorted(range(len(lines)), key=lambda i: (-geoms[i].length, i))
    tree = shapely.STRtree(geoms)
    kept: dict[int, object] = {}  # line -> buffer of its kept part
    out: list[Line] = []
    min_len = MIN_PIECE_KM / KM_PER_DEG
    for i in order:
        g = geoms[i]
        near = [int(j) for j in tree.query(g, predicate="dwithin", distance=tol)
                if int(j) in kept]
        rest = g.difference(shapely.union_all([kept[j] for j in near])) if near else g
        parts = [p for p in shapely.get_parts(shapely.line_merge(rest)
                                              if rest.geom_type == "MultiLineString" else rest)
                 if p.geom_type == "LineString" and p.length >= min_len]
        if not parts:
            continue
        kept[i] = shapely.union_all([p.buffer(tol, quad_segs=2) for p in parts])
        for p in parts:
            c = grid(plane.back(shapely.get_coordinates(p)))
            if len(c) >= 2:
                out.append(Line(lines[i].name, c, lines[i].reason))
    return out


@dataclass
class Joins:
    made: int = 0
    gaps: int = 0
    refused: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def join_ends(lines: list[Line], snap_km: float, plane: Plane, land: Land
              ) -> tuple[list[Line], Joins]:
    """Join each loose line end to the nearest other line within snap_km (see the module
    docstring); returns the lines with the join points inserted, plus the join lines."""
    owners: dict[tuple[int, int], set[int]] = defaultdict(set)
    for i, l in enumerate(lines):
        for p in l.lonlat:
            owners[key(p)].add(i)
    geoms = [shapely.linestrings(plane.fwd(l.lonlat)) for l in lines]
    tree = shapely.STRtree(geoms)
    inserts: dict[int, list[tuple[float, tuple[float, float]]]] = defaultdict(list)
    joins: list[Line] = []
    stats = Joins()
    for i, l in enumerate(lines):
        for end in (l.lonlat[0], l.lonlat[-1]):
            if len(owners[key(end)]) > 1:
                continue  # already meets another line
            pt = shapely.Point(plane.fwd(end[None, :])[0])
            cands = [int(j) for j in tree.query(pt, predicate="dwithin",
                                                 distance=snap_km * 1.3 / KM_PER_DEG)
                     if int(j) != i]
            best = None
            for j in cands:
                at = geoms[j].project(pt)
                q = plane.back(shapely.get_coordinates(geoms[j].interpolate(at)))[0]
                q = grid(q[None, :])[0]
                km = haversine_km(end[1], end[0], q[1], q[0])
                if km <= snap_km and (best is None or km < best[0]):
                    best = (km, j, at, (float(q[0]), float(q[1])))
            if best is None:
                continue
            km, j, at, q = best
            why = land.join_ok((float(end[0]), float(end[1])), q, km)
            if why:
                stats.refused[why] += 1
                continue
            inserts[j].append((at, q))
            stats.made += 1
            if key(end) != key(q):
                gap = km > GAP_KM
                stats.gaps += gap
                joins.append(Line(l.name, np.array([end, q]),
                                  REASON_GAP if gap else l.reason))
    out = []
    for i, l in enumerate(lines):
        if i in inserts:
            l = dataclasses.replace(l, lonlat=_insert(l.lonlat, inserts[i], plane))
        out.append(l)
    return out + joins, stats


def join_crossings(lines: list[Line], plane: Plane) -> tuple[list[Line], int]:
    """Lines with a shared point put in wherever two of them cross (see Source.crossings)."""
    geoms = [shapely.linestrings(plane.fwd(l.lonlat)) for l in lines]
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    inserts: dict[int, list[tuple[float, tuple[float, float]]]] = defaultdict(list)
    made = 0
    for i, j in zip(left.tolist(), right.tolist()):
        if i >= j:
            continue
        meet = shapely.intersection(geoms[i], geoms[j])
        pts = []
        for part in shapely.get_parts(meet):
            c = shapely.get_coordinates(part)
            pts.extend([c[0], c[-1]] if len(c) > 1 else [c[0]])  # overlaps: their ends
        for xy in pts:
            q = grid(plane.back(np.array([xy])))[0]
            q = (float(q[0]), float(q[1]))
            pt = shapely.Point(xy)
            inserts[i].append((geoms[i].project(pt), q))
            inserts[j].append((geoms[j].project(pt), q))
            made += 1
    out = [dataclasses.replace(l, lonlat=_insert(l.lonlat, inserts[i], plane))
           if i in inserts else l for i, l in enumerate(lines)]
    return out, made


def _insert(lonlat: np.ndarray, points: list[tuple[float, tuple[float, float]]],
            plane: Plane) -> np.ndarray:
    """The line with each (distance along it in the plane, point) put in its place."""
    xy = plane.fwd(lonlat)
    cum = np.concatenate(([0.0], np.cumsum(np.hypot(*np.diff(xy, axis=0).T))))
    pts = list(map(tuple, lonlat.tolist()))
    # From the far end backwards, so earlier positions stay valid.
    for at, q in sorted(points, key=lambda t: -t[0]):
        if any(key(q) == key(p) for p in pts):
            continue
        s = int(np.clip(np.searchsorted(cum, at, side="right") - 1, 0, len(cum) - 2))
        pts.insert(s + 1, q)
    return np.array(pts)


def cut_and_simplify(lines: list[Line], plane: Plane, simplify: bool = True) -> list[Line]:
    """Pieces between junctions (points shared by lines, and line ends), simplified."""
    count: dict[tuple[int, int], int] = defaultdict(int)
    for l in lines:
        for k in {key(p) for p in l.lonlat}:
            count[k] += 1
        count[key(l.lonlat[0])] += 2
        count[key(l.lonlat[-1])] += 2
    tol = plane.deg(SIMPLIFY_M)
    out = []
    for l in lines:
        cuts = [0] + [i for i in range(1, len(l.lonlat) - 1) if count[key(l.lonlat[i])] > 1]
        cuts.append(len(l.lonlat) - 1)
        for a, b in zip(cuts, cuts[1:]):
            piece = l.lonlat[a:b + 1]
            if len(piece) > 2 and simplify:
                g = shapely.simplify(shapely.linestrings(plane.fwd(piece)), tol,
                                     preserve_topology=False)
                piece = grid(plane.back(shapely.get_coordinates(g)))
                piece[0], piece[-1] = l.lonlat[a], l.lonlat[b]
            if len(piece) >= 2 and key(piece[0]) != key(piece[-1]) or len(piece) > 2:
                out.append(Line(l.name, piece, l.reason))
    return out


def compile_pieces(pieces: list[Line], credit: tuple[str, str]) -> railnet.RailNetwork:
    """A RailNetwork whose nodes are the pieces' distinct points."""
    flat = np.concatenate([p.lonlat for p in pieces])
    keys = np.rint(flat * 1e5).astype(np.int64)
    uniq, first, inv = np.unique(keys[:, 0] * 40_000_000 + keys[:, 1], return_index=True,
                                 return_inverse=True)
    node = flat[first]
    off = np.cumsum([0] + [len(p.lonlat) for p in pieces])
    reasons = ["", *dict.fromkeys(p.reason for p in pieces if p.reason)]
    edges, edge_km, edge_line, edge_reason, line_nodes = [], [], [], [], []
    for li, p in enumerate(pieces):
        ids = inv[off[li]:off[li + 1]]
        line_nodes.append(ids.astype(np.int32))
        for s in range(len(ids) - 1):
            edges.append((ids[s], ids[s + 1]))
            edge_km.append(geodesic_km(node[ids[s]], node[ids[s + 1]]))
            edge_line.append(li)
            edge_reason.append(reasons.index(p.reason) if p.reason else 0)
    edges_a = np.array(edges, dtype=np.int32).reshape(-1, 2)
    reason_a = np.array(edge_reason, dtype=np.int8)
    net = railnet.RailNetwork(
        node, edges_a, np.array(edge_km), np.full(len(edges), np.nan),
        np.array(edge_line, dtype=np.int32), reason_a > 0, tuple(p.name for p in pieces),
        tuple(line_nodes), node[edges_a].reshape(-1, 4),
        tuple(node[ln] for ln in line_nodes), approx_reasons=tuple(reasons),
        edge_reason=reason_a, credits=(credit,),
        line_credit=np.zeros(len(pieces), dtype=np.int16))
    return dataclasses.replace(net, chain_arrays=railnet._Chains.build(net).to_arrays())


def station_files() -> tuple[Path, ...]:
    """The station files of data/rail/lines/, the source of the "ru_kp" region."""
    return tuple(sorted(p for p in (ROOT / "data" / "rail" / "lines").iterdir()
                        if p.suffix.lower() in railnet.LINE_SUFFIXES))


def compile_stations(src: Source) -> railnet.RailNetwork:
    """The shipped station files, compiled as load_network compiles a user's files."""
    files = station_files()
    lines = [l for p in files for l in railnet.parse_file(p, railnet._read(p))]
    return railnet.compile_network(lines, credits=[src.credit] * len(lines))


def build(src: Source, folder: Path, land: Land | None) -> tuple[railnet.RailNetwork, dict]:
    t = time.perf_counter()
    if not src.file:
        net = compile_stations(src)
        return net, {"joins": 0, "gaps": 0, "refused": {}, "seconds": 0.0}
    lines = read_source(src, folder)
    allc = np.concatenate([l.lonlat for l in lines])
    plane = Plane(math.cos(math.radians(float(allc[:, 1].min() + allc[:, 1].max()) / 2)))
    if src.dedupe:
        lines = dedupe(lines, plane)
    crossings = 0
    if src.crossings:
        lines, crossings = join_crossings(lines, plane)
    lines, joins = join_ends(lines, src.snap_km, plane, land)
    pieces = cut_and_simplify(lines, plane, src.simplify)
    net = compile_pieces(pieces, src.credit)
    return net, {"joins": joins.made, "gaps": joins.gaps, "refused": dict(joins.refused),
                 "crossings": crossings, "seconds": round(time.perf_counter() - t, 1)}


def write_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """np.savez_compressed, but the same arrays give the same bytes (numpy stamps each
    member with the time of writing), so a rebuild that changes nothing shows no diff."""
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        for name, arr in arrays.items():
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.asanyarray(arr), allow_pickle=False)
            z.writestr(info, buf.getvalue())
    tmp.replace(path)


def route_km(net: railnet.RailNetwork) -> float:
    """Km of line in the region: every edge once (joins included, a few km in all)."""
    return float(net.edge_km.sum())


def write(src: Source, net: railnet.RailNetwork, out: Path) -> dict:
    path = out / f"{src.region}.npz"
    write_npz(path, railregions.pack(net, compact=bool(src.file)))
    ll = net.node_lonlat
    return {
        "name": src.region, "file": path.name, "title": src.title,
        "bbox": [round(float(ll[:, 0].min()), 3), round(float(ll[:, 1].min()), 3),
                 round(float(ll[:, 0].max()), 3), round(float(ll[:, 1].max()), 3)],
        "credit": list(src.credit), "licence": src.licence,
        "sources": [src.file or src.provenance], "route_km": round(route_km(net)),
        "missing": src.missing,
        "cells": sorted({railregions.cell_id(math.floor(y), math.floor(x))
                         for x, y in ll.tolist()}),
        "bytes": path.stat().st_size,
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
    }


def write_index(entries: list[dict], path: Path) -> None:
    """index.json, one region a line (its cell list is long, and reads better so)."""
    rows = ",\n".join("  " + json.dumps(e, ensure_ascii=False) for e in entries)
    path.write_text(f'{{"format": {railregions.REGION_FORMAT}, "note": "written by '
                    f'tools/rail_compile.py; see data/SOURCES.md",\n "regions": [\n'
                    f'{rows}\n ]}}\n', "utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sources", type=Path, default=SHARED)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--only", nargs="*", default=None)
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    index_path = args.out / railregions.INDEX
    old = {}
    if index_path.exists():
        old = {r["name"]: r for r in json.loads(index_path.read_text("utf-8"))["regions"]}
    land = Land()
    entries = []
    for src in SOURCES:
        if args.only is not None and src.region not in args.only:
            if src.region in old:
                entries.append(old[src.region])
            continue
        net, stats = build(src, args.sources, land)
        entry = write(src, net, args.out)
        entries.append(entry)
        print(f"{src.region:11s} {entry['bytes'] / 1e6:5.2f} MB  {len(net.node_lonlat):7d} "
              f"nodes  {entry['route_km']:8,d} km  joins {stats['joins']} (gaps "
              f"{stats['gaps']}, refused {stats['refused']}), crossings "
              f"{stats.get('crossings', 0)}  {stats['seconds']} s")
    write_index(entries, index_path)
    total = sum(e["bytes"] for e in entries)
    print(f"total {total / 1e6:.2f} MB in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
