"""`journey edit`: correct a stop file in the browser, on this machine only.

A small HTTP server on 127.0.0.1 serves an editor page (map and stop list side by side,
``templates/editor.html.j2``) and a JSON API; every save is validated by the same
pipeline as ``journey build``, written to the one stop file (the previous version kept as
``FILE.bak``) and the map rebuilt in memory, byte-identical to ``journey build`` with
that file (served at ``/map.html``, never written).

The API (for the page, tests and scripts):

- ``GET /api/stops``: ``{"stops": [...], "errors", "warnings", ...}``; each stop has the
  stop file's columns (``name``, ``lat``, ``lon``, ``role``, ``date`` ... ``place``,
  ``review``) and, read-only, ``sentences`` (the article's sentences that mention it).
- ``PUT /api/stops`` with header ``X-Journey-Token``: body ``{"stops": [...]}``;
  validates, saves, rebuilds; ``{"ok", "errors", "warnings", ...}``. 403 without the
  token, 400 with errors (nothing written).
- ``POST /api/check`` with the token, same body: what a save would answer (and the
  route, for the map), with nothing written; the page asks after every change.
- ``GET /api/places?q=TEXT`` (``&exact=1``: only places of that very name, the namesakes):
  ``[{"name", "country", "admin1", "kind", "lat", "lon", "population", "place"}]``.

Security, each rule tested: the server binds 127.0.0.1 only; a request whose Host is not
127.0.0.1 or localhost at its port gets 403 (a DNS-rebinding page cannot reach it); every
write needs the per-run token, which the page holds in ``window.journeyEditor.token`` and
sends in a header (never a cookie, which a browser would attach to a forged request, nor
the URL, which ends up in history and logs); the paths written are fixed when the server
starts: the stop file and its ``.bak``.

Hand-written on http.server, like :mod:`journey.watch`: four routes and no dependency a
web framework would add to the install.
"""
from __future__ import annotations

import bisect
import csv
import functools
import hmac
import io
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable, Sequence
from urllib.parse import parse_qs, urlsplit

from journey.basemap import basemap_layers, padded_box
from journey.errors import JourneyError, StopFileErrors
from journey.files import write_atomic
from journey.gazetteer import Gazetteer, normalize
from journey.geo import haversine_km
from journey.models import Place, Route, Stop
from journey.pipeline import BuildResult, build
from journey.render import encode_line, leaflet_assets, make_env
from journey.route import build_route
from journey.stops import (COLUMNS, MODES, NOTE_COLUMNS, ROLES, StopFile, attach_sentences,
                           check_journey, place_ref, read_stop_file, sniff_delimiter)
from journey.watch import loopback_host

MAX_BODY_BYTES = 8 * 1024 * 1024
MAX_STOPS = 10_000
PLACES_LIMIT = 12
# Every sentence that mentions a stop, to pick its quote from; a long article's are capped.
SENTENCES_PER_STOP = 40
TOKEN_HEADER = "X-Journey-Token"
AREA_KINDS = frozenset({"country", "continent", "region", "state", "province", "sea", "ocean"})
_TEXT_FIELDS = ("name", "role", "date", "arrive", "depart", "mode", "note", "quote", "source",
                "place", *NOTE_COLUMNS)


class EditError(JourneyError, ValueError):
    """A request the editor refuses (bad JSON, a stop that is not an object)."""


