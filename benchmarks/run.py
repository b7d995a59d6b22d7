"""The one benchmark table: journey beside folium, all measured in one run on this machine.

    python3 benchmarks/run.py            # from the repository root; --runs N (default 5)

Rows:
- `journey build` on the shipped example, the whole process (median of N), beside the
  floor `python -c "import folium; folium.Map().save('x.html')"`; runs alternate so both
  see the same machine load.
- HTML bytes of our map beside folium's default output of the same route (a folium.Map
  with a PolyLine of the same vertices and a Marker + Popup per stop), and the bytes of
  the route geometry alone in each.
- Chromium time from navigation to the route drawn (first path or canvas in Leaflet's
  overlay pane, seen by a MutationObserver) for both files. No request leaves the machine:
  every request is answered from local files (Leaflet from xstatic-leaflet, jQuery from
  Debian's libjs-jquery for folium's popups) or aborted (tiles, bootstrap, fonts).
- geoparse: gazetteer load time and extract_mentions throughput on the example article
  repeated to ~2 MB, after the load.
- a breakdown of one in-process build (import, gazetteer, extract, stops, route, render)
  so a slow total points at its stage.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"
JQUERY = Path("/usr/share/javascript/jquery/jquery.min.js")
FLOOR = "import folium; folium.Map().save('x.html')"


def time_process(argv: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(argv, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - started


def build_vs_floor(runs: int, work: Path) -> tuple[float, float, Path]:
    out = work / "map.html"
    build, floor = [], []
    for _ in range(runs):
        build.append(time_process([sys.executable, "-m", "journey", "build", "-o", str(out)],
                                  ROOT))
        floor.append(time_process([sys.executable, "-c", FLOOR], work))
    return statistics.median(build), statistics.median(floor), out


def folium_page(work: Path) -> tuple[Path, int]:
    """folium's default output for the same route; returns the file and its PolyLine bytes."""
    import folium
    from markupsafe import escape

    from journey.geo import to_latlon
    from journey.pipeline import build

    route = build().route
    latlon = [p for leg in route.legs for p in to_latlon(leg.coords_lonlat)]
    m = folium.Map()
    folium.PolyLine(latlon).add_to(m)
    for i, s in enumerate(route.stops):
        folium.Marker((s.lat, s.lon), tooltip=f"{i + 1}. {s.name}",
                      popup=folium.Popup(str(escape(s.name)))).add_to(m)
    m.fit_bounds([(min(p[0] for p in latlon), min(p[1] for p in latlon)),
                  (max(p[0] for p in latlon), max(p[1] for p in latlon))])
    path = work / "folium.html"
    m.save(str(path))
    html = path.read_text("utf-8")
    poly = re.search(r"L\.polyline\(\s*(\[\[.*?\]\])", html, re.S)
    return path, len(poly.group(1).encode()) if poly else 0


def geometry_bytes(html: str) -> int:
    """Bytes of the route geometry as the page embeds it: the legs' entry in journeyData."""
    m = re.search(r"window\.journeyData = (.*?);</script>", html, re.S)
    if not m:
        return 0
    data = json.loads(m.group(1))
    # Measured as re-serialised compactly, the way |tojson writes it (no key sorting needed).
    legs = data.get("legs", [])
    return len(json.dumps(legs, separators=(",", ":"), ensure_ascii=False).encode())


_OBSERVE = """
(() => {
  const seen = () => document.querySelector(
    '.leaflet-overlay-pane path, .leaflet-overlay-pane canvas');
  const mark = () => { if (!window.__drawnAt && seen()) window.__drawnAt = performance.now(); };
  new MutationObserver(mark).observe(document, {subtree: true, childList: true,
                                                 attributes: true});
})();
"""


def browser_times(pages: dict[str, Path], runs: int) -> dict[str, float | None]:
    if not Path(CHROMIUM).exists():
        return {name: None for name in pages}
    from playwright.sync_api import sync_playwright

    from journey.render import leaflet_assets

    leaflet_js, leaflet_css = leaflet_assets()

    def answer(route) -> None:
        url = route.request.url
        if url.startswith("file://"):
            route.continue_()
        elif url.endswith("leaflet.js"):
            route.fulfill(body=leaflet_js, content_type="application/javascript")
        elif url.endswith("leaflet.css"):
            route.fulfill(body=leaflet_css, content_type="text/css")
        elif "jquery" in url and url.endswith(".js") and JQUERY.exists():
            route.fulfill(body=JQUERY.read_text("utf-8"), content_type="application/javascript")
        else:
            route.abort()

    out: dict[str, float | None] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", "--disable-component-update"])
        for name, path in pages.items():
            samples = []
            for _ in range(runs + 1):  # the first load warms Chromium's caches; dropped
                ctx = browser.new_context(viewport={"width": 1280, "height": 800})
                ctx.route("**/*", answer)
                page = ctx.new_page()
                page.add_init_script(_OBSERVE)
                page.goto(path.as_uri(), wait_until="load")
                page.wait_for_function("window.__drawnAt !== undefined", timeout=20_000)
                samples.append(page.evaluate("window.__drawnAt"))
                ctx.close()
            out[name] = statistics.median(samples[1:])
        browser.close()
    return out


