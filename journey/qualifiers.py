"""Qualifiers written after a place name, and the namesakes they rule out.

A journalist pins a namesake down with what follows it: "Athens, Ga.", "Paris, TN",
"Santa Cruz, in the island of Teneriffe", "Fayal, in the Azores", "Haiyan, Qinghai".
:func:`apply_qualifiers` reads these forms after each name the extractor found and keeps
only the namesakes inside the area named (a country, a province or state, an island or
archipelago). Where none of the name's namesakes lies there, the gazetteer lacks the
place meant: the name is left unplaced (a miss) rather than put at a namesake elsewhere.

    >>> from journey.gazetteer import Gazetteer
    >>> gaz = Gazetteer.load()
    >>> areas("Athens, Ga.", 6, gaz)[0][:2]
    ('US', 'GA')

The area named by a qualifier that is itself a place name is read as an area: the
gazetteer's country, province or island of that name, or, written after "in the island
of", an old or variant spelling of one ("Teneriffe" for Tenerife, by edit distance).
"""
from __future__ import annotations

import itertools
import re
from operator import itemgetter
from typing import Sequence

from journey.gazetteer import Gazetteer, normalize
from journey.geo import haversine_km
from journey.models import Place
from journey.words import fold_only_word

__all__ = ["apply_qualifiers", "areas", "inside", "qualified_at", "US_STATE_ABBREVIATIONS"]

Found = tuple[int, int, str, Sequence[Place]]  # a name found: start, end, key, candidates
Resolved = tuple["Place | None", float]  # its place (None: unplaced) and confidence

# The abbreviations of US states that newspapers write after a town (AP style and the
# older forms), with the postal code each stands for. Postal codes themselves ("GA",
# "TN") are read by Gazetteer.qualifier.
US_STATE_ABBREVIATIONS = {
    "ala": "AL", "ariz": "AZ", "ark": "AR", "cal": "CA", "calif": "CA", "colo": "CO",
    "conn": "CT", "del": "DE", "fla": "FL", "ga": "GA", "ill": "IL", "ind": "IN",
    "kan": "KS", "kans": "KS", "ky": "KY", "la": "LA", "md": "MD", "me": "ME",
    "mass": "MA", "mich": "MI", "minn": "MN", "miss": "MS", "mo": "MO", "mont": "MT",
    "neb": "NE", "nebr": "NE", "nev": "NV", "nh": "NH", "nj": "NJ", "nm": "NM",
    "ny": "NY", "nc": "NC", "nd": "ND", "okla": "OK", "ore": "OR", "pa": "PA",
    "penn": "PA", "ri": "RI", "sc": "SC", "sd": "SD", "tenn": "TN", "tex": "TX",
    "vt": "VT", "va": "VA", "wash": "WA", "wva": "WV", "wis": "WI", "wisc": "WI",
    "wyo": "WY", "dc": "DC",
}
AREA_KINDS = ("country", "region", "district", "island")
# How far from an island's (or archipelago's) point a place on it may lie: the Azores
# span 600 km, and a gazetteer point of an island group is its middle.
ISLAND_REACH_KM = 350.0
LARGE_ISLAND_REACH_KM = 1000.0  # Honshu, Great Britain, Sumatra
LARGE_ISLAND = 5_000_000
# Words between a name and its qualifier: ", " alone, or "in"/"on" with "the island of"
# and the like (", in the island of Teneriffe", ", in the Azores", " on the isle of Mull").
_EXPLICIT = (r"(?:in|on)\s+(?:the\s+)?(?:(?:island|isle|islands|province|state|county|"
             r"department|prefecture|region|district|kingdom|republic|colony|territory)"
             r"\s+of\s+(?:the\s+)?)?")
_GLUE = re.compile(rf",[ \t]*(?:{_EXPLICIT})?|\s+(?:in|on)\s+the\s+(?:island|isle|islands|"
                   r"province|state|county|prefecture)\s+of\s+(?:the\s+)?|\s+in\s+the\s+")
# A state written as an abbreviation or a postal code after a comma: "Ga.", "N.Y.", "TN".
_ABBREVIATION = re.compile(r"(?:[A-Z]\.){2,3}|[A-Z][a-z]{1,4}\.|[A-Z]{2}(?!\w|\.\w)")


