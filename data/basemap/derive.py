"""Rebuild world.npz in this folder from the two Natural Earth GeoJSON files beside it.

    python3 data/basemap/derive.py

world.npz is what a build reads (see journey/basemap.py, compile_world): the same
polygons and the world's merged country outlines as integer arrays, so a build neither
parses 1.5 MB of GeoJSON nor unions the outlines. tests/test_basemap.py checks that the
shipped file is what this script writes. See data/SOURCES.md.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from journey.basemap import write_world  # noqa: E402

if __name__ == "__main__":
    print(f"Wrote {write_world()}")
