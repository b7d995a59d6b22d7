"""Route builder timings: compile, region load, the example, 200 random stop pairs.

    python3 benchmarks/route.py            # from the repository root

Targets (docs/DESIGN.md, issue 4): the example's route <= 50 ms with a warm cache, and 200
random stop pairs on the network <= 1 s. Prints one table; the seed is fixed so runs are
comparable.
"""
from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from journey import railcache, railnet  # noqa: E402
from journey.assets import data_path  # noqa: E402
from journey.gazetteer import Gazetteer  # noqa: E402
from journey.models import Stop  # noqa: E402
from journey.pipeline import example_path  # noqa: E402
from journey.route import build_route  # noqa: E402
from journey.stops import read_stops  # noqa: E402

SEED = 20010803
PAIRS = 200


CPU: list[float] = []  # CPU time of the last timed() call: steadier on a shared machine


def timed(fn, repeat: int = 7) -> float:
    """Median wall time of fn() in seconds (its median CPU time goes to CPU[-1])."""
    times, cpu = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        fn()
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    CPU.append(statistics.median(cpu))
    return statistics.median(times)


def main() -> None:
    import os

    os.environ["JOURNEY_CACHE_DIR"] = tempfile.mkdtemp(prefix="journey-bench-")
    stops = read_stops(example_path("stops.csv").read_text("utf-8"), "stops.csv",
                       Gazetteer.load())

    from journey import railregions
    from tools.rail_compile import station_files

    near = [(s.lat, s.lon) for s in stops]
    files = station_files()
    # What tools/rail_compile.py does for the example's region (build time, not per build).
    compile_s = timed(lambda: railnet.compile_network(
        [ln for p in files for ln in railnet.parse_file(p, railnet._read(p))]), repeat=3)
    compile_cpu = CPU[-1]

    def from_file():
        railcache.clear_memo()
        return railcache.load_network(near=near)

    load_s = timed(from_file)
    load_cpu = CPU[-1]
    regions = railregions.regions_near(near, 30.0)
    cache_kb = sum(data_path("rail", "regions", r.file).stat().st_size
                   for r in regions)
    src_kb = sum(p.stat().st_size for p in files)

    def world():
        railcache.clear_memo()
        return railcache.load_network()

    world_s = timed(world, repeat=3)
    world_cpu = CPU[-1]
    world_net = railcache.load_network()
    world_kb = sum(data_path("rail", "regions", r.file).stat().st_size
                   for r in railregions.regions())

    def example_cold_process():
        railcache.clear_memo()
        build_route(stops)

    example_file_s = timed(example_cold_process)
    example_file_cpu = CPU[-1]
    build_route(stops)
    example_s = timed(lambda: build_route(stops))
    example_cpu = CPU[-1]

    net = railcache.load_network(near=near)
    rng = random.Random(SEED)
    n = len(net.node_lonlat)
    pairs = []
    for _ in range(PAIRS):
        a, b = rng.sample(range(n), 2)
        # a stop a little off the track, as a town centre would be
        pa = net.node_lonlat[a] + [rng.uniform(-0.02, 0.02), rng.uniform(-0.02, 0.02)]
        pb = net.node_lonlat[b] + [rng.uniform(-0.02, 0.02), rng.uniform(-0.02, 0.02)]
        pairs.append((Stop("A", float(pa[1]), float(pa[0])), Stop("B", float(pb[1]),
                                                                    float(pb[0]))))

    def all_pairs():
        for p in pairs:
            build_route(p)

    pairs_s = timed(all_pairs, repeat=3)
    pairs_cpu = CPU[-1]
    total_km = sum(build_route(p).total_km for p in pairs)

    rows = [
        ("example's rail data (line files)", f"{src_kb / 1024:.0f} KB source, {n} nodes, "
         f"{len(net.edges)} edges"),
        ("compile from source (parse + merge + geodesics)",
         f"{compile_s * 1000:.0f} ms (CPU {compile_cpu * 1000:.0f} ms)"),
        (f"load the example's regions ({', '.join(r.name for r in regions)}, .npz)",
         f"{load_s * 1000:.1f} ms (CPU {load_cpu * 1000:.1f} ms), {cache_kb / 1024:.0f} KB"),
        (f"load every region ({len(railregions.regions())})",
         f"{world_s * 1000:.0f} ms (CPU {world_cpu * 1000:.0f} ms), {world_kb / 1024:.0f} KB, "
         f"{len(world_net.node_lonlat)} nodes"),
        ("example route, fresh process state, warm cache",
         f"{example_file_s * 1000:.1f} ms (CPU {example_file_cpu * 1000:.1f} ms)"),
        ("example route, warm (target <= 50 ms)",
         f"{example_s * 1000:.1f} ms (CPU {example_cpu * 1000:.1f} ms)"),
        (f"{PAIRS} random stop pairs (target <= 1 s)",
         f"{pairs_s * 1000:.0f} ms (CPU {pairs_cpu * 1000:.0f} ms; "
         f"{pairs_s / PAIRS * 1000:.2f} ms/pair, {total_km:,.0f} km routed)"),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'what':<{width}}  figure")
    for what, fig in rows:
        print(f"{what:<{width}}  {fig}")


if __name__ == "__main__":
    main()
