"""The shipped rail network, compiled by region, and the regions a journey needs.

``data/rail/regions/`` holds one compiled network per region (``<region>.npz``) and
``index.json``: per region its file, bounding box, sources, licence, credit and km. They
are written by ``python3 tools/rail_compile.py`` (not shipped) from the line files of
``data/rail/lines/`` and the shared OpenStreetMap, Natural Earth and Digital Chart of the
World extracts; see data/SOURCES.md. A build reads only the regions whose box, widened by
the distance a stop may lie from the track, holds one of its stops: the shipped Russian
example reads one small file, not the world.

No region shares a node with another (each is a separate network: no line crosses
between them in the data), so several regions are joined by putting their arrays side by
side, without re-merging anything. This module knows the files' layout only; it builds
no network itself (:mod:`journey.railnet` makes a ``RailNetwork`` of what it reads).

    >>> [r.name for r in regions_near([(55.75, 37.62)], 30.0)]
    ['ru_kp']
"""
from __future__ import annotations

import dataclasses
import functools
import json
import math
import zipfile
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, Sequence

import numpy as np

from journey.assets import data_path

if TYPE_CHECKING:
    from journey.railnet import RailNetwork

INDEX = "index.json"
REGION_FORMAT = 1  # bump with the packed layout below (and rebuild with tools/)
E5 = 100_000  # the compact layout keeps coordinates on a 1e-5 degree (~1 m) grid


@dataclass(frozen=True, slots=True)
class Region:
    """One compiled region as the index describes it."""

    name: str
    file: str
    bbox: tuple[float, float, float, float]  # west, south, east, north
    title: str  # what it covers, for the README and messages
    credit: tuple[str, str]  # footer text and link
    sources: tuple[str, ...] = ()
    licence: str = ""
    route_km: float = 0.0
    missing: str = ""
    # The 1-degree cells that hold its nodes, as (floor(lat) + 90) * 360 + floor(lon) + 180:
    # a box alone would have China's region read for every stop in North Korea.
    cells: frozenset[int] = frozenset()

    def near(self, lat: float, lon: float, margin_km: float) -> bool:
        """Whether a node of the region may lie within ``margin_km`` of (lat, lon)."""
        dlat = margin_km / 111.0
        dlon = margin_km / (111.0 * max(0.05, math.cos(math.radians(lat))))
        w, s, e, n = self.bbox
        if not (s - dlat <= lat <= n + dlat and w - dlon <= lon <= e + dlon):
            return False
        if not self.cells:
            return True
        for cy in range(math.floor(lat - dlat), math.floor(lat + dlat) + 1):
            for cx in range(math.floor(lon - dlon), math.floor(lon + dlon) + 1):
                if cell_id(cy, (cx + 180) % 360 - 180) in self.cells:
                    return True
        return False


def cell_id(lat_floor: int, lon_floor: int) -> int:
    """The index's number for the 1-degree cell whose south-west corner is given."""
    return (lat_floor + 90) * 360 + lon_floor + 180


@functools.cache
def regions() -> tuple[Region, ...]:
    """Every shipped region, in the index's order (the order they are joined in)."""
    path = data_path("rail", "regions", INDEX)
    try:
        doc = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return ()
    return tuple(Region(r["name"], r["file"], tuple(r["bbox"]), r["title"],
                        tuple(r["credit"]), tuple(r.get("sources", ())), r.get("licence", ""),
                        float(r.get("route_km", 0.0)), r.get("missing", ""),
                        frozenset(r.get("cells", ())))
                 for r in doc["regions"])


def regions_near(points_latlon: Iterable[tuple[float, float]], margin_km: float
                 ) -> tuple[Region, ...]:
    """The regions with a node that may lie within ``margin_km`` of one of the points."""
    return _regions_near(tuple((float(la), float(lo)) for la, lo in points_latlon),
                         float(margin_km))


@functools.lru_cache(maxsize=64)  # a --watch loop asks for the same stops every build
def _regions_near(pts: tuple[tuple[float, float], ...], margin_km: float
                  ) -> tuple[Region, ...]:
    return tuple(r for r in regions() if any(r.near(la, lo, margin_km) for la, lo in pts))


# -- the packed layout ---------------------------------------------------------------------
# Most arrays are runs of small steps (node i+1 follows node i along a line), so they are
# stored as differences, which zlib shrinks to a few bits each. Arrays that can be derived
# (edge ends equal to node positions, a line's points equal to its nodes') are left out.

def _delta(a: np.ndarray) -> np.ndarray:
    flat = np.asarray(a, dtype=np.int64).reshape(-1)
    return np.diff(flat, prepend=0).astype(np.int32)


