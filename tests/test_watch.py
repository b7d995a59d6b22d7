"""`journey build --watch`: edit the stop file, the map follows; break it, the old map stays."""
from __future__ import annotations

import os
import json
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from journey.cli import write_atomic
from journey.pipeline import build, example_path
from journey.watch import changed_files, serve, snapshot, watch

ROOT = Path(__file__).resolve().parent.parent
STOPS = example_path("stops.csv").read_text("utf-8")


def wait_for(predicate, timeout_s: float = 30.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.05)


def test_snapshot_sees_edits_new_and_deleted_files(tmp_path: Path):
    (tmp_path / "a.txt").write_text("one")
    before = snapshot([tmp_path, tmp_path / "missing.csv"])
    (tmp_path / "a.txt").write_text("one two")
    (tmp_path / "b.txt").write_text("new")
    after = snapshot([tmp_path])
    assert changed_files(before, after) == {tmp_path / "a.txt", tmp_path / "b.txt"}
    (tmp_path / "b.txt").unlink()
    assert changed_files(after, snapshot([tmp_path])) == {tmp_path / "b.txt"}


def stop_names(html: str) -> list[str]:
    data = re.search(r"window.journeyData = (.*?);</script>", html, re.S).group(1)
    return [s["name"] for s in json.loads(data)["stops"]]


def test_watch_rebuilds_on_edit_and_keeps_the_last_good_map(tmp_path: Path):
    stops, out = tmp_path / "stops.csv", tmp_path / "map.html"
    stops.write_text(STOPS)

    def rebuild(changed: set[Path]) -> str:
        result = build(None, stops.read_text("utf-8"), stops_origin=str(stops))
        write_atomic(out, result.html)
        return f"{len(result.route.stops)} stops"

    lines: queue.Queue[tuple[str, bool]] = queue.Queue()
    stop = threading.Event()
    thread = threading.Thread(
        target=watch, args=([stops], rebuild, lambda line, failed: lines.put((line, failed))),
        kwargs={"interval_s": 0.05, "stop": stop}, daemon=True)
    thread.start()
    try:
        line, failed = lines.get(timeout=60)
        assert not failed and line.endswith("5 stops"), line
        first = out.read_text()

        stops.write_text("\n".join(ln for ln in STOPS.splitlines()
                                   if not ln.startswith("St Petersburg")) + "\n")
        line, failed = lines.get(timeout=30)
        assert not failed and line.endswith("4 stops"), line
        good = out.read_text()
        assert good != first and "St Petersburg" not in stop_names(good)

        stops.write_text(STOPS.replace("Omsk,", "Omks,"))
        line, failed = lines.get(timeout=30)
        assert failed and "Error: unknown place 'Omks'" in line, line
        assert out.read_text() == good
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()


def test_watch_stops_after_max_builds():
    calls: list[set[Path]] = []
    assert watch([], lambda changed: calls.append(changed) or "ok", lambda *a: None,
                 max_builds=1) == 1
    assert calls == [set()]


def test_cli_watch_subprocess(tmp_path: Path):
    stops, out = tmp_path / "stops.csv", tmp_path / "map.html"
    stops.write_text(STOPS)
    proc = subprocess.Popen(
        [sys.executable, "-m", "journey", "build", "--stops", str(stops), "-o", str(out),
         "--watch", "--serve", "0"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    lines: queue.Queue[tuple[str, str]] = queue.Queue()

    def pump(stream, name):
        for line in stream:
            lines.put((name, line.rstrip("\n")))

    for stream, name in ((proc.stdout, "out"), (proc.stderr, "err")):
        threading.Thread(target=pump, args=(stream, name), daemon=True).start()

    served: list[str] = []

    def next_build() -> tuple[str, str]:
        while True:
            name, line = lines.get(timeout=90)
            if line.startswith("Serving http://127.0.0.1:"):
                served.append(line.split()[1])
            if line.startswith("["):
                return name, line

    try:
        name, line = next_build()
        assert name == "out" and re.search(r": 5 stops, [\d,]+ km$", line), line
        first = out.read_text()
        assert served and "Omsk" in fetch(served[0]) and "__journey_status" in fetch(served[0])
        stops.write_text(STOPS.replace("Omsk,", "Omks,"))
        name, line = next_build()
        assert name == "err" and " Error: unknown place 'Omks' in " in line, line
        assert out.read_text() == first
        stops.write_text("\n".join(ln for ln in STOPS.splitlines()
                                   if not ln.startswith("St Petersburg")) + "\n")
        name, line = next_build()
        assert name == "out" and ": 4 stops," in line, line
        assert out.read_text() != first
        proc.send_signal(signal.SIGINT)  # Ctrl-C: a quiet exit, no traceback
        assert proc.wait(timeout=20) == 130
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
    time.sleep(0.2)  # let the pumps drain what the process wrote last
    rest = []
    while not lines.empty():
        rest.append(lines.get()[1])
    assert not any("Traceback" in ln for ln in rest), rest
    assert not list(tmp_path.glob(".map.html.*"))


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.read().decode("utf-8")


def test_serve_adds_live_reload_to_the_served_page_only(tmp_path: Path):
    out = tmp_path / "map.html"
    out.write_text("<html><body><p>v1</p></body></html>")
    (tmp_path / "secret.txt").write_text("not for the network")
    server = serve(out, 0)
    assert server.server_address[0] == "127.0.0.1"
    base = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page = fetch(base + "/")
        assert page.startswith("<html><body><p>v1</p><script>") and "__journey_status" in page
        assert out.read_text() == "<html><body><p>v1</p></body></html>"
        v1 = fetch(base + "/__journey_version")
        time.sleep(0.01)
        out.write_text("<html><body><p>v2</p></body></html>")
        assert fetch(base + "/__journey_version") != v1
        assert "<p>v2</p>" in fetch(base + "/")
        with pytest.raises(urllib.error.HTTPError) as err:
            fetch(base + "/secret.txt")
        assert err.value.code == 404
    finally:
        server.shutdown()
        server.server_close()


def _request(port: int, method: str, path: str, host: str | None) -> tuple[int, bytes, dict]:
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.putrequest(method, path, skip_host=True)
        if host is not None:
            conn.putheader("Host", host)
        conn.endheaders()
        r = conn.getresponse()
        return r.status, r.read(), dict(r.getheaders())
    finally:
        conn.close()


def test_serve_answers_any_query_string_and_head_and_checks_the_host(tmp_path: Path):
    out = tmp_path / "map.html"
    out.write_text("<html><body><p>v1</p></body></html>")
    server = serve(out, 0)
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}",
                     f"LOCALHOST:{port}"):
            status, body, _ = _request(port, "GET", "/?v=2", host)
            assert status == 200 and b"<p>v1</p>" in body, host
        status, body, _ = _request(port, "GET", "/map.html?x=1#y", f"127.0.0.1:{port}")
        assert status == 200 and b"<p>v1</p>" in body
        status, body, _ = _request(port, "GET", "/__journey_version?t=5", f"127.0.0.1:{port}")
        assert status == 200 and body.isdigit()
        status, body, headers = _request(port, "HEAD", "/", f"127.0.0.1:{port}")
        assert status == 200 and body == b"" and int(headers["Content-Length"]) > 30
        assert _request(port, "HEAD", "/nothing", f"127.0.0.1:{port}")[0] == 404
        # DNS rebinding: a page at evil.example re-points its name at 127.0.0.1; the
        # browser then sends Host: evil.example:PORT, which is refused.
        for host in (f"evil.example:{port}", "127.0.0.1", f"127.0.0.1:{port + 1}",
                     f"localhost.evil.example:{port}", "", None):
            status, body, _ = _request(port, "GET", "/", host)
            assert status == 403 and b"v1" not in body, host
            assert _request(port, "GET", "/__journey_version", host)[0] == 403, host
    finally:
        server.shutdown()
        server.server_close()