def areas(text: str, end: int, gaz: Gazetteer, qualifier: Sequence[Place] = (),
          qualifier_text: str = "") -> list[tuple[str, str, Place | None]]:
    """The areas a qualifier after the name ending at ``end`` may mean, likeliest first,
    as (country, admin1, island): admin1 '' for a whole country, island the island meant
    (else None). ``qualifier`` are the candidates of the name the extractor found where
    the qualifier starts, written ``qualifier_text`` (none: it found no name there).
    Empty: no qualifier."""
    m = _GLUE.match(text, end)
    if m is None:
        return []
    explicit = _explicit(m.group())
    out: list[tuple[str, str, Place | None]] = []
    if qualifier:
        out = [_area(p) for p in qualifier if p.kind in AREA_KINDS]
        if not out and explicit and qualifier_text:
            # "in the island of Teneriffe": an area is meant, perhaps in an old spelling.
            close, _score = gaz.misspelling(qualifier_text)
            if close is not None and close.kind in AREA_KINDS:
                out.append(_area(close))
        return out
    if explicit:
        return []
    abbr = _ABBREVIATION.match(text, m.end())
    if abbr is None:
        return []
    code = US_STATE_ABBREVIATIONS.get(abbr.group().replace(".", "").lower())
    if code is not None:
        return [("US", code, None)]
    if abbr.group().isupper() and "." not in abbr.group():
        return [(cc, a1, None) for cc, a1 in gaz.qualifier(abbr.group())]
    return []


_IN_ON = re.compile(r"\b(?:in|on)\b")


def qualified_at(text: str, end: int, gaz: Gazetteer) -> bool:
    """Whether the name ending at ``end`` is followed by a qualifier: "in the island of"
    and the like before a capitalised word, or an area after a comma ("Paris, Texas",
    "Athens, Ga.")."""
    m = _GLUE.match(text, end)
    if m is None:
        return False
    if _explicit(m.group()):
        return text[m.end():m.end() + 1].isupper()
    word = re.match(r"[^\W\d_][\w.'-]*(?:[ \t][A-Z][\w.'-]*)?", text[m.end():m.end() + 40])
    return bool(areas(text, end, gaz)) or word is not None and any(
        p.kind in AREA_KINDS for p in gaz.candidates(word.group().rstrip(".")))


def _explicit(glue: str) -> bool:
    """Whether the words between a name and its qualifier say "in" or "on" (not a bare
    comma, which also joins the places of a list)."""
    return _IN_ON.search(glue) is not None


def _area(p: Place) -> tuple[str, str, Place | None]:
    if p.kind == "island":
        return (p.country, "", p)
    if p.kind == "country":
        return (p.country, "", None)
    return (p.country, p.admin1, None)


def inside(place: Place, area: tuple[str, str, Place | None]) -> bool:
    """Whether ``place`` lies in ``area`` (see :func:`areas`)."""
    country, admin1, island = area
    if place.kind == "country" or (island is not None and place == island):
        return False
    if country and place.country and place.country != country:
        return False
    if admin1 and place.admin1 != admin1:
        return False
    if island is not None:
        reach = LARGE_ISLAND_REACH_KM if island.population >= LARGE_ISLAND else ISLAND_REACH_KM
        return haversine_km(place.lat, place.lon, island.lat, island.lon) <= reach
    return True


