"""Encoded polylines (Google's algorithm): a compact text form of (lat, lon) lines.

A vertex costs about 6 to 10 characters here instead of the 20 or more of a JSON
``[lat, lon]`` pair, and the page decodes it with a dozen lines of JavaScript (journey.js).

    >>> encode([(38.5, -120.2), (40.7, -120.95)])
    '_p~iF~ps|U_ulLnnqC'
    >>> decode('_p~iF~ps|U_ulLnnqC')
    [(38.5, -120.2), (40.7, -120.95)]
"""
from __future__ import annotations

from typing import Iterable

import numpy as np


def encode(latlngs: Iterable[tuple[float, float]] | np.ndarray, precision: int = 5) -> str:
    """(lat, lon) pairs as one string; points that round to the previous one are dropped."""
    pts = np.rint(np.asarray(latlngs, dtype=float).reshape(-1, 2) * 10 ** precision
                  ).astype(np.int64)
    if not len(pts):
        return ""
    keep = np.ones(len(pts), dtype=bool)
    keep[1:] = np.any(pts[1:] != pts[:-1], axis=1)
    pts = pts[keep]
    deltas = np.diff(pts, axis=0, prepend=np.zeros((1, 2), np.int64)).ravel()
    # Vectorised so that a basemap of 50,000 vertices encodes in milliseconds.
    v = np.where(deltas < 0, ~(deltas << 1), deltas << 1)
    chunks = (v[:, None] >> (5 * np.arange(7))) & 0x1F
    used = np.maximum(1, (np.log2(np.maximum(v, 1)).astype(int) // 5) + 1)
    more = np.arange(7)[None, :] < (used[:, None] - 1)
    chars = chunks + 63 + 0x20 * more
    return chars[np.arange(7)[None, :] < used[:, None]].astype(np.uint8).tobytes().decode("ascii")


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
