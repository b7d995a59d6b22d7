"""The gazetteer's figures: load time in a fresh interpreter, geoparsing speed, index size.

    python3 benchmarks/gazetteer.py            # from the repository root

- load: ``Gazetteer.load()`` in a fresh interpreter (its modules imported first), best
  of 5, as wall time and as CPU time (on a shared machine the CPU time is the fairer one);
- geoparse: ``extract_mentions`` over the example article repeated to about 2 MB, after
  one warm-up call on the article alone, best of 3, in MB/s of CPU time and of wall time;
- look-up: ``candidates()`` of 2,000 names (known and unknown), microseconds each;
- resolve: ``namesakes.resolve_journey`` over a 1,000-stop list of ambiguous names;
- the index file's size and how many places and names it holds.
Targets (docs/DESIGN.md): load <= 0.3 s, geoparse >= 5 MB/s.
"""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_LOAD = ("import time, journey.gazetteer as g; w = time.perf_counter(); c = time.process_time(); "
         "g.Gazetteer.load(); print(time.perf_counter() - w, time.process_time() - c)")


def fresh_load_s(runs: int = 5) -> tuple[float, float]:
    """(wall, CPU) seconds of the best of ``runs`` loads, each in a new interpreter."""
    out = []
    for _ in range(runs):
        run = subprocess.run([sys.executable, "-c", _LOAD], cwd=ROOT, check=True,
                             capture_output=True, text=True)
        out.append(tuple(map(float, run.stdout.split())))
    return min(w for w, _c in out), min(c for _w, c in out)


def geoparse_mb_s(repeat: int = 3) -> tuple[float, float]:
    """(CPU, wall) MB/s of extract_mentions on the example repeated to ~2 MB."""
    from journey.extract import extract_mentions
    from journey.gazetteer import Gazetteer

    gaz = Gazetteer.load()
    article = (ROOT / "data/examples/kim-jong-il-2001/article.txt").read_text("utf-8")
    text = (article + "\n\n") * max(1, 2_000_000 // len(article))
    extract_mentions(article, gaz)
    cpu = wall = float("inf")
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        extract_mentions(text, gaz)
        cpu = min(cpu, time.process_time() - c)
        wall = min(wall, time.perf_counter() - w)
    mb = len(text.encode()) / 1e6
    return mb / cpu, mb / wall


def lookup_us() -> float:
    from journey.gazetteer import Gazetteer, normalize

    gaz = Gazetteer.load()
    names = [f"{n}{i}" if i % 2 else n for i, n in enumerate(
        ["Omsk", "Paris", "Springfield", "Crete", "Hofn", "Qwzx", "Moscow", "Lima"] * 250)]
    fresh = Gazetteer.load()  # a new one: no cached look-ups
    start = time.process_time()
    for name in names:
        fresh.candidates(name)
    del gaz, normalize
    return (time.process_time() - start) / len(names) * 1e6


def resolve_ms() -> float:
    from journey.gazetteer import Gazetteer
    from journey.namesakes import Position, resolve_journey

    gaz = Gazetteer.load()
    names = ["Springfield", "Paris", "Portland", "Columbus", "Salem", "Jackson", "Dover",
             "Richmond"] * 125
    positions = [Position.of(n, gaz) for n in names]
    start = time.process_time()
    resolve_journey(positions, gaz=gaz)
    return (time.process_time() - start) * 1000


def main() -> int:
    from journey.assets import data_path
    from journey.gazetteer import INDEX_FILE, INDEX_MAGIC

    path = data_path(INDEX_FILE)
    blob = path.read_bytes()
    header = json.loads(blob[len(INDEX_MAGIC):blob.index(b"\n", len(INDEX_MAGIC))])
    wall, cpu = fresh_load_s()
    mbs_cpu, mbs_wall = geoparse_mb_s()
    start = time.process_time()
    sum(range(10**7))
    calibration = time.process_time() - start
    print(f"index {path.name}: {path.stat().st_size / 1e6:.1f} MB, {header['places']:,} places, "
          f"{header['names']:,} names")
    print(f"load (fresh interpreter, best of 5): {wall:.3f} s wall, {cpu:.3f} s CPU   "
          "(target <= 0.3 s)")
    print(f"geoparse, example x ~2 MB (best of 3): {mbs_cpu:.2f} MB/s CPU, {mbs_wall:.2f} MB/s "
          "wall   (target >= 5 MB/s)")
    print(f"look-up: {lookup_us():.1f} us per candidates() call, uncached")
    print(f"namesakes: {resolve_ms():.0f} ms CPU for a 1,000-stop list of ambiguous names")
    print(f"(this machine ran sum(range(10**7)) in {calibration:.2f} s CPU)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