def geoparse_speed() -> float:
    """extract_mentions MB/s once the gazetteer is loaded (its load is in the breakdown)."""
    from journey.extract import extract_mentions
    from journey.gazetteer import Gazetteer
    from journey.pipeline import example_path

    gaz = Gazetteer.load()
    article = example_path("article.txt").read_text("utf-8")
    text = (article + "\n\n") * max(1, 2_000_000 // len(article))
    extract_mentions(article, gaz)  # compile once, as a second build in-process would
    started = time.perf_counter()
    extract_mentions(text, gaz)
    took = time.perf_counter() - started
    return len(text.encode()) / 1e6 / took


def stage_breakdown() -> dict[str, float]:
    """One build in a fresh interpreter, timed stage by stage."""
    code = r"""
import json, time
t0 = time.perf_counter()
from journey.pipeline import example_path
from journey import extract, gazetteer, render, route, stops
t1 = time.perf_counter()
gaz = gazetteer.Gazetteer.load()
t2 = time.perf_counter()
article = example_path("article.txt").read_text("utf-8")
mentions = extract.extract_mentions(article, gaz)
t3 = time.perf_counter()
s = stops.attach_sentences(stops.read_stops(example_path("stops.csv").read_text("utf-8"),
                                            "stops.csv", gaz), mentions, gaz)
t4 = time.perf_counter()
r = route.build_route(s)
t5 = time.perf_counter()
render.render_html(r, title="x")
t6 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "gazetteer": t2 - t1, "extract": t3 - t2,
                  "stops": t4 - t3, "route": t5 - t4, "render": t6 - t5}))
"""
    started = time.perf_counter()
    res = subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True,
                         capture_output=True, text=True)
    stages = json.loads(res.stdout)
    stages["interpreter + rest"] = time.perf_counter() - started - sum(stages.values())
    return stages


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="journey-bench-") as tmp:
        work = Path(tmp)
        build_s, floor_s, ours = build_vs_floor(args.runs, work)
        theirs, folium_geom = folium_page(work)
        ours_html = ours.read_text("utf-8")
        ours_bytes, theirs_bytes = len(ours_html.encode()), theirs.stat().st_size
        ours_geom = geometry_bytes(ours_html)
        browser = browser_times({"journey": ours, "folium": theirs}, args.runs)
        mb_s = geoparse_speed()
        stages = stage_breakdown()

    def ms(x: float | None) -> str:
        return "n/a (no Chromium)" if x is None else f"{x:.0f} ms"

    rows = [
        ("`journey build` (example, whole process, median)", f"{build_s:.2f} s",
         f"{floor_s:.2f} s (folium floor)", f"{build_s / floor_s:.2f}x", "<= 1.5x"),
        ("HTML bytes (same route, markers, popups)", f"{ours_bytes / 1024:.0f} KB",
         f"{theirs_bytes / 1024:.0f} KB (folium, CDN links)", f"{ours_bytes / theirs_bytes:.2f}x",
         "<= 600 KB"),
        ("route geometry bytes", f"{ours_geom / 1024:.1f} KB",
         f"{folium_geom / 1024:.1f} KB (folium PolyLine)",
         f"{ours_geom / folium_geom:.0%}" if folium_geom else "-", "<= 35%"),
        ("Chromium, navigation to route drawn (median)", ms(browser["journey"]),
         ms(browser["folium"]) + " (folium, CDN served locally)",
         f"{browser['journey'] / browser['folium']:.2f}x"
         if browser["journey"] and browser["folium"] else "-", "<= 300 ms"),
        ("gazetteer load (fresh interpreter)", f"{stages['gazetteer']:.2f} s", "", "",
         "<= 0.3 s"),
        ("geoparse after load (example x repeats, ~2 MB)", f"{mb_s:.1f} MB/s", "", "",
         ">= 5 MB/s"),
    ]
    print(f"journey benchmarks: {args.runs} runs, Python {sys.version.split()[0]}, "
          f"{os.cpu_count()} CPUs, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}\n")
    print("| what | journey | baseline | ratio | target |")
    print("|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print("\nOne `journey build` in a fresh interpreter, by stage: " + ", ".join(
        f"{k} {v:.2f} s" for k, v in stages.items()))


if __name__ == "__main__":
    main()
