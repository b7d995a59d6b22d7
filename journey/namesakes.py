"""Choose among namesakes for a whole journey at once: the combination that makes the most
plausible trip, with a confidence for each choice and, when in doubt, the alternatives.

Given the stops (or mentions) in journey order, each with its candidate places, and what
the text says around them (the countries and provinces it names, how the traveller moves,
the distances it states), :func:`resolve_journey` scores every combination by dynamic
programming over the sequence (Viterbi: the best score of a path ending in each
candidate, position by position, then back-tracking), so a list of 1,000 stops with a
dozen namesakes each costs 1,000 x 12 x 12 leg scores, not 12^1,000 combinations.

    >>> from journey.gazetteer import Gazetteer
    >>> gaz = Gazetteer.load()
    >>> stops = [Position.of(name, gaz) for name in ("Catania", "Crete", "Ashdod")]
    >>> crete = resolve_journey(stops, gaz=gaz)[1]
    >>> crete.place.kind, crete.place.country, crete.doubtful
    ('island', 'GR', False)
    >>> moron = resolve_journey([Position.of("Ulaanbaatar", gaz), Position.of("Mörön", gaz)],
    ...                         gaz=gaz)[1]
    >>> moron.place.country
    'MN'

Scoring, in "points" of roughly a factor of ten of likelihood each. The weights are set
by hand (not fitted: no labelled set of namesake journeys is large enough to fit them
honestly) and chosen so that each rule decides only when the stronger ones are silent:

- **Prior of the place alone** (:func:`prior`): log10 of its population (a province's or
  island's: its towns'; features with none count as a town of 3,000), plus the kind (a
  town or an island is what a journey stops at; a country, sea or province is a poor point
  for a stop: -1.5 to -4), +2 for a curated place (data/stations.csv), +1 when the text is
  spelled exactly as the place is, accents and all ("Mörön" is not "Morón"), +0.5 when the
  text is the place's own name rather than one of its alternates, +1 for a national
  capital.
- **Context**: +2 for a place in a country the text names, +1.5 in a province it names.
- **Each leg** (:func:`leg_score`): -1.5 log(1 + km / 100), so a route that hangs
  together beats one that jumps between continents (Catania - Crete, Greece - Ashdod,
  1,600 km, is about 8 points better than the same names through Crete, Illinois, 19,000
  km), and a stop next to its neighbours beats a bigger namesake 500 km off (Springfield,
  Illinois after Peoria, 100 km, over Springfield, Missouri); that term flattens over
  long legs, so the total length also costs a point per 3,000 km (a voyage home from
  Brazil touching at Ascension is shorter by the island than by a Bolivian town); a leg longer
  than its mode allows (rail 10,000 km, road 5,000, foot 150, bicycle 400; sea, air and an
  unknown mode: none) costs 3 points more and its doubling 1 each; a rail or road leg between landmasses (Afro-Eurasia, the
  Americas, Oceania) costs 4; a leg that matches a distance the text states ("343 km", by
  great circle between 1/1.6 and 1.05 of it) earns 1.
- **Confidence** of a choice is its share of the best scores of all journeys through each
  of the position's distinct places (max-marginals, forward and backward), namesakes
  within 50 km in one country counting as one place (the island and the region of Crete).
  Below 0.85 a choice is *doubtful*: :class:`Choice` then lists the alternatives and says
  why in words. A chosen leg that is more than 5 times the journey's median leg and over
  1,500 km, or implausible for its mode, also makes its stops doubtful.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Sequence

from journey.gazetteer import Gazetteer, country_name, is_curated, normalize, split_qualifier
from journey.geo import haversine_km
from journey.models import Place

__all__ = ["Choice", "Context", "Position", "resolve_journey", "prior", "leg_score",
           "describe", "qualified_name", "stated_distances_km"]

DOUBTFUL_BELOW = 0.85
MAX_CANDIDATES = 12  # namesakes kept per position, best first by prior
SAME_PLACE_KM = 50.0
POPULATION_FLOOR = 3000  # a named feature without people counts as a town this size
KIND_POINTS = {
    "city": 0.0, "station": 0.5, "landmark": 0.0, "border": 0.0, "island": 0.0,
    "village": -2.5,  # postal-code places (population unknown): below any town
    "airport": 0.0, "port": -0.5, "park": 0.0, "pass": 0.0, "cape": -0.5, "peak": -0.5,
    "lake": -1.0, "region": -1.5, "district": -2.5, "country": -2.0, "sea": -2.0,
    "strait": -1.5, "range": -2.0, "peninsula": -1.5, "continent": -4.0,
}
# The longest leg each mode makes between two stops of a list (a through train runs
# Moscow - Vladivostok, 9,300 km; a day on foot or by bicycle is far shorter). With no
# mode known, no leg is implausible by length alone.
MODE_MAX_KM = {"rail": 10000.0, "road": 5000.0, "foot": 150.0, "bicycle": 400.0,
               "sea": 20000.0, "air": 20040.0, "": 20040.0}
LANDMASS = {"EU": "Afro-Eurasia", "AS": "Afro-Eurasia", "AF": "Afro-Eurasia",
            "NA": "the Americas", "SA": "the Americas", "OC": "Oceania", "AN": "Antarctica"}
LEG_WEIGHT = 1.5
LEG_SCALE_KM = 100.0
LENGTH_KM_PER_POINT = 3000.0
OUTLIER_TIMES_MEDIAN = 5.0
OUTLIER_MIN_KM = 1500.0


@dataclass(frozen=True, slots=True)
class Position:
    """One stop or mention of the journey: the text as written and its candidate places.

    ``mode`` is how the journey reaches this position ('' when unknown); ``where`` names
    it in messages (e.g. "stops.csv:3").
    """

    text: str
    candidates: tuple[Place, ...]
    mode: str = ""
    where: str = ""

    @classmethod
    def of(cls, text: str, gaz: Gazetteer, mode: str = "", where: str = "",
           country: str = "") -> "Position":
        """A position for a name as a journalist writes it ("Crete", "Paris, TX"), with an
        optional ``country`` qualifier (a name or code) for the whole name."""
        found = gaz.narrow(gaz.qualified(text), country) if country else gaz.qualified(text)
        return cls(text, found, mode, where)


@dataclass(frozen=True, slots=True)
class Context:
    """What the text says around the places: the countries (ISO alpha-2) and provinces
    ((country, admin1) pairs) it names, the mode of travel when one is known for the whole
    journey, and the distances it states, in km."""

    countries: frozenset[str] = frozenset()
    provinces: frozenset[tuple[str, str]] = frozenset()
    mode: str = ""
    stated_km: tuple[float, ...] = ()


@dataclass(frozen=True, slots=True)
class Choice:
    """The place chosen for one position, how sure, and when doubtful the others and why.

    ``alternatives`` are the other distinct places it may be, likeliest first (empty when
    the choice is sure); ``why`` says what chose this one ("the better-known place"),
    ``doubts`` what makes it doubtful beyond close namesakes (an implausible leg), and
    ``reason`` puts it all in one sentence ('' when sure).
    """

    place: Place | None
    confidence: float
    alternatives: tuple[Place, ...] = ()
    reason: str = ""
    why: str = ""
    doubts: tuple[str, ...] = ()
    scores: tuple[float, ...] = field(default=(), repr=False, compare=False)

    @property
    def doubtful(self) -> bool:
        return self.place is not None and self.confidence < DOUBTFUL_BELOW


def _reason(text: str, place: Place, alternatives: Sequence[Place], why: str,
            doubts: Sequence[str], gaz: Gazetteer | None) -> str:
    out = f"{text!r} was put at {describe(place, gaz)}"
    if why:
        out += f", {why}"
    if alternatives:
        out += "; it may also be " + ", ".join(describe(a, gaz) for a in alternatives)
    return "; ".join([out, *doubts])


_NUMBER_BEFORE = re.compile(r"(?<![\d.,])(\d{1,3}(?:[,\u00a0 ]\d{3})+|\d+(?:\.\d+)?)[ \t\u00a0]*$")
# Units, lower case, with the km each is worth; a unit is found with str.find (a regex
# tried at every digit of a long article costs a fifth of its geoparsing time).
_UNITS = (("km", 1.0), ("kilomet", 1.0), ("mile", 1.609344), ("mi", 1.609344))


def stated_distances_km(text: str) -> tuple[float, ...]:
    """Distances a text states, in km ("343 km", "1,200 kilometres", "26 miles"), in
    the order of the text.

    >>> stated_distances_km("Stage 3: Ledu-Xining, 128 km; then 26 miles on foot")
    (128.0, 41.8)
    """
    lower = text.lower()
    found: dict[int, float] = {}
    for unit, factor in _UNITS:
        i = lower.find(unit)
        while i >= 0:
            j = i + len(unit)
            if unit == "kilomet":
                while j < len(lower) and lower[j] in "ersr":
                    j += 1
            elif unit == "mile" and lower[j:j + 1] == "s":
                j += 1
            if i not in found and not lower[j:j + 1].isalpha() and \
                    (i == 0 or not lower[i - 1].isalpha()):
                m = _NUMBER_BEFORE.search(text, max(0, i - 24), i)
                if m is not None:
                    value = float(re.sub(r"[,\u00a0 ]", "", m.group(1)))
                    found[i] = round(value * factor, 1)
            i = lower.find(unit, i + 1)
    return tuple(found[i] for i in sorted(found))


def prior(place: Place, text: str, context: Context = Context(),
          capitals: dict[str, str] | None = None) -> float:
    """The score of ``place`` for the name ``text`` on its own (see the module docstring).

    >>> from journey.models import Place
    >>> big, small = Place("Morón", -34.65, -58.62, population=99066, country="AR"), \\
    ...     Place("Mörön", 49.64, 100.16, population=39404, country="MN")
    >>> prior(small, "Mörön") > prior(big, "Mörön")
    True
    """
    score = math.log10(max(place.population, POPULATION_FLOOR if place.kind != "city" else 0)
                       + 10)
    score += KIND_POINTS.get(place.kind, -0.5)
    if is_curated(place):
        score += 2.0
    written = text.strip().casefold()
    if written == place.name.casefold() or any(written == a.casefold() for a in place.aliases):
        score += 1.0
    if normalize(text) == normalize(place.name):
        score += 0.5
    if capitals is not None and place.kind == "city" and \
            capitals.get(place.country) == normalize(place.name):
        score += 1.0
    if place.country and place.country in context.countries:
        score += 2.0
    if place.admin1 and (place.country, place.admin1) in context.provinces:
        score += 1.5
    return score


def leg_score(a: Place, b: Place, mode: str = "", stated_km: Sequence[float] = (),
              gaz: Gazetteer | None = None) -> float:
    """The score of travelling from ``a`` to ``b`` by ``mode`` (see the module docstring)."""
    km = haversine_km(a.lat, a.lon, b.lat, b.lon)
    score = -LEG_WEIGHT * math.log1p(km / LEG_SCALE_KM) - km / LENGTH_KM_PER_POINT
    limit = MODE_MAX_KM.get(mode, MODE_MAX_KM[""])
    if km > limit:
        score -= 3.0 + math.log2(km / limit)
    if mode in ("rail", "road", "foot", "bicycle") and gaz is not None:
        la, lb = _landmass(a, gaz), _landmass(b, gaz)
        if la and lb and la != lb:
            score -= 4.0
    if any(s / 1.6 <= km <= s * 1.05 for s in stated_km):
        score += 1.0
    return score


def _landmass(place: Place, gaz: Gazetteer) -> str:
    return LANDMASS.get(gaz.continent(place.country), "") if place.country else ""


def resolve_journey(positions: Sequence[Position], context: Context = Context(),
                    gaz: Gazetteer | None = None) -> tuple[Choice, ...]:
    """The most plausible place for each position, in order (see the module docstring).

    A position without candidates gets ``Choice(None, 0.0)``; one with a single candidate
    (a name with no namesakes, or a point given by coordinates) keeps it, and still shapes
    its neighbours' choices. ``gaz`` gives the landmass of countries and the province
    names in reasons; without it those rules are skipped.
    """
    pools = [_pool(p.candidates) for p in positions]
    capitals = gaz.capitals if gaz is not None else None
    priors = [[prior(c, p.text, context, capitals) for c in pool]
              for p, pool in zip(positions, pools)]
    modes = [p.mode or context.mode for p in positions]
    # Consecutive positions with candidates are legs; a position with none breaks nothing
    # (the leg runs from the last position that has some).
    live = [i for i, pool in enumerate(pools) if pool]
    legs: dict[int, list[list[float]]] = {}
    for prev, i in zip(live, live[1:]):
        legs[i] = [[leg_score(a, b, modes[i], context.stated_km, gaz) for b in pools[i]]
                   for a in pools[prev]]
    forward: dict[int, list[float]] = {}
    back: dict[int, list[int]] = {}
    for n, i in enumerate(live):
        if n == 0:
            forward[i] = list(priors[i])
            continue
        prev = live[n - 1]
        row, arg = [], []
        for k in range(len(pools[i])):
            best, best_j = max((forward[prev][j] + legs[i][j][k], j)
                               for j in range(len(pools[prev])))
            row.append(best + priors[i][k])
            arg.append(best_j)
        forward[i], back[i] = row, arg
    backward: dict[int, list[float]] = {}
    for n in range(len(live) - 1, -1, -1):
        i = live[n]
        if n == len(live) - 1:
            backward[i] = [0.0] * len(pools[i])
            continue
        nxt = live[n + 1]
        backward[i] = [max(legs[nxt][k][m] + priors[nxt][m] + backward[nxt][m]
                           for m in range(len(pools[nxt]))) for k in range(len(pools[i]))]
    chosen: dict[int, int] = {}
    if live:
        last = live[-1]
        k = max(range(len(pools[last])), key=lambda m: (forward[last][m], -m))
        for n in range(len(live) - 1, -1, -1):
            i = live[n]
            chosen[i] = k
            if n:
                k = back[i][k]
    out: list[Choice] = []
    for i, pos in enumerate(positions):
        if i not in chosen:
            out.append(Choice(None, 0.0, (), f"no place is named {pos.text!r}"))
            continue
        marginal = [f + b for f, b in zip(forward[i], backward[i])]
        out.append(_choice(pools[i], chosen[i], marginal, pos, gaz))
    return _flag_long_legs(out, positions, modes, gaz)


def _pool(candidates: Sequence[Place]) -> list[Place]:
    """The candidates to weigh: the gazetteer's order, the first MAX_CANDIDATES."""
    return list(dict.fromkeys(candidates))[:MAX_CANDIDATES]


