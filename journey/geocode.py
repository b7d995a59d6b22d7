"""The online layer: OpenStreetMap's Nominatim through geopy, only when asked.

Nominatim's usage policy asks for an identifying user agent, at most one request a
second and no repeated queries, so every answer (and every "not found") is kept in a
JSON cache on disk and never asked again. The cache lives in the user's cache folder
(``$XDG_CACHE_HOME/journey`` or ``~/.cache/journey``); ``JOURNEY_CACHE_DIR`` moves it.

    >>> from journey.geocode import NominatimGeocoder          # doctest: +SKIP
    >>> NominatimGeocoder().lookup("Tumen River bridge")        # doctest: +SKIP
"""
from __future__ import annotations

import functools
import json
import math
import os
from pathlib import Path
from typing import Any

from journey.errors import GeocoderError, JourneyError
from journey.files import cache_dir, read_cache, write_atomic
from journey.gazetteer import normalize
from journey.models import Place

USER_AGENT = "journey/0.1 (newsroom route maps; python geopy)"
CACHE_FILE = "nominatim.json"
_KINDS = {"city": "city", "town": "city", "village": "city", "hamlet": "city",
          "suburb": "city", "station": "station", "halt": "station", "aerodrome": "airport",
          "country": "country", "state": "region", "administrative": "region"}


class NominatimGeocoder:
    """Look names up on a Nominatim server, politely, with an on-disk cache.

    ``domain`` and ``scheme`` point it at another Nominatim server (tests use one on
    127.0.0.1). Failures raise :class:`journey.errors.GeocoderError`, never a silent None.
    """

    def __init__(self, *, user_agent: str | None = None,
                 domain: str = "nominatim.openstreetmap.org", scheme: str = "https",
                 timeout_s: float = 10.0, min_delay_seconds: float = 1.0,
                 max_retries: int = 0, cache_path: Path | None = None):
        from geopy.adapters import RequestsAdapter
        from geopy.extra.rate_limiter import RateLimiter
        from geopy.geocoders import Nominatim

        self.domain = domain
        self.timeout_s = timeout_s
        self._nominatim = Nominatim(
            user_agent=user_agent or os.environ.get("JOURNEY_USER_AGENT") or USER_AGENT,
            domain=domain, scheme=scheme, timeout=timeout_s,
            # No silent HTTP retries: urllib3 would otherwise sit out a 429's Retry-After
            # (a minute or more) and retry read timeouts; the user should hear at once.
            adapter_factory=functools.partial(RequestsAdapter, max_retries=0))
        # swallow_exceptions=False: a refused or failed request is an error the user must
        # see, not a place that silently went missing.
        self._geocode = RateLimiter(self._nominatim.geocode,
                                    min_delay_seconds=min_delay_seconds,
                                    max_retries=max_retries, swallow_exceptions=False)
        self.cache_path = cache_path or cache_dir() / CACHE_FILE
        self._cache: dict[str, Any] | None = None

    def _load(self) -> dict[str, Any]:
        if self._cache is None:
            # A damaged cache is only a cache: start again rather than fail; entries of the
            # wrong shape are dropped (and asked again) one by one, see _valid_record.
            loaded = read_cache(self.cache_path, lambda raw: json.loads(raw.decode("utf-8")))
            self._cache = ({k: v for k, v in loaded.items()
                            if isinstance(k, str) and _valid_record(v)}
                           if isinstance(loaded, dict) else {})
        return self._cache

    def _save(self) -> None:
        path = self.cache_path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, json.dumps(self._cache, ensure_ascii=False, indent=0,
                                          sort_keys=True), option="JOURNEY_CACHE_DIR")
        except (OSError, JourneyError) as exc:
            why = exc.strerror if isinstance(exc, OSError) else str(exc)
            raise GeocoderError(f"cannot write the geocoder cache {path} ({why}); "
                                "set JOURNEY_CACHE_DIR to a writable folder") from None

    def lookup(self, name: str) -> Place | None:
        """The place Nominatim finds for ``name``, or None when it finds nothing."""
        key = f"{self.domain}|{normalize(name)}"
        cache = self._load()
        if key in cache and _valid_record(cache[key]):
            return _place(cache[key])
        from geopy import exc

        try:
            location = self._geocode(name, exactly_one=True, language="en")
        except exc.GeocoderRateLimited:
            raise GeocoderError(f"Nominatim ({self.domain}) refused the request for {name!r}: "
                                "too many requests (HTTP 429); wait a few minutes and retry, "
                                "or build offline with --geocoder none") from None
        except exc.GeocoderTimedOut:
            raise GeocoderError(f"Nominatim ({self.domain}) did not answer within "
                                f"{self.timeout_s:g} s for {name!r}; check the network and "
                                "retry, or build offline with --geocoder none") from None
        except exc.GeopyError as err:
            raise GeocoderError(f"Nominatim ({self.domain}) failed for {name!r} ({err}); "
                                "retry later, or build offline with --geocoder none") from None
        record = None
        if location is not None:
            raw = location.raw or {}
            record = {
                "name": str(raw.get("name") or location.address.split(",")[0]).strip(),
                "lat": float(location.latitude), "lon": float(location.longitude),
                "kind": _KINDS.get(str(raw.get("type", "")), "place"),
                "country": str((raw.get("address") or {}).get("country_code", "")).upper(),
                "source": f"nominatim:{raw.get('osm_type', '')}/{raw.get('osm_id', '')}",
            }
        cache[key] = record
        self._save()
        return _place(record)


_RECORD_TEXT = ("name", "kind", "country", "source")


def _valid_record(record: Any) -> bool:
    """A cached answer journey wrote: None ("not found") or a place with text fields and
    coordinates on the globe. Anything else (a hand edit, another tool's file) is refetched."""
    if record is None:
        return True
    if not isinstance(record, dict) or not all(isinstance(record.get(k), str)
                                               for k in _RECORD_TEXT):
        return False
    lat, lon = record.get("lat"), record.get("lon")
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
               for v in (lat, lon)):
        return False
    return -90 <= lat <= 90 and -180 <= lon <= 180 and bool(record["name"].strip())


def _place(record: dict[str, Any] | None) -> Place | None:
    if record is None:
        return None
    return Place(name=record["name"], lat=record["lat"], lon=record["lon"],
                 kind=record["kind"], country=record["country"], source=record["source"])
