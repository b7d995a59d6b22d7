"""Scale: long articles, long stop lists and a huge route, with time and peak memory.

    python3 benchmarks/scale.py                 # from the repository root
    python3 benchmarks/scale.py --quick         # smaller sizes, for a smoke run

- Articles of 5, 10 and 20 MB: the example article repeated, each copy numbered so every
  sentence is distinct (repeating identical sentences would hide quadratic work).
- Stop lists of 500, 1,000 and 2,000 stops: explicit lat/lon points along the rail line.
- Each builds in a fresh process; the gazetteer load (start-up, see run.py) is left out of
  the time; peak RSS is the whole process's, with the RSS after start-up beside it.
- A 100,000-vertex route rendered to HTML and opened in Chromium: time to the route
  drawn, then how long a pan and a zoom take to reach the screen (two animation frames).
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.run import CHROMIUM, _OBSERVE  # noqa: E402


_ONE_BUILD = r"""
import json, resource, sys, time
from pathlib import Path
from journey.gazetteer import Gazetteer
from journey.pipeline import build
from journey.files import read_text, write_atomic
Gazetteer.load()
rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t0 = time.perf_counter()
article = read_text(sys.argv[1]) if sys.argv[1] != "-" else None
result = build(article, read_text(sys.argv[2]), stops_origin=sys.argv[2])
write_atomic(Path(sys.argv[3]), result.html)
t1 = time.perf_counter()
print(json.dumps({"build_s": t1 - t0, "rss0_mb": rss0 / 1024,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "stops": len(result.route.stops), "km": result.route.total_km,
                  "html_mb": len(result.html.encode()) / 1e6}))
