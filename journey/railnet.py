"""The rail network: line files -> one routable graph (cached by :mod:`journey.railcache`).

The shipped network comes precompiled by region (:mod:`journey.railregions`; a build
reads only the regions near its stops). A user's line files (``--rail``) are merged into
those regions by :func:`compile_network` and the result is cached by
:mod:`journey.railcache`.

A *line* is an ordered sequence of points on the track (stations, halts, or the vertices of a
drawn line). Two kinds of file describe lines, and any number of them can be combined:

- a station CSV (``name, lat, lon`` required; ``km``, ``line``, ``approximate`` optional),
  rows in track order; consecutive rows are joined by track, and a change in ``line``
  starts a new line;
- a GeoJSON file of LineString / MultiLineString features (``properties.name`` names the
  line), e.g. an OpenStreetMap export of a railway.

Lines join where a point of one lies within :data:`MERGE_KM` of a point of another. Edges
weigh their geodesic length (WGS84). Where a CSV gives km posts, each stretch between two
consistent posts also carries its km-post length, which the route prefers for distances.

    >>> from journey.railcache import load_network
    >>> net = load_network(near=[(55.7520, 37.6178)])
    >>> net.snap(55.7520, 37.6178)[1] < 5      # Moscow's centre is near a station
    True
"""
from __future__ import annotations

import csv
import dataclasses
import functools
import heapq
import io
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator, Sequence

import numpy as np

from journey import railregions
from journey.errors import InputError
from journey.files import read_bytes
from journey.geo import EARTH_RADIUS_KM, geodesic_km, haversine_km
from journey.numbers import DECIMAL

if TYPE_CHECKING:
    import networkx as nx

# Two lines meet where a point of one lies this close to a point of another. The same
# station drawn by two sources (an OSM station node and a line vertex at the platform)
# differs by up to a platform length, ~0.5 km; distinct stations on different lines are
# rarely that close, and where they are (Moscow's Yaroslavsky and Leningradsky terminals,
# 0.2 km apart on one square) they are linked by track anyway.
MERGE_KM = 0.5
# A straight chord longer than this cannot be trusted to follow the track: it is marked
# approximate (the longest gap between Russian stations in the shipped data is 28 km).
APPROX_CHORD_KM = 40.0
# What an approximate edge of a station file is, in the words of the route's warning.
STATION_APPROX_REASON = ("run between town centres or far-apart stations, not surveyed "
                         "track")
FORMAT = 6  # bump when the compiled layout or the compile rules change
LINE_SUFFIXES = (".csv", ".geojson", ".json")


@dataclass(frozen=True, slots=True)
class RailLineData:
    """One line as parsed: points in track order, optional km posts, approximate flags."""

    name: str
    source: str  # file name (and feature number), for messages
    lonlat: tuple[tuple[float, float], ...]
    km: tuple[float | None, ...]
    approximate: tuple[bool, ...]


# -- parsing -------------------------------------------------------------------------------

# A decimal number as people write it: Python's float() also takes "5_4.99", "nan",
# "infinity" and non-ASCII digits, none of which belongs in a coordinate file.
# The csv module's own limit (131,072 characters) raises a bare csv.Error; a rail field is
# never near it, so a longer one is reported as what it is.
_MAX_FIELD = 131_072


def _float(value: str, what: str, where: str, example: str = "decimal degrees like 55.7558"
           ) -> float:
    """``value`` as a finite float, or an InputError naming ``where`` and the fix."""
    if not DECIMAL.fullmatch(value):
        raise InputError(f"{where}: {what} {value[:40]!r} is not a number; give {example}")
    x = float(value)
    if not math.isfinite(x):
        raise InputError(f"{where}: {what} {value[:40]!r} is not a finite number")
    return x


def _refuse_nul(text: str, source: str) -> None:
    """A NUL byte means a binary file (the csv module would let it through to a name)."""
    at = text.find("\0")
    if at >= 0:
        raise InputError(f"{source}:{text.count(chr(10), 0, at) + 1}: a NUL byte; rail data "
                         "is a text file (CSV or GeoJSON)")


