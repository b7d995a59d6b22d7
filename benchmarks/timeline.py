"""Time line and PNG figures: bytes the time line adds, per-frame cost, PNG wall time.

    python3 benchmarks/timeline.py          # prints a small table
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from journey.assets import templates_dir  # noqa: E402
from journey.pipeline import build_map  # noqa: E402
from journey.png import CHROMIUM_ARGS, find_chromium, render_png  # noqa: E402


def main() -> None:
    html = build_map()
    added = sum(len((templates_dir() / n).read_bytes()) for n in ("timeline.js", "timeline.css"))
    rows = [("time line JS + CSS inlined", f"{added / 1024:.1f} KB"),
            ("whole default page", f"{len(html.encode()) / 1024:.0f} KB")]

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        page_file = Path(tmp) / "map.html"
        page_file.write_text(html, "utf-8")
        browser = p.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(page_file.as_uri())
        page.wait_for_function("window.journey && typeof window.journey.seek === 'function'")
        # One animation frame does exactly one seek(): time 2,000 of them across the route.
        per_seek_ms = page.evaluate("""() => {
            const n = 2000, t = performance.now();
            for (let i = 0; i < n; i++) journey.seek(i / n);
            return (performance.now() - t) / n; }""")
        browser.close()
    rows.append(("seek() + redraw, mean per call", f"{per_seek_ms:.3f} ms"))

    runs = []
    for _ in range(3):
        with tempfile.TemporaryDirectory() as tmp:
            t = time.perf_counter()
            render_png(html, Path(tmp) / "map.png", (1200, 800))
            runs.append(time.perf_counter() - t)
    rows.append(("render_png 1200x800, median of 3", f"{statistics.median(runs):.2f} s"))
    width = max(len(k) for k, _ in rows)
    for k, v in rows:
        print(f"{k:<{width}}  {v}")


if __name__ == "__main__":
    main()
