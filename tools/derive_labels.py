"""Derive data/basemap/labels.tsv: the place names the offline map may show.

    python3 tools/derive_labels.py

Rows: kind, name, lat, lon, rank (bigger first). Countries and cities come from the
shipped gazetteer index (data/gazetteer.idx; a country's point lies inside its
largest Natural Earth polygon, its rank is its population; cities of 500,000 people or
more, ranked by population). Oceans, seas and the larger gulfs come from Natural Earth's
marine polygons (their label points, ranked by area in km2): data/basemap/ne_marine_points.csv,
the oceans, seas and larger gulfs of the gazetteer supplement's marine.csv (from
ne_10m_geography_marine_polys). See data/SOURCES.md. Neither source file is in the wheel.
"""
from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from journey.gazetteer import INDEX_FILE, _Index  # noqa: E402
MIN_CITY_POP = 500_000
MIN_GULF_KM2 = 150_000
MARINE = ROOT / "data" / "basemap" / "ne_marine_points.csv"


def rows(marine_csv: Path) -> list[tuple[str, str, float, float, int]]:
    out = []
    path = ROOT / "data" / INDEX_FILE
    index = _Index(path.read_bytes(), str(path))
    for number in range(index.places):
        # name, lat, lon, kind, country, admin1, population, ...
        f = index.row(number).split("\t")
        kind, pop = f[3], int(f[6] or 0)
        if kind == "country" or (kind == "city" and pop >= MIN_CITY_POP and
                                 f[7].startswith("geonames:")):
            out.append((kind, f[0], float(f[1]), float(f[2]), pop))
    with open(marine_csv, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            area = int(float(r["area_km2"] or 0))
            if r["kind"] in ("ocean", "sea") or (r["kind"] == "gulf" and area >= MIN_GULF_KM2):
                out.append(("sea", r["name"], float(r["lat"]), float(r["lon"]), area))
    out.sort(key=lambda r: (r[0], -r[4], r[1]))
    return out


def main(marine_csv: Path) -> Path:
    path = ROOT / "data" / "basemap" / "labels.tsv"
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("kind\tname\tlat\tlon\trank\n")
        for kind, name, lat, lon, rank in rows(marine_csv):
            fh.write(f"{kind}\t{name}\t{lat:.3f}\t{lon:.3f}\t{rank}\n")
    return path


if __name__ == "__main__":
    print(f"Wrote {main(Path(sys.argv[1]) if len(sys.argv) > 1 else MARINE)}")
