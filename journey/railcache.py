"""The compiled rail network's cache: :func:`load_network` gives the shipped regions near a
journey (read from data/rail/regions/, :mod:`journey.railregions`) plus the user's line
files, compiled once (:func:`journey.railnet.compile_network`) and read back from the cache
folder.

Split from :mod:`journey.railnet` so that the graph knows nothing of files: this module
owns the ``rail-*.npz`` entries and the per-process memo. An entry is trusted only after
:func:`_load` has checked a digest of its arrays (written with them), every array's shape
and every index against the others; a truncated, foreign or inconsistent entry is compiled
again (and replaced), never a traceback.

    >>> net = load_network(near=[(55.7520, 37.6178)])
    >>> net.snap(55.7520, 37.6178)[1] < 5      # Moscow's centre is near a station
    True
"""
from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path
from typing import IO, Iterable, Sequence

import numpy as np

from journey import files, railregions
from journey.assets import data_path
from journey.railnet import (APPROX_CHORD_KM, FORMAT, MERGE_KM, RailLineData, RailNetwork,
                             _read, compile_network, empty_network, parse_file, rail_files)

CACHE_KEEP = 8  # compiled networks kept in the cache folder


def _arrays_digest(arrays: dict[str, np.ndarray]) -> str:
    """A digest of every array's name, type, shape and bytes: an entry whose arrays were
    changed by anything but :func:`_save` (a hand edit, a bit flip, another version) fails
    it even where every index is still in range."""
    h = hashlib.sha256()
    for name in sorted(arrays):
        a = np.ascontiguousarray(arrays[name])
        h.update(f"{name}|{a.dtype.str}|{a.shape}|".encode())
        h.update(a.tobytes())
    return h.hexdigest()


def _save(net: RailNetwork, path: Path | None) -> bool:
    offsets = np.cumsum([0] + [len(n) for n in net.line_nodes]).astype(np.int64)
    arrays = dict(node_lonlat=net.node_lonlat, edges=net.edges, edge_km=net.edge_km,
                  edge_post_km=net.edge_post_km, edge_line=net.edge_line,
                  edge_approx=net.edge_approx,
                  line_nodes=np.concatenate(net.line_nodes or (np.zeros(0, np.int32),)),
                  line_offsets=offsets, edge_ends=net.edge_ends,
                  line_lonlat=np.concatenate(net.line_lonlat or (np.zeros((0, 2)),)),
                  edge_reason=net.edge_reasons().astype(np.int8),
                  line_credit=(net.line_credit if net.line_credit is not None else
                               np.full(len(net.line_names), -1)).astype(np.int16),
                  **{f"chain_{i}": a for i, a in enumerate(net.chain_arrays)})
    meta = json.dumps({"format": FORMAT, "line_names": net.line_names,
                       "reasons": list(net.approx_reasons),
                       "credits": [list(c) for c in net.credits],
                       "digest": _arrays_digest(arrays)}, ensure_ascii=False)

    def write(fh: IO[bytes]) -> None:
        np.savez(fh, **arrays, meta=np.frombuffer(meta.encode(), dtype=np.uint8))

    if path is None or not files.write_cache(path, write):
        return False
    # Each distinct set of line files has its own entry; keep only the most recent few.
    try:
        old = sorted(path.parent.glob("rail-*.npz"), key=lambda p: p.stat().st_mtime_ns)
        for stale in old[:-CACHE_KEEP]:
            stale.unlink(missing_ok=True)
    except OSError:
        pass
    return True


def _load(path: Path | None) -> RailNetwork | None:
    """The network stored at ``path``, or None when missing, foreign or damaged."""
    return files.read_cache(path, _parse)  # type: ignore[return-value]


def _offsets_ok(off: np.ndarray, total: int) -> bool:
    return (off.ndim == 1 and len(off) >= 1 and off[0] == 0 and off[-1] == total
            and bool(np.all(np.diff(off) >= 0)))


def _in_range(a: np.ndarray, n: int) -> bool:
    return a.size == 0 or (int(a.min()) >= 0 and int(a.max()) < n)