"""


def run_build(article: str, stops: Path, out: Path) -> dict:
    """One fresh process: load the gazetteer (start-up, not timed), then build and write.

    Start-up is timed by run.py; leaving it out here keeps a busy machine's noise out of
    the question asked: does the build itself grow linearly?
    """
    res = subprocess.run([sys.executable, "-c", _ONE_BUILD, article, str(stops), str(out)],
                         cwd=ROOT, capture_output=True, text=True)
    if res.returncode != 0:
        raise SystemExit(f"build failed: {res.stderr[-2000:]}")
    return json.loads(res.stdout)


def big_article(path: Path, megabytes: float) -> None:
    from journey.pipeline import example_path

    article = example_path("article.txt").read_text("utf-8")
    paras = [p for p in article.split("\n\n") if p.strip()]
    with path.open("w", encoding="utf-8") as fh:
        size, copy = 0, 0
        while size < megabytes * 1e6:
            copy += 1
            for para in paras:
                chunk = f"({copy}) {para}\n\n"
                fh.write(chunk)
                size += len(chunk)


def long_stop_list(path: Path, count: int) -> None:
    from journey.assets import data_path

    with data_path("rail", "trans_siberian_stations.csv").open(encoding="utf-8") as fh:
        line = [(float(r["lon"]), float(r["lat"])) for r in csv.DictReader(fh)]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["name", "lat", "lon", "note"])
    for i in range(count):
        # Walk the line out and back so consecutive stops are neighbours on it.
        j = (i * 3) % (2 * len(line) - 2)
        j = j if j < len(line) else 2 * len(line) - 2 - j
        lon, lat = line[j]
        w.writerow([f"Halt {i + 1}", f"{lat + 0.01:.5f}", f"{lon:.5f}", f"stop {i + 1} <b>x</b>"])
    path.write_text(buf.getvalue(), "utf-8")


def huge_route_page(path: Path, vertices: int) -> None:
    import math

    from journey.geo import line_length_km
    from journey.models import Leg, Route, Stop
    from journey.render import render_html

    # A wiggly line from Pyongyang to Moscow: every vertex is a real change of direction.
    a, b = (125.75, 39.03), (37.62, 55.75)
    coords = tuple(
        (a[0] + (b[0] - a[0]) * f + 0.05 * math.sin(i / 3),
         a[1] + (b[1] - a[1]) * f + 0.05 * math.cos(i / 5))
        for i in range(vertices) for f in [i / (vertices - 1)])
    coords = ((a[0], a[1]), *coords[1:-1], (b[0], b[1]))
    stops = (Stop("Pyongyang", a[1], a[0]), Stop("Moscow", b[1], b[0]))
    leg = Leg(0, 1, "rail", False, coords, line_length_km(coords), "track geometry")
    path.write_text(render_html(Route(stops, (leg,)), title="100k vertices"), "utf-8")


def browser_huge(path: Path) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless=new", "--no-sandbox", "--disable-gpu"])
        ctx = browser.new_context(viewport={"width": 1280, "height": 800}, offline=True)
        page = ctx.new_page()
        page.add_init_script(_OBSERVE)
        started = time.perf_counter()
        page.goto(path.as_uri(), wait_until="load")
        page.wait_for_function("window.__drawnAt !== undefined", timeout=60_000)
        out = {"drawn_ms": page.evaluate("window.__drawnAt"),
               "load_wall_ms": (time.perf_counter() - started) * 1000}
        frames = "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
        for name, action in (("pan_ms", "m.panBy([300, 150], {animate: false})"),
                             ("zoom_in_ms", "m.setZoom(m.getZoom() + 2, {animate: false})"),
                             ("zoom_out_ms", "m.setZoom(m.getZoom() - 2, {animate: false})")):
            out[name] = page.evaluate(f"""async () => {{
                const m = window.journey.map; const t0 = performance.now();
                {action}; await {frames}; return performance.now() - t0; }}""")
        browser.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    opts = ap.parse_args()
    sizes_mb = (1, 2) if opts.quick else (5, 10, 20)
    counts = (100, 200) if opts.quick else (500, 1000, 2000)
    with tempfile.TemporaryDirectory(prefix="journey-scale-") as tmp:
        work = Path(tmp)
        stops = work / "stops.csv"
        stops.write_text((ROOT / "data/examples/kim-jong-il-2001/stops.csv").read_text("utf-8"))
        print("| input | build (after start-up) | peak RSS (after start-up) | HTML |")
        print("|---|---|---|---|")

        def row(label: str, r: dict, per: str) -> None:
            print(f"| {label} | {r['build_s']:.2f} s{per} | {r['rss_mb']:.0f} MB "
                  f"({r['rss0_mb']:.0f} MB) | {r['html_mb']:.2f} MB, {r['stops']} stops, "
                  f"{r['km']:,.0f} km |")

        row("example (6 KB article, 5 stops)", run_build("-", stops, work / "x.html"), "")
        for mb in sizes_mb:
            article = work / f"article-{mb}.txt"
            big_article(article, mb)
            r = run_build(str(article), stops, work / "a.html")
            row(f"article {mb} MB, 5 stops", r, f" ({r['build_s'] / mb:.2f} s/MB)")
        for n in counts:
            stop_file = work / f"stops-{n}.csv"
            long_stop_list(stop_file, n)
            r = run_build("-", stop_file, work / "s.html")
            row(f"{n} stops", r, f" ({r['build_s'] / n * 1000:.1f} ms/stop)")
        page = work / "huge.html"
        vertices = 20_000 if opts.quick else 100_000
        huge_route_page(page, vertices)
        if Path(CHROMIUM).exists():
            b = browser_huge(page)
            print(f"\n{vertices:,}-vertex route: {page.stat().st_size / 1e6:.1f} MB HTML; "
                  f"Chromium: route drawn {b['drawn_ms']:.0f} ms after navigation "
                  f"(load wall {b['load_wall_ms']:.0f} ms); pan {b['pan_ms']:.0f} ms, "
                  f"zoom in {b['zoom_in_ms']:.0f} ms, zoom out {b['zoom_out_ms']:.0f} ms "
                  "to the screen")


if __name__ == "__main__":
    main()
