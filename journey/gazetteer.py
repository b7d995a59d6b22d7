"""Look up place names in layers: curated data/stations.csv first, then the index.

The index layer is precompiled into ``data/gazetteer.idx`` by ``tools/gazetteer_index.py``
(sources in data/SOURCES.md): every GeoNames town of 500 people or more (cities500, with
the usable alternate and historic names of towns of 50,000 or more), countries,
continents, the provinces and states of every country, islands, seas and straits, lakes,
US national parks, passes, capes and peaks, ports and airports. Start-up reads only the
sorted names and, for each, its place numbers best first (about 0.1 s); place rows sit in
compressed chunks of 512, opened on the first look-up that needs one, and a Place is made
only for a name actually asked about. The online layer (Nominatim) lives in
:mod:`journey.geocode` and is used only on request.

    >>> from journey.gazetteer import Gazetteer
    >>> gaz = Gazetteer.load()
    >>> gaz.lookup("Omsk").country
    'RU'
    >>> [(p.name, p.kind) for p in gaz.candidates("Crete", country="GR")][:1]
    [('Crete', 'island')]
    >>> gaz.qualified("Paris, TX")[0].admin1
    'TX'
    >>> is_stop_word("Wed"), is_stop_word("Omsk")
    (True, False)
"""
from __future__ import annotations

import bisect
import copy
import csv
import functools
import io
import json
import re
import sys
import unicodedata
import zlib
from array import array
from typing import Iterable, Iterator, Protocol, Sequence

from journey.assets import data_path
from journey.errors import InputError, PlaceNotFound
from journey.models import Place

INDEX_FILE = "gazetteer.idx"
INDEX_MAGIC = b"JOURNEY-GAZETTEER\n"
ROW_CHUNK = 512  # place rows per compressed chunk of the index
# Names offered for misspellings: every place but towns under this population.
SUGGEST_MIN_POPULATION = 15_000
# A name that only towns under this population have is "minor" (see Gazetteer.is_minor).
MAJOR_MIN_POPULATION = 5_000
# Bits of a name's byte in the index's "flags" section (see _Index).
FLAG_SUGGEST, FLAG_MINOR, FLAG_WORD = 1, 2, 4


class Geocoder(Protocol):
    """An online layer: a place for a name, or None when it knows none."""

    def lookup(self, name: str) -> Place | None: ...

_APOSTROPHES = re.compile(r"['\u02bc\u2019\u2018`\u00b4]")
_SEPARATORS = re.compile(r"[-\u2010-\u2015_.,/]")
_SAINT = re.compile(r"\b(?:saint|sankt)\b")


# Letters that Unicode decomposition leaves whole, folded to the Latin letters English
# texts write for them ("Egilsstadir", "Thorshofn", "Brjanslaekur", "Tromso", "Lodz");
# applied after casefold, which already makes "ß" "ss".
_LETTERS = str.maketrans({"ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l",
                          "đ": "d", "ı": "i", "ħ": "h", "ŧ": "t", "ŋ": "ng", "ĸ": "k",
                          "ɨ": "i", "ƀ": "b", "ƶ": "z"})
# The other English spelling of a letter: Icelandic "ð" is also written "dh"
# ("Egilsstadhir"); a name with one is indexed under both spellings (name_keys).
_SECOND_SPELLING = {"ð": "dh"}


@functools.lru_cache(maxsize=65536)
def normalize(name: str) -> str:
    """Fold case, accents, apostrophes, hyphens, 'Saint'/'St.' and a leading 'the'.

    Variants a reader treats as one name compare equal: "St. Petersburg" and
    "Saint-Petersburg", "Tyumen'" and "Tyumen", "Zürich" and "Zurich", "the Kremlin" and
    "Kremlin", "Egilsstaðir" and "Egilsstadir", "Þórshöfn" and "Thorshofn". The one fold
    for both sides: the index's names (tools/gazetteer_index.py) and the text's words
    (journey.extract) go through it.
    """
    return _fold(name, None)


def _fold(name: str, second: dict[str, str] | None) -> str:
    text = unicodedata.normalize("NFKD", name)
    if not text.isascii():
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold()
    if not text.isascii():
        if second:
            text = text.translate(str.maketrans(second))
        text = text.translate(_LETTERS)
    text = _APOSTROPHES.sub("", text)
    text = _SEPARATORS.sub(" ", text)
    text = _SAINT.sub("st", text)
    text = " ".join(text.split())
    if text.startswith("the "):
        text = text[4:]
    return text