def apply_qualifiers(text: str, kept: Sequence[Found], resolved: Sequence[Resolved],
                     gaz: Gazetteer) -> tuple[list[Found], list[Resolved]]:
    """``kept`` (the names the extractor found: start, end, key, candidates) and
    ``resolved`` (its (place, confidence) for each) with each qualified name's
    candidates narrowed to those inside its qualifier, and placed at the best of them.

    The qualifier's own name is placed at the area it names ("Teneriffe" at the island,
    not at a Brisbane suburb of that name). A name none of whose namesakes lies inside
    an area written out ("Fayal, in the Azores") is left unplaced. The same name written
    bare elsewhere means that town where the extractor read a country or province
    ("Norway, ME"); a bare town is left to the extractor's reading ("our friends from
    Springfield, Missouri" does not make a Route 66 trip's "Springfield" that one).

    First, a common word that matches places only once accents are folded ("Crossing the
    Line": Líně) is dropped (:func:`journey.words.fold_only_word`), and a name after
    "Port"/"Porto"/"Puerto" that the gazetteer knows only without it starts at the prefix.
    """
    kept, resolved = _without_folded_words(text, _with_port_prefix(text, kept), resolved)
    kept_out, out = list(kept), list(resolved)
    by_start: dict[int, int] = {}
    qualified: set[int] = set()
    towns: dict[str, Place] = {}  # key -> the town a comma qualifier made of it
    memo: dict[tuple, list[Place]] = {}  # a long article repeats its "Paris, Texas"
    for i, (s, e, key, cands) in enumerate(kept):
        after = text[e:e + 1]
        if after != "," and not (after.isspace() and text[e + 1:e + 3].lower() in ("in", "on")):
            continue  # the cheap test first: most names have no qualifier
        m = _GLUE.match(text, e)
        if m is None:
            continue
        if not by_start:
            by_start = dict(zip(map(itemgetter(0), kept), itertools.count()))  # in C
        j = by_start.get(m.end())
        pool = kept[j][3] if j is not None else ()
        found = areas(text, e, gaz, pool, text[kept[j][0]:kept[j][1]] if j is not None else "")
        if not found:
            continue
        explicit = _explicit(m.group())
        for area in found:
            mark = (key, id(cands), area)
            narrowed = memo.get(mark)
            if narrowed is None:
                narrowed = memo[mark] = sorted(
                    (p for p in cands if inside(p, area) and p.kind not in AREA_KINDS),
                    key=lambda p: (normalize(p.name) != key, -p.population))
            if narrowed:
                kept_out[i], out[i] = (s, e, key, narrowed), _sure(narrowed[0], out[i])
                qualified.add(i)
                if j is not None:
                    out[j] = _sure(_area_place(area, pool) or out[j][0], out[j])
                    qualified.add(j)
                if not explicit:
                    towns.setdefault(key, narrowed[0])
                break
        else:
            if explicit:
                # "Fayal, in the Azores": the gazetteer lacks it; not a Fayal elsewhere.
                kept_out[i], out[i] = (s, e, key, []), (None, 0.0)
                qualified.add(i)
    # "Welcome to Norway, ME" makes the title's bare "Norway" the town too, rather than
    # the country; a bare town stays as read ("Springfield" of Route 66 after "friends
    # from Springfield, Missouri").
    for i, (_s, _e, key, _c) in enumerate(kept if towns else ()):
        town = towns.get(key)
        if town is not None and i not in qualified and out[i][0] is not None and \
                out[i][0].kind in ("country", "region"):
            out[i] = (town, min(out[i][1], 0.8))
    return kept_out, out


_PORT_PREFIX = re.compile(r"(?:Port|Porto|Puerto)[ \t]+$")


def _with_port_prefix(text: str, kept: Sequence[Found]) -> list[Found]:
    """"Porto Praya", "Port Natal": an old port's name is the town's with "Port" before
    it; the name found (Praya) starts at the prefix, so that it reads as written."""
    if "Port" not in text and "Puerto" not in text:
        return list(kept)
    out = list(kept)
    for i, (s, e, key, cands) in enumerate(kept):
        if text.endswith(("Port ", "Porto ", "Puerto "), max(0, s - 7), s):
            m = _PORT_PREFIX.search(text, max(0, s - 8), s)
            if m is not None and (m.start() == 0 or not text[m.start() - 1].isalnum()):
                out[i] = (m.start(), e, key, cands)
    return out


def _without_folded_words(text: str, kept: Sequence[Found], resolved: Sequence[Resolved]
                          ) -> tuple[Sequence[Found], Sequence[Resolved]]:
    # By key: the first writing of a name speaks for all. Each key's first writing is
    # picked in C (the last one a dict keeps, over the names in reverse), so that the
    # loop in Python runs once per distinct name, not once per name of a long article.
    firsts = dict(zip(map(itemgetter(2), reversed(kept)), reversed(kept)))
    dropped = set()
    for key, (s, e, _key, cands) in firsts.items():
        written = text[s:e]
        # A state's abbreviation ("Ill" for Ill.) is written to name it: kept.
        if cands and " " not in written and all(
                fold_only_word(written, p) and p.kind not in AREA_KINDS for p in cands):
            dropped.add(key)
    if not dropped:
        return kept, resolved
    drop = {i for i, (_s, _e, key, _c) in enumerate(kept) if key in dropped}
    return ([k for i, k in enumerate(kept) if i not in drop],
            [r for i, r in enumerate(resolved) if i not in drop])


def _sure(place: Place, before: Resolved) -> Resolved:
    """``place`` with the confidence a qualifier gives (the extractor's, if it had the
    same place and was surer)."""
    return place, max(0.95, before[1]) if place is before[0] else 0.95


def _area_place(area: tuple[str, str, Place | None], pool: Sequence[Place]) -> Place | None:
    country, admin1, island = area
    if island is not None:
        return island
    for p in pool:
        if p.kind in AREA_KINDS and p.country == country and (not admin1 or p.admin1 == admin1):
            return p
    return None
