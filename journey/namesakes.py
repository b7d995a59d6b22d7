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
- **Context**: +2 for a place in a country the text names, +1.5 in a province it names;
  on a voyage (``mode`` "sea"), -3 for a town more than 150 km from the sea (a ship
  calls at Ascension Island, not at Ascensión in the Bolivian lowlands).
- **Each leg** (:func:`leg_score`): -1.5 log(1 + km / 100), so a route that hangs
  together beats one that jumps between continents (Catania - Crete, Greece - Ashdod,
  1,600 km, is about 8 points better than the same names through Crete, Illinois, 19,000
  km), and a stop next to its neighbours beats a bigger namesake 500 km off (Springfield,
  Illinois after Peoria, 100 km, over Springfield, Missouri); that term flattens over
  long legs, so the total length also costs a point per 3,000 km (a voyage home from
  Brazil touching at Ascension is shorter by the island than by a Bolivian town); a leg longer
  than its mode allows (rail 10,000 km, road 5,000, foot 150, bicycle 400; sea, air and an
  unknown mode: none), or, where the text states its legs' distances (a stage table:
  three or more, as many as half the stops), more than twice the longest stated one,
  costs 3 points more and its doubling 1 each; a rail or road leg between landmasses
  (Afro-Eurasia, the Americas, Oceania) costs 4; a leg that matches a distance the text
  states ("343 km", by great circle between 1/1.6 and 1.05 of it) earns 1.
- **A place the gazetteer lacks.** A position read from running text
  (``Position.may_be_absent``) may be left unplaced: that costs 0.5 (two points below an
  unpeopled hamlet of the name) plus one leg as long as the mode or the stated distances
  allow, and the legs then run from the stop before to the stop after, so the
  geography still judges them (Viterbi with skips of up to 3 positions). Napa,
  California on a march through Gujarat, and Haiyan, Guangdong in a Qinghai stage
  table of 100-150 km stages, are left out this way (:attr:`Choice.absent`, with the
  rejected namesakes and why); with no mode or stated distance bounding a leg, nothing
  is left out. Doubtful absence (below 0.85) keeps the likeliest namesake and says it
  may be a place the gazetteer lacks.
- **Confidence** of a choice is its share of the best scores of all journeys through each
  of the position's distinct places (max-marginals, forward and backward), namesakes
  within 50 km in one country counting as one place (the island and the region of Crete).
  Below 0.85 a choice is *doubtful*: :class:`Choice` then lists the alternatives and says
  why in words. A chosen leg that is more than 5 times the journey's median leg and over
  1,500 km, or implausible for its mode, also makes its stops doubtful.
