"""Rebuild when an input changes: poll file times, call a rebuild, report one line each time.

Polling keeps this dependency-free and works the same on every file system (network
shares and editors that save by rename included); a few hundred stat calls a second cost
nothing next to a build.

    >>> from journey.watch import watch
    >>> lines = []
    >>> watch([], lambda changed: "built", lambda line, failed: lines.append(line), max_builds=1)
    1
    >>> lines[0].endswith("built")
    True
"""
from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable, Iterable
from urllib.parse import urlsplit

from journey.errors import JourneyError

Snapshot = dict[Path, tuple[int, int]]


def snapshot(paths: Iterable[Path]) -> Snapshot:
    """(mtime_ns, size) of every file among ``paths``, folders walked; missing ones skipped."""
    out: Snapshot = {}
    for path in paths:
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for f in files:
            try:
                st = f.stat()
            except OSError:
                continue
            out[f] = (st.st_mtime_ns, st.st_size)
    return out


def changed_files(before: Snapshot, after: Snapshot) -> set[Path]:
    return {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}


class BuildStatus:
    """The last build's ``Error:`` lines (none after a good one): :func:`watch` sets them,
    :func:`serve` shows them over the map."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._errors: tuple[str, ...] = ()

    @property
    def errors(self) -> tuple[str, ...]:
        with self._lock:
            return self._errors

    def set(self, errors: Iterable[str]) -> None:
        with self._lock:
            self._errors = tuple(errors)


def watch(paths: Iterable[Path], rebuild: Callable[[set[Path]], str],
          report: Callable[[str, bool], None], *, interval_s: float = 0.25,
          stop: threading.Event | None = None, max_builds: int | None = None,
          status: BuildStatus | None = None) -> int:
    """Build now, then again whenever a file under ``paths`` changes, until told to stop.

    ``rebuild(changed)`` writes the outputs and returns a one-line summary; a
    :class:`JourneyError` it raises is reported as ``Error: ...`` and the loop goes on
    (whatever the last good build wrote stays in place). ``report(line, failed)`` gets one
    line per build, prefixed with the clock time and the seconds it took. The loop ends
    when ``stop`` is set or after ``max_builds`` builds; returns the number of builds.
    ``status`` gets each build's ``Error:`` lines (one per line of the error: a stop file's
    bad rows are several).
    """
    paths = [Path(p) for p in paths]
    stop = stop or threading.Event()
    state = snapshot(paths)
    changed: set[Path] = set(state)
    builds = 0
    while True:
        started = time.perf_counter()
        failed = False
        try:
            line = rebuild(changed)
        except JourneyError as exc:
            line, failed = f"Error: {exc}", True
        if status is not None:
            status.set(line.split("\n") if failed else ())
        builds += 1
        report(f"[{time.strftime('%H:%M:%S')}] {time.perf_counter() - started:.2f} s  {line}",
               failed)
        if max_builds is not None and builds >= max_builds:
            return builds
        changed = set()
        while not changed:
            if stop.wait(interval_s):
                return builds
            now = snapshot(paths)
            changed = changed_files(state, now)
            if changed:
                # An editor may still be writing: wait until two polls agree.
                while not stop.wait(interval_s):
                    settled = snapshot(paths)
                    if settled == now:
                        break
                    changed |= changed_files(now, settled)
                    now = settled
                state = now



# Added to the page as served (never to the file on disk, which stays byte-identical): it
# asks for the map's version and the last build's errors every second, shows the errors
# over the map (text only, never markup) and reloads when a good rebuild changed the map.
_RELOAD_SNIPPET = """<script>(function () {
  var seen = null, box = null;
  function show(lines) {
    if (!lines.length) { if (box) { box.remove(); box = null; } return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "journey-build-errors";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;z-index:100000;left:12px;right:12px;top:12px;" +
        "max-height:60vh;overflow:auto;padding:10px 14px;background:#fdecea;color:#5c1a12;" +
        "border:2px solid #c0392b;border-radius:6px;font:13px/1.45 ui-monospace,monospace;" +
        "white-space:pre-wrap;box-shadow:0 4px 16px rgba(0,0,0,.3)";
      document.body.appendChild(box);
    }
    box.textContent = "The last build failed; this is the map from before it.\\n" + lines.join("\\n");
  }
  function poll() {
    fetch("/__journey_status", {cache: "no-store"}).then(function (r) { return r.json(); })
      .then(function (s) {
        if (seen !== null && s.version !== seen) { location.reload(); return; }
        seen = s.version;
        show(s.errors);
      }).catch(function () {});
  }
  poll();
  setInterval(poll, 1000);
})();</script>"""


def loopback_host(host: str | None, port: int) -> bool:
    """Whether a request's ``Host`` names this machine's server at ``port`` by a loopback
    name (127.0.0.1, localhost, [::1]): a page on another site that re-points its own name
    at 127.0.0.1 (DNS rebinding) sends its own name, so it is refused."""
    host = (host or "").strip().lower()
    names = ("127.0.0.1", "localhost", "[::1]")
    # A browser leaves out the port when it is the default one.
    return host in {f"{n}:{port}" for n in names} or (port == 80 and host in names)


def serve(output: Path, port: int = 8000, status: BuildStatus | None = None
          ) -> ThreadingHTTPServer:
    """An HTTP server on 127.0.0.1 that serves ``output`` at / with live reload.

    Only the map itself and its version are served (nothing else from the folder), at
    any query string (``/?v=2``), to GET and HEAD. A request whose ``Host`` is not this
    server by a loopback name (``127.0.0.1:PORT``, ``localhost:PORT``, ``[::1]:PORT``) is
    refused with 403: a page on another site that re-points its own name at 127.0.0.1
    (DNS rebinding) sends its own name as the host, so it cannot read the map. The caller
    runs ``serve_forever()`` (e.g. in a thread) and ``shutdown()``s it. The served page
    shows ``status``'s errors over the map until the next good build.
    """
    output = Path(output)
    status = status or BuildStatus()

    def version() -> str:
        try:
            return str(output.stat().st_mtime_ns)
        except OSError:
            return "missing"

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            self._answer(head=False)

        def do_HEAD(self) -> None:  # noqa: N802
            self._answer(head=True)

        def _host_ok(self) -> bool:
            return loopback_host(self.headers.get("Host"), self.server.server_address[1])

        def _answer(self, head: bool) -> None:
            if not self._host_ok():
                self._send(403, "text/plain",
                           b"journey serves only http://127.0.0.1:PORT/ (or localhost)", head)
                return
            path = urlsplit(self.path).path
            if path == "/__journey_version":
                self._send(200, "text/plain", version().encode(), head)
            elif path == "/__journey_status":
                body = json.dumps({"version": version(), "errors": list(status.errors)})
                self._send(200, "application/json", body.encode(), head)
            elif path in ("/", "/" + output.name):
                try:
                    html = output.read_text("utf-8")
                except (OSError, UnicodeDecodeError):
                    self._send(503, "text/plain", b"no map yet; see the watch output", head)
                    return
                cut = html.rfind("</body>")
                html = html[:cut] + _RELOAD_SNIPPET + html[cut:] if cut >= 0 else (
                    html + _RELOAD_SNIPPET)
                self._send(200, "text/html; charset=utf-8", html.encode(), head)
            else:
                self._send(404, "text/plain", b"not found", head)

        def _send(self, status: int, ctype: str, body: bytes, head: bool = False) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if not head:
                self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass  # one line per rebuild is the watch's output; requests would drown it

    return ThreadingHTTPServer(("127.0.0.1", port), Handler)