@dataclass
class Editor:
    """One `journey edit` run: the stop file it may write and how to build its map.

    ``build_options`` are :func:`journey.pipeline.build`'s keyword arguments (title,
    tiles, rail ...), the same a ``journey build`` with those options passes.
    """

    stops_path: Path
    gazetteer: Gazetteer
    article: str | None = None  # None: the shipped example's article
    build_options: dict[str, Any] = field(default_factory=dict)
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    # What the page shows: the last good build, and the problems of the last attempt.
    result: BuildResult | None = None
    stop_file: StopFile | None = None
    records: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    delimiter: str = ","
    note_columns: tuple[str, ...] = ()
    save_seconds: float = 0.0
    seen: bytes | None = None  # the stop file as last read or written, to notice other edits
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def bak_path(self) -> Path:
        return self.stops_path.with_name(self.stops_path.name + ".bak")

    # -- loading ---------------------------------------------------------------------------

    def load(self, text: str | None) -> None:
        """Start from the stop file's text, or (``None``: no file yet) from a draft."""
        try:
            self.seen = self.stops_path.read_bytes()
        except OSError:
            self.seen = None
        # The name index for suggestions takes a second or two to build: not on the first
        # keystroke.
        threading.Thread(target=self.places, args=("warm up",), daemon=True).start()
        if text is None:
            result = build(self.article, None, **self._options())
            text = _rows_csv([_stop_record(s, {}) for s in result.route.stops], (), ",")
        self.delimiter = sniff_delimiter(text.lstrip("\ufeff"))
        try:
            self._rebuild(text)
        except JourneyError as exc:
            # Show the file as it is, with its errors, so that they can be fixed here.
            self.errors = _messages(exc)
            self.records = _raw_records(text, self.delimiter)
            self.note_columns = tuple(c for c in NOTE_COLUMNS
                                      if any(r.get(c) for r in self.records))

    def _options(self) -> dict[str, Any]:
        return {"stops_origin": str(self.stops_path), "gazetteer": self.gazetteer,
                **self.build_options}

    def _rebuild(self, text: str, commit: Callable[[], None] = lambda: None) -> None:
        """Build the map from stop-file text and, once ``commit()`` (the writes) has
        succeeded, show it; JourneyError when it cannot be built or written."""
        result = build(self.article, text, **self._options())
        # The build has read the file and found it good; read again for its cells.
        stop_file = read_stop_file(text, str(self.stops_path), self.gazetteer)
        sentences = attach_sentences(stop_file.stops, result.mentions, self.gazetteer,
                                     limit=SENTENCES_PER_STOP)
        commit()
        self.result, self.stop_file = result, stop_file
        self.note_columns = tuple(c for c in NOTE_COLUMNS if c in stop_file.columns)
        self.records = [_stop_record(s, row) for s, row in zip(sentences, stop_file.rows)]
        self.errors = []
        self.warnings = list(result.route.warnings)

    # -- the API ---------------------------------------------------------------------------

    def state(self) -> dict[str, Any]:
        """``GET /api/stops``."""
        return {"stops": self.records, "errors": self.errors, "warnings": self.warnings,
                "file": self.stops_path.name, "route": self._route_json()}

    def check(self, body: bytes) -> tuple[int, dict[str, Any]]:
        """``POST /api/check``: what a save would say (errors, warnings, the route), with
        nothing written and nothing kept."""
        origin = str(self.stops_path)
        try:
            text = _rows_csv(_parse_records(body), self.note_columns, self.delimiter)
            # A build without the page: the page's offline basemap is most of a build's
            # time, and only a template (not the stops) can make rendering fail.
            with self._lock:  # one build at a time: a save's and a check's share caches
                stop_file = read_stop_file(text, origin, self.gazetteer)
                stops, warnings = check_journey(stop_file.stops, origin)
                route = build_route(stops, rail=self.build_options.get("rail", ()))
        except JourneyError as exc:
            return 200, {"ok": False, "errors": _messages(exc), "warnings": []}
        return 200, {"ok": True, "errors": [],
                     "warnings": [*stop_file.warnings, *warnings, *route.warnings],
                     "route": _route_json(route)}

    def save(self, body: bytes) -> tuple[int, dict[str, Any]]:
        """``PUT /api/stops``: (HTTP status, answer). Writes only when the map builds."""
        try:
            text = _rows_csv(_parse_records(body), self.note_columns, self.delimiter)
        except EditError as exc:
            return 400, {"ok": False, "errors": [str(exc)], "warnings": []}
        notes: list[str] = []
        with self._lock:
            started = time.perf_counter()

            def commit() -> None:
                try:
                    previous = self.stops_path.read_bytes()
                except FileNotFoundError:
                    previous = None
                except OSError as exc:
                    raise EditError(f"{self.stops_path}: cannot read ({exc.strerror})") from None
                if previous is not None:
                    if self.seen is not None and previous != self.seen:
                        notes.append(f"{self.stops_path} had changed on disk since the editor "
                                     f"read it; that version is now {self.bak_path.name}")
                    write_atomic(self.bak_path, previous, option="--stops")
                write_atomic(self.stops_path, text, option="--stops")
                self.seen = text.encode("utf-8")

            try:
                self._rebuild(text, commit)
            except JourneyError as exc:
                return 400, {"ok": False, "errors": _messages(exc), "warnings": []}
            self.save_seconds = time.perf_counter() - started
            self.warnings = notes + self.warnings
            state = self.state()
        return 200, {"ok": True, **state, "seconds": round(self.save_seconds, 3)}

    def map_html(self) -> str | None:
        """The map of the last good build, as ``journey build`` writes it."""
        return self.result.html if self.result else None

    def places(self, query: str, exact: bool = False) -> list[dict[str, Any]]:
        """``GET /api/places``: the places a name may mean, most likely first."""
        query = query.strip()[:100]
        if not query:
            return []
        found: list[Place] = []
        tier: dict[str, int] = {}  # 0: this very name, 1: a name starting so, 2: a near one

        def offer(places: Sequence[Place], rank: int) -> None:
            for place in places:
                # One entry per place: the curated station and GeoNames' city of one
                # name at one spot are the same choice.
                if not any(p.source == place.source or (p.name == place.name and haversine_km(
                        p.lat, p.lon, place.lat, place.lon) < 1) for p in found):
                    found.append(place)
                    tier[place.source] = rank

        # The namesakes in the gazetteer's order (the one a build picks first), then the rest.
        offer(self.gazetteer.qualified(query), 0)  # "Paris, TX": only the Texan one
        if not exact:
            for key in _prefix_keys(self.gazetteer, normalize(query)):
                offer(self.gazetteer.candidates(key)[:3], 1)
            # Near spellings (a fuzzy scan, a few hundred ms) only when few names start so:
            # a typo, not a name half typed.
            if len(found) < 3:
                for name in self.gazetteer.suggest(query):
                    offer(self.gazetteer.candidates(name)[:2], 2)
        # A stop is a point one travels to: towns and stations before the regions and
        # countries that share their names ("Novosibirsk" before "Novosibirsk Oblast").
        ranked = sorted(enumerate(found), key=lambda ip: (
            tier[ip[1].source], ip[1].kind in AREA_KINDS,
            ip[0] if tier[ip[1].source] == 0 else -ip[1].population))
        return [_place_record(p, self.gazetteer) for _, p in ranked[:PLACES_LIMIT]]

    def _route_json(self) -> dict[str, Any] | None:
        return _route_json(self.result.route) if self.result is not None else None

    # -- the page --------------------------------------------------------------------------

    def page(self, nonce: str) -> str:
        """The editor page; its scripts carry ``nonce`` (the page's CSP allows no other)."""
        js, css = leaflet_assets()
        template = make_env(self.build_options.get("template_dir")).get_template(
            "editor.html.j2")
        return template.render(leaflet_js=js, leaflet_css=css, file=self.stops_path.name,
                               nonce=nonce,
                               editor={"token": self.token, "file": self.stops_path.name,
                                       "roles": ROLES, "modes": MODES})