"""
from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field
from typing import Sequence

from journey.gazetteer import Gazetteer, country_name, is_curated, normalize, split_qualifier
from journey.geo import destination, haversine_km
from journey.models import Place

__all__ = ["Choice", "Context", "Position", "resolve_journey", "prior", "leg_score",
           "describe", "qualified_name", "stated_distances_km", "travel_mode",
           "legs_are_stated"]

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
STATED_TIMES = 2.0  # a leg this many times the longest stated one is implausible
# The prior of "a place the gazetteer lacks": two points (a factor of 100) below an
# unpeopled hamlet of the name as written, so it wins only over implausible legs.
ABSENT_PRIOR = 0.5


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
    # A name read from running text may be a place the gazetteer lacks ("Dandi", a
    # village of Gujarat, whose only namesakes are Dundee and a Maharashtra town): such a
    # position may be left unplaced when none of its namesakes fits the journey.
    may_be_absent: bool = False

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

    @property
    def absent(self) -> bool:
        """Left unplaced although it has namesakes: none of them fits the journey (the
        rejected ones are the ``alternatives``, ``reason`` says why)."""
        return self.place is None and bool(self.alternatives)


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
_UNITS_ASCII = tuple((unit.encode(), f) for unit, f in _UNITS)


def stated_distances_km(text: str) -> tuple[float, ...]:
    """Distances a text states, in km ("343 km", "1,200 kilometres", "26 miles"), in
    the order of the text.

    >>> stated_distances_km("Stage 3: Ledu-Xining, 128 km; then 26 miles on foot")
    (128.0, 41.8)
    """
    if "\u0130" not in text and "\u212a" not in text:
        # The units are ASCII, and every non-ASCII character lower-cases to a non-ASCII
        # one but these two (capital dotted I, Kelvin sign): the text encoded to ASCII bytes ("?" for the rest, so at the
        # same offsets) and lower-cased finds the same units, a tenth of the cost of
        # str.lower() on a long text with any non-ASCII character in it. Letters are
        # told in the text itself.
        lower: str | bytes = text.encode("ascii", "replace").lower()
        letters, units, ersr, s_ = text, _UNITS_ASCII, b"ersr", b"s"
    else:
        lower = text.lower()
        letters, units, ersr, s_ = lower, _UNITS, "ersr", "s"
    found: dict[int, float] = {}
    for (name, factor), (unit, _f) in zip(_UNITS, units):
        i = lower.find(unit)
        while i >= 0:
            j = i + len(unit)
            if name == "kilomet":
                while j < len(lower) and lower[j:j + 1] in ersr:
                    j += 1
            elif name == "mile" and lower[j:j + 1] == s_:
                j += 1
            if i not in found and not letters[j:j + 1].isalpha() and \
                    (i == 0 or not letters[i - 1].isalpha()):
                m = _NUMBER_BEFORE.search(text, max(0, i - 24), i)
                if m is not None:
                    value = float(re.sub(r"[,\u00a0 ]", "", m.group(1)))
                    found[i] = round(value * factor, 1)
            i = lower.find(unit, i + 1)
    return tuple(found[i] for i in sorted(found))


MODE_SAMPLE = 20_000
# Words of each way of travel, for :func:`travel_mode` (matched in lower-cased text).
_MODE_WORDS = (
    ("foot", re.compile(r"\b(?:walk(?:s|ed|ing|ers?)?|march(?:ed|es|ing|ers?)?|"
                        r"hik(?:e|es|ed|ing|ers?)|trek(?:s|ked|king|kers?)?|on\s+foot|"
                        r"pilgrim(?:s|age)?|footpath|ramblers?)\b")),
    ("bicycle", re.compile(r"\b(?:cycl(?:e|es|ed|ing|ists?)|bicycles?|bikes?|biked|biking|"
                           r"peloton|pedall?(?:ed|ing))\b")),
    ("sea", re.compile(r"\b(?:sail(?:s|ed|ing|ors?)?|ship|ships|vessel|brig|schooner|"
                       r"steamer|voyage|anchor(?:ed|age)?|harbou?r|passage|ferry|cruise)\b")),
    ("other", re.compile(r"\b(?:fl(?:ew|y|ies|ying|own|ight|ights)|plane|airport|train|"
                         r"trains|rail|railway|drove|drive|driving|car|bus|coach|"
                         r"motorbike|motorcycle|road)\b")),
)


def travel_mode(text: str) -> str:
    """The mode a whole journey is made in when the text is plainly about walking,
    cycling or a voyage ("foot", "bicycle", "sea"), else '' (the modes whose legs need
    no bound here, or a mix).

    >>> travel_mode("60 walkers retraced the salt march, village by village")
    'foot'
    >>> travel_mode("We walked to the station and took the train to Omsk")
    ''
    """
    # The first 20,000 characters tell (a long article says how it travels early on);
    # the regexes over a whole 2 MB text would cost a second.
    sample = text[:MODE_SAMPLE].lower()
    counts = {mode: len(rx.findall(sample)) for mode, rx in _MODE_WORDS}
    for mode in ("foot", "bicycle", "sea"):
        rest = sum(n for m, n in counts.items() if m != mode)
        if counts[mode] >= 2 and counts[mode] >= 3 * rest:
            return mode
    return ""


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
              gaz: Gazetteer | None = None, legs_stated: bool = False) -> float:
    """The score of travelling from ``a`` to ``b`` by ``mode`` (see the module docstring).
    ``legs_stated``: the text states the distance of each leg (a stage table), so a leg
    far longer than the longest stated one is as implausible as one beyond its mode."""
    km = haversine_km(a.lat, a.lon, b.lat, b.lon)
    score = -LEG_WEIGHT * math.log1p(km / LEG_SCALE_KM) - km / LENGTH_KM_PER_POINT
    limit = _limit_km(mode, stated_km if legs_stated else ())
    if km > limit:
        score -= 3.0 + math.log2(km / limit)
    if mode in ("rail", "road", "foot", "bicycle") and gaz is not None:
        la, lb = _landmass(a, gaz), _landmass(b, gaz)
        if la and lb and la != lb:
            score -= 4.0
    if any(s / 1.6 <= km <= s * 1.05 for s in stated_km):
        score += 1.0
    return score


def _limit_km(mode: str, stated_km: Sequence[float]) -> float:
    limit = MODE_MAX_KM.get(mode, MODE_MAX_KM[""])
    if stated_km:
        limit = min(limit, STATED_TIMES * max(stated_km))
    return limit


def _absent_leg(mode: str, stated_km: Sequence[float]) -> float | None:
    """The score of a leg to or from a place the gazetteer lacks: a leg as long as the
    journey's mode or stated distances allow (None: nothing bounds a leg, so no position
    is left unplaced)."""
    limit = _limit_km(mode, stated_km)
    if limit >= MODE_MAX_KM[""] or mode in ("sea", "air") and not stated_km:
        return None
    return -LEG_WEIGHT * math.log1p(limit / LEG_SCALE_KM) - limit / LENGTH_KM_PER_POINT


def legs_are_stated(stated_km: Sequence[float], positions: int) -> bool:
    """Whether a text states its legs' distances: as many as half its stops, three or
    more ("Stage 3: Huangyuan-Haiyan, 131 km"), not one "1,200 km journey"."""
    return len(stated_km) >= max(3, positions // 2)


def _landmass(place: Place, gaz: Gazetteer) -> str:
    return LANDMASS.get(gaz.continent(place.country), "") if place.country else ""


def resolve_journey(positions: Sequence[Position], context: Context = Context(),
                    gaz: Gazetteer | None = None) -> tuple[Choice, ...]:
    """The most plausible place for each position, in order (see the module docstring).

    A position without candidates gets ``Choice(None, 0.0)``; one with a single candidate
    (a name with no namesakes, or a point given by coordinates) keeps it, and still shapes
    its neighbours' choices, unless it ``may_be_absent`` and its legs are implausible
    (then ``Choice.absent``). ``gaz`` gives the landmass of countries and the province
    names in reasons; without it those rules are skipped.
    """
    pools = [_pool(p.candidates) for p in positions]
    capitals = gaz.capitals if gaz is not None else None
    modes = [p.mode or context.mode for p in positions]
    stated = context.stated_km if legs_are_stated(context.stated_km, len(positions)) else ()
    live = [i for i, pool in enumerate(pools) if pool]
    dp = _Journey(
        pools=[pools[i] for i in live],
        priors=[[prior(c, positions[i].text, context, capitals) +
                 (_inland_points(c) if modes[i] == "sea" and len(pools[i]) > 1 else 0.0)
                 for c in pools[i]] for i in live],
        skip=[_skip_cost(positions[i], modes[i], stated) for i in live],
        modes=[modes[i] for i in live], gaz=gaz, stated=context.stated_km,
        legs_stated=bool(stated))
    chosen, placed, absent = dp.solve()
    out: list[Choice] = []
    by_live = {i: n for n, i in enumerate(live)}
    for i, pos in enumerate(positions):
        if i not in by_live:
            out.append(Choice(None, 0.0, (), f"no place is named {pos.text!r}"))
            continue
        n = by_live[i]
        marginal = list(placed[n]) + ([absent[n]] if dp.skip[n] is not None else [])
        pool: list[Place | None] = list(pools[i]) + ([None] if dp.skip[n] is not None else [])
        k = chosen[n] if chosen[n] is not None else len(pools[i])
        out.append(_choice(pool, k, marginal, pos, gaz, modes[i]))
    return _flag_long_legs(out, positions, modes, gaz)


def _skip_cost(pos: Position, mode: str, stated: Sequence[float]) -> float | None:
    """What leaving ``pos`` unplaced costs (None: it may not be): the prior of a place
    the gazetteer lacks and one leg as long as the journey allows."""
    absent = _absent_leg(mode, stated)
    if not pos.may_be_absent or absent is None:
        return None
    return ABSENT_PRIOR + absent


MAX_SKIP = 3  # positions left unplaced in a row, at most
COAST_KM = 150.0  # a place this near the sea can be called at by a ship
INLAND_POINTS = -3.0  # a voyage's stop far from any sea: as bad as an implausible leg
_BEARINGS = 16


def _inland_points(place: Place) -> float:
    """INLAND_POINTS for a town or landmark more than COAST_KM from the sea (no point
    that far off in any of 16 directions is off land), else 0. A ship's voyage calls at
    Ascension Island, not at Ascensión in the Bolivian lowlands."""
    if place.kind not in ("city", "station", "landmark"):
        return 0.0
    return INLAND_POINTS if _is_inland(round(place.lat, 2), round(place.lon, 2)) else 0.0


@functools.cache
def _is_inland(lat: float, lon: float) -> bool:
    from journey.basemap import land_at  # the world's land: loaded only for a voyage

    points = [destination(lat, lon, 360.0 * k / _BEARINGS, COAST_KM) for k in range(_BEARINGS)]
    return all(land_at(points))


@dataclass
class _Journey:
    """Viterbi over the positions (all with candidates), where a position that may be
    absent can be skipped: the leg then runs from the last placed position to the next,
    so the journey's geography still judges the places after a gap. Scores: a placed
    candidate's prior, each leg's score, each skipped position's cost."""

    pools: list[list[Place]]
    priors: list[list[float]]
    skip: list[float | None]
    modes: list[str]
    gaz: Gazetteer | None
    stated: tuple[float, ...]
    legs_stated: bool

    def __post_init__(self) -> None:
        self.n = len(self.pools)
        self.legs: dict[tuple[int, int], list[list[float]]] = {}

    def _leg(self, a: int, b: int) -> list[list[float]]:
        found = self.legs.get((a, b))
        if found is None:
            found = self.legs[a, b] = [
                [leg_score(x, y, self.modes[b], self.stated, self.gaz, self.legs_stated)
                 for y in self.pools[b]] for x in self.pools[a]]
        return found

    def _gap(self, a: int, b: int) -> float | None:
        """The cost of skipping every position strictly between ``a`` and ``b`` (a = -1:
        from the start, b = n: to the end), None when one of them may not be skipped."""
        if b - a - 1 > MAX_SKIP:
            return None
        total = 0.0
        for t in range(a + 1, b):
            if self.skip[t] is None:
                return None
            total += self.skip[t]
        return total

    def solve(self) -> tuple[list[int | None], list[list[float]], list[float]]:
        """The chosen candidate per position (None: skipped), each candidate's best
        journey score (max-marginal) and each position's best score when skipped."""
        n = self.n
        if n == 0:
            return [], [], []
        fwd: list[list[float]] = []
        fwd_arg: list[list[tuple[int, int] | None]] = []
        for b in range(n):
            row, arg = [], []
            start = self._gap(-1, b)
            for k in range(len(self.pools[b])):
                best, best_arg = (start, None) if start is not None else (-math.inf, None)
                for a in range(max(0, b - 1 - MAX_SKIP), b):
                    gap = self._gap(a, b)
                    if gap is None:
                        continue
                    legs = self._leg(a, b)
                    for m in range(len(self.pools[a])):
                        score = fwd[a][m] + gap + legs[m][k]
                        if score > best:
                            best, best_arg = score, (a, m)
                row.append(best + self.priors[b][k])
                arg.append(best_arg)
            fwd.append(row)
            fwd_arg.append(arg)
        bwd: list[list[float]] = [[] for _ in range(n)]
        bwd_arg: list[list[tuple[int, int] | None]] = [[] for _ in range(n)]
        for a in range(n - 1, -1, -1):
            end = self._gap(a, n)
            for m in range(len(self.pools[a])):
                best, best_arg = (end, None) if end is not None else (-math.inf, None)
                for b in range(a + 1, min(n, a + 2 + MAX_SKIP)):
                    gap = self._gap(a, b)
                    if gap is None:
                        continue
                    legs = self._leg(a, b)
                    for k in range(len(self.pools[b])):
                        score = gap + legs[m][k] + self.priors[b][k] + bwd[b][k]
                        if score > best:
                            best, best_arg = score, (b, k)
                bwd[a].append(best)
                bwd_arg[a].append(best_arg)
        placed = [[f + g for f, g in zip(fwd[i], bwd[i])] for i in range(n)]
        # The best journey: through its best placed candidate (ties: the earliest).
        i, k = max(((i, k) for i in range(n) for k in range(len(self.pools[i]))),
                   key=lambda ik: (placed[ik[0]][ik[1]], -ik[0], -ik[1]))
        chosen: list[int | None] = [None] * n
        chosen[i] = k
        here = fwd_arg[i][k]
        while here is not None:
            chosen[here[0]] = here[1]
            here = fwd_arg[here[0]][here[1]]
        here = bwd_arg[i][k]
        while here is not None:
            chosen[here[0]] = here[1]
            here = bwd_arg[here[0]][here[1]]
        return chosen, placed, self._absent_scores(fwd, bwd)

    def _absent_scores(self, fwd: list[list[float]], bwd: list[list[float]]) -> list[float]:
        """Per position, the best journey score with it skipped (-inf: it may not be)."""
        n = self.n
        out = [-math.inf] * n
        for a in range(-1, n):
            for b in range(a + 2, min(n, a + 2 + MAX_SKIP) + 1):
                gap = self._gap(a, b)
                if gap is None:
                    continue
                if a < 0 and b >= n:
                    continue  # a journey with no place at all is no answer
                if a < 0:
                    best = max(gap + self.priors[b][k] + bwd[b][k]
                               for k in range(len(self.pools[b])))
                elif b >= n:
                    best = max(fwd[a][m] + gap for m in range(len(self.pools[a])))
                else:
                    legs = self._leg(a, b)
                    best = max(fwd[a][m] + gap + legs[m][k] + self.priors[b][k] + bwd[b][k]
                               for m in range(len(self.pools[a]))
                               for k in range(len(self.pools[b])))
                for t in range(a + 1, b):
                    out[t] = max(out[t], best)
        return out