def test_the_watch_loop_keeps_one_gazetteer_and_makes_a_new_one_for_stations_csv(
        monkeypatch, tmp_path):
    """No process-wide cache to clear: the loop holds its gazetteer, and replaces it when
    data/stations.csv changes, so an edited station is what the next build uses."""
    from click.testing import CliRunner

    import journey.watch
    from journey.assets import data_path
    from journey.cli import cli
    from journey.gazetteer import Gazetteer

    made, used = [], []
    real_load = Gazetteer.load.__func__

    def counting_load(cls):
        made.append(real_load(cls))
        return made[-1]

    real_build = journey.cli.build

    def spying_build(*args, **kwargs):
        used.append(kwargs["gazetteer"])
        return real_build(*args, **kwargs)

    def three_builds(paths, rebuild, report, **_kw):
        for changed in (set(paths), set(), {data_path("stations.csv")}):
            rebuild(changed)
        return 3

    monkeypatch.setattr(Gazetteer, "load", classmethod(counting_load))
    monkeypatch.setattr(journey.cli, "build", spying_build)
    monkeypatch.setattr(journey.watch, "watch", three_builds)
    result = CliRunner().invoke(cli, ["build", "-o", str(tmp_path / "m.html"), "--watch"])
    assert result.exit_code == 0, result.output
    assert len(made) == 2 and used == [made[0], made[0], made[1]]


def test_a_failed_build_sets_the_status_lines_and_a_good_one_clears_them():
    from journey.errors import StopFileError, StopFileErrors
    from journey.watch import BuildStatus

    status = BuildStatus()
    bad = StopFileErrors([StopFileError("s.csv:2: one"), StopFileError("s.csv:3: two")], "s.csv")

    def rebuild(changed):
        raise bad

    watch([], rebuild, lambda line, failed: None, max_builds=1, status=status)
    assert status.errors == ("Error: s.csv:2: one", "Error: s.csv:3: two")
    watch([], lambda changed: "built", lambda line, failed: None, max_builds=1, status=status)
    assert status.errors == ()


def test_the_served_page_shows_the_errors_over_the_map_then_reloads_on_a_good_build(
        tmp_path: Path, browser):
    from journey.watch import BuildStatus

    out = tmp_path / "map.html"
    out.write_text("<html><body><p>v1</p></body></html>")
    status = BuildStatus()
    server = serve(out, 0, status)
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    ctx = browser.new_context()
    page = ctx.new_page()
    try:
        page.goto(f"http://127.0.0.1:{port}/")
        status.set(["Error: s.csv:3: unknown place 'Omks'", "Error: s.csv:4: <b>not markup</b>"])
        box = page.wait_for_selector("#journey-build-errors", timeout=10_000)
        assert box.inner_text().splitlines() == [
            "The last build failed; this is the map from before it.",
            "Error: s.csv:3: unknown place 'Omks'", "Error: s.csv:4: <b>not markup</b>"]
        assert page.locator("#journey-build-errors b").count() == 0
        assert page.locator("p").inner_text() == "v1"
        time.sleep(0.02)
        out.write_text("<html><body><p>v2</p></body></html>")
        status.set([])
        page.wait_for_function("document.querySelector('p').textContent === 'v2'",
                               timeout=10_000)
        assert page.locator("#journey-build-errors").count() == 0
        assert "journey-build-errors" not in out.read_text()
    finally:
        ctx.close()
        server.shutdown()
        server.server_close()
