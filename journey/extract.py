"""Find place mentions in article text, resolve each to a place, with offsets and sentence.

Matching is dictionary look-up, not one giant regular expression: capitalised words (and
the few curated names written in lower case, such as "mission control") start a
candidate; the longest run of up to six words that the gazetteer knows wins. Person
names ("Vladimir Putin", "George W. Bush"), parts of longer proper names ("Soviet
Union") and common words at the start of a sentence are left out. Each name is then
resolved among its namesakes by population, the countries and US states the article
names, "Paris, Texas"-style qualifiers and distance to the article's other places.

    >>> from journey.gazetteer import Gazetteer
    >>> [m.text for m in extract_mentions("He stopped in Omsk. Then Moscow.", Gazetteer.load())]
    ['Omsk', 'Moscow']
"""
from __future__ import annotations

import bisect
import contextlib
import functools
import gc
import itertools
import math
import operator
import re
from collections import Counter
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Iterable, Iterator, Sequence

from journey.gazetteer import STOP_WORDS, Gazetteer, Geocoder, is_curated, normalize
from journey.geo import flat_km
from journey.models import Mention, Place
from journey.namesakes import (Context, Position, resolve_journey, stated_distances_km,
                               travel_mode)
from journey.ocr import clean
from journey.qualifiers import AREA_KINDS, apply_qualifiers
from journey.words import is_common_word

_ABBREVIATIONS = ("St.", "Mr.", "Mrs.", "Ms.", "Dr.", "Gen.", "Sen.", "Rep.", "Gov.", "Lt.",
                  "Col.", "Capt.", "U.S.", "U.N.", "U.K.", "p.m.", "a.m.", "Ft.", "Mt.",
                  "No.", "Jr.", "Sr.", "vs.", "etc.", "e.g.", "i.e.")

# The breaks of split_sentences as one regex, so that its loop runs in C for most
# sentences (the loop in Python cost as much as the rest of sentence splitting): a . ! ?
# (optionally closed by a quote or bracket, dropped from both sentences) followed by
# white space and a capital, a digit or an opening quote; unless the white space holds
# no line break and the mark ends one of _ABBREVIATIONS ("St. Petersburg") or an initial
# ("George W. Bush": one capital after a space, a full stop or the text's start). The
# group says which kind of break it is (see split_sentences); a non-ASCII letter before
# the mark leaves the capital test to str.isupper (group 2).
def _not_after(words) -> str:
    """Look-behinds (one per length, as the re module wants) for none of ``words``."""
    return "".join("(?<!" + "|".join(re.escape(w) for w in words if len(w) == n) + ")"
                   for n in sorted({len(w) for w in words}))


_Q_CLOSE, _Q_OPEN = r"[\"')\]\u201d]?", r"[\"'(\[\u201c]?"
_SENTENCE_BREAK = re.compile(
    r"[.!?\n](?:(?<=[.!?])(?:(?:(?=" + _Q_CLOSE + r"[^\S\n]*\n)|" + _not_after(_ABBREVIATIONS)
    + r"(?<![ \n.][A-Z\x80-\U0010ffff][.!?])(?<!^[A-Z\x80-\U0010ffff][.!?]))"
    r"(" + _Q_CLOSE + r"\s+)"
    r"|(?<=[\x80-\U0010ffff][.!?])(" + _Q_CLOSE + r"[^\S\n]+))(?=" + _Q_OPEN + r"[A-Z0-9])"
    r"|(?<=\n)()[ \t]*\n\s*)")

_UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de" + "".join(
    chr(c) for c in range(0x100, 0x250) if chr(c).isupper())
# Curated names that are written in lower case in running text ("mission control").
_LOWER_STARTS = ("mission", "aerospace")
_START = re.compile(rf"(?<![\w'\u2019-])(?:[{_UPPER}]|(?:{'|'.join(_LOWER_STARTS)})\b)")
_TOKEN = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*(?:\.(?=[ \t]))?")
_SEP = re.compile(r"[ \t\u00a0]{1,3}|[ \t]*-[ \t]*|\n(?![ \t]*\n)")
_MAX_WORDS = 6
WRAPPED_LINE = 40  # characters of a line of wrapped prose, at least

