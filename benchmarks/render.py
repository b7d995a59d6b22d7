"""Size and offline load time of our map against folium's default output of the same route.

    python3 benchmarks/render.py

Both pages are built from the shipped example's route in this one run and opened in
Debian's Chromium with the network off. "Route drawn" is the moment the page has its
route polylines in the DOM; folium's never gets there offline (Leaflet comes from a CDN).
"""
from __future__ import annotations

import json
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import folium  # noqa: E402

from journey.geo import to_latlon  # noqa: E402
from journey.pipeline import build  # noqa: E402

CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking"]
RUNS = 5


def folium_default(route) -> str:
    """folium with default settings: a Map, one PolyLine per leg, a Marker per stop."""
    m = folium.Map()
    for leg in route.legs:
        folium.PolyLine(to_latlon(leg.coords_lonlat)).add_to(m)
    for s in route.stops:
        folium.Marker((s.lat, s.lon), popup=s.name).add_to(m)
    return m.get_root().render()


def folium_polyline_bytes(html: str) -> int:
    """Bytes of the coordinate arrays folium writes for its polylines."""
    return sum(len(m.group(1)) for m in re.finditer(r"L\.polyline\(\s*(\[\[.*?\]\])", html, re.S))


def load_ms(page, path: Path, drawn: str) -> tuple[float | None, int, float | None]:
    """Navigation to route drawn, failed requests, and navigation to the page complete
    (window.journey published: basemap, names placed, list wired; ours only)."""
    failed: list[str] = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    t0 = time.perf_counter()
    page.goto(path.as_uri(), wait_until="commit")
    try:
        page.wait_for_function(drawn, timeout=5000, polling="raf")
        ms: float | None = (time.perf_counter() - t0) * 1000
    except Exception:
        ms = None
    try:
        page.wait_for_function("window.journey !== undefined && window.journey.labels",
                               timeout=5000, polling="raf")
        complete: float | None = (time.perf_counter() - t0) * 1000
    except Exception:
        complete = None
    page.wait_for_timeout(300)  # let late requests fail, so they are counted
    return ms, len(set(failed)), complete


def main() -> None:
    t0 = time.perf_counter()
    result = build()
    build_s = time.perf_counter() - t0
    ours = result.html
    theirs = folium_default(result.route)
    data = json.loads(re.search(r"window.journeyData = (.*?);</script>", ours).group(1))
    our_geom = sum(len(json.dumps(leg["line"])) for leg in data["legs"])
    from journey.render import encode_line
    our_geom_full = sum(len(json.dumps(encode_line(leg.coords_lonlat, 0)))
                        for leg in result.route.legs)
    their_geom = folium_polyline_bytes(theirs)
    vertices = sum(len(leg.coords_lonlat) for leg in result.route.legs)

    from playwright.sync_api import sync_playwright

    drawn = "document.querySelectorAll('path.leaflet-interactive').length >= %d"
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        a, b = Path(tmp, "ours.html"), Path(tmp, "folium.html")
        a.write_text(ours, "utf-8")
        b.write_text(theirs, "utf-8")
        # What any page costs here (a fresh context, a renderer, a first paint).
        c = Path(tmp, "empty.html")
        c.write_text("<!DOCTYPE html><title>x</title><svg><path class='leaflet-interactive'"
                     " d='M0 0L9 9'/></svg>", "utf-8")
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        times: dict[str, list[float | None]] = {"ours": [], "folium": [], "empty": []}
        complete: list[float | None] = []
        fails = {"ours": 0, "folium": 0, "empty": 0}
        for _ in range(RUNS):
            for name, path in (("ours", a), ("folium", b), ("empty", c)):
                ctx = browser.new_context(offline=True, viewport={"width": 1280, "height": 800})
                page = ctx.new_page()
                ms, n_failed, done = load_ms(page, path, drawn % (
                    1 if name == "empty" else len(result.route.legs)))
                times[name].append(ms)
                if name == "ours":
                    complete.append(done)
                fails[name] = max(fails[name], n_failed)
                ctx.close()
        browser.close()

    def median(xs: list[float | None]) -> str:
        ok = sorted(x for x in xs if x is not None)
        return f"{ok[len(ok) // 2]:.0f} ms" if len(ok) == len(xs) else "never (route not drawn)"

    print(f"journey build (pipeline, in-process): {build_s:.2f} s")
    print(f"{'':24}{'ours':>16}{'folium default':>26}")
    print(f"{'page size':24}{len(ours.encode()) / 1024:>13.0f} KB"
          f"{len(theirs.encode()) / 1024:>23.0f} KB (+ CDN files)")
    print(f"{'route geometry':24}{our_geom / 1024:>13.1f} KB{their_geom / 1024:>23.1f} KB"
          f"   ratio {our_geom / their_geom:.1%} ({vertices} vertices in folium's)")
    print(f"{'  same vertices, unsimplified':30}{our_geom_full / 1024:>7.1f} KB"
          f"{'':26}ratio {our_geom_full / their_geom:.1%}")
    print(f"{'offline: route drawn':24}{median(times['ours']):>16}{median(times['folium']):>26}"
          f"   (median of {RUNS})")
    print(f"{'  an empty page, same way':24}{median(times['empty']):>16}")
    print(f"{'offline: page complete':24}{median(complete):>16}   (names placed, window.journey)")
    print(f"{'offline: failed requests':24}{fails['ours']:>16}{fails['folium']:>26}")


if __name__ == "__main__":
    main()
