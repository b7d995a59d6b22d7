"""Score the drafted stops against the hand-labelled corpus in tests/corpus/.

Each ``NN-name.txt`` is a journey text written for this test, in one of the forms real
texts take (``form`` in its key: wire reports and travelogues with namesakes, metonymy,
people's names, misspellings and old names, but also dash runs, arrows, route headers,
stage tables, dated logs, timetable cards, programmes, transcripts and OCR noise);
``NN-name.json`` is its answer key: the stops in journey order with coordinates, places
that must not be stops, and ``optional`` places a careful reader could list either way
(ignored when scoring). The scoring is benchmarks/draft_quality.py's, which also prints
the per-form table and the naive peer's figures.

Texts 01-12 are in the one form the first drafter understood (prose with a movement cue
before each place) and hold it to its own standard; the whole corpus holds it to issue
10's.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.draft_quality import Score, score
from journey.draft import draft_stops
from journey.gazetteer import Gazetteer
from journey.extract import extract_mentions

GAZ = Gazetteer.load()  # one gazetteer for the module, as the CLI makes one

CORPUS = Path(__file__).parent / "corpus"
CASES = sorted(p.stem for p in CORPUS.glob("*.txt"))
# The texts in the drafter's own form: prose, a movement cue before each place.
PROSE_CASES = [c for c in CASES if int(c[:2]) <= 12]
REDESIGN = "a context place still drafted (issue 10)"
# Texts whose context places today's drafter still drafts as stops ("will be at the
# finish in Paris anyway, as spectators": a planned stop of the rally, not theirs).
CONTEXT_PENDING = {
    "35-rally-long-feature",
}


def _load(case: str) -> tuple[str, dict]:
    text = (CORPUS / f"{case}.txt").read_text("utf-8")
    return text, json.loads((CORPUS / f"{case}.json").read_text("utf-8"))


def test_the_corpus_is_large_and_varied():
    assert len(CASES) >= 40
    keys = [_load(c)[1] for c in CASES]
    assert len({k["form"] for k in keys}) >= 15
    assert {k["kind"] for k in keys} >= {"rail", "road", "sea", "air", "mixed", "foot",
                                         "bicycle"}
    regions = " ".join(k["region"] for k in keys)
    for region in ("Russia", "Asia", "Europe", "Africa", "Americas", "Australia"):
        assert region in regions


@pytest.mark.parametrize("case", CASES)
def test_every_key_is_well_formed(case: str):
    text, key = _load(case)
    assert key["form"] and key["kind"] and key["stops"], case
    for stop in key["stops"] + [o for o in key.get("optional", []) if isinstance(o, dict)]:
        assert set(stop) == {"name", "lat", "lon"}, stop
        assert -90 <= stop["lat"] <= 90 and -180 <= stop["lon"] <= 180, stop
    assert all(isinstance(n, str) for n in key.get("not_stops", [])), case
    assert text.strip(), case


@pytest.mark.parametrize("case", [
    pytest.param(c, marks=pytest.mark.xfail(strict=False, reason=REDESIGN))
    if c in CONTEXT_PENDING else c for c in CASES])
def test_no_context_place_is_drafted_as_a_stop(case: str):
    text, key = _load(case)
    names = {s.name for s in draft_stops(text, GAZ, extract_mentions(text, GAZ))}
    assert not names & set(key.get("not_stops", [])), names


def _corpus_score(cases: list[str]) -> tuple[Score, str]:
    total = Score()
    report = []
    for case in cases:
        text, key = _load(case)
        stops = draft_stops(text, GAZ, extract_mentions(text, GAZ))
        result = score([(s.lat, s.lon) for s in stops], key)
        total += result
        report.append(f"{case}: {result} {[s.name for s in stops]}")
    summary = (f"P={total.precision:.2f} R={total.recall:.2f} order={total.order:.2f}\n"
               + "\n".join(report))
    return total, summary


def test_prose_corpus_precision_recall_and_order():
    total, summary = _corpus_score(PROSE_CASES)
    assert total.precision >= 0.9, summary
    assert total.recall >= 0.9, summary
    assert total.order >= 0.9, summary


def test_the_whole_corpus_holds_todays_level():
    """Where the redesigned drafter stands on all 47 texts (P 0.99, R 0.94, order 0.93
    after issue 10's rounds on structures, cues, namesakes, the gazetteer and real texts),
    a little below, so that a change that loses ground fails."""
    total, summary = _corpus_score(CASES)
    assert total.precision >= 0.97, summary
    assert total.recall >= 0.92, summary
    assert total.order >= 0.91, summary


def test_corpus_precision_recall_and_order():
    """Issue 10's target: over 40 texts in 15 forms, stop precision and recall >= 0.9,
    order >= 0.85."""
    keys = [_load(c)[1] for c in CASES]
    assert len(CASES) >= 40 and len({k["form"] for k in keys}) >= 15
    total, summary = _corpus_score(CASES)
    assert total.precision >= 0.9, summary
    assert total.recall >= 0.9, summary
    assert total.order >= 0.85, summary


def test_the_score_matches_within_25_km_in_order_and_counts_each_visit_once():
    moscow, kazan, omsk = (55.7558, 37.6173), (55.7887, 49.1221), (54.9924, 73.3686)
    key = {"stops": [{"name": n, "lat": p[0], "lon": p[1]}
                     for n, p in (("Moscow", moscow), ("Kazan", kazan), ("Moscow", moscow))],
           "optional": [{"name": "Omsk", "lat": omsk[0], "lon": omsk[1]}]}
    near_moscow = (55.90, 37.70)  # 17 km from the key's Moscow
    # Out of order, Moscow once, an optional place (not counted) and a stray (counted).
    got = score([kazan, near_moscow, omsk, (48.85, 2.35)], key)
    assert got == Score(tp=2, drafted=3, expected=3, in_order=2)  # Kazan, then Moscow again
    assert (round(got.precision, 2), round(got.recall, 2), round(got.order, 2)) == (0.67, 0.67, 0.67)
    # The return drafted as a second visit counts twice; 30 km off does not match.
    assert score([moscow, kazan, moscow], key) == Score(3, 3, 3, 3)
    assert score([(56.03, 37.6173)], key).tp == 0