def _csv_rows(text: str, source: str) -> Iterator[tuple[int, list[str]]]:
    """(line number, fields) per CSV record; a csv-module failure becomes an InputError.

    ``strict`` makes an unclosed quote an error (the lenient reader would swallow the rest
    of the file into one field and the row would fail later as a missing number)."""
    reader = csv.reader(io.StringIO(text), strict=True)
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            msg = str(exc)
            if "unexpected end of data" in msg or "EOF" in msg:
                raise InputError(f"{source}:{start}: a quote (\") opened here is never "
                                 "closed; close it or remove it") from None
            if "field larger than field limit" in msg:
                raise InputError(f"{source}:{start}: a field longer than {_MAX_FIELD:,} "
                                 "characters; this is not a rail station CSV") from None
            raise InputError(f"{source}:{reader.line_num}: not valid CSV ({msg}); quote a "
                             "field that holds a comma or a quote") from None
        yield start, row
        start = reader.line_num + 1


def parse_station_csv(text: str, source: str) -> list[RailLineData]:
    r"""Lines from a station CSV; each run of rows with the same ``line`` is one line.

    >>> [ln.name for ln in parse_station_csv("name,lat,lon\nA,1,2\nB,1.5,2.5\n", "x.csv")]
    ['x']
    >>> parse_station_csv("name,lat,lon\nA,5_4.99,2\nB,1,2\n", "x.csv")
    Traceback (most recent call last):
    ...
    journey.errors.InputError: x.csv:2: lat '5_4.99' is not a number; give decimal degrees like 55.7558
    """
    _refuse_nul(text, source)
    rows = _csv_rows(text.lstrip("\ufeff"), source)
    header_line, header = next(rows, (1, []))
    columns = [f.strip().lower() for f in header]
    missing = {"lat", "lon"} - set(columns)
    if missing:
        raise InputError(f"{source}: rail station CSV needs columns lat and lon (missing "
                         f"{', '.join(sorted(missing))}); see README, 'Rail data'")
    default_name = Path(source).stem.replace("_", " ")
    runs: list[tuple[str, list[tuple[float, float, float | None, bool]]]] = []
    for n, fields in rows:
        where = f"{source}:{n}"
        if not any(f.strip() for f in fields):
            continue  # a blank line
        if len(fields) > len(columns):
            raise InputError(f"{where}: {len(fields)} values but the header has "
                             f"{len(columns)} columns; quote a name that holds a comma")
        r = {k: v.strip() for k, v in zip(columns, fields)}
        lat = _float(r.get("lat", ""), "lat", where)
        lon = _float(r.get("lon", ""), "lon", where)
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise InputError(f"{where}: lat {lat}, lon {lon} is off the globe; lat is "
                             "-90..90 and lon -180..180 (are they swapped?)")
        km = (_float(r["km"], "km", where, "the km post as a number like 9288 or 12.5")
              if r.get("km") else None)
        approx = r.get("approximate", "").lower() in {"true", "yes", "1", "y"}
        name = r.get("line") or default_name
        if not runs or runs[-1][0] != name:
            runs.append((name, []))
        runs[-1][1].append((lon, lat, km, approx))
    lines = []
    for name, pts in runs:
        if len(pts) >= 2:
            lines.append(RailLineData(name, source, tuple((p[0], p[1]) for p in pts),
                                      tuple(p[2] for p in pts), tuple(p[3] for p in pts)))
    if not lines:
        raise InputError(f"{source}: no line in this rail CSV; it needs at least two rows "
                         "(stations in track order)")
    return lines


def _lonlat(c: object) -> tuple[float, float] | None:
    """A GeoJSON position as (lon, lat), or None when it is not a pair of finite numbers
    on the globe (a third value, the height, is allowed and dropped)."""
    if not isinstance(c, list) or not 2 <= len(c) <= 3:
        return None
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in c):
        return None
    try:
        x, y = float(c[0]), float(c[1])
    except OverflowError:  # an integer too big for a float
        return None
    if not (-180 <= x <= 180 and -90 <= y <= 90):  # also False for NaN
        return None
    return x, y


