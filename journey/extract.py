"""Find place mentions in article text, resolve each to a place, with offsets and sentence.

Matching is dictionary look-up, not one giant regular expression: capitalised words (and
the few curated names written in lower case, such as "mission control") start a
candidate; the longest run of up to six words that the gazetteer knows wins. Person
names ("Vladimir Putin", "George W. Bush"), parts of longer proper names ("Soviet
Union") and common words at the start of a sentence are left out. Each name is then
resolved among its namesakes by population, the countries and US states the article
names, "Paris, Texas"-style qualifiers and distance to the article's other places.

    >>> from journey.extract import extract_mentions
    >>> [m.text for m in extract_mentions("He stopped in Omsk. Then Moscow.")]
    ['Omsk', 'Moscow']
"""
from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, replace
from typing import Sequence

from journey.gazetteer import Gazetteer, normalize
from journey.geo import haversine_km
from journey.models import Mention, Place

# A sentence ends at . ! ? followed by space and a capital/quote, or at a blank line.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]\u201d]?\s+(?=[\"'(\[\u201c]?[A-Z0-9])|\n\s*\n")
_ABBREVIATIONS = ("St.", "Mr.", "Mrs.", "Ms.", "Dr.", "Gen.", "Sen.", "Rep.", "Gov.", "Lt.",
                  "Col.", "Capt.", "U.S.", "U.N.", "U.K.", "p.m.", "a.m.", "Ft.", "Mt.",
                  "No.", "Jr.", "Sr.", "vs.", "etc.", "e.g.", "i.e.")
_INITIAL = re.compile(r"(?:^|\s)[A-Z]\.$")

_UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de" + "".join(
    chr(c) for c in range(0x100, 0x250) if chr(c).isupper())
# Curated names that are written in lower case in running text ("mission control").
_LOWER_STARTS = ("mission", "aerospace")
_START = re.compile(rf"(?<![\w'\u2019-])(?:[{_UPPER}]|(?:{'|'.join(_LOWER_STARTS)})\b)")
_TOKEN = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*(?:\.(?=[ \t]))?")
_SEP = re.compile(r"[ \t\u00a0]{1,3}|[ \t]*-[ \t]*|\n(?![ \t]*\n)")
_MAX_WORDS = 6

# Single words that are places somewhere but are far more often ordinary English words
# (or the words a headline or a sentence starts with); never read as places alone.
_COMMON_WORDS = frozenset("""
she we but as to of more most leader union mission reading nice mobile split bath hope
central long best time police river bay airport college university street bridge center
centre liberty independence justice progress commerce enterprise phoenix eagle lion bear
baker taylor young king man federal imperial republic march august may june april
january february september october november december monday tuesday wednesday thursday
friday saturday sunday asia minor home deal buta mora nova union station railway city
capital harbour harbor port island islands north south east west victory unity concord
paradise eden temple university hospital real media windows player gare
""".split())
# Words that can stand just before a place name without making it part of a longer
# proper name (sentence openers, qualifiers of places, directions).
_OPENERS = frozenset("""
in at from to the then and but or for on by via after before when while as into onto
near outside inside across through toward towards until since past beyond leaving left
reaching reached greater central downtown old new north south east west northern
southern eastern western upper lower inner outer historic neighbouring neighboring
both between if so now today yesterday tomorrow also only even back home welcome
arrival arriving depart departing departure return returning leave
""".split())
# Words that may follow a place name inside a longer name that still means the place.
_PLACE_WORDS = frozenset("""
station railway rail terminus airport port harbour harbor city province region oblast
krai state county district river square street avenue bay island islands peninsula
valley lake mountains hills border crossing airport airbase base bridge highway road
metro subway pier docks dock cathedral palace
""".split())
# Government-and-press metonymy cues right after a capital: "Washington says".
_PERSON_TITLES = frozenset("""
mr mrs ms dr president prime minister general gen sen senator gov governor king queen
prince princess lord lady sir saint pope chairman secretary leader premier chancellor
colonel captain judge justice rev father
""".split())