def name_keys(name: str) -> tuple[str, ...]:
    """The normalised keys a name is indexed under: normalize(name), and its second
    spelling where a letter has one ("egilsstadir", "egilsstadhir" for Egilsstaðir)."""
    key = normalize(name)
    if name.isascii() or not any(ch in _SECOND_SPELLING for ch in name.casefold()):
        return (key,)
    other = _fold(name, _SECOND_SPELLING)
    return (key,) if other == key else (key, other)


def read_places_csv(text: str, origin: str) -> list[Place]:
    """Parse a curated gazetteer CSV (columns name, aliases, kind, lat, lon, country, source)."""
    places = []
    reader = csv.DictReader(io.StringIO(text))
    missing = {"name", "lat", "lon"} - set(reader.fieldnames or ())
    if missing:
        raise InputError(f"{origin}: missing column(s) {', '.join(sorted(missing))}")
    for row in reader:
        line = reader.line_num
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
        except (TypeError, ValueError):
            raise InputError(f"{origin}:{line}: lat/lon must be numbers") from None
        try:
            population = int(row.get("population") or 0)
        except ValueError:
            raise InputError(f"{origin}:{line}: population must be a whole number") from None
        aliases = tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip())
        places.append(
            Place(
                name=row["name"].strip(),
                lat=lat,
                lon=lon,
                kind=(row.get("kind") or "city").strip(),
                country=(row.get("country") or "").strip(),
                source=f"{origin}:{line}",
                population=population,
                aliases=aliases,
            )
        )
    return places


# Words that are places somewhere but, standing alone in running text, are far more often
# ordinary words: weekdays and months and their abbreviations ("Mon", "Wed", "May"),
# seas and oceans as adjectives, common nouns. A geoparser never reads them as places on
# their own; a curated place, a stop file's explicit row or a longer name ("Cape May")
# still can be.
STOP_WORDS = frozenset("""
she we but as to of more most leader time police river bay airport college university
street bridge center centre best long man young king federal imperial republic march
highway motorway freeway route road
august may june april january february september october november december monday
tuesday wednesday thursday friday saturday sunday minor home deal buta mora nova station
railway city capital harbour harbor port island islands north south east west real media
windows player gare roman atlantic pacific arctic mediterranean baltic caribbean adriatic
aegean commonwealth
mon tue tues wed thu thur thurs fri sat sun jan feb mar apr jun jul aug sep sept oct nov
dec am pm day week month year today noon midnight morning evening night
from with after before then there here this that these those our his her their its when
where while why how what who all some not yes over under up down out off by for and or if
so also just only even still again first last next new old great little big good
""".split())


# Provenance prefixes of the precompiled layer; any other source is curated (stations.csv,
# a user's additions) and wins over the index for its names.
INDEX_SOURCES = ("geonames:", "admin1.csv:", "islands.csv:", "marine.csv:", "lakes.csv:",
                 "physical.csv:", "parks.csv:", "airports.csv:", "ports.csv:", "extra.csv:",
                 "postal_places.csv:")


def is_curated(place: Place) -> bool:
    """Whether a place comes from a curated layer rather than the precompiled index."""
    return not place.source.startswith(INDEX_SOURCES)


def is_stop_word(name: str) -> bool:
    """Whether ``name`` alone is a common word, never a place in running text."""
    return normalize(name) in STOP_WORDS


def _row_place(line: str) -> Place:
    (name, lat, lon, kind, country, admin1, population, source, capital,
     aliases) = line.split("\t")
    return Place(name=name, lat=float(lat), lon=float(lon), kind=kind, country=country,
                 source=source, population=int(population),
                 aliases=tuple(aliases.split("|")) if aliases else (), admin1=admin1,
                 capital=capital)


