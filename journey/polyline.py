"""Encoded polylines (Google's algorithm): a compact text form of (lat, lon) lines.

A vertex costs about 6 to 10 characters here instead of the 20 or more of a JSON
``[lat, lon]`` pair, and the page decodes it with a dozen lines of JavaScript (journey.js).

    >>> encode([(38.5, -120.2), (40.7, -120.95)])
    '_p~iF~ps|U_ulLnnqC'
    >>> decode('_p~iF~ps|U_ulLnnqC')
    [(38.5, -120.2), (40.7, -120.95)]
"""
from __future__ import annotations

from typing import Iterable, Sequence

import numpy as np


def encode(latlngs: Iterable[tuple[float, float]] | np.ndarray, precision: int = 5) -> str:
    """(lat, lon) pairs as one string; points that round to the previous one are dropped."""
    return encode_many([np.asarray(latlngs, dtype=float).reshape(-1, 2)], precision)[0]


def encode_many(lines: Sequence[np.ndarray], precision: int = 5) -> list[str]:
    """Several (n, 2) arrays of (lat, lon) at once: one numpy pass however many lines.

    A basemap has thousands of small rings; encoding them one by one costs more in
    per-call overhead than in work.
    """
    if not lines:
        return []
    sizes = np.array([len(a) for a in lines])
    pts = np.concatenate([np.asarray(a, dtype=float).reshape(-1, 2) for a in lines])
    return encode_ragged(pts, sizes, precision)


def encode_ragged(points: np.ndarray, sizes: np.ndarray, precision: int = 5) -> list[str]:
    """Lines given as one (n, 2) array of (lat, lon) and each line's number of points.

    The form shapely's ``to_ragged_array`` gives, so thousands of basemap rings never
    pass through Python one by one.
    """
    sizes = np.asarray(sizes, dtype=np.int64)
    if not len(sizes):
        return []
    pts = np.rint(np.asarray(points, dtype=float).reshape(-1, 2)
                  * 10 ** precision).astype(np.int64)
    line_of = np.repeat(np.arange(len(sizes)), sizes)
    first = np.zeros(len(pts), dtype=bool)
    first[(np.cumsum(sizes) - sizes)[sizes > 0]] = True
    keep = first.copy()
    keep[1:] |= np.any(pts[1:] != pts[:-1], axis=1)
    pts, line_of, first = pts[keep], line_of[keep], first[keep]
    prev = np.zeros_like(pts)
    prev[1:] = pts[:-1]
    prev[first] = 0  # each line starts from (0, 0)
    deltas = (pts - prev).ravel()
    v = np.where(deltas < 0, ~(deltas << 1), deltas << 1)
    used = np.ones(len(v), dtype=np.int64)
    for k in range(1, 7):
        used += v >= (1 << (5 * k))
    chunks = (v[:, None] >> (5 * np.arange(7))) & 0x1F
    more = np.arange(7)[None, :] < (used[:, None] - 1)
    chars = (chunks + 63 + 0x20 * more)[np.arange(7)[None, :] < used[:, None]]
    text = chars.astype(np.uint8).tobytes().decode("ascii")
    per_line = np.bincount(np.repeat(line_of, 2), weights=used, minlength=len(sizes))
    ends = np.cumsum(per_line.astype(np.int64))
    starts = ends - per_line.astype(np.int64)
    return [text[a:b] for a, b in zip(starts.tolist(), ends.tolist())]


def decode(text: str, precision: int = 5) -> list[tuple[float, float]]:
    """The (lat, lon) pairs of an encoded string; the inverse of :func:`encode`."""
    factor = 10 ** precision
    values: list[int] = []
    shift = result = 0
    for ch in text:
        b = ord(ch) - 63
        result |= (b & 0x1F) << shift
        shift += 5
        if b < 0x20:
            values.append(~(result >> 1) if result & 1 else result >> 1)
            shift = result = 0
    lat = lon = 0
    out = []
    for dlat, dlon in zip(values[::2], values[1::2]):
        lat += dlat
        lon += dlon
        out.append((lat / factor, lon / factor))
    return out