def parse_geojson(text: str, source: str) -> list[RailLineData]:
    """Lines from the LineString and MultiLineString features of a GeoJSON file.

    Anything else in the file (points, polygons, features of another shape) is skipped;
    a LineString whose coordinates are not [lon, lat] pairs is an error naming the feature.

    >>> parse_geojson('{"type": "LineString", "coordinates": [[1, 2], {"lon": 3}]}', "r.json")
    Traceback (most recent call last):
    ...
    journey.errors.InputError: r.json feature 0: coordinate 1 is not a [lon, lat] pair of numbers on the globe (lon -180..180, lat -90..90)
    """
    _refuse_nul(text, source)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{source}:{exc.lineno}: not valid JSON (column {exc.colno}: "
                         f"{exc.msg})") from None
    except RecursionError:
        raise InputError(f"{source}: JSON nested too deeply to be rail data; a GeoJSON "
                         "LineString is [[lon, lat], ...]") from None
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise InputError(f"{source}: not valid JSON ({' '.join(str(exc).split()[:8])})"
                         ) from None
    features = doc.get("features") if isinstance(doc, dict) else None
    if isinstance(doc, dict) and doc.get("type") == "Feature":
        features = [doc]
    elif isinstance(doc, dict) and doc.get("type") in ("LineString", "MultiLineString"):
        features = [{"type": "Feature", "geometry": doc, "properties": {}}]
    if not isinstance(features, list):
        raise InputError(f"{source}: not a GeoJSON FeatureCollection; export the railway "
                         "as GeoJSON LineStrings")
    default_name = Path(source).stem.replace("_", " ")
    lines = []
    for i, feat in enumerate(features):
        where = f"{source} feature {i}"
        if not isinstance(feat, dict):
            raise InputError(f"{where}: a feature must be a JSON object "
                             '({"type": "Feature", "geometry": ...}), not '
                             f"{type(feat).__name__}")
        geom, props = feat.get("geometry"), feat.get("properties")
        if geom is None:
            continue  # GeoJSON allows a feature without geometry
        if not isinstance(geom, dict):
            raise InputError(f"{where}: geometry must be a JSON object "
                             '({"type": "LineString", "coordinates": ...})')
        if props is not None and not isinstance(props, dict):
            raise InputError(f"{where}: properties must be a JSON object or null")
        props = props or {}
        name = props.get("name") or props.get("ref") or default_name
        name = name if isinstance(name, str) else json.dumps(name)
        coords = geom.get("coordinates")
        if geom.get("type") == "LineString":
            parts = [coords]
        elif geom.get("type") == "MultiLineString":
            parts = coords
        else:
            continue
        if not isinstance(parts, list) or not all(isinstance(p, list) for p in parts):
            raise InputError(f"{where}: {geom['type']} coordinates must be "
                             + ("[[lon, lat], ...]" if geom["type"] == "LineString"
                                else "[[[lon, lat], ...], ...]"))
        for part in parts:
            pts = []
            for k, c in enumerate(part):
                pt = _lonlat(c)
                if pt is None:
                    raise InputError(f"{where}: coordinate {k} is not a [lon, lat] pair of "
                                     "numbers on the globe (lon -180..180, lat -90..90)")
                pts.append(pt)
            if len(pts) >= 2:
                lines.append(RailLineData(name, where, tuple(pts),
                                          (None,) * len(pts), (False,) * len(pts)))
    if not lines:
        raise InputError(f"{source}: no LineString features; a rail GeoJSON needs the "
                         "track as LineStrings")
    return lines


def rail_files(extra: Iterable[str | Path] = ()) -> tuple[Path, ...]:
    """The user's line files (a file, or every line file in a folder), in order."""
    files: list[Path] = []
    for item in extra:
        p = Path(item)
        if p.is_dir():
            found = sorted(q for q in p.iterdir() if q.suffix.lower() in LINE_SUFFIXES)
            if not found:
                raise InputError(f"{p}: no .csv or .geojson rail files in this folder")
            files.extend(found)
        elif p.is_file():
            if p.suffix.lower() not in LINE_SUFFIXES:
                raise InputError(f"{p}: rail data must be a .csv (stations) or .geojson "
                                 "(LineStrings) file")
            files.append(p)
        else:
            raise InputError(f"{p}: no such rail file or folder; check the --rail path")
    return tuple(files)


