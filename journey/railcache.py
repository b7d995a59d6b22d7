"""The compiled rail network's cache: :func:`load_network` compiles the line files once
(:func:`journey.railnet.compile_network`) and reads the result back from the cache folder.

Split from :mod:`journey.railnet` so that the graph knows nothing of files: this module
owns the ``rail-*.npz`` entries and the per-process memo. An entry is trusted only after
:func:`_load` has checked a digest of its arrays (written with them), every array's shape
and every index against the others; a truncated, foreign or inconsistent entry is compiled
again (and replaced), never a traceback.

    >>> net = load_network()
    >>> net.snap(55.7520, 37.6178)[1] < 5      # Moscow's centre is near a station
    True
"""
from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path
from typing import IO, Iterable

import numpy as np

from journey import files
from journey.railnet import (APPROX_CHORD_KM, FORMAT, MERGE_KM, RailNetwork, _read,
                             compile_network, parse_file, rail_files)

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
                  **{f"chain_{i}": a for i, a in enumerate(net.chain_arrays)})
    meta = json.dumps({"format": FORMAT, "line_names": net.line_names,
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
        a = {k: z[k] for k in ("node_lonlat", "edges", "edge_km", "edge_post_km", "edge_line",
                                "edge_approx", "line_offsets", "line_nodes", "edge_ends",
                                "line_lonlat")}
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
            and _in_range(a["edge_line"], len(names))):
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
                      tuple(a["line_lonlat"][i:j] for i, j in zip(off, off[1:])), chains)
    net._chains  # builds the junction graph now, so damage shows here, not mid-route
    return net


def load_network(extra: Iterable[str | Path] = (), *, use_cache: bool = True) -> RailNetwork:
    """The network of the shipped lines plus the user's; compiled once, then read back.

    The compiled form is keyed by the bytes of every line file, so editing a file (or the
    compile rules, through :data:`journey.railnet.FORMAT`) recompiles it. A cache folder
    that cannot be written, or a damaged entry, only costs speed.
    """
    paths = rail_files(extra)
    stamp = []
    for p in paths:
        st = p.stat()
        stamp.append((str(p), st.st_size, st.st_mtime_ns))
    stamp_key = (tuple(stamp), use_cache)
    if stamp_key in _BY_STAMP:
        return _BY_STAMP[stamp_key]
    texts = [_read(p) for p in paths]
    key = hashlib.sha256(f"{FORMAT}|{MERGE_KM}|{APPROX_CHORD_KM}".encode())
    for p, t in zip(paths, texts):
        key.update(p.name.encode() + b"\0" + t.encode() + b"\0")
    digest = key.hexdigest()[:24]
    if use_cache and digest in _MEMO:
        _BY_STAMP[stamp_key] = _MEMO[digest]
        return _MEMO[digest]
    path = files.cache_path(f"rail-{digest}.npz") if use_cache else None
    net = _load(path)
    if net is None:
        net = compile_network([line for p, t in zip(paths, texts) for line in parse_file(p, t)])
        _save(net, path)  # read-only home or full disk: the build still works, only slower
    if use_cache:
        if len(_MEMO) >= 8:
            _MEMO.pop(next(iter(_MEMO)))
        _MEMO[digest] = net
        if len(_BY_STAMP) >= 8:
            _BY_STAMP.pop(next(iter(_BY_STAMP)))
        _BY_STAMP[stamp_key] = net
    return net


# Per process, so that a --watch loop or a batch of builds reads nothing twice: by content
# digest, and in front of it by the files' (path, size, mtime), which costs only a stat.
_MEMO: dict[str, RailNetwork] = {}
_BY_STAMP: dict[tuple, RailNetwork] = {}


def clear_memo() -> None:
    """Forget the networks loaded in this process (the compiled cache files stay)."""
    _MEMO.clear()
    _BY_STAMP.clear()
