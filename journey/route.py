"""Build the route: each leg runs along the rail network between consecutive stops.

A stop snaps to the nearest rail node within :data:`SNAP_KM`; a leg is the shortest path
(by geodesic length) between the two snapped nodes in the graph of
:mod:`journey.railnet`. Its distance comes from km posts where the data has them
(interpolated between posts by position) and from the geodesic length of the track
elsewhere; ``Leg.distance_basis`` says which. A leg that no line joins, or whose mode is
road, sea or air, is a densified great-circle arc (``Leg.on_rail`` False) and, unless it is
a flight, a warning names it.

    >>> from journey.gazetteer import Gazetteer
    >>> from journey.stops import read_stops
    >>> route = build_route(read_stops("name\\nMoscow\\nOmsk\\n", "t.csv", Gazetteer.load()))
    >>> round(route.legs[0].distance_km, -1), route.legs[0].distance_basis
    (2710.0, 'km posts')
"""
from __future__ import annotations

import dataclasses
import math
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np
import shapely

from journey.errors import RouteError
from journey.geo import (cumulative_arr, cumulative_km, gc_points, geodesic_km, great_circle,
                         simplify_lonlat, unwrap)
from journey.models import Leg, RailLine, Route, Stop
from journey.railcache import load_network
from journey.railnet import RailNetwork
from journey.times import as_datetime, when_or_none

# A stop this far from any rail node is not on the network. Stations sit 1-5 km from the
# town centres a gazetteer gives; a city's main station up to ~15 km (Novosibirsk's nearest
# node is 6 km from GeoNames' centre); 30 km still rejects a town in the next valley.
SNAP_KM = 30.0
# Track points farther apart than this get great-circle points in between, so long chords
# bend as they should on Web Mercator and no drawn segment exceeds it.
DENSIFY_KM = 20.0
ARC_STEP_KM = 25.0  # spacing of the points of a fallback great-circle arc
CONTEXT_TOLERANCE_DEG = 0.01  # ~1 km: the faint context line needs no finer detail

BASIS_POSTS = "km posts"
BASIS_TRACK = "track geometry"
BASIS_MIXED = "km posts + track geometry"
BASIS_ARC = "great circle"
UNNAMED_LINE = "railway"  # the name of a shipped line whose source gives none


# -- legs ----------------------------------------------------------------------------------

def leg_days(a: Stop, b: Stop) -> float | None:
    """Days from leaving ``a`` to reaching ``b``, when both ends are dated."""
    w0, w1 = when_or_none(a.depart or a.date), when_or_none(b.arrive or b.date)
    if w0 is None or w1 is None:
        return None
    t0, t1 = as_datetime(w0), as_datetime(w1)
    if t1 < t0:
        return None
    return round((t1 - t0).total_seconds() / 86400, 2)


def _arc_leg(i: int, a: tuple[float, float], b: tuple[float, float], planned: bool, mode: str,
             days: float | None) -> Leg:
    """A great-circle leg between two (lon, lat) points."""
    coords = great_circle(a, b, ARC_STEP_KM)
    km = geodesic_km(a, b)
    vkm = cumulative_km(coords, km)
    return Leg(i, i + 1, mode, planned, coords, km, BASIS_ARC, False, "", days=days,
               vertex_km=vkm)


