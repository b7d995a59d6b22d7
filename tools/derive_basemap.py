"""Rebuild data/basemap/world.npz from the two Natural Earth GeoJSON files beside it.

    python3 tools/derive_basemap.py

world.npz is what a build reads (see journey/basemap.py): the same polygons and the
world's merged country outlines as integer arrays, so a build neither parses 1.5 MB of
GeoJSON nor unions the outlines. The GeoJSON sources stay in data/basemap/ with their
licence (data/SOURCES.md) but are not in the wheel, nor is this script.
tests/test_basemap.py checks that the shipped file is what this script writes.
"""
from __future__ import annotations

import functools
import sys
from pathlib import Path

import numpy as np
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from journey.assets import data_path  # noqa: E402
from journey.basemap import PRECISION, WORLD  # noqa: E402

COUNTRIES = "ne_50m_admin0_countries.geojson"
LAKES = "ne_50m_lakes.geojson"


@functools.cache
def _world_geojson(name: str) -> np.ndarray:
    text = data_path("basemap", name).read_text("utf-8")
    return shapely.get_parts(shapely.from_geojson(text))


def compile_world() -> dict[str, np.ndarray]:
    """The world layers from the Natural Earth GeoJSON, as the arrays WORLD ships.

    Per layer: integer coordinates (thousandths of a degree, as the source is rounded),
    then shapely's ragged-array offsets. Land and lakes are single polygons (countries cut
    into their parts, so the box test skips most of Russia's islands); borders are every
    country outline (coasts included) merged, each shared border once. Borders come from
    these uncut outlines, so a clip box's own edges are never drawn as borders.
    """
    countries = _world_geojson(COUNTRIES)
    layers = {
        "land": shapely.get_parts(countries),
        "lakes": shapely.get_parts(_world_geojson(LAKES)),
        "borders": shapely.get_parts(shapely.line_merge(
            shapely.union_all(shapely.boundary(countries)))),
    }
    out: dict[str, np.ndarray] = {}
    for name, geoms in layers.items():
        _kind, coords, offsets = shapely.to_ragged_array(geoms)
        out[f"{name}_xy"] = np.rint(coords * 10 ** PRECISION).astype(np.int32)
        for i, off in enumerate(offsets):
            out[f"{name}_off{i}"] = off.astype(np.int64)
    return out


def write_world(path: Path | None = None) -> Path:
    """Rebuild the shipped WORLD file from the GeoJSON sources (this script)."""
    path = path or data_path("basemap", WORLD)
    with open(path, "wb") as fh:
        np.savez_compressed(fh, **compile_world())
    return path


if __name__ == "__main__":
    print(f"Wrote {write_world()}")
