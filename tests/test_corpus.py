"""Score the drafted stops against the hand-labelled corpus in tests/corpus/.

Each ``NN-name.txt`` is a journey story written for this test (wire reports and
travelogues with namesakes, metonymy, people's names, misspellings, old names, return
trips and planned legs); ``NN-name.json`` is its answer key: the stops in journey order
with coordinates, places that must not be stops, and ``optional`` places a careful
reader could list either way (ignored when scoring).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from journey.draft import draft_stops
from journey.geo import haversine_km
from journey.models import Stop

CORPUS = Path(__file__).parent / "corpus"
CASES = sorted(p.stem for p in CORPUS.glob("*.txt"))
MATCH_KM = 25.0


def score(stops: tuple[Stop, ...], key: dict) -> dict:
    """Precision, recall and order of drafted stops against an answer key.

    A drafted stop matches a key stop within MATCH_KM; matching walks both lists in order
    (a longest common subsequence), so a stop in the wrong place of the journey costs
    order, and a repeated visit must be drafted twice to count twice.
    """
    expected = key["stops"]
    optional = key.get("optional", [])
    got = [s for s in stops
           if not any(haversine_km(s.lat, s.lon, o["lat"], o["lon"]) <= MATCH_KM
                      for o in _optional_points(optional))
           or any(haversine_km(s.lat, s.lon, e["lat"], e["lon"]) <= MATCH_KM
                  for e in expected)]
    n, m = len(got), len(expected)
    lcs = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n):
        for j in range(m):
            near = haversine_km(got[i].lat, got[i].lon, expected[j]["lat"],
                                expected[j]["lon"]) <= MATCH_KM
            lcs[i + 1][j + 1] = lcs[i][j] + 1 if near else max(lcs[i][j + 1], lcs[i + 1][j])
    # Unordered matches: each expected stop matched by some drafted stop (multiset).
    used: set[int] = set()
    matched = 0
    for e in expected:
        for i, s in enumerate(got):
            if i not in used and haversine_km(s.lat, s.lon, e["lat"], e["lon"]) <= MATCH_KM:
                used.add(i)
                matched += 1
                break
    return {"tp": matched, "drafted": n, "expected": m, "in_order": lcs[n][m]}


def _optional_points(names: list) -> list[dict]:
    from journey.gazetteer import Gazetteer

    out = []
    for name in names:
        if isinstance(name, dict):
            out.append(name)
            continue
        for p in Gazetteer.default().candidates(name)[:1]:
            out.append({"lat": p.lat, "lon": p.lon})
    return out


def _load(case: str) -> tuple[str, dict]:
    text = (CORPUS / f"{case}.txt").read_text("utf-8")
    return text, json.loads((CORPUS / f"{case}.json").read_text("utf-8"))


def test_the_corpus_is_large_and_varied():
    assert len(CASES) >= 10
    keys = [_load(c)[1] for c in CASES]
    assert {k["kind"] for k in keys} >= {"rail", "road", "sea", "air", "mixed"}
    regions = " ".join(k["region"] for k in keys)
    for region in ("Russia", "Asia", "Europe", "Africa", "Americas"):
        assert region in regions


@pytest.mark.parametrize("case", CASES)
def test_no_context_place_is_drafted_as_a_stop(case: str):
    text, key = _load(case)
    names = {s.name for s in draft_stops(text)}
    assert not names & set(key.get("not_stops", [])), names


def test_corpus_precision_recall_and_order():
    totals = {"tp": 0, "drafted": 0, "expected": 0, "in_order": 0}
    report = []
    for case in CASES:
        text, key = _load(case)
        stops = draft_stops(text)
        result = score(stops, key)
        for k in totals:
            totals[k] += result[k]
        report.append(f"{case}: {result} {[s.name for s in stops]}")
    precision = totals["tp"] / max(1, totals["drafted"])
    recall = totals["tp"] / max(1, totals["expected"])
    order = totals["in_order"] / max(1, totals["expected"])
    summary = f"P={precision:.2f} R={recall:.2f} order={order:.2f}\n" + "\n".join(report)
    assert precision >= 0.9, summary
    assert recall >= 0.9, summary
    assert order >= 0.9, summary