def _rail_leg(net: RailNetwork, nodes: Sequence[int], edges: Sequence[int], i: int, b: Stop,
              days: float | None) -> Leg:
    if not edges:  # both stops snapped to the same station
        p = tuple(net.node_lonlat[nodes[0]].tolist())
        return Leg(i, i + 1, b.mode, b.planned, (p, p), 0.0, BASIS_TRACK, True, "",
                   days=days, vertex_km=(0.0, 0.0))
    e = np.asarray(edges, dtype=np.int64)
    geo = net.edge_km[e]
    post = net.edge_post_km[e]
    has_post = np.isfinite(post)
    length = np.where(has_post, post, geo)
    post_km, track_km = float(length[has_post].sum()), float(geo[~has_post].sum())
    node_km = np.concatenate(([0.0], np.cumsum(length)))
    # Each edge drawn between its own line's points, in the direction travelled.
    ends = net.edge_ends[e]
    forward = net.edges[e, 0] == np.asarray(nodes[:-1])
    start = np.where(forward[:, None], ends[:, :2], ends[:, 2:])
    stop = np.where(forward[:, None], ends[:, 2:], ends[:, :2])
    # Where two lines meet their stations may differ by a few hundred metres: draw both.
    joined = np.ones(len(e), dtype=bool)
    joined[1:] = np.any(start[1:] != stop[:-1], axis=1)
    at_stop = np.cumsum(joined.astype(np.int64) + 1) - 1
    flat = np.empty((int(at_stop[-1]) + 1, 2))
    flat_km = np.empty(len(flat))
    flat[at_stop], flat_km[at_stop] = stop, node_km[1:]
    flat[at_stop[joined] - 1], flat_km[at_stop[joined] - 1] = start[joined], node_km[:-1][joined]
    # Long chords get great-circle points in place of their single end point.
    parts, kms, done = [], [], 0
    for k in np.flatnonzero(geo > DENSIFY_KM).tolist():
        j = int(at_stop[k])
        seg, frac = _dense_edge(net, int(e[k]), bool(forward[k]))
        parts += [flat[done:j], seg]
        kms += [flat_km[done:j], node_km[k] + frac * float(length[k])]
        done = j + 1
    parts.append(flat[done:])
    kms.append(flat_km[done:])
    coords = np.concatenate(parts)
    vkm = np.concatenate(kms)
    total = post_km + track_km
    if track_km <= 0.001 * total:
        basis = BASIS_POSTS
    elif post_km <= 0.001 * total:
        basis = BASIS_TRACK
    else:
        basis = BASIS_MIXED
    approx = net.edge_approx[e]
    approx_lines = sorted({net.line_names[k] for k in net.edge_line[e][approx].tolist()})
    reasons = net.edge_reasons()[e]
    why = "; ".join(net.approx_reasons[r] for r in dict.fromkeys(reasons[approx].tolist()))
    per_line = np.bincount(net.edge_line[e], weights=length, minlength=len(net.line_names))
    used = np.flatnonzero(per_line > 0)
    main = int(np.argmax(per_line))
    names = tuple(dict.fromkeys(net.line_names[k] for k in used))
    credits = ()
    if net.line_credit is not None:
        credits = tuple(net.credits[c] for c in dict.fromkeys(
            net.line_credit[used].tolist()) if c >= 0)
    return Leg(i, i + 1, b.mode, b.planned, unwrap(coords), total, basis, True,
               net.line_names[main], days=days, approximate=bool(approx.any()),
               vertex_km=tuple(vkm.tolist()), line_names=names,
               approximate_km=float(length[approx].sum()),
               approximate_lines=tuple(approx_lines), approximate_reason=why,
               credits=credits)


def _dense_edge(net: RailNetwork, e: int, forward: bool) -> tuple[np.ndarray, np.ndarray]:
    """Great-circle points of a long edge after its start (end included), in the direction
    travelled, and the fraction of the edge's length at each; computed once per process."""
    memo = net.derived.setdefault("dense", {})
    if e not in memo:
        a, b = net.edge_ends[e, :2], net.edge_ends[e, 2:]
        seg = gc_points(a, b, DENSIFY_KM)
        frac = cumulative_arr(seg, 1.0)
        memo[e] = (seg, frac, seg[::-1].copy(), 1.0 - frac[::-1])
    seg, frac, rseg, rfrac = memo[e]
    return (seg[1:], frac[1:]) if forward else (rseg[1:], rfrac[1:])


_WAY = {"road": "road", "bicycle": "road", "foot": "path", "sea": "sea route"}