def _route_json(route: Route) -> dict[str, Any]:
    """The route as the editor's map draws it: legs (encoded lines) and a basemap."""
    return {"legs": [{"from": leg.start, "to": leg.end, "mode": leg.mode,
                      "planned": leg.planned, "on_rail": leg.on_rail,
                      "line": encode_line(leg.coords_lonlat)} for leg in route.legs],
            "total_km": round(route.total_km), "basemap": _basemap(_extent(route))}


def _messages(exc: JourneyError) -> list[str]:
    return list(exc.messages) if isinstance(exc, StopFileErrors) else [str(exc)]


def _extent(route: Route) -> tuple[tuple[float, float], ...]:
    """The stops' box, rounded, and as wide again on each side: the editor's map is
    panned and its markers dragged beyond the route."""
    lons, lats = [s.lon for s in route.stops], [s.lat for s in route.stops]
    dx, dy = max(max(lons) - min(lons), 5.0), max(max(lats) - min(lats), 5.0)
    w, e = max(-180.0, min(lons) - dx), min(180.0, max(lons) + dx)
    s, n = max(-85.0, min(lats) - dy), min(85.0, max(lats) + dy)
    return tuple((round(x, 1), round(y, 1)) for x, y in ((w, s), (e, n)))


@functools.lru_cache(maxsize=8)
def _basemap(extent: tuple[tuple[float, float], ...]) -> dict[str, Any]:
    # Keyed by the stops rounded to 0.1 degree: moving one stop a little keeps the basemap.
    return basemap_layers(padded_box(extent))


def _place_record(p: Place, gaz: Gazetteer) -> dict[str, Any]:
    # The province as a journalist reads it ("Texas", not GeoNames' code "TX" or "48").
    admin1 = gaz.admin1_name(p.country, p.admin1) or p.admin1
    return {"name": p.name, "country": p.country, "admin1": admin1, "kind": p.kind,
            "lat": round(p.lat, 5), "lon": round(p.lon, 5), "population": p.population,
            "place": p.source}