def _same_place(a: Place, b: Place) -> bool:
    return a.country == b.country and \
        haversine_km(a.lat, a.lon, b.lat, b.lon) <= SAME_PLACE_KM


def _choice(pool: list[Place], k: int, marginal: list[float], pos: Position,
            gaz: Gazetteer | None) -> Choice:
    # Namesakes that are one place (the island and the region of Crete, a curated station
    # and its GeoNames town) count as one; the gazetteer's first of them stands for it.
    picked = pool[k]
    senses: list[tuple[Place, float]] = []
    for place, score in zip(pool, marginal):
        for n, (head, best) in enumerate(senses):
            if _same_place(head, place):
                senses[n] = (head, max(best, score))
                break
        else:
            senses.append((place, score))
    mine = next(n for n, (head, _s) in enumerate(senses) if _same_place(head, picked))
    head, best = senses[mine]
    others = sorted(((s, n) for n, (_h, s) in enumerate(senses) if n != mine), reverse=True)
    confidence = 1.0 / (1.0 + sum(10 ** max(-30.0, s - best) for s, _n in others))
    confidence = round(confidence, 2)
    scores = tuple(round(s, 3) for s in marginal)
    if confidence >= DOUBTFUL_BELOW:
        return Choice(head, confidence, scores=scores)
    alternatives = [senses[n][0] for _s, n in others[:3]]
    # The best-known namesake is always offered, however badly it fits ("Berlin" the
    # capital, after a Springfield has pulled the journey to America).
    known = max((n for _s, n in others),
                key=lambda n: prior(senses[n][0], pos.text), default=None)
    if known is not None and senses[known][0] not in alternatives:
        alternatives.append(senses[known][0])
    alternatives = tuple(alternatives)
    why = _why(head, alternatives[0], pos, len(marginal))
    return Choice(head, confidence, alternatives, _reason(pos.text, head, alternatives, why,
                                                          (), gaz), why, (), scores)