def _read(path: Path) -> str:
    try:
        return read_bytes(path).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{path}: rail data is not UTF-8 text; save it as UTF-8") from None


def parse_file(path: Path, text: str) -> list[RailLineData]:
    if path.suffix.lower() == ".csv":
        return parse_station_csv(text, str(path))
    return parse_geojson(text, str(path))


# -- compiling -----------------------------------------------------------------------------

def _post_lengths(line: RailLineData, seg_km: Sequence[float]) -> list[float]:
    """Per segment, its length by km posts (NaN where no consistent pair of posts spans it).

    Between two posts the post difference is shared out by geodesic length. A pair whose
    difference disagrees wildly with the track between them (another kilometrage, a typo)
    is ignored, so those segments fall back to geodesic length.
    """
    out = [math.nan] * len(seg_km)
    posts = [i for i, k in enumerate(line.km) if k is not None]
    trend = 0.0
    if len(posts) >= 2:
        trend = math.copysign(1.0, (line.km[posts[-1]] or 0) - (line.km[posts[0]] or 0))
    for i, j in zip(posts, posts[1:]):
        geo = sum(seg_km[i:j])
        dk = ((line.km[j] or 0) - (line.km[i] or 0)) * trend
        # km-post names are whole kilometres and halts sit a few hundred metres off them, so
        # short pairs get an absolute allowance as well as a ratio.
        if geo <= 0 or not (0.5 * geo - 3 <= dk <= 1.6 * geo + 8):
            continue
        for s in range(i, j):
            out[s] = dk * seg_km[s] / geo
    return out


def _networkx():
    """networkx, imported only by the analysis views (a quarter-second import no build
    needs, and not a run-time dependency)."""
    try:
        import networkx
    except ImportError:
        raise ImportError("RailNetwork.graph and .junction_graph need networkx, which a "
                          "build does not: pip install networkx (or journey[test])") from None
    return networkx


