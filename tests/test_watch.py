"""`journey build --watch`: edit the stop file, the map follows; break it, the old map stays."""
from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

from journey.cli import write_atomic
from journey.pipeline import build, example_path
from journey.watch import changed_files, snapshot, watch

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
        assert good != first and "St Petersburg" not in good

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
         "--watch"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    lines: queue.Queue[tuple[str, str]] = queue.Queue()

    def pump(stream, name):
        for line in stream:
            lines.put((name, line.rstrip("\n")))

    for stream, name in ((proc.stdout, "out"), (proc.stderr, "err")):
        threading.Thread(target=pump, args=(stream, name), daemon=True).start()

    def next_build() -> tuple[str, str]:
        while True:
            name, line = lines.get(timeout=90)
            if line.startswith("["):
                return name, line

    try:
        name, line = next_build()
        assert name == "out" and line.endswith("5 stops, 19,891 km"), line
        first = out.read_text()
        stops.write_text(STOPS.replace("Omsk,", "Omks,"))
        name, line = next_build()
        assert name == "err" and " Error: unknown place 'Omks' in " in line, line
        assert out.read_text() == first
        stops.write_text("\n".join(ln for ln in STOPS.splitlines()
                                   if not ln.startswith("St Petersburg")) + "\n")
        name, line = next_build()
        assert name == "out" and ": 4 stops," in line, line
        assert out.read_text() != first
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert not list(tmp_path.glob(".map.html.*"))
