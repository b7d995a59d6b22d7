"""A static PNG of the map, for print and social posts, drawn by headless Chromium.

The built page is opened offline in its static mode (``#static``: the map with its
names, the legend, title and credits; no time line, buttons or switches; the whole route
fitted) and screenshot.
Needs the optional extra ``png`` (Playwright) and a Chromium: Debian's /usr/bin/chromium,
``$JOURNEY_CHROMIUM``, or Playwright's own (``playwright install chromium``).

    >>> from journey.pipeline import build_map
    >>> render_png(build_map(), "output/map.png", size=(1200, 800))  # doctest: +SKIP
"""
from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

from journey.errors import RenderError
from journey.files import check_output, write_atomic

DEFAULT_SIZE = (1200, 800)
MAX_SIDE = 8000  # Chromium's screenshots fail well before texture limits beyond this
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
LOAD_MS = 30000


def parse_size(text: str) -> tuple[int, int]:
    """``"1200x800"`` -> (1200, 800); raises RenderError with how to write it."""
    m = re.fullmatch(r"\s*(\d{2,5})\s*[xX×]\s*(\d{2,5})\s*", text or "")
    if not m:
        raise RenderError(f"--size {text!r}: write it as WIDTHxHEIGHT in pixels, e.g. 1200x800")
    w, h = int(m.group(1)), int(m.group(2))
    if not (200 <= w <= MAX_SIDE and 200 <= h <= MAX_SIDE):
        raise RenderError(f"--size {text!r}: each side must be 200 to {MAX_SIDE} pixels")
    return w, h


def find_chromium() -> str | None:
    """The Chromium to drive: $JOURNEY_CHROMIUM, else the system's; None for Playwright's own."""
    given = os.environ.get("JOURNEY_CHROMIUM")
    if given:
        if not Path(given).is_file():
            raise RenderError(f"JOURNEY_CHROMIUM={given}: no such file; point it at a Chromium "
                              "executable or unset it")
        return given
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def render_png(html: str, path: str | Path, size: tuple[int, int] = DEFAULT_SIZE) -> None:
    """Write a screenshot of the map page ``html`` to ``path`` (atomically)."""
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise RenderError("--png needs Playwright: pip install 'journey[png]' (and a Chromium: "
                          "apt-get install chromium, or playwright install chromium)") from None
    out = Path(path)
    check_output(out, "--png")
    parent = out.parent
    executable = find_chromium()
    # Playwright's sync API refuses to run inside an event loop (Jupyter, or a caller that
    # already drives Playwright); a thread of its own has none. Imported here: every
    # `journey build` imports this module, few make a PNG.
    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(_shoot, html, out, parent, executable, size).result()


def _shoot(html: str, out: Path, parent: Path, executable: str | None,
           size: tuple[int, int]) -> None:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    width, height = size
    with tempfile.TemporaryDirectory(prefix="journey-png-") as tmp:
        page_file = Path(tmp) / "map.html"
        page_file.write_text(html, "utf-8")
        shot = Path(tmp) / "map.png"
        try:
            with sync_playwright() as p:
                try:
                    browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
                except PlaywrightError as exc:
                    where = executable or "Playwright's bundled Chromium"
                    raise RenderError(
                        f"--png: cannot start a browser ({where}: {_first_line(exc)}); "
                        "install one with "
                        "apt-get install chromium or playwright install chromium, or set "
                        "JOURNEY_CHROMIUM") from None
                try:
                    ctx = browser.new_context(viewport={"width": width, "height": height},
                                              offline=True)
                    page = ctx.new_page()
                    # Offline on purpose: the image shows what the file itself carries.
                    # The page's scripts are inline, so by "load" timeline.js has labelled
                    # the stops and fitted the route (a custom template without it is shot
                    # as it is).
                    page.goto(page_file.as_uri() + "#static", wait_until="load",
                              timeout=LOAD_MS)
                    page.evaluate("new Promise(r => requestAnimationFrame(() => "
                                  "requestAnimationFrame(r)))")
                    page.screenshot(path=str(shot), full_page=False)
                finally:
                    browser.close()
        except PlaywrightError as exc:
            raise RenderError(f"--png: the browser failed while drawing the map "
                              f"({_first_line(exc)})") from None
        write_atomic(out, shot.read_bytes(), option="--png")



def _first_line(exc: Exception) -> str:
    """Playwright's messages carry a multi-line call log; an Error: line takes the first."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