@dataclass(frozen=True)
class RailNetwork:
    """The compiled network: node positions, edges with lengths, and the lines themselves."""

    node_lonlat: np.ndarray  # (N, 2) float64
    edges: np.ndarray  # (E, 2) int32, node indices in line order
    edge_km: np.ndarray  # (E,) geodesic length
    edge_post_km: np.ndarray  # (E,) length by km posts, NaN where none
    edge_line: np.ndarray  # (E,) index into line_names
    edge_approx: np.ndarray  # (E,) bool: a chord between approximate points
    line_names: tuple[str, ...]
    line_nodes: tuple[np.ndarray, ...]  # per line, its node indices in track order
    # The lines' own points: a merged node sits where the first line put it, but each
    # line is drawn through its own stations (Yaroslavsky, not Leningradsky, in Moscow).
    edge_ends: np.ndarray  # (E, 4) float64: lon, lat at edges[:, 0], then at edges[:, 1]
    line_lonlat: tuple[np.ndarray, ...]  # per line, (n, 2) its points in track order
    # The junction structure, precomputed at compile time so a build does not redo it:
    # (chain nodes flat, their offsets, chain edges flat, their offsets), see _Chains.
    chain_arrays: tuple[np.ndarray, ...] = ()
    # Why an approximate edge is approximate, in a reader's words: edge_reason indexes
    # approx_reasons (0: not approximate). Which source each line comes from, for the
    # map's credits: line_credit indexes credits, pairs of (text, link); -1 for none.
    approx_reasons: tuple[str, ...] = ("",)
    edge_reason: np.ndarray | None = None
    credits: tuple[tuple[str, str], ...] = ()
    line_credit: np.ndarray | None = None

    def edge_reasons(self) -> np.ndarray:
        """Per edge, its index into :attr:`approx_reasons` (0: on surveyed track)."""
        if self.edge_reason is not None:
            return self.edge_reason
        return np.where(self.edge_approx, 1, 0).astype(np.int8)

    @functools.cached_property
    def graph(self) -> nx.Graph:
        """The whole network as a networkx graph, for analysis; routing does not use it
        (networkx is a test/analysis dependency: ``pip install journey[test]``)."""
        nx = _networkx()

        g = nx.Graph()
        g.add_nodes_from(range(len(self.node_lonlat)))
        for i in np.argsort(self.edge_km, kind="stable"):
            u, v = int(self.edges[i, 0]), int(self.edges[i, 1])
            if not g.has_edge(u, v):  # parallel lines: keep the shorter edge
                g.add_edge(u, v, weight=float(self.edge_km[i]), i=int(i))
        return g

    @functools.cached_property
    def derived(self) -> dict:
        """Scratch space for values other modules derive once per network (e.g. the
        simplified context lines)."""
        return {}

    @functools.cached_property
    def _chains(self) -> "_Chains":
        if self.chain_arrays:
            return _Chains.from_arrays(self, *self.chain_arrays)
        return _Chains.build(self)

    @property
    def junction_graph(self) -> nx.Graph:
        """The graph routing runs on, as a networkx graph: junctions and line ends as
        nodes, the stretches of line between them (chains of stations) as edges weighted
        by geodesic length, attribute "c" the chain."""
        nx = _networkx()

        g = nx.Graph()
        for u, nbrs in self._chains.links.items():
            g.add_node(u)
            g.add_edges_from((u, v, {"weight": w, "c": c}) for v, (w, c) in nbrs.items())
        return g

    def shortest_path(self, a: int, b: int) -> tuple[list[int], list[int]] | None:
        """Nodes and edge indices of the shortest path from node a to node b, or None when
        no line joins them. Dijkstra runs on :attr:`junction_graph`, so its cost grows
        with the number of junctions, not of stations."""
        return self._chains.route(a, b)

    @functools.cached_property
    def _unit(self) -> np.ndarray:
        lon, lat = np.radians(self.node_lonlat[:, 0]), np.radians(self.node_lonlat[:, 1])
        return np.column_stack((np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon),
                                np.sin(lat)))

    def snap(self, lat: float, lon: float) -> tuple[int, float]:
        """The nearest node to a point and its great-circle distance in km (-1 and
        infinity in a network with no node)."""
        if not len(self.node_lonlat):
            return -1, math.inf
        la, lo = math.radians(lat), math.radians(lon)
        p = np.array((math.cos(la) * math.cos(lo), math.cos(la) * math.sin(lo), math.sin(la)))
        dots = self._unit @ p
        i = int(np.argmax(dots))
        return i, EARTH_RADIUS_KM * math.acos(max(-1.0, min(1.0, float(dots[i]))))

    def line_coords(self, line: int) -> tuple[tuple[float, float], ...]:
        return tuple(map(tuple, self.line_lonlat[line].tolist()))