@dataclass(frozen=True, slots=True)
class _Match:
    start: int
    end: int
    key: str
    ids: tuple[Place, ...]


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return (start, end) offsets of the sentences in ``text`` (whitespace trimmed)."""
    spans = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if "\n" not in m.group():
            before = text[max(0, m.start() - 6): m.start()]
            if any(before.endswith(a) for a in _ABBREVIATIONS) or _INITIAL.search(before):
                continue
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


@functools.lru_cache(maxsize=8)
def _first_words(gaz: Gazetteer) -> frozenset[str]:
    return frozenset(k.split(" ", 1)[0] for k in gaz.names())


@functools.lru_cache(maxsize=200_000)
def _norm_token(token: str) -> str:
    if token.isascii():
        low = token.lower().replace("'", "")
        if low.endswith("."):
            low = low[:-1]
        return "st" if low in ("saint", "sankt") else low
    return normalize(token)


def _is_capitalised(token: str) -> bool:
    return token[:1].isupper()


def _scan(text: str, gaz: Gazetteer) -> list[tuple[int, int, str, bool]]:
    """(start, end, key, known) of every longest-match name candidate in text order."""
    first_words = _first_words(gaz)
    found: list[tuple[int, int, str, bool]] = []
    last_end = 0
    token_match = _TOKEN.match
    sep_match = _SEP.match
    for start_m in _START.finditer(text):
        pos = start_m.start()
        if pos < last_end:
            continue
        tok = token_match(text, pos)
        if tok is None:
            continue
        first = _norm_token(tok.group())
        possessive = first.endswith("s") and tok.group()[-2:] in ("'s", "\u2019s")
        if first not in first_words and not possessive:
            continue
        # Collect up to _MAX_WORDS tokens joined by single spaces or hyphens.
        tokens = [tok]
        norms = [first]
        end = tok.end()
        while len(tokens) < _MAX_WORDS:
            sep = sep_match(text, end)
            if sep is None:
                break
            nxt = token_match(text, sep.end())
            if nxt is None:
                break
            tokens.append(nxt)
            norms.append(_norm_token(nxt.group()))
            end = nxt.end()
            if tokens[-2].group().endswith((".",)) and len(tokens[-2].group()) > 3:
                break
        best = None
        for n in range(len(tokens), 0, -1):
            key = " ".join(norms[:n])
            if key.startswith("the "):
                key = key[4:]
            last = tokens[n - 1].group()
            if key in gaz:
                best = (pos, tokens[n - 1].end(), key)
                break
            # Possessive at the end: "Russia's" -> "Russia".
            if last[-2:] in ("'s", "\u2019s"):
                key2 = key[:-1]
                if key2 in gaz:
                    best = (pos, tokens[n - 1].end() - 2, key2)
                    break
        if best is not None:
            s, e, key = best
            if text[e - 1] == "." and not key.endswith(".") and key not in ("st",):
                # A sentence-final full stop is not part of the name.
                if not re.search(r"\b(?:St|Ft|Mt)\.$", text[s:e]):
                    e -= 1
            found.append((s, e, key, True))
            last_end = e
    return found


def _prev_word(text: str, start: int) -> str:
    m = re.search(r"([^\W\d_][\w.'\u2019]*)[ \t]{1,2}$", text[max(0, start - 40): start])
    return m.group(1) if m else ""


def _next_word(text: str, end: int) -> str:
    m = re.match(r"[ \t]{1,2}([^\W\d_][\w'\u2019]*\.?)", text[end: end + 40])
    return m.group(1) if m else ""


def _is_sentence_start(text: str, start: int) -> bool:
    before = text[max(0, start - 4): start].rstrip(" \t\"'\u201c(")
    return not before or before[-1] in ".!?\n:" or before.endswith("--")


def _keep(text: str, s: int, e: int, key: str, gaz: Gazetteer, lower_words: set[str],
          curated: bool) -> bool | None:
    """Whether a matched name reads as a place here (not a person, a part of a longer name
    or a common word); None when it is part of a person's or organisation's name."""
    if e - s < 3 and not curated:
        return False
    surface = text[s:e]
    single = " " not in key
    if single and key in _COMMON_WORDS and not curated:
        return False
    if surface.islower() and not curated:
        return False
    nxt = _next_word(text, e)
    possessive = surface.endswith(("'s", "\u2019s")) or text[e:e + 2] in ("'s", "\u2019s")
    if possessive and key.startswith("st ") and not curated:
        return False  # "St Paul's Cathedral", "St Peter's Square": a building, not the city
    if nxt and _is_capitalised(nxt) and not possessive:
        low = _norm_token(nxt)
        if low not in _PLACE_WORDS and not (surface.isupper() and nxt.isupper()):
            # "Vladimir Putin", "Washington Post", "George W. Bush".
            return False if low in _INSTITUTION_WORDS else None
    prev = _prev_word(text, s)
    if prev and _is_capitalised(prev) and not _is_sentence_start(text, s - len(prev) - 1):
        low = _norm_token(prev)
        if low not in _OPENERS and not (low in first_words_of(gaz) and f"{low} {key}" in gaz):
            # "Soviet Union", "Andrew Jackson", "President Lincoln".
            return None
    elif prev and _norm_token(prev) in _PERSON_TITLES:
        return None
    if _is_sentence_start(text, s) and single and not curated:
        # A sentence-initial word that the article also uses in lower case is a word.
        if key in lower_words:
            return False
    return True


_PLACED_BEFORE = re.compile(r"\b(?:in|at|to|from|via|into|near|through|of)[ \t]+$", re.I)
# After a place name, words that make an institution or a treaty, not a person:
# "Kyoto Protocol" says nothing about other uses of "Kyoto".
_INSTITUTION_WORDS = frozenset("""
protocol agreement accord accords treaty convention declaration summit post times herald
tribune journal university college school institute academy philharmonic orchestra
symphony opera ballet club united city fc rovers company bank exchange group airlines
airways motors stadium arena conference process consensus talks round
""".split())


def _placed(text: str, s: int, e: int) -> bool:
    return bool(_PLACED_BEFORE.search(text[max(0, s - 12): s]) or
                re.match(r",[ \t]*[A-Z]", text[e: e + 4]))


def first_words_of(gaz: Gazetteer) -> frozenset[str]:
    return _first_words(gaz)


def extract_mentions(text: str, gazetteer: Gazetteer | None = None) -> list[Mention]:
    """Every place named in ``text``, in text order, resolved among its namesakes."""
    gaz = gazetteer or Gazetteer.default()
    sentences = split_sentences(text)
    raw = _scan(text, gaz)
    lower_words: set[str] | None = None
    kept: list[tuple[int, int, str, list[Place]]] = []
    person_keys: set[str] = set()
    for s, e, key, _known in raw:
        if key not in gaz:
            continue
        candidates = gaz.candidates(key)
        curated = any(not p.source.startswith("geonames:") for p in candidates[:1])
        if lower_words is None and _is_sentence_start(text, s):
            lower_words = set(re.findall(r"(?<![\w.] )\b[a-z]+\b", text))
        keep = _keep(text, s, e, key, gaz, lower_words or set(), curated)
        if keep is None and " " not in key:
            person_keys.add(key)
        if not keep:
            continue
        kept.append((s, e, key, candidates))
    # One sense per article: a word that names a person somewhere ("Kim Jong Il") is not
    # a place elsewhere ("Kim said"), unless a qualifier or a preposition says it is.
    if person_keys:
        kept = [k for k in kept if k[2] not in person_keys or _placed(text, k[0], k[1])]
    resolved = _resolve(text, kept, gaz.capitals)
    mentions = []
    si = 0
    for (s, e, _key, _cands), (place, confidence) in zip(kept, resolved):
        while si < len(sentences) - 1 and sentences[si][1] <= s:
            si += 1
        ss, se = sentences[si] if sentences else (0, len(text))
        mentions.append(Mention(text=text[s:e], start=s, end=e, sentence=text[ss:se],
                                place=place, confidence=round(confidence, 2)))
    extra = []
    for s, e, name in unresolved_names(text, mentions):
        place, suggestions, score = resolve_misspelling(gaz, name)
        ss, se = next(((a, b) for a, b in sentences if a <= s < b), (0, len(text)))
        extra.append(Mention(text=name, start=s, end=e, sentence=text[ss:se], place=place,
                             confidence=round(0.8 * score / 100, 2) if place else 0.0,
                             suggestions=suggestions))
    if extra:
        mentions = sorted(mentions + extra, key=lambda m: m.start)
    return mentions


def _qualifier(text: str, s: int, e: int, starts: dict[int, Place],
               ends: dict[int, Place]) -> Place | None:
    """The state or country that qualifies a name: "Paris, Texas" or "Spain's Cartagena"."""
    return _qualifier_form(text, s, e, starts, ends)[0]


def _qualifier_form(text: str, s: int, e: int, starts: dict[int, Place],
                    ends: dict[int, Place]) -> tuple[Place | None, str]:
    m = re.match(r",[ \t]*|[ \t]+in[ \t]+", text[e: e + 5])
    place = starts.get(e + m.end()) if m else None
    form = "comma" if m and m.group().startswith(",") else "in"
    if place is None and text[max(0, s - 3):s] in ("'s ", "\u2019s "):
        place, form = ends.get(s - 3), "possessive"
    if place is not None and place.kind in ("country", "region"):
        return place, form
    return None, ""


def _narrow(cands: list[Place], qual: Place | None) -> list[Place]:
    if qual is None:
        return cands
    narrowed = [p for p in cands if p is not qual and p.country == qual.country and (
        qual.kind != "region" or p.country != "US" or p.admin1 == qual.admin1)]
    return narrowed or cands


def _resolve(text: str, kept: Sequence[tuple[int, int, str, list[Place]]],
             capitals: dict[str, str]) -> list[tuple[Place | None, float]]:
    """Choose one place per mention: a prior (population, curated data, the name being the
    place's main name) plus the article's context (countries and states it names,
    qualifiers, and nearness to the journey's other places)."""
    if not kept:
        return []
    starts = {s: cands[0] for s, _e, _k, cands in kept if cands}
    ends = {e: cands[0] for _s, e, _k, cands in kept if cands}
    countries: dict[str, int] = {}
    states: dict[str, int] = {}
    for _s, _e, _k, cands in kept:
        top = cands[0]
        if top.kind == "country":
            countries[top.country] = countries.get(top.country, 0) + 1
        elif top.kind == "region" and top.country == "US" and not any(
                p.kind == "city" and p.population >= 100_000 for p in cands):
            # "Washington" is more often the capital than the state: only a name that is
            # no big city's counts as the article naming a state.
            states[top.admin1] = states.get(top.admin1, 0) + 1
            countries["US"] = countries.get("US", 0) + 1

    def prior(p: Place, key: str) -> float:
        # A state's population is summed over its towns (boroughs counted twice), so it
        # is weighed like a city of about 300,000: "New York" and "Washington" are the
        # cities, "Delaware" is the state rather than a town in Ohio.
        score = 5.5 if p.kind == "region" else math.log10(p.population + 10)
        if normalize(p.name) == key:
            score += 1.0  # its own name, not one of its alternate names
        if not p.source.startswith("geonames:"):
            score += 2.0
        if p.kind == "city" and capitals.get(p.country) == normalize(p.name):
            score += 1.5  # "Washington says": capitals are what the news names most
        if p.kind in ("country", "continent"):
            score += 1.5
        if p.country in countries:
            score += 1.0 + 0.3 * min(countries[p.country], 5)
        if p.country == "US" and p.admin1 in states and p.kind == "city":
            score += 2.0
        return score

    pools = []
    first: list[tuple[Place, float]] = []
    # One sense per article: once "Moscow, Idaho" is written, a bare "Moscow" is it too.
    qualified: dict[str, list[Place]] = {}
    quals = [_qualifier(text, s, e, starts, ends) for s, e, _k, _c in kept]
    for (s, e, key, cands), qual in zip(kept, quals):
        # Only the ", Idaho" form: "Spain's Cartagena" is as often a contrast.
        if qual is not None and _qualifier_form(text, s, e, starts, ends)[1] == "comma":
            qualified.setdefault(key, _narrow(cands, qual))
    for (s, e, key, cands), qual in zip(kept, quals):
        pool = _narrow(cands, qual) if qual is not None else qualified.get(key, cands)
        pools.append(pool)
        scored = sorted(((prior(p, key), i, p) for i, p in enumerate(pool)),
                        key=lambda t: (-t[0], t[1]))
        second = scored[1][0] if len(scored) > 1 else -99.0
        first.append((scored[0][2], scored[0][0] - second))
    # Anchors: point-like places resolved with confidence; their spread sets the scale
    # of the journey, within which nearness no longer tells namesakes apart.
    anchors = [p for p, margin in first if margin > 1.5 and p.kind in _POINTS]
    scale = _scale(anchors)
    out: list[tuple[Place | None, float]] = []
    for (s, e, key, cands), pool, (place, margin) in zip(kept, pools, first):
        if len(pool) < 2 or not anchors:
            out.append((place, _confidence(margin)))
            continue
        rescored = []
        for i, p in enumerate(pool):
            near = min((haversine_km(p.lat, p.lon, a.lat, a.lon) for a in anchors
                        if normalize(a.name) != normalize(p.name)), default=40000.0)
            bonus = 3.5 if near <= 2 * scale else 3.5 * math.exp(-(near - 2 * scale) / scale)
            rescored.append((prior(p, key) + bonus, i, p))
        rescored.sort(key=lambda t: (-t[0], t[1]))
        margin = rescored[0][0] - (rescored[1][0] if len(rescored) > 1 else -99.0)
        out.append((rescored[0][2], _confidence(margin)))
    return out


_POINTS = ("city", "station", "landmark", "border")


def _scale(anchors: Sequence[Place]) -> float:
    """The median distance between the anchors (km), kept between 50 and 3,000."""
    distances = sorted(haversine_km(a.lat, a.lon, b.lat, b.lon)
                       for i, a in enumerate(anchors[:40]) for b in anchors[i + 1:40]
                       if a.name != b.name)
    if not distances:
        return 500.0
    return min(3000.0, max(50.0, distances[len(distances) // 2]))


def _confidence(margin: float) -> float:
    return 1.0 / (1.0 + math.exp(-1.5 * margin)) if margin < 50 else 1.0


def unresolved_names(text: str, mentions: Sequence[Mention]) -> list[tuple[int, int, str]]:
    """Capitalised words right after a movement cue that no gazetteer layer knows."""
    taken = [(m.start, m.end) for m in mentions]
    out = []
    for m in _CUE_THEN_NAME.finditer(text):
        s, e = m.start("name"), m.end("name")
        if any(a <= s < b for a, b in taken):
            continue
        name = m.group("name")
        if normalize(name) in _COMMON_WORDS or _norm_token(name.split()[0]) in _OPENERS:
            continue
        out.append((s, e, name))
    return out


_CUE_THEN_NAME = re.compile(
    r"\b(?:arrived in|arrived at|arrives in|arriving in|stopped in|stop in|stopover in|"
    r"reached|left|leaving|departed|departed from|sailed to|sailed for|flew to|drove to|"
    r"headed for|headed to|bound for|en route to|via|on to|back to|returned to|"
    r"travelled to|traveled to|continued to|went on to|crossed into)\s+"
    r"(?P<name>[" + _UPPER + r"][^\W\d_]+(?:[ -][" + _UPPER + r"][^\W\d_]+){0,2})")


@functools.lru_cache(maxsize=4096)
def resolve_misspelling(gaz: Gazetteer, name: str, threshold: float = 88.0
                        ) -> tuple[Place | None, tuple[str, ...], float]:
    """A forgiving match for a misspelt name: (place or None, suggestions, score)."""
    from rapidfuzz import fuzz, process

    key = normalize(name)
    hits = process.extract(key, gaz._suggestion_keys, scorer=fuzz.ratio, limit=5,
                           score_cutoff=70)
    suggestions = tuple(dict.fromkeys(gaz.candidates(h)[0].name for h, _s, _ in hits))[:3]
    if hits and hits[0][1] >= threshold and hits[0][0][:1] == key[:1]:
        return gaz.candidates(hits[0][0])[0], suggestions, hits[0][1]
    return None, suggestions, hits[0][1] if hits else 0.0


def with_place(m: Mention, place: Place | None, confidence: float) -> Mention:
    return replace(m, place=place, confidence=confidence)