def _parse(raw: bytes) -> RailNetwork | None:
    with np.load(io.BytesIO(raw), allow_pickle=False) as z:
        meta = json.loads(z["meta"].tobytes().decode())
        if not isinstance(meta, dict) or meta.get("format") != FORMAT:
            return None
        names = meta.get("line_names")
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            return None
        reasons, credits = meta.get("reasons"), meta.get("credits")
        if not (isinstance(reasons, list) and reasons and all(isinstance(r, str) for r in reasons)
                and isinstance(credits, list) and all(
                    isinstance(c, list) and len(c) == 2 and all(isinstance(t, str) for t in c)
                    for c in credits)):
            return None
        a = {k: z[k] for k in ("node_lonlat", "edges", "edge_km", "edge_post_km", "edge_line",
                                "edge_approx", "line_offsets", "line_nodes", "edge_ends",
                                "line_lonlat", "edge_reason", "line_credit")}
        chains = tuple(z[f"chain_{i}"] for i in range(4))
    if meta.get("digest") != _arrays_digest({**a, **{f"chain_{i}": c
                                                    for i, c in enumerate(chains)}}):
        return None
    n, kind = len(a["node_lonlat"]), {k: v.dtype.kind for k, v in a.items()}
    e = len(a["edges"])
    off, flat = a["line_offsets"], a["line_nodes"]
    if not (a["node_lonlat"].shape == (n, 2) and kind["node_lonlat"] == "f"
            and a["edges"].shape == (e, 2) and kind["edges"] in "iu"
            and all(a[k].shape == (e,) for k in ("edge_km", "edge_post_km", "edge_line",
                                                   "edge_approx"))
            and kind["edge_km"] == "f" and kind["edge_post_km"] == "f"
            and kind["edge_line"] in "iu" and kind["edge_approx"] == "b"
            and a["edge_ends"].shape == (e, 4) and kind["edge_ends"] == "f"
            and kind["line_offsets"] in "iu" and kind["line_nodes"] in "iu"
            and flat.ndim == 1 and _offsets_ok(off, len(flat)) and len(off) == len(names) + 1
            and a["line_lonlat"].shape == (len(flat), 2) and kind["line_lonlat"] == "f"
            and _in_range(a["edges"], n) and _in_range(flat, n)
            and _in_range(a["edge_line"], len(names))
            and a["edge_reason"].shape == (e,) and kind["edge_reason"] in "iu"
            and _in_range(a["edge_reason"], len(reasons))
            and a["line_credit"].shape == (len(names),) and kind["line_credit"] in "iu"
            and _in_range(a["line_credit"] + 1, len(credits) + 1)):
        return None
    c_nodes, c_node_off, c_edges, c_edge_off = chains
    if not (all(c.ndim == 1 and c.dtype.kind in "iu" for c in chains)
            and _offsets_ok(c_node_off, len(c_nodes)) and _offsets_ok(c_edge_off, len(c_edges))
            and len(c_node_off) == len(c_edge_off)
            # each chain: at least one edge, one node more than edges
            and bool(np.all(np.diff(c_node_off) == np.diff(c_edge_off) + 1))
            and bool(np.all(np.diff(c_edge_off) >= 1))
            and _in_range(c_nodes, n) and _in_range(c_edges, e)):
        return None
    net = RailNetwork(a["node_lonlat"], a["edges"], a["edge_km"], a["edge_post_km"],
                      a["edge_line"], a["edge_approx"], tuple(names),
                      tuple(flat[i:j] for i, j in zip(off, off[1:])), a["edge_ends"],
                      tuple(a["line_lonlat"][i:j] for i, j in zip(off, off[1:])), chains,
                      approx_reasons=tuple(reasons), edge_reason=a["edge_reason"],
                      credits=tuple((t, h) for t, h in credits), line_credit=a["line_credit"])
    net._chains  # builds the junction graph now, so damage shows here, not mid-route
    return net