def _pool(candidates: Sequence[Place]) -> list[Place]:
    """The candidates to weigh: the gazetteer's order, the first MAX_CANDIDATES."""
    return list(dict.fromkeys(candidates))[:MAX_CANDIDATES]


def _same_place(a: Place, b: Place) -> bool:
    return a.country == b.country and \
        haversine_km(a.lat, a.lon, b.lat, b.lon) <= SAME_PLACE_KM


def _choice(pool: list[Place | None], k: int, marginal: list[float], pos: Position,
            gaz: Gazetteer | None, mode: str = "") -> Choice:
    # Namesakes that are one place (the island and the region of Crete, a curated station
    # and its GeoNames town) count as one; the gazetteer's first of them stands for it.
    # "A place the gazetteer lacks" (None) is a sense of its own.
    picked = pool[k]
    senses: list[tuple[Place | None, float]] = []
    for place, score in zip(pool, marginal):
        for n, (head, best) in enumerate(senses):
            if place is not None and head is not None and _same_place(head, place):
                senses[n] = (head, max(best, score))
                break
        else:
            senses.append((place, score))

    def share(n: int) -> float:
        best = senses[n][1]
        return round(1.0 / (1.0 + sum(10 ** max(-30.0, s - best)
                                      for m, (_h, s) in enumerate(senses) if m != n)), 2)

    mine = next(n for n, (head, _s) in enumerate(senses) if head is picked or (
        head is not None and picked is not None and _same_place(head, picked)))
    if picked is None and share(mine) < DOUBTFUL_BELOW:
        # Not sure enough to leave it out: the likeliest namesake, with the doubt said.
        mine = max((n for n, (h, _s) in enumerate(senses) if h is not None),
                   key=lambda n: senses[n][1])
    head, best = senses[mine]
    confidence = share(mine)
    scores = tuple(round(s, 3) for s in marginal)
    others = sorted(((s, n) for n, (h, s) in enumerate(senses) if n != mine and h is not None),
                    reverse=True)
    if head is None:
        rejected = tuple(senses[n][0] for _s, n in others[:3])
        why = (f"none of its namesakes fits the journey{' by ' + mode if mode else ''}; "
               "the place meant may be one the gazetteer lacks")
        reason = f"{pos.text!r} was left out: {why}; its namesakes: " + \
            ", ".join(describe(p, gaz) for p in rejected)
        return Choice(None, confidence, rejected, reason, why, (), scores)
    lacking = any(h is None for h, _s in senses) and confidence < DOUBTFUL_BELOW
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
    doubts = ("it may be a place the gazetteer lacks",) if lacking else ()
    why = _why(head, alternatives[0], pos, len(marginal)) if alternatives else ""
    return Choice(head, confidence, alternatives, _reason(pos.text, head, alternatives, why,
                                                          doubts, gaz), why, doubts, scores)


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