class _Index:
    """The precompiled layer as read from ``data/gazetteer.idx`` (see tools/gazetteer_index.py).

    Layout: ``INDEX_MAGIC``, one line of JSON (counts, section sizes, chunk ends), then
    the sections: those start-up reads stored plain, the others zlib-compressed. The
    normalised names are ordered by their CRC-32 (of UTF-8): ``hashes``
    (uint32, little-endian, sorted) and ``keys`` (the names, each ending in a newline,
    ``key_ends`` the byte offset after each), so that a name is found by a binary search
    over an array in C instead of first building a dict of 270,000 strings, which alone
    would take longer than the whole load budget. The place numbers of name *k* are
    ``ids[offsets[k]:offsets[k+1]]``, best first; ``flags`` (zlib) has one byte a name
    (FLAG_SUGGEST: offered for misspellings; FLAG_MINOR: only small towns or villages
    have it; FLAG_WORD: also a common English word, see Gazetteer.is_word);
    ``admin1`` (zlib) holds ``CC.code<TAB>name`` lines; ``rows`` are
    chunks of ``chunk_rows`` TSV place rows, each compressed on its own.
    """

    def __init__(self, blob: bytes, origin: str):
        if not blob.startswith(INDEX_MAGIC):
            raise ValueError("not a journey gazetteer index")
        nl = blob.index(b"\n", len(INDEX_MAGIC))
        header = json.loads(blob[len(INDEX_MAGIC):nl])
        at = nl + 1
        raw: dict[str, bytes] = {}
        for name, size in header["sections"]:
            raw[name] = blob[at:at + size]
            at += size
        self.header = header
        self.size = len(blob)
        self.origin = origin
        self._keys = raw["keys"]
        self.hashes = _uint32(raw["hashes"])
        self.key_ends = _uint32(raw["key_ends"])
        self.offsets = _uint32(raw["offsets"])
        self.ids = _uint32(raw["ids"])
        self._flags = raw["flags"]
        self._admin1 = raw["admin1"]
        self._rows = raw["rows"]
        self.chunk_rows: int = header["chunk_rows"]
        self.chunk_ends: list[int] = header["chunk_ends"]
        self.places: int = header["places"]
        self.countries: int = header["countries"]
        self.continents: dict[str, str] = header["continents"]
        self._chunks: dict[int, list[str]] = {}

    def key_number(self, key: str) -> int:
        """The number of a normalised name, -1 when the index lacks it."""
        data = key.encode("utf-8")
        h = zlib.crc32(data)
        hashes = self.hashes
        i = bisect.bisect_left(hashes, h)
        n = len(hashes)
        ends = self.key_ends
        while i < n and hashes[i] == h:
            start = ends[i - 1] if i else 0
            if self._keys[start:ends[i] - 1] == data:
                return i
            i += 1
        return -1

    def ids_of(self, key: str) -> Sequence[int]:
        k = self.key_number(key)
        if k < 0:
            return ()
        return self.ids[self.offsets[k]:self.offsets[k + 1]]

    def row(self, number: int) -> str:
        chunk, at = divmod(number, self.chunk_rows)
        rows = self._chunks.get(chunk)
        if rows is None:
            start = self.chunk_ends[chunk - 1] if chunk else 0
            rows = self._chunks[chunk] = zlib.decompress(
                self._rows[start:self.chunk_ends[chunk]]).decode("utf-8").split("\n")
        return rows[at]

    @functools.cached_property
    def keys(self) -> list[str]:
        """Every name, in the index's (hash) order."""
        return self._keys.decode("utf-8").split("\n")[:-1]

    @functools.cached_property
    def flags(self) -> bytes:
        return zlib.decompress(self._flags)

    @functools.cached_property
    def suggestable(self) -> list[str]:
        return sorted(key for key, flag in zip(self.keys, self.flags) if flag & FLAG_SUGGEST)

    @functools.cached_property
    def admin1_names(self) -> dict[str, str]:
        text = zlib.decompress(self._admin1).decode("utf-8")
        return dict(line.split("\t", 1) for line in text.split("\n") if line)


def _uint32(data: bytes) -> array:
    out = array("I")
    out.frombytes(data)
    if sys.byteorder != "little":
        out.byteswap()
    return out