def _undelta(d: np.ndarray, shape: tuple[int, ...] = (-1,)) -> np.ndarray:
    return np.cumsum(d, dtype=np.int64).astype(np.int32).reshape(shape)


def _on_grid(x: np.ndarray) -> bool:
    return bool(np.array_equal(np.rint(x * E5) / E5, x))


def pack(net: RailNetwork, *, compact: bool) -> dict[str, np.ndarray]:
    """The network as arrays for np.savez_compressed. ``compact`` stores lengths as
    float32 (a millionth of a km in a thousand) and coordinates on the 1e-5 grid when
    they lie on it; without it every float keeps its 64 bits."""
    names = list(dict.fromkeys(net.line_names))
    name_ix = {n: i for i, n in enumerate(names)}
    line_off = np.cumsum([0] + [len(n) for n in net.line_nodes]).astype(np.int64)
    line_nodes = np.concatenate(net.line_nodes or (np.zeros(0, np.int32),))
    meta = {"format": REGION_FORMAT, "names": names, "reasons": list(net.approx_reasons),
            "credits": [list(c) for c in net.credits]}
    out: dict[str, np.ndarray] = {
        "edges": _delta(net.edges), "edge_line": _delta(net.edge_line),
        "edge_reason": net.edge_reasons().astype(np.int8),
        "line_name": _delta([name_ix[n] for n in net.line_names]),
        "line_nodes": _delta(line_nodes), "line_off": _delta(line_off),
        "line_credit": (net.line_credit if net.line_credit is not None
                        else np.full(len(net.line_names), -1)).astype(np.int16),
    }
    for i, a in enumerate(net.chain_arrays):
        out[f"chain_{i}"] = _delta(a)
    if compact and _on_grid(net.node_lonlat):
        out["node_e5"] = _delta(np.rint(net.node_lonlat * E5))
    else:
        out["node_lonlat"] = net.node_lonlat
    out["edge_km"] = net.edge_km.astype(np.float32 if compact else np.float64)
    if np.isfinite(net.edge_post_km).any():
        out["edge_post_km"] = net.edge_post_km
    node_ends = net.node_lonlat[net.edges].reshape(-1, 4)
    if not np.array_equal(node_ends, net.edge_ends):
        out["edge_ends"] = net.edge_ends
    flat_ll = np.concatenate(net.line_lonlat or (np.zeros((0, 2)),))
    if not np.array_equal(net.node_lonlat[line_nodes], flat_ll):
        out["line_lonlat"] = flat_ll
    out["meta"] = np.frombuffer(json.dumps(meta, ensure_ascii=False).encode(), dtype=np.uint8)
    return out


def unpack(z: Any) -> dict[str, Any]:
    """The ``RailNetwork`` fields from arrays written by :func:`pack` (an npz or a dict)."""
    meta = json.loads(bytes(z["meta"]).decode())
    if meta.get("format") != REGION_FORMAT:
        raise ValueError(f"region format {meta.get('format')}, expected {REGION_FORMAT}")
    keys = set(z.keys()) if hasattr(z, "keys") else set(z)
    node = (_undelta(z["node_e5"], (-1, 2)) / E5 if "node_e5" in keys
            else np.asarray(z["node_lonlat"], dtype=np.float64))
    edges = _undelta(z["edges"], (-1, 2))
    edge_km = np.asarray(z["edge_km"], dtype=np.float64)
    post = (np.asarray(z["edge_post_km"]) if "edge_post_km" in keys
            else np.full(len(edges), np.nan))
    reason = np.asarray(z["edge_reason"], dtype=np.int8)
    off = _undelta(z["line_off"]).astype(np.int64)
    flat = _undelta(z["line_nodes"])
    names = meta["names"]
    line_names = tuple(names[i] for i in _undelta(z["line_name"]).tolist())
    ends = (np.asarray(z["edge_ends"]) if "edge_ends" in keys
            else node[edges].reshape(-1, 4))
    flat_ll = np.asarray(z["line_lonlat"]) if "line_lonlat" in keys else node[flat]
    bounds = list(zip(off[:-1].tolist(), off[1:].tolist()))
    return dict(
        node_lonlat=node, edges=edges, edge_km=edge_km, edge_post_km=post,
        edge_line=_undelta(z["edge_line"]), edge_approx=reason > 0, line_names=line_names,
        line_nodes=tuple(flat[a:b] for a, b in bounds), edge_ends=ends,
        line_lonlat=tuple(flat_ll[a:b] for a, b in bounds),
        chain_arrays=tuple(_undelta(z[f"chain_{i}"]).astype(np.int64 if i % 2 else np.int32)
                           for i in range(4) if f"chain_{i}" in keys),
        approx_reasons=tuple(meta["reasons"]), edge_reason=reason,
        credits=tuple(tuple(c) for c in meta["credits"]),
        line_credit=np.asarray(z["line_credit"], dtype=np.int16))


