"""Geoparsing side by side: journey vs flashgeotext vs geotext on the same texts, one run.

    python3 benchmarks/geoparse.py            # from the repository root

Texts: the labelled corpus (tests/corpus/*.txt) and the shipped CNN article, whose answer
key is its stop file. For each tool: stop precision and recall (a found place counts when
it lies within 25 km of a stop of the key; for the peers, which only list city names, every
city they report is counted as a claimed stop and located through GeoNames' most populous
place of that name), then throughput in MB/s of article text on one core (CPU time, the
gazetteer or keyword table already loaded), and load time. The peers need the bench extra:
``pip install '.[bench]'``.
"""
from __future__ import annotations

import csv
import gc
import io
import json
import sys
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from journey.geo import haversine_km  # noqa: E402
from journey.models import Stop  # noqa: E402

MATCH_KM = 25.0


def load_cases() -> list[tuple[str, str, list[dict]]]:
    cases = []
    for txt in sorted((ROOT / "tests" / "corpus").glob("*.txt")):
        key = json.loads(txt.with_suffix(".json").read_text("utf-8"))
        cases.append((txt.stem, txt.read_text("utf-8"), key["stops"]))
    example = ROOT / "data" / "examples" / "kim-jong-il-2001"
    from journey.gazetteer import Gazetteer

    gaz = Gazetteer.load()
    stops = []
    for row in csv.DictReader(io.StringIO((example / "stops.csv").read_text("utf-8"))):
        p = gaz.lookup(row["name"])
        stops.append({"name": row["name"], "lat": p.lat, "lon": p.lon})
    cases.append(("kim-jong-il-2001", (example / "article.txt").read_text("utf-8"), stops))
    return cases


def score(found: list[tuple[float, float]], expected: list[dict]) -> tuple[int, int, int]:
    """(true positives, claimed, expected); each expected stop matches at most one claim."""
    used: set[int] = set()
    tp = 0
    for e in expected:
        for i, (lat, lon) in enumerate(found):
            if i not in used and haversine_km(lat, lon, e["lat"], e["lon"]) <= MATCH_KM:
                used.add(i)
                tp += 1
                break
    return tp, len(found), len(expected)


def journey_tool() -> tuple[float, Callable[[str], list[tuple[float, float]]],
                            Callable[[str], object]]:
    from journey.draft import draft_stops
    from journey.extract import extract_mentions
    from journey.gazetteer import Gazetteer

    gaz = Gazetteer.load()
    load_s = _fresh_load_s()

    def stops(text: str) -> list[tuple[float, float]]:
        result: tuple[Stop, ...] = draft_stops(text, gaz, extract_mentions(text, gaz))
        return [(s.lat, s.lon) for s in result]

    return load_s, stops, lambda text: extract_mentions(text, gaz)


def _fresh_load_s() -> float:
    """Gazetteer load time in a fresh interpreter (modules imported first), best of 3."""
    import subprocess

    code = ("import time, journey.gazetteer as g; t = time.perf_counter(); "
            "g.Gazetteer.load(); print(time.perf_counter() - t)")
    times = [float(subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True,
                                  capture_output=True, text=True).stdout)
             for _ in range(3)]
    return min(times)


def _city_point() -> Callable[[str], tuple[float, float] | None]:
    from journey.gazetteer import Gazetteer

    gaz = Gazetteer.load()

    def point(name: str) -> tuple[float, float] | None:
        for p in gaz.candidates(name):
            if p.source.startswith("geonames:") and p.kind == "city":
                return (p.lat, p.lon)
        return None

    return point


def flashgeotext_tool():
    from flashgeotext.geotext import GeoText

    start = time.perf_counter()
    geo = GeoText()
    load_s = time.perf_counter() - start
    point = _city_point()

    def stops(text: str) -> list[tuple[float, float]]:
        cities = geo.extract(input_text=text)["cities"]
        out = []
        for name, info in cities.items():
            p = point(name)
            if p is not None:
                out.extend([p] * 1)
        return out

    return load_s, stops, lambda text: geo.extract(input_text=text)


def geotext_tool():
    start = time.perf_counter()
    from geotext import GeoText

    GeoText("warm up")  # geotext reads its city table on first use
    load_s = time.perf_counter() - start
    point = _city_point()

    def stops(text: str) -> list[tuple[float, float]]:
        out = []
        for name in dict.fromkeys(GeoText(text).cities):
            p = point(name)
            if p is not None:
                out.append(p)
        return out

    return load_s, stops, lambda text: GeoText(text)


def throughput_mb_s(extract: Callable[[str], object], text: str, repeat: int = 7) -> float:
    extract(text)  # warm caches, as a long-running service would be
    gc.collect()
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        extract(text)
        best = min(best, time.process_time() - start)
    return len(text.encode("utf-8")) / 1e6 / best


def main() -> int:
    cases = load_cases()
    corpus = "\n\n".join(text for _, text, _ in cases)
    big = "\n\n".join([corpus] * 40)  # about 0.6 MB
    rows = []
    for name, factory in (("journey", journey_tool), ("flashgeotext", flashgeotext_tool),
                          ("geotext", geotext_tool)):
        try:
            load_s, stops, extract = factory()
        except ImportError as exc:
            print(f"{name}: not installed ({exc}); pip install '.[bench]'", file=sys.stderr)
            continue
        tp = claimed = expected = 0
        for _case, text, key in cases:
            a, b, c = score(stops(text), key)
            tp, claimed, expected = tp + a, claimed + b, expected + c
        rows.append((name, tp / max(1, claimed), tp / max(1, expected),
                     throughput_mb_s(extract, big), load_s))
    start = time.process_time()
    sum(range(10**7))
    calibration_s = time.process_time() - start
    print(f"{len(cases)} texts, {len(corpus.encode()) / 1000:.0f} KB; throughput on "
          f"{len(big.encode()) / 1e6:.2f} MB (CPU time, best of 7); this machine runs "
          f"sum(range(10**7)) in {calibration_s:.2f} s\n")
    print(f"{'tool':<14}{'stop precision':>16}{'stop recall':>13}{'MB/s':>8}{'load s':>9}")
    for name, p, r, mbs, load_s in rows:
        print(f"{name:<14}{p:>16.2f}{r:>13.2f}{mbs:>8.2f}{load_s:>9.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