def shipped_network(names: Sequence[str] | None = None) -> RailNetwork:
    """The shipped regions named (all when None) as one network, read once per process."""
    key = tuple(r.name for r in railregions.regions()) if names is None else tuple(names)
    if key not in _REGIONS:
        nets = [RailNetwork(**railregions.read_region(n)) for n in key]
        _REGIONS[key] = railregions.join(nets) if nets else empty_network()
    return _REGIONS[key]


def load_network(extra: Iterable[str | Path] = (), *, use_cache: bool = True,
                 near: Iterable[tuple[float, float]] | None = None,
                 margin_km: float = 30.0) -> RailNetwork:
    """The shipped network plus the user's line files, as one routable graph.

    ``near``: (lat, lon) points (a journey's stops); only the shipped regions within
    ``margin_km`` of one of them are read. Without it, every region. The user's lines are
    merged into those regions and the result is cached, keyed by the bytes of every user
    file and of the regions (editing a file, or the compile rules through
    :data:`journey.railnet.FORMAT`, recompiles). A cache folder that cannot be written, or
    a damaged entry, only costs speed.
    """
    regs = (railregions.regions() if near is None
            else railregions.regions_near(near, margin_km))
    names = tuple(r.name for r in regs)
    paths = rail_files(extra)
    if not paths:
        return shipped_network(names)
    stamp = []
    for p in paths:
        st = p.stat()
        stamp.append((str(p), st.st_size, st.st_mtime_ns))
    stamp_key = (tuple(stamp), names, use_cache)
    if stamp_key in _BY_STAMP:
        return _BY_STAMP[stamp_key]
    texts = [_read(p) for p in paths]
    key = hashlib.sha256(f"{FORMAT}|{MERGE_KM}|{APPROX_CHORD_KM}|{railregions.REGION_FORMAT}|"
                         f"{','.join(names)}".encode())
    for r in regs:
        key.update(data_path("rail", "regions", r.file).read_bytes())
    for p, t in zip(paths, texts):
        key.update(p.name.encode() + b"\0" + t.encode() + b"\0")
    digest = key.hexdigest()[:24]
    if use_cache and digest in _MEMO:
        _BY_STAMP[stamp_key] = _MEMO[digest]
        return _MEMO[digest]
    path = files.cache_path(f"rail-{digest}.npz") if use_cache else None
    net = _load(path)
    if net is None:
        lines = [line for p, t in zip(paths, texts) for line in parse_file(p, t)]
        net = compile_network(lines, base=shipped_network(names),
                              credits=_file_credits(paths, lines))
        _save(net, path)  # read-only home or full disk: the build still works, only slower
    if use_cache:
        if len(_MEMO) >= 8:
            _MEMO.pop(next(iter(_MEMO)))
        _MEMO[digest] = net
        if len(_BY_STAMP) >= 8:
            _BY_STAMP.pop(next(iter(_BY_STAMP)))
        _BY_STAMP[stamp_key] = net
    return net


def _file_credits(paths: Sequence[Path], lines: Sequence[RailLineData]
                  ) -> list[tuple[str, str]]:
    """Per line, the credit for the user's file it comes from: its name, no link."""
    by_file = {str(p): (f"Rail: {p.name}", "") for p in paths}
    out = []
    for line in lines:
        src = line.source.split(" feature ")[0]  # a GeoJSON line's source names its feature
        out.append(by_file.get(src, (f"Rail: {Path(src).name}", "")))
    return out


# Per process, so that a --watch loop or a batch of builds reads nothing twice: by content
# digest, and in front of it by the files' (path, size, mtime), which costs only a stat.
_MEMO: dict[str, RailNetwork] = {}
_BY_STAMP: dict[tuple, RailNetwork] = {}
_REGIONS: dict[tuple[str, ...], RailNetwork] = {}


def clear_memo() -> None:
    """Forget the networks loaded in this process (the compiled and shipped files stay)."""
    _MEMO.clear()
    _BY_STAMP.clear()
    _REGIONS.clear()
    railregions.read_region.cache_clear()