# Single words that are places somewhere but are far more often ordinary words, months,
# weekdays, seas or adjectives: the gazetteer's stop-word policy.
_COMMON_WORDS = STOP_WORDS
# Words that are towns but also ordinary words: not places when they open a sentence
# ("Nice weather ...", "Reading the map ..."); mid-sentence, the capital says "place".
_INITIAL_WORDS = frozenset("""
union mission reading nice mobile split bath hope liberty independence justice progress
commerce enterprise phoenix eagle lion bear baker taylor victory unity concord paradise
eden temple hospital asia
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
embarked disembarked arrived departed docked anchored landed berthed
port porto puerto
""".split())
# Words that may follow a place name inside a longer name that still means the place.
_PLACE_WORDS = frozenset("""
station railway rail terminus airport port harbour harbor city province region oblast
krai state county district river square street avenue bay island islands peninsula
valley lake mountains hills border crossing airport airbase base bridge highway road
metro subway pier docks dock cathedral palace sound roads strait channel quay wharf marina
fjord firth
""".split())
# Government-and-press metonymy cues right after a capital: "Washington says".
_PERSON_TITLES = frozenset("""
mr mrs ms dr president prime minister general gen sen senator gov governor king queen
prince princess lord lady sir saint pope chairman secretary leader premier chancellor
colonel captain judge justice rev father
""".split())


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return (start, end) offsets of the sentences in ``text`` (whitespace trimmed)."""
    # _SENTENCE_BREAK tells which kind of break each match is by its group (1: a mark that
    # ends a sentence, 2: a mark after a lone non-ASCII letter, an initial if that is a
    # capital, 3: a blank line), so that the loop does almost nothing for most sentences.
    out = []
    append = out.append
    isspace = str.isspace
    s = len(text) - len(text.lstrip())
    for m in _SENTENCE_BREAK.finditer(text):
        kind = m.lastindex
        if kind == 3:  # a blank line: the sentence ends before it, less white space
            e, after = m.span()
            while e > s and isspace(text[e - 1]):
                e -= 1
            if e <= s:
                s = after
                continue
        else:  # a mark: the sentence ends where the separator after it starts
            e, after = m.span(kind)
            if kind == 2 and text[e - 2].isupper():
                continue  # "É. Zola": an initial, no sentence end
        append((s, e))
        s = after
    e = len(text)  # the last sentence ends with the text
    while s < e and isspace(text[s]):
        s += 1
    while e > s and isspace(text[e - 1]):
        e -= 1
    if e > s:
        append((s, e))
    # Whether any sentence is too long, tested in C: min(start - end) is minus the longest.
    if min(itertools.starmap(operator.sub, out), default=0) < -MAX_SENTENCE:
        out = [piece for s, e in out for piece in _pieces(text, s, e)]
    return out


# A sentence longer than this (a text without full stops, a table glued into one line) is
# read in pieces cut after a semicolon, a comma or a space: a popup quotes a sentence,
# and the drafter reads each mention's sentence, which must not grow with the text.
MAX_SENTENCE = 1000


def _pieces(text: str, s: int, e: int) -> list[tuple[int, int]]:
    out = []
    while e - s > MAX_SENTENCE:
        limit = s + MAX_SENTENCE
        cut = max(text.rfind(";", s, limit), text.rfind(",", s, limit))
        if cut <= s + MAX_SENTENCE // 2:
            cut = text.rfind(" ", s, limit)
        cut = cut + 1 if cut > s else limit
        out.append((s, cut))
        s = cut
        while s < e and text[s].isspace():
            s += 1
    if e > s:
        out.append((s, e))
    return out


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


# Lower-case words that may continue a name ("Stratford-upon-Avon", "Rio de Janeiro").
_CONNECTORS = ("of", "de", "la", "le", "les", "du", "des", "upon", "on", "am", "an", "der",
               "del", "di", "da", "do", "dos", "das", "the", "sur", "en", "es", "al", "el",
               "y", "i", "im", "ob", "bei", "la", "lo", "los", "las", "sous", "and")
_DROP, _OK, _PERSON, _PREV = 0, 1, 2, 3
# A one-word name before these and a capitalised word is the first word of a longer name
# the gazetteer lacks ("Cathedral of Palo"), when the longer one is no place it knows.
_OF_WORDS = frozenset(("of", "de", "da", "do", "del", "della", "di", "des", "du"))
# Ways named after where they lead: the place after "Camino de" is the route's name.
_ROUTE_WORDS = frozenset(("camino", "caminho", "cammino", "chemin", "ruta", "rota", "route",
                          "way", "trail", "voie", "via", "strada"))


class _Scanner:
    """A gazetteer's name-run pattern and a cache of what each run of words holds.

    A run is a stretch of capitalised words and the connectors between them ("Gulf of
    Mexico", "President Vladimir Putin"); which names it contains and whether they read
    as places depends only on the run itself, so each distinct run is analysed once.
    """

    def __init__(self, gaz: Gazetteer):
        self.gaz = gaz
        connectors = set(_CONNECTORS)
        lower_starts: set[str] = set()
        for place in gaz.curated():
            for name in (place.name, *place.aliases):
                words = name.replace("-", " ").split()
                connectors.update(w.lower() for w in words[1:] if w.islower())
                if words and words[0].islower() and words[0] != "the":
                    lower_starts.add(words[0])
        upper = f"[{_UPPER}]"
        # A full stop belongs to a short word only ("St.", "W."): after a longer word it
        # ends the sentence, and the run with it.
        word = r"[^\W\d_]*(?:['\u2019][^\W\d_]+)*(?:(?<![^\W\d_]{4})\.)?"
        cont = "|".join(sorted(map(re.escape, connectors), key=len, reverse=True))
        # The run opens with one character class, and the tests that need context come
        # after it: the regex engine then skips ahead with a fast character-set scan
        # instead of trying a look-behind at every position of the text (twice as fast).
        # The lower-case starts ("mission control") enter through their first letter.
        starts = [f"(?<={upper})"] + [f"(?<={re.escape(w[0])}){re.escape(w[1:])}\\b"
                                      for w in sorted(lower_starts)]
        head = "".join(sorted({re.escape(w[0]) for w in lower_starts}))
        first = rf"[{_UPPER}{head}](?<![\w'\u2019-].)(?:{'|'.join(starts)})"
        # A line break joins the words of a name only after a full line of wrapped prose
        # ("arrived in Nizhny\nNovgorod"): after a short line (a heading, a port's name
        # over its paragraph, a list) it ends the run.
        rest = (rf"{word}(?:(?:[ \t\u00a0]{{1,2}}|[ \t]*-[ \t]*|"
                rf"(?<=[^\n]{{{WRAPPED_LINE}}})\n(?![ \t]*\n))"
                rf"(?:{upper}{word}|(?:{cont})\b))*")
        self.run = re.compile(first + rest)
        # The same runs, opened by a capital only: the engine then stops at capitals alone,
        # not at every "a" and "m" of the text for "aerospace" and "mission" (half the
        # scan's time). The few lower-case openings are found with str.find and merged in
        # (see runs()).
        self.upper_run = re.compile(rf"{upper}(?<![\w'\u2019-].){rest}")
        self.lower_starts = tuple(sorted(lower_starts))
        self.cache: dict[str, tuple[tuple[int, int, str, int, int], ...]] = {}
        self.curated: dict[str, bool] = {}
        self.minor: dict[str, bool] = {}
        self.words: dict[str, bool] = {}
        self.alias_words: dict[str, bool] = {}
        self.cands: dict[str, tuple[Place, ...]] = {}
        self.plans: dict[str, tuple[bool, tuple[str, ...],
                                    tuple[tuple[int, int, str, bool, bool], ...]]] = {}

    def runs(self, text: str) -> Iterator[re.Match]:
        """The matches of ``self.run`` over ``text``, in order, found faster.

        ``self.upper_run`` scans the text, except the paragraphs where a lower-case
        opening word occurs ("mission control"), which ``self.run`` scans. No run crosses
        a blank line (no separator of the pattern is one), so each part of the text gives
        the runs the one pattern gives there, and the matches come one at a time from
        the regex engine, never held all at once.
        """
        spans: list[tuple[int, int]] = []
        for w in self.lower_starts:
            i = text.find(w)
            while i >= 0:
                start = max(0, text.rfind("\n\n", 0, i))
                end = text.find("\n\n", i)
                if end < 0:
                    end = len(text)
                spans.append((start, end))
                i = text.find(w, end)
        if not spans:
            return self.upper_run.finditer(text)
        spans.sort()
        parts = []
        at = 0
        for start, end in spans:
            if start > at:
                parts.append(self.upper_run.finditer(text, at, start))
                parts.append(self.run.finditer(text, start, end))
            elif end > at:  # the same paragraph as the last, or one that touches it
                parts.append(self.run.finditer(text, at, end))
            at = max(at, end)
        parts.append(self.upper_run.finditer(text, at))
        return itertools.chain.from_iterable(parts)

    def analyse(self, run: str) -> tuple[tuple[int, int, str, int, int], ...]:
        """(start, end, key, status, token index) of the names in a run."""
        found = self.cache.get(run)
        if found is not None:
            return found
        gaz = self.gaz
        tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(run)]
        norms = [_norm_token(t) for _s, _e, t in tokens]
        n = len(tokens)
        out = []
        i = 0
        while i < n:
            match = None
            for j in range(min(n, i + _MAX_WORDS), i, -1):
                key = " ".join(norms[i:j])
                if key.startswith("the "):
                    key = key[4:]
                last = tokens[j - 1][2]
                if key in gaz:
                    match = (j, tokens[j - 1][1], key, False)
                    break
                if last[-2:] in ("'s", "\u2019s") and key[:-1] in gaz:
                    match = (j, tokens[j - 1][1] - 2, key[:-1], True)
                    break
            if match is None:
                i += 1
                continue
            j, end, key, possessive = match
            # "The Soviet Union": the name starts after the article.
            first = i + 1 if norms[i] == "the" and j > i + 1 else i
            out.append((tokens[first][0], end, key,
                        self._status(tokens, norms, first, j, key, possessive, run), first))
            i = j
        found = self.cache[run] = tuple(out)
        return found

    def plan(self, run: str) -> tuple[bool, tuple[str, ...], tuple[tuple, ...], bool]:
        """What a run asks of its surroundings, in the order the text is read:

        - whether a movement cue just before it may make an unknown name of it (no known
          name starts the run);
        - the one-word keys it shows as parts of person names;
        - its names that may be places, as (start, end, key, whether it stands for a
          place only at a sentence start, whether it is a single word, whether only small
          towns have it (``_ENGLISH`` when it is also a common English word), its
          candidates, whether it is a word when it opens a sentence,
          whether it is curated): all that the scan needs of the gazetteer, looked up
          once per distinct run instead of once per occurrence;
        - whether none of those names is a small town's (whose cue test looks further
          than the four characters before the run).
        """
        found = self.analyse(run)
        persons = tuple(dict.fromkeys(key for _s, _e, key, status, _i in found
                                      if status == _PERSON and " " not in key))
        names = tuple((s, e, key, status == _PREV, " " not in key,
                       _ENGLISH if self.is_minor(key) and self.is_word(key) or
                       self.is_alias_word(key) else
                       self.is_minor(key), self.candidates(key), key in _INITIAL_WORDS,
                       self.is_curated(key))
                      for s, e, key, status, _i in found if status in (_OK, _PREV))
        local = not any(name[5] for name in names)
        plan = self.plans[run] = (not found or found[0][4] > 0, persons, names, local)
        return plan

    def is_minor(self, key: str) -> bool:
        minor = self.minor.get(key)
        if minor is None:
            minor = self.minor[key] = self.gaz.is_minor(key)
        return minor

    def is_word(self, key: str) -> bool:
        word = self.words.get(key)
        if word is None:
            word = self.words[key] = self.gaz.is_word(key)
        return word

    def is_alias_word(self, key: str) -> bool:
        """Whether a one-word key is a common English word that names its places only by
        an alternate name ("Rest", a GeoNames name of Rasht in Iran: "Day 3: Rest in
        Chicago"): like a small town named like a word, it wants an itinerary or a
        qualifier. A place's own name ("Nice", "Reading", "Bath") is no alias, nor an
        area's other name ("Britain", "Ill." for Illinois)."""
        word = self.alias_words.get(key)
        if word is None:
            cands = self.candidates(key)
            word = self.alias_words[key] = " " not in key and bool(cands) and \
                is_common_word(key) and not self.is_curated(key) and \
                all(normalize(p.name) != key and p.kind not in _AREA_KINDS for p in cands)
        return word

    def candidates(self, key: str) -> tuple[Place, ...]:
        """The gazetteer's candidates for a key, one shared tuple per key."""
        cands = self.cands.get(key)
        if cands is None:
            cands = self.cands[key] = self.gaz.candidates(key)
        return cands

    def is_curated(self, key: str) -> bool:
        cur = self.curated.get(key)
        if cur is None:
            cands = self.candidates(key)
            cur = self.curated[key] = bool(cands) and \
                is_curated(cands[0])
        return cur

    def _status(self, tokens, norms, i: int, j: int, key: str, possessive: bool,
                run: str) -> int:
        curated = self.is_curated(key)
        surface = run[tokens[i][0]:tokens[j - 1][1]]
        if len(surface) < 3 and not curated:
            return _DROP
        if " " not in key and key in _COMMON_WORDS and not curated:
            return _DROP
        if surface.islower() and not curated:
            return _DROP
        if possessive and key.startswith("st ") and not curated:
            return _DROP  # "St Paul's Cathedral": a building named after a saint
        if not possessive and j < len(tokens) and surface[-2:] in ("'s", "\u2019s") and \
                _is_capitalised(tokens[j][2]) and not curated:
            return _DROP  # the same, when GeoNames knows a "Saint Paul's" somewhere
        if j + 1 < len(tokens) and not possessive and " " not in key and not curated and \
                norms[j] in _OF_WORDS and _is_capitalised(tokens[j + 1][2]):
            return _DROP  # "Cathedral of Palo", "Palacio da Ponta Vermelha": a building's name
        if i >= 2 and norms[i - 1] in _OF_WORDS and norms[i - 2] in _ROUTE_WORDS and \
                not curated:
            return _DROP  # "the Camino de Santiago", "Route of Kings": a way named after it
        if j < len(tokens) and not possessive and \
                not _spaced_dash(run[tokens[j - 1][1]:tokens[j][0]]):
            nxt = tokens[j][2]
            low = norms[j]
            if key in ("port", "porto", "puerto") and _is_capitalised(nxt):
                return _DROP  # "Porto Praya", an old port name: the town is Praya
            if _is_capitalised(nxt) and low not in _PLACE_WORDS and \
                    not (surface.isupper() and nxt.isupper()):
                # "Vladimir Putin", "George W. Bush"; "Kyoto Protocol" and "The London
                # Eye" are not persons.
                return _DROP if low in _INSTITUTION_WORDS or i > 0 and \
                    norms[i - 1] == "the" else _PERSON
        if i > 0 and not _spaced_dash(run[tokens[i - 1][1]:tokens[i][0]]):
            prev = tokens[i - 1][2]
            low = norms[i - 1]
            if low in _PERSON_TITLES:
                return _PERSON
            if _is_capitalised(prev) and low not in _OPENERS:
                # "Soviet Union", "Andrew Jackson" -- unless that word opens a sentence.
                return _PREV if i == 1 else _PERSON
        return _OK


def _spaced_dash(gap: str) -> bool:
    """Whether the gap between two words of a run is a dash with spaces ("Ugly Views -
    New Delhi", "Moscow - Omsk"): the words either side belong to different names."""
    return "-" in gap and gap != "-"


def _scanner(gaz: Gazetteer) -> _Scanner:
    scanner = gaz.derived.get("scanner")
    if scanner is None:
        scanner = gaz.derived["scanner"] = _Scanner(gaz)
    return scanner  # type: ignore[return-value]


def _is_sentence_start(text: str, start: int) -> bool:
    if start < 4:
        before = text[:start].rstrip(" \t\"'\u201c(")
    else:
        before = text[start - 4: start].rstrip(" \t\"'\u201c(")
    return not before or before[-1] in ".!?\n:" or before[-2:] == "--"


_PLACED_BEFORE = re.compile(r"\b(?:in|at|to|from|via|into|near|through|of)[ \t]+$", re.I)
# After a place name, words that make an institution or a treaty, not a person:
# "Kyoto Protocol" says nothing about other uses of "Kyoto".
_INSTITUTION_WORDS = frozenset("""
protocol agreement accord accords treaty convention declaration summit post times herald
tribune journal university college school institute academy philharmonic orchestra
symphony opera ballet club united city fc rovers company bank exchange group airlines
airways motors stadium arena conference process consensus talks round
""".split())


_WORD = re.compile(r"\w+")


def _whole_words_in(text: str, words: set[str]) -> set[str]:
    """The ``words`` that occur in ``text`` as whole words (case-sensitively).

    ``str.find`` per word runs at memory speed, where one ``\\b(?:a|b)\\b`` regex over a
    long article tries its look-behind at every position. A word of letters only has
    the same answer either way; anything else goes through the regex."""
    if not all(_WORD.fullmatch(w) for w in words):
        pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b")
        return set(pattern.findall(text))
    used = set()
    n = len(text)
    for w in words:
        i = text.find(w)
        while i >= 0:
            j = i + len(w)
            # \w is "alphanumeric or underscore" in Python's re for str patterns.
            if (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")) and \
                    (j == n or not (text[j].isalnum() or text[j] == "_")):
                used.add(w)
                break
            i = text.find(w, i + 1)
    return used


_COMMA_CAPITAL = re.compile(r",[ \t]*[A-Z]")


_RUN_BEFORE = re.compile(r"(?:\u2192|->|>|\u2013|\u2014|--|\s-|/|\|)[ \t]*$")
_RUN_AFTER = re.compile(r"[ \t]*(?:\u2192|->|>|\u2013|\u2014|--|-\s|/|\|)")


def _in_itinerary(text: str, s: int, e: int) -> bool:
    """Whether a name stands in a run of places joined by arrows, dashes or slashes
    ("Reykjavik \u2192 Borgarnes \u2192 Vik"): a small town's name is a place there."""
    return bool(_RUN_BEFORE.search(text[max(0, s - 4):s]) or _RUN_AFTER.match(text, e, e + 4))


def _placed(text: str, s: int, e: int) -> bool:
    """Whether a small town's name stands where a place is named: after a preposition,
    before a comma and a capital ("Horning, Ludham"), or as a list's last but one
    ("Horning, Ludham and Potter Heigham")."""
    return bool(_PLACED_BEFORE.search(text[max(0, s - 12): s]) or
                _COMMA_CAPITAL.match(text, e, e + 4) or
                text[s - 2:s] == ", " and _AND_CAPITAL.match(text, e, e + 8))


_AND_CAPITAL = re.compile(r"[ \t]+and[ \t]+[A-Z]")


def extract_mentions(text: str, gazetteer: Gazetteer, *, online: Geocoder | None = None
                     ) -> list[Mention]:
    """Every place named in ``text``, in text order, resolved among its namesakes.

    Names no layer knows that follow a movement cue ("arrived in Omks") are kept too:
    resolved to a close spelling when one is near enough (lower confidence), otherwise
    with ``place=None`` and suggestions. Only ``online`` (an online layer the caller
    chose, e.g. ``gazetteer.fallback``) may be asked about names no offline layer knows.
    """
    with _no_cycle_collection():
        return _extract(text, gazetteer, online)


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused while the scan runs, and restored after.

    A long article makes hundreds of thousands of short-lived tuples, lists and mentions,
    none of them in a reference cycle (reference counting frees them all), and the
    collector spends a fifth of the geoparsing time looking for cycles among them
    (benchmarks/gazetteer.py: 3.6 MB/s with it, 4.5 without).
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _extract(text: str, gazetteer: Gazetteer, online: Geocoder | None) -> list[Mention]:
    cleaned = clean(text, lambda word: normalize(word) in gazetteer)
    if cleaned.changed:  # OCR'd text (journey.ocr): read the cleaned, point into this
        return cleaned.remap(_extract(cleaned.text, gazetteer, online), text)
    scanner = _scanner(gazetteer)
    sentences = split_sentences(text)
    found = _scan(text, scanner, gazetteer)
    kept = _drop_words_and_persons(text, found)
    resolved = _resolve(text, kept, gazetteer.capitals)
    kept, resolved = _drop_far_minor(kept, resolved, scanner)
    resolved = _as_one_journey(text, kept, resolved, gazetteer)
    kept, resolved = apply_qualifiers(text, kept, resolved, gazetteer)
    resolved = _far_aliases(kept, _short_forms(kept, resolved))
    mentions = _in_sentences(text, sentences, kept, resolved)
    extra = _misspelt(text, sentences, found.unmatched, mentions, gazetteer, online)
    if extra:
        mentions = sorted(mentions + extra, key=lambda m: m.start)
    return mentions


@dataclass
class _Found:
    """What the scan found: names (start, end, key, candidates), which of them open a
    sentence, words that name people, and unknown names after a movement cue."""
    kept: list[tuple[int, int, str, list[Place]]] = field(default_factory=list)
    initial: set[int] = field(default_factory=set)
    person_keys: set[str] = field(default_factory=set)
    unmatched: list[tuple[int, str]] = field(default_factory=list)


def _scan(text: str, scanner: _Scanner, gaz: Gazetteer) -> _Found:
    """Every capitalised run of the text, planned once per distinct run.

    The loop runs once per capitalised word group of the text (every 40 bytes of news
    copy), so it does only what depends on the run's surroundings; the rest is in the
    run's plan (:meth:`_Scanner.plan`). What a run adds depends only on the run and the
    four characters before it (the cue and sentence-start tests look no further), unless
    it holds a small town's name, whose cue test looks further: so the additions are
    worked out once per distinct (four characters, run) of the text."""
    found = _Found()
    kept, initial, unmatched = found.kept, found.initial, found.unmatched
    person_keys = found.person_keys
    plans = scanner.plans
    # Keyed by the four characters before the run and the run, as one string.
    memo: dict[str, tuple] = {}
    for run_m in scanner.runs(text):
        base, end = run_m.span()
        if base >= 4:
            at = text[base - 4:end]
            adds = memo.get(at)
            if adds is None:
                run = at[4:]
                plan = plans.get(run) or scanner.plan(run)
                adds = _additions(text, base, plan)
                if plan[3]:
                    memo[at] = adds
        else:
            run = run_m[0]
            adds = _additions(text, base, plans.get(run) or scanner.plan(run))
        if adds is _NOTHING:
            continue
        cue, persons, names = adds
        if cue:
            unmatched.append((base, text[base:end]))
        if persons:
            person_keys.update(persons)
        for rs, re_, key, cands, opens in names:
            if opens:
                initial.add(len(kept))
            kept.append((base + rs, base + re_, key, cands))
    return found


_NOTHING = (False, (), ())  # what most runs add ("He", "The", "But")
_ARTICLES = ("the ", "The ")
_AREA_KINDS = AREA_KINDS + ("continent",)  # areas, whose other names are no alias words
_ENGLISH = 2  # a plan's "minor" for a small town named like a common English word


def _additions(text: str, base: int, plan: tuple) -> tuple[bool, tuple[str, ...], tuple]:
    """What the run at ``base`` adds to the scan: whether it is an unknown name after a
    cue, the words it shows as parts of person names, and its place names as (start and
    end in the run, key, candidates, whether it is one word opening a sentence)."""
    cue, persons, names, _local = plan
    cue = cue and (text[base - 3:base - 1] in _CUE_ENDINGS or
                   text[base - 2:base] in _LIST_MARK_ENDINGS)
    if persons and text[base - 4:base] in _ARTICLES:
        persons = ()  # "the London Eye": a thing named after the place, not a person
    if not names:
        return (cue, persons, ()) if cue or persons else _NOTHING
    persons_ = list(persons)
    out = []
    for rs, re_, key, prev, single, minor, cands, word, curated in names:
        if prev and not _is_sentence_start(text, base):
            if single:
                persons_.append(key)
            continue
        s = base + rs
        if minor and not (_in_itinerary(text, s, base + re_) or (
                _COMMA_CAPITAL.match(text, base + re_, base + re_ + 4)
                if minor == _ENGLISH else _placed(text, s, base + re_))):
            # A small town's name that is as often a word wants a cue; one that is a
            # common English word ("Guide", "Coll") an itinerary or a qualifier.
            continue
        opens = False
        if single and not curated:
            # Whether the one-word name opens a sentence (and could be an ordinary word).
            # Mid-sentence (a word or comma, then a space) is the common case: it skips
            # the full sentence-start test.
            before = text[s - 2:s]
            if not (before[1:] == " " and (before[0].isalnum() or before[0] in ",;")) \
                    and _is_sentence_start(text, s):
                if word:
                    continue
                opens = True
        out.append((rs, re_, key, cands, opens))
    return cue, tuple(persons_), tuple(out)


def _drop_words_and_persons(text: str, found: _Found) -> list[tuple[int, int, str, list[Place]]]:
    """The names that are places: not ordinary words opening a sentence, not people.

    Mentions are tested in C (``map``, ``compress``) and only the few that may go are
    looked at in Python: a long article has tens of thousands."""
    kept = found.kept
    # A sentence-initial word that the article also uses in lower case is a word. Only
    # small places' names can be ordinary words ("Reading", "Bath"): big cities skip this.
    initial = {i for i in found.initial if kept[i][3][0].population < 100_000}
    if initial:
        used = _whole_words_in(text, {kept[i][2] for i in initial})
        drop = [i for i in initial if kept[i][2] in used]
        if drop:
            kept = _without(kept, drop)
    # One sense per article: a word that names a person somewhere ("Kim Jong Il") is not
    # a place elsewhere ("Kim said"), unless a qualifier or a preposition says it is.
    persons = found.person_keys
    if persons:
        named = list(itertools.compress(range(len(kept)), map(
            persons.__contains__, map(itemgetter(2), kept))))
        placed: dict[tuple[str, str], bool] = {}  # by the text around: _placed looks no further
        drop = []
        for i in named:
            s, e = kept[i][0], kept[i][1]
            if s < 12:
                ok = _placed(text, s, e)
            else:
                around = (text[s - 12:s], text[e:e + 4])
                ok = placed.get(around)
                if ok is None:
                    ok = placed[around] = _placed(text, s, e)
            if not ok:
                drop.append(i)
        if drop:
            kept = _without(kept, drop)
    return kept


FAR_ALIAS_KM = 5000.0  # another continent: an old name (Rangoon, Porto Praya) is nearer
FAMOUS_CITY = 1_000_000  # people: a city this big is known abroad by its old names


def _far_aliases(kept: Sequence[tuple[int, int, str, list[Place]]],
                 resolved: list[tuple[Place | None, float]]) -> list[tuple[Place | None, float]]:
    """A town found only by one of its other names, far from every place the article
    names by its own name and in none of the countries it names, is a guess: "Ledo" (a
    GeoNames name of Boa Vista, Brazil) on a rail journey across Assam is the Assamese
    town the gazetteer lacks. Such names are left unplaced rather than put there."""
    own: list[Place] = []
    countries: set[str] = set()
    alias: dict[str, Place] = {}
    for (_s, _e, key, _c), (place, _conf) in zip(kept, resolved):
        if place is None:
            continue
        if place.kind in ("country", "region", "island"):
            countries.add(place.country)
        elif normalize(place.name) == key:
            if place.kind in _POINTS:
                own.append(place)
        elif place.kind in _POINTS and not is_curated(place) and \
                place.population < FAMOUS_CITY:
            # (Not a great city's old name: Peking, Bombay. A qualifier's island, country
            # or state counts as named: "Santa Cruz, in the island of Teneriffe".)
            alias.setdefault(key, place)
    if not alias or not own:
        return resolved
    points = list({(round(p.lat, 1), round(p.lon, 1)): p for p in own}.values())
    far = {key for key, place in alias.items() if place.country not in countries and
           all(flat_km(place.lat, place.lon, p.lat, p.lon) > FAR_ALIAS_KM for p in points)}
    if not far:
        return resolved
    return [(None, 0.0) if k[2] in far else r for k, r in zip(kept, resolved)]


def _short_forms(kept: Sequence[tuple[int, int, str, list[Place]]],
                 resolved: list[tuple[Place | None, float]]) -> list[tuple[Place | None, float]]:
    """One sense per article for a name written short: "St Jean" after "St Jean Pied de
    Port" is that town, not another Saint-Jean; "Santiago" after "Santiago de Compostela"
    the same. A name whose words begin a longer name the article places at a town takes
    that town (at the confidence the two share). Worked out once per distinct name."""
    first: dict[str, Place] = {}
    for (_s, _e, key, _c), (place, _conf) in zip(kept, resolved):
        if " " in key and place is not None and place.kind in _POINTS and key not in first:
            first[key] = place
    if not first:
        return resolved
    keys = set(map(itemgetter(2), kept))
    longer: dict[str, Place] = {}
    for key, place in first.items():
        words = key.split(" ")
        for n in range(1, len(words)):
            short = " ".join(words[:n])
            if short in keys and short not in longer and len(short) >= 4:
                longer[short] = place
    if not longer:
        return resolved
    out = list(resolved)
    for i, (_s, _e, key, cands) in enumerate(kept):
        town = longer.get(key)
        if town is not None and out[i][0] is not None and out[i][0] is not town and \
                out[i][0].kind in _POINTS:
            out[i] = (town, min(out[i][1], 0.8))
    return out


def _without(items: list, drop: Iterable[int]) -> list:
    """``items`` less those at the indices ``drop``, in order."""
    keep = [True] * len(items)
    for i in drop:
        keep[i] = False
    return list(itertools.compress(items, keep))


# The fields of Mention, in order, as _mention_setters expects them.
_MENTION_FIELDS = ("text", "start", "end", "sentence", "place", "is_stop", "confidence",
                   "suggestions", "sentence_start")


def _mention_setters() -> tuple | None:
    """The slot setters of Mention's fields, or None when Mention is not the plain frozen,
    slotted dataclass of ``_MENTION_FIELDS`` they are meant for.

    A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``,
    which makes a Mention cost as much as the rest of its extraction on a dense article
    (one mention every 100 bytes). Setting the slots through their descriptors, the way
    ``copy`` and ``pickle`` rebuild such objects, gives the same object in half the
    time; any other shape of Mention falls back to the constructor.
    """
    import dataclasses

    if not dataclasses.is_dataclass(Mention) or hasattr(Mention, "__post_init__") or \
            tuple(f.name for f in dataclasses.fields(Mention)) != _MENTION_FIELDS or \
            tuple(getattr(Mention, "__slots__", ())) != _MENTION_FIELDS:
        return None
    return tuple(Mention.__dict__[name].__set__ for name in _MENTION_FIELDS)


_SETTERS = _mention_setters()


def _in_sentences(text: str, sentences: Sequence[tuple[int, int]],
                  kept: Sequence[tuple[int, int, str, list[Place]]],
                  resolved: Sequence[tuple[Place | None, float]]) -> list[Mention]:
    """The resolved names as mentions, each with its sentence and where that starts."""
    mentions = []
    si = 0
    last = len(sentences) - 1
    sentence_text = ""
    sentence_at = -1
    ss = 0
    setters = _SETTERS
    if setters is not None:
        new = object.__new__
        (set_text, set_start, set_end, set_sentence, set_place, set_stop, set_confidence,
         set_suggestions, set_sentence_start) = setters
    append = mentions.append
    for (s, e, _key, _cands), (place, confidence) in zip(kept, resolved):
        while si < last and sentences[si][1] <= s:
            si += 1
        if si != sentence_at:
            ss, se = sentences[si] if sentences else (0, len(text))
            sentence_text, sentence_at = text[ss:se], si
        if setters is None:
            append(Mention(text[s:e], s, e, sentence_text, place, False, confidence, (), ss))
            continue
        m = new(Mention)
        set_text(m, text[s:e])
        set_start(m, s)
        set_end(m, e)
        set_sentence(m, sentence_text)
        set_place(m, place)
        set_stop(m, False)
        set_confidence(m, confidence)
        set_suggestions(m, ())
        set_sentence_start(m, ss)
        append(m)
    return mentions


def _misspelt(text: str, sentences: Sequence[tuple[int, int]],
              unmatched: Sequence[tuple[int, str]], mentions: Sequence[Mention],
              gaz: Gazetteer, online: Geocoder | None) -> list[Mention]:
    """Unknown names after a movement cue: a close spelling near the story's other
    places, else the online layer when the caller passed one, else unresolved."""
    unresolved = _unresolved(text, unmatched)
    if not unresolved:
        return []
    extra = []
    starts_list = [a for a, _b in sentences]
    points = list({id(m.place): m.place for m in mentions
                   if m.place is not None and m.place.kind in _POINTS}.values())
    far: dict[int, bool] = {}  # by id(place): a repeated misspelling is measured once
    suggested: dict[str, tuple[str, ...]] = {}
    for s, e, name in unresolved:
        place, score = gaz.misspelling(name)
        suggestions = suggested.get(name)
        if suggestions is None:  # a repeated unknown name is looked up once
            suggestions = suggested[name] = gaz.suggest(name)
        if place is not None and points and id(place) not in far:
            far[id(place)] = min(flat_km(place.lat, place.lon, p.lat, p.lon)
                                 for p in points) > 2000
        if place is not None and points and far[id(place)]:
            # A close spelling far from everything else the article names is a guess
            # ("Goree" is not Görele in Turkey): leave it unresolved, with suggestions.
            place = None
        if place is None and online is not None:
            place = online.lookup(name)
            score = 90.0 if place is not None else score
        i = bisect.bisect_right(starts_list, s) - 1
        ss, se = sentences[i] if i >= 0 else (0, len(text))
        extra.append(Mention(text=name, start=s, end=e, sentence=text[ss:se], place=place,
                             confidence=round(0.8 * score / 100, 2) if place else 0.0,
                             suggestions=suggestions, sentence_start=ss))
    return extra


_CUE_BEFORE = re.compile(
    r"\b(?:arrived in|arrived at|arrives in|arriving in|stopped in|stop in|stopover in|"
    r"reached|left|leaving|departed|departed from|sailed to|sailed for|flew to|drove to|"
    r"headed for|headed to|bound for|en route to|via|on to|back to|returned to|"
    r"travelled to|traveled to|continued to|went on to|crossed into|pulled into|"
    r"roll(?:ed|s|ing)? into|"
    r"(?:set off|set out|travelled|traveled|arrived|flew|sailed|drove) from|"
    r"(?:port|town|city|village|island|harbour|harbor) of)\s+$")


# A numbered or bulleted list's item ("2. Samarkhand - train", "- Bokhara, 3 nights"):
# the name that opens it is a place the list is about, as after a movement cue.
_LIST_ITEM_BEFORE = re.compile(r"(?:^|\n)[ \t]*(?:\d{1,2}[.)]|[-*\u2022\u2013])[ \t]+$")
_LIST_ITEM_AFTER = re.compile(r"[ \t]*(?:[-\u2013\u2014:,(]|\r?\n|$)")


_LIST_MARK_ENDINGS = frozenset((". ", ") ", "- ", "* ", "\u2022 ", "\u2013 "))


def _list_item(text: str, base: int, run: str) -> bool:
    """Whether the unknown name at ``base`` opens a list item and is the item's name."""
    if _LIST_ITEM_BEFORE.search(text, max(0, base - 12), base) is None:
        return False
    words = re.match(r"[^\W\d_][\w'\u2019.-]*(?:[ \t]+[A-Z][\w'\u2019.-]*){0,2}", run)
    return words is not None and \
        _LIST_ITEM_AFTER.match(text, base + words.end()) is not None


_CUE_ENDINGS = frozenset(("in", "at", "ed", "ft", "ng", "om", "to", "or", "ia", "of"))


def _unresolved(text: str, unmatched: Sequence[tuple[int, str]]
                ) -> list[tuple[int, int, str]]:
    """Runs no layer knows that follow a movement cue: (start, end, name)."""
    out = []
    for base, run in unmatched:
        if not _is_capitalised(run):
            continue
        # Every cue ends in one of these letter pairs: a cheap test before the regex.
        cued = text[base - 3:base - 1] in _CUE_ENDINGS and \
            _CUE_BEFORE.search(text, max(0, base - 24), base) is not None
        if not cued and not _list_item(text, base, run):
            continue
        words = []
        for m in _TOKEN.finditer(run):
            if not _is_capitalised(m.group()) or len(words) == 3:
                break
            words.append(m)
        if not words:
            continue
        name = run[:words[-1].end()].rstrip(".")
        if normalize(name) in _COMMON_WORDS or _norm_token(words[0].group()) in _OPENERS:
            continue
        out.append((base, base + len(name), name))
    return out


def _qualifier(text: str, s: int, e: int, starts: dict[int, Place],
               ends: dict[int, Place]) -> Place | None:
    """The state or country that qualifies a name: "Paris, Texas" or "Spain's Cartagena"."""
    return _qualifier_form(text, s, e, starts, ends)[0]


_QUALIFIER_GLUE = re.compile(r",[ \t]*|[ \t]+in[ \t]+")


def _qualifier_form(text: str, s: int, e: int, starts: dict[int, Place],
                    ends: dict[int, Place]) -> tuple[Place | None, str]:
    if text[e:e + 1] != "," and text[e:e + 4] != " in " and \
            text[max(0, s - 3):s - 1] not in ("'s", "\u2019s"):
        return None, ""
    m = _QUALIFIER_GLUE.match(text, e, e + 5)
    place = starts.get(m.end()) if m else None
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
    prior = _Prior(capitals, *_named_regions(kept))
    memos, pools = _pools(text, kept)
    first: dict[tuple[str, int], tuple[Place, float]] = {}
    for memo, pool in pools.items():
        first[memo] = _best(((prior(p, memo[0]), i, p) for i, p in enumerate(pool)))
    # Anchors: point-like places resolved with confidence; their spread sets the scale
    # of the journey, within which nearness no longer tells namesakes apart.
    # One anchor per one-degree cell is enough to say "near the journey".
    anchors = list({(round(p.lat), round(p.lon)): p for p, margin in first.values()
                    if margin > 1.5 and p.kind in _POINTS}.values())
    near = _Nearness(anchors)
    final: dict[tuple[str, int], tuple[Place | None, float]] = {}
    for memo, pool in pools.items():
        place, margin = first[memo]
        if len(pool) >= 2 and anchors:
            # The ten likeliest namesakes: nearness can lift a small town over a big
            # city, but not the 30th "Springfield".
            place, margin = _best((prior(p, memo[0]) + near.bonus(p), i, p)
                                  for i, p in enumerate(pool[:10]))
        final[memo] = (place, round(_confidence(margin), 2))
    return [final[memo] for memo in memos]


def _best(scored: Iterable[tuple[float, int, Place]]) -> tuple[Place, float]:
    """The best-scored place (ties: the earlier) and its margin over the runner-up."""
    ranked = sorted(scored, key=lambda t: (-t[0], t[1]))
    second = ranked[1][0] if len(ranked) > 1 else -99.0
    return ranked[0][2], ranked[0][0] - second


def _named_regions(kept: Sequence[tuple[int, int, str, list[Place]]]
                   ) -> tuple[dict[str, int], dict[str, int]]:
    """How often the article names each country and each US state (by admin1)."""
    countries: dict[str, int] = {}
    states: dict[str, int] = {}
    # Mentions of one name share one candidate list: count the lists, then look at each
    # distinct one once.
    lists = list(map(itemgetter(3), kept))
    by_id = dict(zip(map(id, lists), lists))
    for ident, times in Counter(map(id, lists)).items():
        cands = by_id[ident]
        top = cands[0]
        if top.kind == "country":
            countries[top.country] = countries.get(top.country, 0) + times
        elif top.kind == "region" and top.country == "US" and not any(
                p.kind == "city" and p.population >= 100_000 for p in cands):
            # "Washington" is more often the capital than the state: only a name that is
            # no big city's counts as the article naming a state.
            states[top.admin1] = states.get(top.admin1, 0) + times
            countries["US"] = countries.get("US", 0) + times
    return countries, states


class _Prior:
    """A namesake's score before nearness: its size, its data and the article's regions."""

    def __init__(self, capitals: dict[str, str], countries: dict[str, int],
                 states: dict[str, int]):
        self.capitals, self.countries, self.states = capitals, countries, states
        self.memo: dict[tuple[int, str], float] = {}

    def __call__(self, p: Place, key: str) -> float:
        found = self.memo.get((id(p), key))
        if found is None:
            found = self.memo[id(p), key] = self._score(p, key)
        return found

    def _score(self, p: Place, key: str) -> float:
        # A state's population is summed over its towns (boroughs counted twice), so it
        # is weighed like a city of about 300,000: "New York" and "Washington" are the
        # cities, "Delaware" is the state rather than a town in Ohio.
        score = 5.5 if p.kind == "region" else math.log10(p.population + 10)
        if normalize(p.name) == key:
            score += 1.0  # its own name, not one of its alternate names
        if is_curated(p):
            score += 2.0
        if p.kind == "city" and self.capitals.get(p.country) == normalize(p.name):
            score += 1.5  # "Washington says": capitals are what the news names most
        if p.kind in ("country", "continent"):
            score += 1.5
        if p.country in self.countries:
            score += 1.0 + 0.3 * min(self.countries[p.country], 5)
        if p.country == "US" and p.admin1 in self.states and p.kind == "city":
            score += 2.0
        return score


def _pools(text: str, kept: Sequence[tuple[int, int, str, list[Place]]]
           ) -> tuple[list[tuple[str, int]], dict[tuple[str, int], list[Place]]]:
    """Each mention's pool of namesakes, named by (key, qualifier), so that resolution is
    done once per distinct pool, not once per mention; and each mention's pool name."""
    lists = list(map(itemgetter(3), kept))
    if min(map(len, lists), default=1):  # every mention has candidates: build in C
        tops = list(map(itemgetter(0), lists))
        starts = dict(zip(map(itemgetter(0), kept), tops))
        ends = dict(zip(map(itemgetter(1), kept), tops))
    else:
        starts = {s: cands[0] for s, _e, _k, cands in kept if cands}
        ends = {e: cands[0] for _s, e, _k, cands in kept if cands}
    qualified: dict[str, list[Place]] = {}
    memos: list[tuple[str, int]] = []
    pools: dict[tuple[str, int], list[Place]] = {}
    plain: dict[str, tuple[str, int]] = {}  # each name's unqualified pool name, made once
    for s, e, key, cands in kept:
        nxt = text[e:e + 1]
        if nxt == "," or nxt == " " and text[e:e + 4] == " in " or text[s - 2:s - 1] == "s":
            qual, form = _qualifier_form(text, s, e, starts, ends)
            if qual is not None:
                memo = (key, id(qual))
                if memo not in pools:
                    pools[memo] = _narrow(cands, qual)
                # One sense per article: once "Moscow, Idaho" is written, a bare "Moscow"
                # is it too (only that form: "Spain's Cartagena" is as often a contrast).
                if form == "comma":
                    qualified.setdefault(key, pools[memo])
                memos.append(memo)
                continue
        memo = plain.get(key)
        if memo is None:
            memo = plain[key] = (key, 0)
            pools[memo] = cands
        memos.append(memo)
    for key, pool in qualified.items():
        pools[key, 0] = pool
    return memos, pools


class _Nearness:
    """The bonus a namesake gets for lying near the journey's anchors."""

    def __init__(self, anchors: Sequence[Place]):
        self.points = [(a.lat, a.lon, normalize(a.name)) for a in anchors]
        scale = _scale(anchors)
        # Within the journey's reach a namesake gets the full bonus; beyond, it fades
        # over a few hundred kilometres (a day's travel), never over a few dozen.
        self.reach = max(2 * scale, 300.0)
        self.fade = max(scale, 500.0)

    def bonus(self, p: Place) -> float:
        own = normalize(p.name)
        near = 40000.0
        lat, lon = p.lat, p.lon
        for a_lat, a_lon, a_name in self.points:
            # flat_km is at least 111.2 km per degree of latitude apart: an anchor that
            # far off cannot be nearer, and is skipped without the cosine.
            if a_name == own or 111.2 * abs(lat - a_lat) >= near:
                continue
            d = flat_km(lat, lon, a_lat, a_lon)
            if d < near:
                near = d
                if d <= self.reach:
                    break
        return 3.5 if near <= self.reach else 3.5 * math.exp(-(near - self.reach) / self.fade)


_POINTS = ("city", "station", "landmark", "border")
FAR_MINOR_KM = 2000.0
# Kinds a journey passes through, for the namesake pass over the article.
_STOP_KINDS = frozenset(("city", "station", "landmark", "border", "island", "port",
                         "airport", "park", "pass"))
_SURE = 0.9
_MAX_JOURNEY = 200  # distinct names weighed together; the rest keep their first choice


def _as_one_journey(text: str, kept, resolved, gaz: Gazetteer):
    """Re-weigh the doubtful namesakes of the article's places as one journey.

    The distinct names of places a journey may stop at, in order of first mention, go to
    :func:`journey.namesakes.resolve_journey` with all their namesakes of such kinds; the
    countries and provinces the article names are the context. A name the pass places
    elsewhere with confidence (the island of Ascension, between Recife and the Azores,
    rather than a Bolivian town; Acadia National Park after Portland and Bangor, Maine)
    moves, with the pass's confidence; the others keep the first choice.
    """
    first: dict[str, int] = {}
    countries: set[str] = set()
    provinces: set[tuple[str, str]] = set()
    # A long article repeats its names: each (name, place) is looked at once, at its
    # first mention (a dict filled from the end keeps each mark's first index, in C).
    marks = list(zip(map(itemgetter(2), kept), map(id, map(itemgetter(0), resolved))))
    firsts = dict(zip(reversed(marks), range(len(marks) - 1, -1, -1)))
    for i in sorted(firsts.values()):
        key = kept[i][2]
        place, conf = resolved[i]
        if place is None or conf < _SURE:
            if place is not None and place.kind in _STOP_KINDS:
                first.setdefault(key, i)
            continue
        if place.kind == "country":
            countries.add(place.country)
        elif place.kind == "region" and place.admin1:
            provinces.add((place.country, place.admin1))
        elif place.kind in _STOP_KINDS:
            first.setdefault(key, i)
    if len(first) < 2 or len(first) > _MAX_JOURNEY:
        return resolved
    order = sorted(first.values())
    positions = []
    for i in order:
        place = resolved[i][0]
        pool = [place] + [c for c in kept[i][3] if c is not place and c.kind in _STOP_KINDS]
        positions.append(Position(kept[i][2], tuple(pool)))
    if all(len(p.candidates) == 1 for p in positions):
        return resolved
    # Distances the text states ("Stage 3: Ledu-Xining, 128 km") reward legs that match.
    stated = tuple(sorted(set(stated_distances_km(text))))[:_MAX_JOURNEY]
    context = Context(frozenset(countries), frozenset(provinces), travel_mode(text), stated)
    choices = resolve_journey(positions, context, gaz)
    moved: dict[tuple[str, int], tuple[Place, float]] = {}
    for i, choice in zip(order, choices):
        place, conf = resolved[i]
        if choice.place is None or choice.place is place or choice.confidence < 0.85 or \
                _near(choice.place, place):
            continue
        # Mentions in text order are only roughly a journey (context places sit among
        # the stops): a place in a country the text names stays there, and a confident
        # first choice moves only within its country (Portland, Oregon to Portland, Maine)
        # or into the country of the journey's other places (Acadia, Alberta to Acadia
        # National Park after Portland and Bangor, Maine).
        new_country = choice.place.country
        others = {c.place.country for c in choices if c is not choice and c.place is not None}
        if place.country in countries and new_country not in countries or \
                conf >= _SURE and new_country != place.country and new_country not in others:
            continue
        moved[kept[i][2], id(place)] = (choice.place, round(min(choice.confidence, 0.95), 2))
    if not moved:
        return resolved
    return [moved.get((k[2], id(r[0])), r) for k, r in zip(kept, resolved)]


def _near(a: Place, b: Place) -> bool:
    return a.country == b.country and flat_km(a.lat, a.lon, b.lat, b.lon) < 50


def _drop_far_minor(kept, resolved, scanner: _Scanner):
    """Leave out a small town's name that lands far from every other place the text
    names: a village in Mexico for "Finisterre" in a walk across Spain is a namesake of a
    place the gazetteer lacks, not a stop."""
    minor_keys = {key for key in {k[2] for k in kept} if scanner.is_minor(key)}
    if not minor_keys:
        return kept, resolved
    minor = [k[2] in minor_keys for k in kept]
    if not any(minor):
        return kept, resolved
    points = list({(round(p.lat), round(p.lon)): p for (p, _c), m in zip(resolved, minor)
                   if p is not None and not m and p.kind in _POINTS}.values())
    if not points:
        return kept, resolved
    far: dict[int, bool] = {}

    def is_far(place: Place) -> bool:
        if id(place) not in far:
            far[id(place)] = min(flat_km(place.lat, place.lon, p.lat, p.lon)
                                 for p in points) > FAR_MINOR_KM
        return far[id(place)]

    out_kept, out_resolved = [], []
    for k, (place, conf), m in zip(kept, resolved, minor):
        if m and place is not None and is_far(place):
            # Another namesake near the story's places is the one meant ("Tobermory" on
            # Mull, not in Ontario, in a ferry week from Oban); none: no stop at all.
            near = [c for c in k[3] if c is not place and c.kind in _POINTS and
                    not is_far(c)]
            if not near:
                continue
            place = max(near, key=lambda c: c.population)
            conf = min(conf, 0.7)
        out_kept.append(k)
        out_resolved.append((place, conf))
    return out_kept, out_resolved




def _scale(anchors: Sequence[Place]) -> float:
    """The journey's typical spacing (km): the lower quartile of each anchor's distance to
    its nearest other anchor, kept between 50 and 3,000. A quartile, not a mean, so that
    one far-off mention does not make the whole world "near"."""
    nearest = []
    sample = anchors[:40]
    for i, a in enumerate(sample):
        d = min((flat_km(a.lat, a.lon, b.lat, b.lon)
                 for j, b in enumerate(sample) if j != i), default=None)
        if d is not None:
            nearest.append(d)
    if not nearest:
        return 500.0
    nearest.sort()
    return min(3000.0, max(50.0, nearest[len(nearest) // 4]))


def _confidence(margin: float) -> float:
    return 1.0 / (1.0 + math.exp(-1.5 * margin)) if margin < 50 else 1.0