def _prefix_keys(gaz: Gazetteer, key: str, limit: int = 40) -> list[str]:
    """Known names that start with ``key`` (as typed so far), the shortest first."""
    keys = gaz.derived.get("sorted names")
    if keys is None:  # made once per gazetteer, kept on it
        keys = gaz.derived["sorted names"] = sorted(gaz.names())
    i = bisect.bisect_left(keys, key)
    out = []
    while i < len(keys) and keys[i].startswith(key) and len(out) < 400:
        out.append(keys[i])
        i += 1
    return sorted(out, key=len)[:limit]


def _stop_record(stop: Stop, row: dict[str, str]) -> dict[str, Any]:
    """A stop as the API gives it: the stop file's columns (resolved), plus its sentences."""
    record: dict[str, Any] = {
        "name": stop.name, "lat": round(stop.lat, 5), "lon": round(stop.lon, 5),
        "role": stop.role, "date": stop.date, "arrive": stop.arrive, "depart": stop.depart,
        "mode": stop.mode, "planned": stop.planned, "note": stop.note, "quote": stop.quote,
        "source": stop.source, "place": place_ref(stop), "inferred": stop.inferred,
    }
    for column in NOTE_COLUMNS:
        record[column] = row.get(column, "")
    record["sentences"] = list(stop.sentences)
    return record