class Gazetteer:
    """An index of places by normalised name; earlier layers win over later ones.

    Within one name the curated layer comes first (file order), then the index by
    importance (population; a province's or island's is that of its towns).
    ``Gazetteer(layers)`` builds an index from Place iterables (for tests and user
    additions); ``Gazetteer.load()`` loads the shipped layers. Make one and pass it to
    every stage: caches derived from it live on it, never in module globals.
    """

    def __init__(self, layers: Iterable[Iterable[Place]] = (), *, _index: _Index | None = None):
        self._idx = _index
        base = _index.places if _index is not None else 0
        self._base = base
        # The online layer (journey.geocode), asked only for names no offline layer knows.
        self.fallback: Geocoder | None = None
        # What stages derive from this gazetteer (the extractor's scanner, misspellings
        # already looked up), kept with it so that a new gazetteer starts afresh.
        self.derived: dict[str, object] = {}
        self._own: list[Place] = []  # places of the given layers, numbered from ``base``
        self._own_keys: dict[str, list[int]] = {}
        self._curated: list[Place] = []
        self._cache: dict[int, Place] = {}
        for layer in layers:
            for place in layer:
                number = base + len(self._own)
                self._own.append(place)
                self._cache[number] = place
                if is_curated(place):
                    self._curated.append(place)
                for key in dict.fromkeys(k for n in (place.name, *place.aliases)
                                         for k in name_keys(n)):
                    if key:
                        self._own_keys.setdefault(key, []).append(number)
        # Names given by several of the own layers: curated first (file order), then
        # population.
        for key, ids in self._own_keys.items():
            if len(ids) > 1:
                ids.sort(key=self._rank)
        # Names asked about, known or not (the extractor asks about the same runs often).
        self._key_cache: dict[str, tuple[int, ...]] = {}

    def _rank(self, number: int) -> tuple[int, int, int]:
        place = self.place(number)
        curated = is_curated(place)
        return (0 if curated else 1, number if curated else 0, -place.population)

    def _ids(self, key: str) -> tuple[int, ...]:
        found = self._key_cache.get(key)
        if found is None:
            own = self._own_keys.get(key, [])
            found = tuple(own)
            if self._idx is not None:
                found += tuple(self._idx.ids_of(key))
            self._key_cache[key] = found
        return found

    def is_minor(self, key: str) -> bool:
        """Whether only towns under MAJOR_MIN_POPULATION have this *normalised* name.

        Such names ("Four", "See", "Volga" the town) are as often words as places; a
        geoparser takes them from running text only with a cue ("in", "to", "Vik,
        Iceland"), while a stop file's row or a qualified name resolves them as any other.
        """
        if key in self._own_keys or self._idx is None:
            return False
        k = self._idx.key_number(key)
        return k >= 0 and bool(self._idx.flags[k] & FLAG_MINOR)

    def is_word(self, key: str) -> bool:
        """Whether this *normalised* name is minor and also a common English word
        ("guide", "coll", "mull": data/gazetteer/common_words.txt): never a place on its
        own in running text, not even after "to" or "in"; an itinerary ("Xining - Guide -
        Gonghe") or a qualifier ("Coll, Argyll") may still make it one."""
        if key in self._own_keys or self._idx is None:
            return False
        k = self._idx.key_number(key)
        return k >= 0 and bool(self._idx.flags[k] & FLAG_WORD)

    def place(self, number: int) -> Place:
        """The place with this number in the index."""
        place = self._cache.get(number)
        if place is None:
            place = self._cache[number] = _row_place(self._idx.row(number))
        return place

    @classmethod
    def load(cls) -> "Gazetteer":
        """The shipped layers: data/stations.csv, then the precompiled index."""
        curated = read_places_csv(data_path("stations.csv").read_text("utf-8"), "stations.csv")
        return cls([curated], _index=_read_index(INDEX_FILE))

    def curated(self) -> list[Place]:
        """Places from the curated layer (data/stations.csv and user additions)."""
        return list(self._curated)

    def names(self) -> Iterator[str]:
        """Every normalised name the gazetteer knows."""
        yield from self._own_keys
        if self._idx is not None:
            yield from (k for k in self._idx.keys if k not in self._own_keys)

    def __contains__(self, key: str) -> bool:
        """Whether a *normalised* name is known (the extractor's fast path)."""
        return bool(self._ids(key))

    def candidates(self, name: str, country: str | None = None,
                   admin1: str | None = None) -> tuple[Place, ...]:
        """Every place with this name, best first (curated, then most important).

        ``country`` (ISO alpha-2 code) and ``admin1`` (first-level division code, as
        :meth:`qualifier` gives it) keep only the namesakes there.
        """
        ids = self._ids(normalize(name))
        places = tuple(self.place(i) for i in ids)
        if country:
            places = tuple(p for p in places if p.country == country and (
                not admin1 or p.admin1 == admin1))
        return places

    def qualifier(self, text: str) -> tuple[tuple[str, str], ...]:
        """The (country, admin1) pairs a qualifier may mean, most likely first.

        A qualifier names a country or a province ("Greece", "Illinois", "Guangxi") or
        gives a code ("GR", "TX"); admin1 is '' for a whole country. Both readings of a
        code that is a country's and a US state's ("GA") come back.

        >>> gaz = Gazetteer.load()
        >>> gaz.qualifier("GR"), gaz.qualifier("Illinois")
        ((('GR', ''),), (('US', 'IL'),))
        """
        text = text.strip().rstrip(".")
        out: list[tuple[str, str]] = []
        code = text.upper().replace(".", "")
        if text.isupper() and 2 <= len(code) <= 3:
            if code in self.country_names:
                out.append((code, ""))
            if f"US.{code}" in self.admin1_names:
                out.append(("US", code))
        for place in self.candidates(text):
            if place.kind == "country":
                pair = (place.country, "")
            elif place.kind in ("region", "district") and place.admin1:
                pair = (place.country, place.admin1)
            else:
                continue
            if pair not in out:
                out.append(pair)
        return tuple(out)

    def qualified(self, text: str) -> tuple[Place, ...]:
        """Candidates for a name that may carry a qualifier: "Crete, Greece", "Crete
        (GR)", "Paris, TX", "Pingxiang, Guangxi". A name known as written wins ("Washington,
        D.C."); an unknown qualifier leaves () so that the caller can say so.
        """
        whole = self.candidates(text)
        name, qual = split_qualifier(text)
        if not qual or (whole and not self.qualifier(qual)):
            return whole
        return self.narrow(self.candidates(name), qual)

    def narrow(self, places: Sequence[Place], qualifier: str) -> tuple[Place, ...]:
        """The ``places`` inside what ``qualifier`` names, in their order."""
        pairs = self.qualifier(qualifier)
        return tuple(p for p in places if p.kind not in ("country",) and any(
            p.country == cc and (not a1 or p.admin1 == a1) for cc, a1 in pairs))

    def lookup(self, name: str, where: str = "") -> Place:
        """The best place for ``name``; PlaceNotFound (with suggestions) when none."""
        found = self.candidates(name)
        if found:
            return found[0]
        if self.fallback is not None:
            place = self.fallback.lookup(name)
            if place is not None:
                return place
        raise PlaceNotFound(name, where, self.suggest(name))

    def with_geocoder(self, geocoder: Geocoder) -> "Gazetteer":
        """This gazetteer with an online layer behind it (shares the offline data)."""
        other = copy.copy(self)
        other.fallback = geocoder
        return other

    def capital(self, country: str) -> Place | None:
        """The capital city of a country (ISO alpha-2), when GeoNames names one."""
        for place in self.candidates_of_kind(country_name(self, country), "country"):
            if place.country == country and place.capital:
                for city in self.candidates(place.capital):
                    if city.country == country and city.kind == "city":
                        return city
        return None

    def _countries(self) -> Iterator[Place]:
        if self._idx is not None:
            for number in range(self._idx.countries):
                yield self.place(number)
        yield from (p for p in self._own if p.kind == "country")

    @functools.cached_property
    def capitals(self) -> dict[str, str]:
        """Country code -> normalised name of its capital city."""
        return {p.country: normalize(p.capital) for p in self._countries() if p.capital}

    @functools.cached_property
    def country_names(self) -> dict[str, str]:
        """Country code -> the GeoNames name of the country."""
        out: dict[str, str] = {}
        for place in self._countries():
            out.setdefault(place.country, place.name)
        return out

    @property
    def admin1_names(self) -> dict[str, str]:
        """``"CC.code"`` -> name of every first-level division the index knows."""
        return self._idx.admin1_names if self._idx is not None else {}

    def continent(self, country: str) -> str:
        """The GeoNames continent code of a country (EU, AS, AF, NA, SA, OC, AN), or ''."""
        return self._idx.continents.get(country, "") if self._idx is not None else ""

    def admin1_name(self, country: str, admin1: str) -> str:
        """The name of a province or state ("Illinois" for US, IL), '' when unknown."""
        return self.admin1_names.get(f"{country}.{admin1}", "") if admin1 else ""

    def candidates_of_kind(self, name: str, kind: str) -> list[Place]:
        return [p for p in self.candidates(name) if p.kind == kind]

    @functools.cached_property
    def _suggestion_keys(self) -> list[str]:
        # Suggestions come from the names of places people travel to: curated places,
        # countries, provinces and the like, and towns of SUGGEST_MIN_POPULATION or more;
        # small towns' names make poor guesses.
        keys = list(self._own_keys)
        if self._idx is not None:
            keys += [k for k in self._idx.suggestable if k not in self._own_keys]
        return keys

    def suggest(self, name: str, extra: Iterable[str] = (), limit: int = 3
                ) -> tuple[str, ...]:
        """Known names close to a misspelt ``name``, best first: the one suggestion policy.

        A typo is a few edited letters, so plain edit-distance similarity ranks (a
        partial-match score offers 'Milton Keynes' for 'Omks'). Candidates: curated
        places (ties go to them), the names of places people travel to, then ``extra``
        names (e.g. the places of the story at hand), which may be a little further off.
        """
        from rapidfuzz import fuzz

        key = normalize(name)
        scored: dict[str, float] = {}
        for place in self._curated:
            for label in (place.name, *place.aliases):
                score = fuzz.ratio(key, normalize(label))
                if score >= 70 and score + 0.5 > scored.get(place.name, 0):
                    scored[place.name] = score + 0.5
        for label, score in self._close_keys(key):
            scored.setdefault(label, score)
        for label in extra:
            score = fuzz.ratio(key, normalize(label))
            if score >= 60:
                scored.setdefault(label, score)
        ranked = sorted(scored, key=lambda label: -scored[label])  # stable: ties keep order
        return tuple(ranked[:limit])

    def _close_keys(self, key: str, limit: int = 5) -> list[tuple[str, float]]:
        """(label, score) of the travel names within edit-distance reach of ``key``."""
        from rapidfuzz import fuzz, process

        hits = process.extract(key, self._suggestion_keys, scorer=fuzz.ratio, limit=limit,
                               score_cutoff=70)
        return [(self.candidates(h)[0].name, score) for h, score, _ in hits]

    def misspelling(self, name: str, threshold: float = 88.0) -> tuple[Place | None, float]:
        """The place a misspelt name most likely means (or None) and its score: the
        closest known spelling, when it scores ``threshold`` and starts with the same
        letter. Answers are kept on this gazetteer."""
        from rapidfuzz import fuzz, process

        memo: dict = self.derived.setdefault("misspellings", {})  # type: ignore[assignment]
        if (name, threshold) not in memo:
            key = normalize(name)
            hits = process.extract(key, self._suggestion_keys, scorer=fuzz.ratio, limit=1,
                                   score_cutoff=70)
            if hits and hits[0][1] >= threshold and hits[0][0][:1] == key[:1]:
                memo[name, threshold] = (self.candidates(hits[0][0])[0], hits[0][1])
            else:
                memo[name, threshold] = (None, hits[0][1] if hits else 0.0)
        return memo[name, threshold]