@dataclass
class _Chains:
    """The network cut at its junctions: every node of degree 2 lies inside exactly one
    chain; junctions and line ends ("keys") are the nodes of a small graph."""

    # The junction graph: key -> {neighbour key: (km, chain index)}, in insertion order
    # (Dijkstra's ties go to the neighbour met first). A plain dict, not networkx: a
    # build routes a few legs on a few hundred keys, and importing networkx cost more
    # than all of the routing.
    links: dict[int, dict[int, tuple[float, int]]]
    nodes: list[list[int]]  # per chain, its nodes from one key to the other
    edges: list[list[int]]  # per chain, its edge indices in the same order
    cum: list[np.ndarray]  # per chain, geodesic km from its first node
    where: dict[int, tuple[int, int]]  # inner node -> (chain, position)

    @classmethod
    def build(cls, net: "RailNetwork") -> "_Chains":
        adj: dict[int, dict[int, int]] = {}
        for i in np.argsort(net.edge_km, kind="stable"):
            u, v = int(net.edges[i, 0]), int(net.edges[i, 1])
            if v not in adj.setdefault(u, {}):  # parallel edges: the shortest wins
                adj[u][v] = int(i)
                adj.setdefault(v, {})[u] = int(i)
        keys = {n for n, nb in adj.items() if len(nb) != 2}
        links: dict[int, dict[int, tuple[float, int]]] = {k: {} for k in sorted(keys)}
        chains = cls(links, [], [], [], {})
        seen: set[int] = set()

        def walk(start: int, first: int) -> None:
            nodes, edges = [start], []
            prev, cur = start, first
            while True:
                e = adj[prev][cur]
                if e in seen:
                    return
                seen.add(e)
                nodes.append(cur)
                edges.append(e)
                if cur in keys:
                    break
                prev, cur = cur, next(n for n in adj[cur] if n != prev)
            c = len(chains.nodes)
            chains.nodes.append(nodes)
            chains.edges.append(edges)
            chains.cum.append(np.concatenate(([0.0], np.cumsum(net.edge_km[edges]))))
            for k, n in enumerate(nodes[1:-1], start=1):
                chains.where[n] = (c, k)
            chains._link(nodes[0], nodes[-1], float(chains.cum[c][-1]), c)

        for k in sorted(keys):
            for n in sorted(adj[k]):
                walk(k, n)
        for n in sorted(adj):  # rings without any junction: cut them at their lowest node
            if n not in keys and n not in chains.where:
                keys.add(n)
                links.setdefault(n, {})
                walk(n, min(adj[n]))
        return chains

    def to_arrays(self) -> tuple[np.ndarray, ...]:
        def flat(parts: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
            off = np.cumsum([0] + [len(p) for p in parts]).astype(np.int64)
            data = np.array([x for p in parts for x in p], dtype=np.int32)
            return data, off
        return (*flat(self.nodes), *flat(self.edges))

    @classmethod
    def from_arrays(cls, net: "RailNetwork", nodes: np.ndarray, node_off: np.ndarray,
                    edges: np.ndarray, edge_off: np.ndarray) -> "_Chains":
        chains = cls({}, [], [], [], {})
        for c in range(len(node_off) - 1):
            ns = nodes[node_off[c]:node_off[c + 1]].tolist()
            es = edges[edge_off[c]:edge_off[c + 1]].tolist()
            chains.nodes.append(ns)
            chains.edges.append(es)
            chains.cum.append(np.concatenate(([0.0], np.cumsum(net.edge_km[es]))))
            chains.where.update((n, (c, k)) for k, n in enumerate(ns[1:-1], start=1))
            chains.links.setdefault(ns[0], {})
            chains.links.setdefault(ns[-1], {})
            chains._link(ns[0], ns[-1], float(chains.cum[c][-1]), c)
        return chains

    def _link(self, a: int, b: int, km: float, c: int) -> None:
        """Join keys a and b by chain c, unless a shorter chain already joins them."""
        if a != b and (b not in self.links[a] or self.links[a][b][0] > km):
            self.links[a][b] = self.links[b][a] = (km, c)

    def _dijkstra(self, source: int) -> tuple[dict[int, float], dict[int, int]]:
        """Km from ``source`` to every key it reaches, and each key's predecessor on the
        shortest way; ties keep the first way found (as networkx's Dijkstra does)."""
        dist: dict[int, float] = {}
        seen = {source: 0.0}
        pred: dict[int, int] = {}
        tie = 0  # heap order among equal distances: first pushed, first popped
        fringe = [(0.0, tie, source)]
        while fringe:
            d, _, v = heapq.heappop(fringe)
            if v in dist:
                continue
            dist[v] = d
            for u, (w, _c) in self.links[v].items():
                du = d + w
                if u not in dist and (u not in seen or du < seen[u]):
                    seen[u] = du
                    pred[u] = v
                    tie += 1
                    heapq.heappush(fringe, (du, tie, u))
        return dist, pred

    def _exits(self, n: int) -> list[tuple[int, float, int, int, int]]:
        """(key, km to it, chain, position, the key's position) for each way from node n
        to a key (two for a node inside a chain; both may reach the same key on a loop)."""
        if n not in self.where:
            return [(n, 0.0, -1, 0, 0)]
        c, k = self.where[n]
        cum, last = self.cum[c], len(self.nodes[c]) - 1
        return [(self.nodes[c][0], float(cum[k]), c, k, 0),
                (self.nodes[c][-1], float(cum[-1] - cum[k]), c, k, last)]

    def _piece(self, c: int, i: int, j: int) -> tuple[list[int], list[int]]:
        """Nodes and edges of chain c from position i to position j (either direction)."""
        if i <= j:
            return self.nodes[c][i:j + 1], self.edges[c][i:j]
        return self.nodes[c][j:i + 1][::-1], self.edges[c][j:i][::-1]

    def route(self, a: int, b: int) -> tuple[list[int], list[int]] | None:
        if a == b:
            return [a], []
        if not all(n in self.where or n in self.links for n in (a, b)):
            return None  # a node no edge reaches
        best: tuple[float, list[tuple[int, int, int]]] | None = None
        if a in self.where and b in self.where and self.where[a][0] == self.where[b][0]:
            c, i = self.where[a]
            j = self.where[b][1]
            best = (abs(float(self.cum[c][j] - self.cum[c][i])), [(c, i, j)])
        starts, ends = self._exits(a), self._exits(b)
        dist: dict[int, tuple[dict, dict]] = {}
        for ka, da, ca, ia, ea in starts:
            if ka not in dist:
                dist[ka] = self._dijkstra(ka)
            lengths, pred = dist[ka]
            for kb, db, cb, ib, eb in ends:
                if kb not in lengths:
                    continue
                total = da + lengths[kb] + db
                if best is not None and total >= best[0]:
                    continue
                pieces = [(ca, ia, ea)] if ca >= 0 else []
                keys = [kb]
                while keys[-1] != ka:
                    keys.append(pred[keys[-1]])
                keys.reverse()
                for u, v in zip(keys, keys[1:]):
                    c = self.links[u][v][1]
                    last = len(self.nodes[c]) - 1
                    pieces.append((c, 0, last) if self.nodes[c][0] == u else (c, last, 0))
                if cb >= 0:
                    pieces.append((cb, eb, ib))
                best = (total, pieces)
        if best is None:
            return None
        nodes, edges = [a], []
        for c, i, j in best[1]:
            pn, pe = self._piece(c, i, j)
            nodes.extend(pn[1:])
            edges.extend(pe)
        return nodes, edges


def compile_network(lines: Sequence[RailLineData], *, base: RailNetwork | None = None,
                    credits: Sequence[tuple[str, str]] | None = None) -> RailNetwork:
    """Merge the lines' points into nodes and join consecutive points by edges.

    ``base``: a compiled network the lines are added to (their points merge with its
    nodes within :data:`MERGE_KM`, as with each other). ``credits``: per line, the
    (text, link) the map credits when a route uses it.
    """
    nodes: list[tuple[float, float]] = []
    owner: list[int] = []  # the line that created each node
    grid: dict[tuple[int, int], list[int]] = {}
    cell = MERGE_KM / 111.0  # degrees of latitude per cell
    edges, edge_km, edge_post, edge_line, edge_approx = [], [], [], [], []
    edge_ends: list[tuple[float, float, float, float]] = []
    names: list[str] = []
    line_nodes: list[np.ndarray] = []
    n_base = 0 if base is None else len(base.node_lonlat)
    if base is not None and lines and n_base:
        # Only the base nodes near the new lines go into the grid: a user's file near
        # Chicago need not index the whole of North America.
        pts = np.array([p for line in lines for p in line.lonlat])
        pad = 2 * cell / max(0.02, math.cos(math.radians(min(89.0, float(np.abs(pts[:, 1]).max())))))
        w, s_, e, n = pts[:, 0].min() - pad, pts[:, 1].min() - 2 * cell, \
            pts[:, 0].max() + pad, pts[:, 1].max() + 2 * cell
        bl = base.node_lonlat
        near = np.flatnonzero((bl[:, 0] >= w) & (bl[:, 0] <= e) & (bl[:, 1] >= s_)
                              & (bl[:, 1] <= n))
        for j in near.tolist():
            x, y = bl[j]
            grid.setdefault((int(math.floor(y / cell)), int(math.floor(x / cell))),
                            []).append(j)
    base_xy = base.node_lonlat if base is not None else np.zeros((0, 2))

    def node_for(lon: float, lat: float, line: int) -> int:
        cy, cx = int(math.floor(lat / cell)), int(math.floor(lon / cell))
        reach = min(60, int(math.ceil(1 / max(0.02, math.cos(math.radians(lat))))))
        best, best_km = -1, MERGE_KM
        for dy in (-1, 0, 1):
            for dx in range(-reach, reach + 1):
                for j in grid.get((cy + dy, cx + dx), ()):
                    if j >= n_base and owner[j - n_base] == line:
                        continue  # a line's own points stay distinct: no lost km
                    x, y = nodes[j - n_base] if j >= n_base else base_xy[j]
                    d = haversine_km(lat, lon, y, x)
                    if d <= best_km:
                        best, best_km = j, d
        if best >= 0:
            return best
        nodes.append((lon, lat))
        owner.append(line)
        grid.setdefault((cy, cx), []).append(n_base + len(nodes) - 1)
        return n_base + len(nodes) - 1

    for li, line in enumerate(lines):
        names.append(line.name)
        ids = [node_for(x, y, li) for x, y in line.lonlat]
        seg = [geodesic_km(a, b) for a, b in zip(line.lonlat, line.lonlat[1:])]
        post = _post_lengths(line, seg)
        for s, (u, v) in enumerate(zip(ids, ids[1:])):
            if u == v:
                continue
            edges.append((u, v))
            edge_ends.append((*line.lonlat[s], *line.lonlat[s + 1]))
            edge_km.append(seg[s])
            edge_post.append(post[s])
            edge_line.append(li)
            edge_approx.append(line.approximate[s] or line.approximate[s + 1]
                               or seg[s] > APPROX_CHORD_KM)
        line_nodes.append(np.array(ids, dtype=np.int32))
    approx_arr = np.array(edge_approx, dtype=bool)
    credit_list = list(dict.fromkeys(credits or ()))
    net = RailNetwork(
        np.array(nodes, dtype=np.float64).reshape(-1, 2),
        np.array(edges, dtype=np.int32).reshape(-1, 2),
        np.array(edge_km, dtype=np.float64), np.array(edge_post, dtype=np.float64),
        np.array(edge_line, dtype=np.int32), approx_arr,
        tuple(names), tuple(line_nodes),
        np.array(edge_ends, dtype=np.float64).reshape(-1, 4),
        tuple(np.array(line.lonlat, dtype=np.float64).reshape(-1, 2) for line in lines),
        approx_reasons=("", STATION_APPROX_REASON),
        edge_reason=approx_arr.astype(np.int8), credits=tuple(credit_list),
        line_credit=np.array([credit_list.index(c) for c in credits] if credits
                             else [-1] * len(lines), dtype=np.int16))
    if base is not None:
        net = _stack(base, net, n_base)
    return dataclasses.replace(net, chain_arrays=_Chains.build(net).to_arrays())


def _stack(base: RailNetwork, new: RailNetwork, n_base: int) -> RailNetwork:
    """``new`` (whose edges already number base nodes below n_base and its own from
    n_base) appended to ``base``."""
    joined = railregions.join([base, dataclasses.replace(
        new, node_lonlat=np.zeros((0, 2)), edges=np.zeros((0, 2), np.int32),
        line_nodes=(), chain_arrays=())])
    line_nodes = base.line_nodes + new.line_nodes
    return dataclasses.replace(
        joined, node_lonlat=np.concatenate((base.node_lonlat, new.node_lonlat)),
        edges=np.concatenate((base.edges, new.edges)).astype(np.int32),
        line_nodes=line_nodes, chain_arrays=())


def empty_network() -> RailNetwork:
    """A network with no line (a journey far from every shipped region)."""
    return RailNetwork(np.zeros((0, 2)), np.zeros((0, 2), np.int32), np.zeros(0), np.zeros(0),
                       np.zeros(0, np.int32), np.zeros(0, bool), (), (), np.zeros((0, 4)), ())