def _raw_records(text: str, delimiter: str) -> list[dict[str, Any]]:
    """The rows of a stop file that does not build, as they are, for fixing."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    try:
        rows = list(csv.DictReader(io.StringIO(text), delimiter=delimiter))
    except csv.Error:
        return []
    out = []
    for row in rows:
        row = {str(k).strip().lower(): (v or "").strip() for k, v in row.items() if k}
        record: dict[str, Any] = {f: row.get(f, "") for f in _TEXT_FIELDS}
        for axis in ("lat", "lon"):
            try:
                record[axis] = float(row.get(axis, "").replace(",", "."))
            except ValueError:
                record[axis] = None
        record["planned"] = row.get("planned", "").lower() in ("true", "yes", "1", "y", "t")
        record["role"] = record["role"] or "stop"
        record["mode"] = record["mode"] or "rail"
        record["sentences"] = []
        out.append(record)
    return out


def _parse_records(body: bytes) -> list[dict[str, Any]]:
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise EditError("the request is not JSON; send {\"stops\": [...]}") from None
    stops = data.get("stops") if isinstance(data, dict) else None
    if not isinstance(stops, list):
        raise EditError("the request has no list 'stops'; send {\"stops\": [...]}")
    if len(stops) > MAX_STOPS:
        raise EditError(f"{len(stops):,} stops; at most {MAX_STOPS:,} can be saved at once")
    for i, stop in enumerate(stops):
        if not isinstance(stop, dict):
            raise EditError(f"stop {i + 1} is not an object of columns")
    return stops


def _cell(record: dict[str, Any], column: str, decimal_comma: bool) -> str:
    value = record.get(column)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        text = f"{value:.5f}" if column in ("lat", "lon") else str(value)
        return text.replace(".", ",") if decimal_comma else text
    if not isinstance(value, str):
        raise EditError(f"{column} of stop {record.get('name')!r} must be text, a number or "
                        "true/false")
    # One newline style, as write_stops writes (a lone CR would end the row when read).
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def _rows_csv(records: Sequence[dict[str, Any]], note_columns: Sequence[str],
              delimiter: str) -> str:
    """The stop file's text for these records: the drafted columns, in the file's dialect."""
    columns = list(COLUMNS) + [c for c in NOTE_COLUMNS
                               if c in note_columns or any(r.get(c) for r in records)]
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    w.writerow(columns)
    for record in records:
        w.writerow([_cell(record, c, delimiter != ",") for c in columns])
    return buf.getvalue()


# -- the server --------------------------------------------------------------------------

def make_server(editor: Editor, port: int = 0) -> ThreadingHTTPServer:
    """The editor's HTTP server on 127.0.0.1 (``port`` 0: any free one); the caller runs
    ``serve_forever()`` and ``shutdown()``s it."""
    server = ThreadingHTTPServer(("127.0.0.1", port), _handler(editor))
    server.daemon_threads = True
    return server


def _handler(editor: Editor) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "journey-edit"
        sys_version = ""

        def _host_ok(self) -> bool:
            return loopback_host(self.headers.get("Host"), self.server.server_address[1])

        def _origin_ok(self) -> bool:
            origin = self.headers.get("Origin")
            return origin is None or (origin.startswith("http://") and loopback_host(
                origin[len("http://"):], self.server.server_address[1]))

        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            if not self._host_ok():
                return self._json(403, {"ok": False, "errors": [_BAD_HOST]})
            url = urlsplit(self.path)
            if url.path == "/":
                nonce = secrets.token_urlsafe(16)
                page = editor.page(nonce)
                return self._send(200, "text/html; charset=utf-8", page.encode(), csp=nonce)
            if url.path == "/map.html":
                html = editor.map_html()
                if html is None:
                    return self._send(503, "text/plain; charset=utf-8",
                                      b"no map yet: the stops have errors")
                return self._send(200, "text/html; charset=utf-8", html.encode())
            if url.path == "/api/stops":
                return self._json(200, editor.state())
            if url.path == "/api/places":
                q = parse_qs(url.query)
                return self._json(200, editor.places(q.get("q", [""])[0],
                                                     q.get("exact", [""])[0] == "1"))
            self._send(404, "text/plain; charset=utf-8", b"not found")

        def do_PUT(self) -> None:  # noqa: N802
            self._write_request("/api/stops", editor.save)

        def do_POST(self) -> None:  # noqa: N802
            self._write_request("/api/check", editor.check)

        def _write_request(self, path: str, answer: Callable[[bytes], tuple[int, Any]]) -> None:
            """A request that needs the token: a save, or a check (a build's CPU time)."""
            if not self._host_ok():
                return self._json(403, {"ok": False, "errors": [_BAD_HOST]})
            if urlsplit(self.path).path != path:
                return self._send(404, "text/plain; charset=utf-8", b"not found")
            token = self.headers.get(TOKEN_HEADER, "")
            if not (self._origin_ok() and hmac.compare_digest(token.encode(),
                                                              editor.token.encode())):
                return self._json(403, {"ok": False, "errors": [
                    f"refused: a save needs this run's token in the {TOKEN_HEADER} header "
                    "(the editor page sends it)"]})
            try:
                length = int(self.headers.get("Content-Length", ""))
            except ValueError:
                return self._json(411, {"ok": False, "errors": ["a save needs a Content-Length"]})
            if not 0 <= length <= MAX_BODY_BYTES:
                return self._json(413, {"ok": False, "errors": [
                    f"the request is over {MAX_BODY_BYTES // 1048576} MB"]})
            status, value = answer(self.rfile.read(length))
            self._json(status, value)

        def _json(self, status: int, value: Any) -> None:
            self._send(status, "application/json", json.dumps(value, ensure_ascii=False)
                       .encode())

        def _send(self, status: int, ctype: str, body: bytes, csp: str | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Referrer-Policy", "no-referrer")
            if csp is not None:
                self.send_header("Content-Security-Policy", (
                    f"default-src 'none'; script-src 'nonce-{csp}'; style-src 'unsafe-inline'; "
                    "img-src data:; connect-src 'self'; frame-ancestors 'none'; "
                    "base-uri 'none'; form-action 'none'"))
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the page went away (reloaded, closed) before the answer

        def log_message(self, *args) -> None:
            pass

    return Handler


_BAD_HOST = ("refused: the editor answers only to http://127.0.0.1 or http://localhost at "
             "its port")


def run(stops_path: Path, article: str | None, stops_text: str | None, *,
        gazetteer: Gazetteer, port: int = 0, open_browser: bool = True,
        report: Callable[[str], None] = print, build_options: dict[str, Any] | None = None,
        stop: threading.Event | None = None) -> None:
    """Serve the editor for ``stops_path`` until Ctrl-C (or ``stop`` is set)."""
    editor = Editor(Path(stops_path), gazetteer, article, dict(build_options or {}))
    editor.load(stops_text)
    try:
        server = make_server(editor, port)
    except OSError as exc:
        raise EditError(f"cannot serve on 127.0.0.1:{port} ({exc.strerror}); pick another "
                        "--port") from None
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state = "" if stops_text is not None else " (a new file: saved on the first Save)"
    report(f"Editing {stops_path}{state} at {url} (Ctrl-C to stop)")
    for line in editor.errors:
        report(f"Error: {line}")
    if open_browser:
        import webbrowser

        webbrowser.open(url)
    try:
        (stop or threading.Event()).wait()
    finally:
        server.shutdown()
        server.server_close()