@functools.cache
def read_region(name: str) -> dict[str, Any]:
    """One shipped region's network fields (read once per process)."""
    region = next((r for r in regions() if r.name == name), None)
    if region is None:
        raise KeyError(name)
    path = data_path("rail", "regions", region.file)
    try:
        with np.load(path, allow_pickle=False) as z:
            return unpack(z)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
        # A shipped file, not a cache: damaged means a broken install, not a user error.
        raise RuntimeError(f"{path}: the shipped rail region cannot be read ({exc}); "
                           "reinstall journey or rebuild it with tools/rail_compile.py"
                           ) from None


def join(nets: Sequence[RailNetwork]) -> RailNetwork:
    """Networks side by side as one (no node of one is merged with a node of another);
    derived state (the routing chains) is carried over, not recomputed."""
    if len(nets) == 1:
        return nets[0]
    node_base = np.cumsum([0] + [len(n.node_lonlat) for n in nets])
    edge_base = np.cumsum([0] + [len(n.edges) for n in nets])
    line_base = np.cumsum([0] + [len(n.line_names) for n in nets])
    reasons: list[str] = [""]
    credits: list[tuple[str, str]] = []
    reason_maps, credit_maps = [], []
    for n in nets:
        rm = []
        for r in n.approx_reasons:
            if r not in reasons:
                reasons.append(r)
            rm.append(reasons.index(r))
        reason_maps.append(np.array(rm, dtype=np.int8))
        cm = []
        for c in n.credits:
            if c not in credits:
                credits.append(c)
            cm.append(credits.index(c))
        credit_maps.append(np.array(cm + [-1], dtype=np.int16))  # -1 stays -1
    chains: list[np.ndarray] = []
    if all(n.chain_arrays for n in nets):
        cn = [n.chain_arrays[0] + node_base[k] for k, n in enumerate(nets)]
        ce = [n.chain_arrays[2] + edge_base[k] for k, n in enumerate(nets)]
        cno = _offsets([n.chain_arrays[1] for n in nets])
        ceo = _offsets([n.chain_arrays[3] for n in nets])
        chains = [np.concatenate(cn).astype(np.int32), cno,
                  np.concatenate(ce).astype(np.int32), ceo]
    return dataclasses.replace(
        nets[0],
        node_lonlat=np.concatenate([n.node_lonlat for n in nets]),
        edges=np.concatenate([n.edges + node_base[k] for k, n in enumerate(nets)]
                             ).astype(np.int32),
        edge_km=np.concatenate([n.edge_km for n in nets]),
        edge_post_km=np.concatenate([n.edge_post_km for n in nets]),
        edge_line=np.concatenate([n.edge_line + line_base[k] for k, n in enumerate(nets)]
                                 ).astype(np.int32),
        edge_approx=np.concatenate([n.edge_approx for n in nets]),
        line_names=tuple(x for n in nets for x in n.line_names),
        line_nodes=tuple((ln + node_base[k]).astype(np.int32) for k, n in enumerate(nets)
                         for ln in n.line_nodes),
        edge_ends=np.concatenate([n.edge_ends for n in nets]),
        line_lonlat=tuple(x for n in nets for x in n.line_lonlat),
        chain_arrays=tuple(chains),
        approx_reasons=tuple(reasons),
        edge_reason=np.concatenate([reason_maps[k][n.edge_reasons()]
                                    for k, n in enumerate(nets)]),
        credits=tuple(credits),
        line_credit=np.concatenate([credit_maps[k][_line_credit(n)]
                                    for k, n in enumerate(nets)]))


def _line_credit(net: RailNetwork) -> np.ndarray:
    if net.line_credit is not None:
        return net.line_credit
    return np.full(len(net.line_names), -1, dtype=np.int16)


def _offsets(parts: Sequence[np.ndarray]) -> np.ndarray:
    """Offset arrays (each starting at 0) of consecutive blocks, as one offset array."""
    out, base = [np.zeros(1, dtype=np.int64)], 0
    for p in parts:
        out.append(np.asarray(p[1:], dtype=np.int64) + base)
        base += int(p[-1])
    return np.concatenate(out)
