"""Nominatim through geopy against a small server on 127.0.0.1 that answers like Nominatim."""
from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from journey.errors import GeocoderError, PlaceNotFound
from journey.gazetteer import Gazetteer
from journey.geocode import NominatimGeocoder, cache_dir

# What nominatim.openstreetmap.org answers to /search?q=...&format=json (trimmed).
PLACES = {
    "tumen river friendship bridge": {
        "place_id": 1, "osm_type": "way", "osm_id": 4321, "lat": "42.4168",
        "lon": "130.6364", "class": "man_made", "type": "bridge",
        "name": "Tumen River Friendship Bridge",
        "display_name": "Tumen River Friendship Bridge, Khasansky District, Russia",
        "address": {"country_code": "ru"},
    },
}


class FakeNominatim(BaseHTTPRequestHandler):
    requests: list[str] = []
    mode = "ok"  # ok, 429, slow

    def do_GET(self):  # noqa: N802 (the http.server API)
        url = urlparse(self.path)
        query = parse_qs(url.query)
        type(self).requests.append(self.path)
        if type(self).mode == "429":
            self.send_response(429)
            self.send_header("Retry-After", "60")
            self.end_headers()
            return
        if type(self).mode == "slow":
            time.sleep(1.0)
        assert url.path == "/search", url.path
        assert self.headers["User-Agent"].startswith("journey/")
        q = query["q"][0].lower()
        hit = PLACES.get(q)
        body = json.dumps([hit] if hit else []).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except OSError:
            pass  # the client gave up (the timeout test)

    def log_message(self, *args):  # keep the test output quiet
        pass


@pytest.fixture
def server():
    FakeNominatim.requests = []
    FakeNominatim.mode = "ok"
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), FakeNominatim)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def geocoder(domain: str, tmp_path: Path, **kwargs) -> NominatimGeocoder:
    # min_delay_seconds=0 only to keep the suite fast; requests still go through geopy's
    # real HTTP code and the real RateLimiter.
    return NominatimGeocoder(domain=domain, scheme="http", min_delay_seconds=0,
                             cache_path=tmp_path / "nominatim.json", **kwargs)


def test_finds_a_place_and_keeps_its_provenance(server, tmp_path):
    place = geocoder(server, tmp_path).lookup("Tumen River Friendship Bridge")
    assert place is not None
    assert (place.lat, place.lon) == (42.4168, 130.6364)
    assert place.country == "RU"
    assert place.source == "nominatim:way/4321"


def test_nothing_is_asked_twice_even_across_runs(server, tmp_path):
    first = geocoder(server, tmp_path)
    assert first.lookup("Tumen River Friendship Bridge") is not None
    assert first.lookup("Nowhere-on-Sea") is None
    assert first.lookup("nowhere on sea") is None  # same name, normalised
    assert len(FakeNominatim.requests) == 2
    again = geocoder(server, tmp_path)  # a new process would read the same cache file
    assert again.lookup("Tumen River Friendship Bridge") is not None
    assert len(FakeNominatim.requests) == 2


def test_rate_limit_is_a_clear_error(server, tmp_path):
    FakeNominatim.mode = "429"
    with pytest.raises(GeocoderError, match="HTTP 429"):
        geocoder(server, tmp_path).lookup("Omsk")
    assert not (tmp_path / "nominatim.json").exists()  # an error is not cached


def test_timeout_is_a_clear_error(server, tmp_path):
    FakeNominatim.mode = "slow"
    with pytest.raises(GeocoderError, match="did not answer within 0.2 s"):
        geocoder(server, tmp_path, timeout_s=0.2).lookup("Omsk")


def test_the_rate_limiter_spaces_requests(server, tmp_path):
    slow = NominatimGeocoder(domain=server, scheme="http", min_delay_seconds=0.3,
                             cache_path=tmp_path / "n.json")
    start = time.monotonic()
    slow.lookup("a place")
    slow.lookup("another place")
    assert time.monotonic() - start >= 0.3


def test_gazetteer_asks_online_only_for_what_it_lacks(server, tmp_path):
    gaz = Gazetteer.load().with_geocoder(geocoder(server, tmp_path))
    assert gaz.lookup("Omsk").source.startswith("stations.csv")
    assert FakeNominatim.requests == []
    assert gaz.lookup("Tumen River Friendship Bridge").source == "nominatim:way/4321"
    with pytest.raises(PlaceNotFound):
        gaz.lookup("Xyzzyville")
    assert Gazetteer.load().fallback is None  # the shared offline gazetteer is untouched


def test_cache_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("JOURNEY_CACHE_DIR", str(tmp_path / "c"))
    assert cache_dir() == tmp_path / "c"
    monkeypatch.delenv("JOURNEY_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir() == tmp_path / "journey"


@pytest.mark.parametrize("entry", [{"name": "X"}, "a string", 7, [],
                                   {"name": "T", "lat": "42.4", "lon": 130.6, "kind": "city",
                                    "country": "RU", "source": "x"},
                                   {"name": "T", "lat": 999, "lon": 130.6, "kind": "city",
                                    "country": "RU", "source": "x"},
                                   {"name": "T", "lat": True, "lon": 130.6, "kind": "city",
                                    "country": "RU", "source": "x"}],
                         ids=["no-coords", "string", "number", "list", "text-lat", "lat-999",
                              "bool-lat"])
def test_a_cache_entry_of_the_wrong_shape_is_asked_again(server, tmp_path, entry):
    from journey.gazetteer import normalize

    key = f"{server}|{normalize('Tumen River Friendship Bridge')}"
    (tmp_path / "nominatim.json").write_text(json.dumps({key: entry}), "utf-8")
    place = geocoder(server, tmp_path).lookup("Tumen River Friendship Bridge")
    assert place is not None and (place.lat, place.lon) == (42.4168, 130.6364)
    assert len(FakeNominatim.requests) == 1
    stored = json.loads((tmp_path / "nominatim.json").read_text("utf-8"))
    assert stored[key]["lat"] == 42.4168  # healed


@pytest.mark.parametrize("raw", [b"[1, 2]", b"null", b"\xff\xfe", b"{\"a\": "])
def test_a_cache_file_of_the_wrong_shape_starts_afresh(server, tmp_path, raw):
    (tmp_path / "nominatim.json").write_bytes(raw)
    assert geocoder(server, tmp_path).lookup("Tumen River Friendship Bridge") is not None