def _why(head: Place, other: Place, pos: Position, _n: int) -> str:
    if prior(head, pos.text) >= prior(other, pos.text) + 0.5:
        return "the better-known place"
    if prior(head, pos.text) + 0.5 < prior(other, pos.text):
        return "the better fit with the journey's other stops"
    return "as likely as the others"


def _flag_long_legs(choices: list[Choice], positions: Sequence[Position], modes: list[str],
                    gaz: Gazetteer | None) -> tuple[Choice, ...]:
    placed = [i for i, c in enumerate(choices) if c.place is not None]
    kms = {}
    for a, b in zip(placed, placed[1:]):
        pa, pb = choices[a].place, choices[b].place
        kms[b] = (a, haversine_km(pa.lat, pa.lon, pb.lat, pb.lon))
    if not kms:
        return tuple(choices)
    # A name repeated right after itself (a stop file's repeated row, merged into one stop
    # later) is no leg: its 0 km must not make every real leg look like an outlier.
    ordered = sorted(km for b, (a, km) in kms.items()
                     if positions[a].text != positions[b].text) or [0.0]
    median = ordered[len(ordered) // 2] if len(ordered) % 2 else \
        (ordered[len(ordered) // 2 - 1] + ordered[len(ordered) // 2]) / 2
    out = list(choices)
    for b, (a, km) in kms.items():
        mode = modes[b]
        limit = MODE_MAX_KM.get(mode, MODE_MAX_KM[""])
        why = ""
        la = _landmass(out[a].place, gaz) if gaz is not None else ""
        lb = _landmass(out[b].place, gaz) if gaz is not None else ""
        if mode in ("rail", "road", "foot", "bicycle") and la and lb and la != lb:
            why = f"a {mode} leg from {positions[a].text!r} would cross from {la} to {lb}"
        elif km > limit and mode:
            why = f"a {km:,.0f} km {mode} leg from {positions[a].text!r} is implausible"
        elif len(kms) >= 2 and km > OUTLIER_MIN_KM and km > OUTLIER_TIMES_MEDIAN * median:
            why = (f"the leg from {positions[a].text!r} is {km:,.0f} km, "
                   f"{km / max(median, 1.0):.0f} times the journey's median leg")
        if not why:
            continue
        for i in (a, b):
            c = out[i]
            if len(positions[i].candidates) < 2 or why in c.doubts:
                continue
            alternatives = c.alternatives or tuple(
                p for p in _distinct(positions[i].candidates) if not _same_place(p, c.place))[:3]
            if not alternatives:
                continue
            doubts = (*c.doubts, why)
            out[i] = Choice(c.place, min(c.confidence, 0.5), alternatives,
                            _reason(positions[i].text, c.place, alternatives, c.why, doubts, gaz),
                            c.why, doubts, c.scores)
    return tuple(out)


def _distinct(places: Sequence[Place]) -> list[Place]:
    out: list[Place] = []
    for p in places[:MAX_CANDIDATES]:
        if not any(_same_place(p, q) for q in out):
            out.append(p)
    return out


def describe(place: Place, gaz: Gazetteer | None = None) -> str:
    """A place for a reader: "Crete (island, Greece)", "Paris (Texas, United States)".

    >>> describe(Place("Crete", 40.4, -87.6, country="US", admin1="IL"), None)
    'Crete (IL, US)'
    """
    parts = []
    if place.kind not in ("city", "station", "landmark", "border"):
        parts.append(place.kind)
    province = place.admin1
    country = place.country
    if gaz is not None:
        province = gaz.admin1_name(place.country, place.admin1) or (
            place.admin1 if not place.admin1.isdigit() else "")
        country = country_name(gaz, place.country) or place.country
    if province and province != place.name:
        parts.append(province)
    if country and place.kind != "country":
        parts.append(country)
    return f"{place.name} ({', '.join(parts)})" if parts else place.name


def qualified_name(text: str, place: Place, gaz: Gazetteer) -> str:
    """The shortest way to write ``text`` so that it means ``place``: "Crete, GR",
    "Paris, TX", "Springfield, Illinois"; '' when none of these picks it out.

    >>> gaz = Gazetteer.load()
    >>> crete = gaz.candidates("Crete", country="GR")[0]
    >>> qualified_name("Crete", crete, gaz)
    'Crete, GR'
    """
    name = split_qualifier(text)[0]
    options = []
    if place.country:
        if place.country == "US" and place.admin1 and not place.admin1.isdigit():
            options.append(f"{name}, {place.admin1}")
        options.append(f"{name}, {place.country}")
        province = gaz.admin1_name(place.country, place.admin1)
        if province:
            options.append(f"{name}, {province}")
    for option in options:
        found = gaz.qualified(option)
        if found and _same_place(found[0], place) and not any(
                not _same_place(p, place) for p in _distinct(found)[1:]):
            return option
    return ""