_QUALIFIED = re.compile(r"^(?P<name>.+?)\s*(?:,\s*(?P<comma>[^,()]+?)|"
                        r"\(\s*(?P<paren>[^()]+?)\s*\))\s*$")


def split_qualifier(text: str) -> tuple[str, str]:
    """("Crete", "Greece") from "Crete, Greece" or "Crete (Greece)"; (text, "") otherwise.

    >>> split_qualifier("Paris, TX"), split_qualifier("Crete (Greece)"), split_qualifier("Omsk")
    (('Paris', 'TX'), ('Crete', 'Greece'), ('Omsk', ''))
    """
    m = _QUALIFIED.match(text.strip())
    if m is None:
        return text.strip(), ""
    return m["name"].strip(), (m["comma"] or m["paren"]).strip()


def country_name(gaz: Gazetteer, code: str) -> str:
    """The GeoNames name of a country from its ISO alpha-2 code ('' when unknown)."""
    return gaz.country_names.get(code, "")


def _read_index(name: str) -> _Index:
    path = data_path(name)
    try:
        return _Index(path.read_bytes(), str(path))
    except (OSError, ValueError, KeyError, zlib.error) as exc:
        raise InputError(f"{path}: cannot read the gazetteer index ({exc}); rebuild it with "
                         "python3 -m tools.gazetteer_index") from None