def build_route(stops: Sequence[Stop], *, rail: Iterable[str | Path] = (),
                network: RailNetwork | None = None) -> Route:
    """Legs between consecutive stops: on the rail network where it joins them, else a
    great-circle arc with a warning. ``rail`` adds the user's line files or folders."""
    if len(stops) < 2:
        raise RouteError(f"a journey needs at least two stops, got {len(stops)}; "
                         "add the place it starts from and the place it goes to")
    net = network if network is not None else load_network(
        rail, near=[(s.lat, s.lon) for s in stops], margin_km=SNAP_KM)
    snapped = [net.snap(s.lat, s.lon) for s in stops]
    legs: list[Leg | None] = []
    arcs: list[tuple[int, str, float | None]] = []  # drawn once the rail legs fix their ends
    warnings: list[str] = []
    for i, (a, b) in enumerate(zip(stops, stops[1:])):
        name = f"leg {i + 1} ({a.name} -> {b.name})"
        days = leg_days(a, b)
        mode = (b.mode or "rail").lower()
        if mode != "rail":
            if mode != "air":  # a flight is a great circle; a road or ferry is not
                warnings.append(f"{name}: {mode} leg drawn as a great-circle arc, not "
                                f"along the {_WAY.get(mode, 'way taken')}")
            legs.append(None)
            arcs.append((i, mode, days))
            continue
        (na, da), (nb, db) = snapped[i], snapped[i + 1]
        far = [(s.name, d) for s, d in ((a, da), (b, db)) if d > SNAP_KM]
        path = None if far else net.shortest_path(na, nb)
        if path is None:
            why = ("; ".join(f"{n} is {d:,.0f} km from the nearest rail line"
                             if math.isfinite(d) else
                             f"no shipped rail line runs within {SNAP_KM:.0f} km of {n}"
                             for n, d in far)
                   if far else "the rail lines loaded do not connect them")
            warnings.append(f"{name}: no rail route ({why}); drawn as a great-circle arc. "
                            "Add the missing line with --rail, or set its mode")
            legs.append(None)
            arcs.append((i, mode, days))
            continue
        leg = _rail_leg(net, path[0], path[1], i, b, days)
        if leg.approximate:
            warnings.append(f"{name}: {leg.approximate_km:,.0f} km of it, on the "
                            f"{', '.join(leg.approximate_lines)}, "
                            f"{leg.approximate_reason}; the line drawn there is approximate")
        legs.append(leg)
    _join_rail_legs(legs)
    # A stop on a rail leg is drawn at its station; an arc next to it starts or ends there
    # too, so the line stays continuous where the journey changes from rail to arc.
    ends = [(s.lon, s.lat) for s in stops]
    for leg in legs:
        if leg is not None:
            ends[leg.start], ends[leg.end] = leg.coords_lonlat[0], leg.coords_lonlat[-1]
    for i, mode, days in arcs:
        legs[i] = _arc_leg(i, ends[i], ends[i + 1], stops[i + 1].planned, mode, days)
    done = tuple(leg for leg in legs if leg is not None)
    return Route(tuple(stops), done, tuple(dict.fromkeys(warnings)),
                 context=context_lines(net, done))


def _join_rail_legs(legs: list[Leg | None]) -> None:
    """Make consecutive rail legs meet at one point.

    A station node stands for line ends merged within ``MERGE_KM``; a leg that arrives on
    one line ends at that line's point and the next leg may leave from another line's point
    a few hundred metres away (or, when both of its stops snap to the node, sit at the
    node's own point). The next leg starts where the last one ended, joined by that short
    step, so the drawn route never breaks at a stop.
    """
    for k in range(1, len(legs)):
        prev, leg = legs[k - 1], legs[k]
        if prev is None or leg is None:
            continue
        p = prev.coords_lonlat[-1]
        if leg.coords_lonlat[0] == p:
            continue
        if leg.distance_km == 0.0:
            coords, vkm = (p, p), (0.0, 0.0)
        else:
            coords, vkm = (p, *leg.coords_lonlat), (0.0, *leg.vertex_km)
        legs[k] = dataclasses.replace(leg, coords_lonlat=coords, vertex_km=vkm)


def context_lines(net: RailNetwork, legs: Sequence[Leg]) -> tuple[RailLine, ...]:
    """The whole named lines the rail legs use, simplified, for a faint layer beneath.

    A line the source leaves unnamed ("railway") has no whole to draw: it is skipped. A
    named line compiled in pieces (cut at its junctions) is drawn as its pieces merged.
    """
    used = {n for leg in legs if leg.on_rail for n in (leg.line_names or (leg.line_name,))}
    used.discard(UNNAMED_LINE)
    if not used:
        return ()
    by_name = net.derived.setdefault("lines_by_name", {})
    if not by_name:
        for li, name in enumerate(net.line_names):
            by_name.setdefault(name, []).append(li)
    return tuple(line for name in sorted(used & by_name.keys(), key=lambda n: by_name[n][0])
                 for line in _context_line(net, name, by_name[name]))


def _context_line(net: RailNetwork, name: str, pieces: Sequence[int]) -> tuple[RailLine, ...]:
    memo = net.derived.setdefault("context", {})
    if name not in memo:
        if len(pieces) == 1:
            parts = [net.line_coords(pieces[0])]
        else:
            merged = shapely.line_merge(shapely.multilinestrings(
                [shapely.linestrings(net.line_lonlat[li]) for li in pieces]))
            parts = [tuple(map(tuple, shapely.get_coordinates(g).tolist()))
                     for g in shapely.get_parts(merged)]
        memo[name] = tuple(RailLine(name, simplify_lonlat(unwrap(c),
                                                          tolerance=CONTEXT_TOLERANCE_DEG))
                           for c in parts)
    return memo[name]
