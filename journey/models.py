"""The values that flow between journey's stages: frozen, slotted, no I/O.

Coordinates: single points are always a named ``lat`` and ``lon``. Lines are tuples of
``(lon, lat)`` pairs, the GeoJSON/shapely order, and say so in their name
(``coords_lonlat``); :mod:`journey.geo` is the one place that converts to Leaflet's
``(lat, lon)``.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Place:
    """A named point a gazetteer knows."""

    name: str
    lat: float
    lon: float
    kind: str = "city"  # city, station, landmark, country, continent, region, border ...
    country: str = ""  # ISO 3166 alpha-2 where known
    source: str = ""  # provenance, e.g. "stations.csv:12" or "geonames:524901"
    population: int = 0
    aliases: tuple[str, ...] = ()
    admin1: str = ""  # first-level division code (US state "TX"), where known
    capital: str = ""  # for a country: the name of its capital city


@dataclass(frozen=True, slots=True)
class Mention:
    """A place name found in the article text, with where it occurs."""

    text: str  # the text exactly as written, ``article[start:end]``
    start: int
    end: int
    sentence: str  # the whole sentence the mention occurs in
    place: Place | None = None  # None when no gazetteer resolved it
    is_stop: bool = False  # a place the journey visits, not only context
    confidence: float = 1.0
    suggestions: tuple[str, ...] = ()  # known names close to an unresolved or misspelt one
    sentence_start: int = -1  # where ``sentence`` starts in the article (-1: not known)


@dataclass(frozen=True, slots=True)
class Stop:
    """One stop of the journey, as the (editable) stop file describes it."""

    name: str
    lat: float
    lon: float
    role: str = "stop"  # origin, stop, destination, via, return
    date: str = ""  # ISO 8601 date or date-time
    arrive: str = ""
    depart: str = ""
    mode: str = "rail"  # how the journey reaches this stop: rail, road, sea, air
    planned: bool = False  # the article gives this leg as future
    note: str = ""
    quote: str = ""  # a sentence pinned by the user instead of the automatic ones
    source: str = ""  # where facts from outside the article come from
    place_source: str = ""  # provenance of the coordinates
    inferred: bool = False  # implied by the article, not named as a stop
    sentences: tuple[str, ...] = ()  # the article's sentences about this stop
    line: int = 0  # line in the stop file, for error messages (0: not from a file)
    # A drafted stop's evidence, for the journalist checking the draft (journey.draft):
    confidence: float = 1.0  # 0..1, how sure the drafter is that this is a stop, here
    why: str = ""  # the evidence in words ("'arrived in'", "3rd place of the list ...")
    review: str = ""  # what to check, empty when sure
    alternatives: tuple[str, ...] = ()  # other places of the name: "name, CC, admin1, lat, lon"


@dataclass(frozen=True, slots=True)
class Leg:
    """The way from one stop to the next."""

    start: int  # index of the stop the leg leaves
    end: int  # index of the stop it reaches
    mode: str
    planned: bool
    coords_lonlat: tuple[tuple[float, float], ...]
    distance_km: float
    distance_basis: str  # "km posts", "track geometry", "km posts + track geometry", "great circle"
    on_rail: bool = True
    line_name: str = ""
    days: float | None = None  # from leaving the first stop to reaching the second, if dated
    approximate: bool = False  # part of it is drawn between town centres, not on track data
    vertex_km: tuple[float, ...] = ()  # km from the leg's start at each vertex (same basis)
    line_names: tuple[str, ...] = ()  # every named line the leg runs on
    approximate_km: float = 0.0  # how much of distance_km is drawn off surveyed track
    approximate_lines: tuple[str, ...] = ()  # the lines that part is on
    approximate_reason: str = ""  # why that part is approximate, in a reader's words
    credits: tuple[tuple[str, str], ...] = ()  # (text, link) of the rail data it runs on


@dataclass(frozen=True, slots=True)
class RailLine:
    """A named railway drawn as faint context under the route (e.g. the whole Trans-Siberian)."""

    name: str
    coords_lonlat: tuple[tuple[float, float], ...]


@dataclass(frozen=True, slots=True)
class Route:
    """The whole journey: its stops and the legs between them."""

    stops: tuple[Stop, ...]
    legs: tuple[Leg, ...]
    warnings: tuple[str, ...] = field(default=())
    context: tuple[RailLine, ...] = field(default=())  # lines to draw faintly beneath

    @property
    def total_km(self) -> float:
        return sum(leg.distance_km for leg in self.legs)

    @property
    def credits(self) -> tuple[tuple[str, str], ...]:
        """The (text, link) credits of the rail data the legs run on, first use first."""
        return tuple(dict.fromkeys(c for leg in self.legs for c in leg.credits))

    def km_at_stop(self) -> tuple[float, ...]:
        """Kilometres travelled when each stop is reached."""
        out = [0.0]
        for leg in self.legs:
            out.append(out[-1] + leg.distance_km)
        return tuple(out)
