"""The built map in a real Chromium with the network off, as a reader sees it."""
from __future__ import annotations

import base64
import dataclasses
import functools
import http.server
import threading
from pathlib import Path

import pytest

from boxes import boxes_js, overlaps
from journey.models import RailLine
from journey.pipeline import build, build_map
from journey.render import render_html


@pytest.fixture(scope="module")
def map_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("map") / "map.html"
    path.write_text(build_map(), "utf-8")
    return path


MARKER_BOXES = boxes_js(".leaflet-marker-icon")


def open_map(page, path: Path) -> None:
    page.goto(path.as_uri())
    page.wait_for_function("window.journey && window.journey._legs.length > 0")


def test_offline_map_loads_without_errors_or_requests(offline_page, map_file):
    page = offline_page
    open_map(page, map_file)
    assert page.evaluate("typeof L") == "object"
    # Pyongyang is both stop 1 and stop 5: one marker carries both numbers.
    assert page.locator(".leaflet-marker-icon").count() == 4
    assert page.locator('[aria-label="Stops 1 and 5: Pyongyang"]').count() == 1
    assert page.evaluate("window.journey._markers.length") == 5
    assert page.evaluate("window.journey._legs.every(l => l.latlngs.length > 10)")
    assert page.locator(".leaflet-control-scale").count() == 1
    assert page.errors == [] and page.failed == []


def test_clicking_stop_2_in_the_list_opens_omsk_with_its_quote(offline_page, map_file):
    page = offline_page
    open_map(page, map_file)
    page.locator(".journey-stops").get_by_role("button", name="Stop 2: Omsk").click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    assert "2. Omsk" in text and "CNN, 2001" in text
    assert "inspected a tank plant and meat processing facilities" in text
    assert "7,309 km by rail from Pyongyang" in text
    assert popup.locator("mark").first.inner_text() == "Omsk"
    assert page.errors == [] and page.failed == []


def test_keyboard_reaches_markers_and_list(offline_page, map_file):
    page = offline_page
    open_map(page, map_file)
    page.locator('[data-stop="2"]').focus()
    page.keyboard.press("Enter")
    page.locator(".leaflet-popup-content").wait_for()
    assert "3. Moscow" in page.locator(".leaflet-popup-content").inner_text()
    page.keyboard.press("Escape")
    marker = page.locator('.leaflet-marker-icon[aria-label="Stop 2: Omsk"]')
    assert marker.get_attribute("tabindex") == "0" and marker.get_attribute("role") == "button"
    marker.focus()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"  # a visible focus ring
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('.leaflet-popup-content') && "
                           "document.querySelector('.leaflet-popup-content').innerText"
                           ".includes('2. Omsk')")


def test_context_places_are_a_quiet_toggleable_layer(offline_page, map_file):
    page = offline_page
    open_map(page, map_file)
    names = page.evaluate("window.journey.data.context_places.map(p => p.name)")
    assert "Yaroslavsky station" in names and "Omsk" not in names
    count = "document.querySelectorAll('.leaflet-overlay-pane path.leaflet-interactive').length"
    before = page.evaluate(count)
    page.locator("#journey-context-toggle").uncheck()
    assert page.evaluate(count) == before - len(names)
    page.locator("#journey-context-toggle").check()
    assert page.evaluate(count) == before


NASTY = ['<script>window.__xss1=1</script>', '"><img src=x onerror="window.__xss2=1">',
         '</script><script>window.__xss3=1</script>']


def test_hostile_text_shows_as_text_and_never_runs(offline_page, tmp_path):
    payload = " ".join(NASTY)
    article = (f"Kim {NASTY[0]} rides a train far\n\nThe train reached Omsk. {payload} "
               "said a man in Omsk.\n\nThen it went on to Moscow.\n")
    csv_cell = payload.replace('"', '""')
    stops = (f'name,lat,lon,note\n"{csv_cell}",55.0,73.4,"{csv_cell}"\n'
             f'Omsk,,,"{csv_cell}"\nMoscow,,,\n')
    path = tmp_path / "nasty.html"
    path.write_text(build_map(article, stops), "utf-8")
    page = offline_page
    open_map(page, path)
    page.locator('[data-stop="1"]').click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert NASTY[1] in popup.inner_text()  # the quote and the note, as text
    assert NASTY[0] in page.locator("h1").inner_text()
    assert payload in page.locator(".journey-stops li").first.inner_text()
    assert page.evaluate("[window.__xss1, window.__xss2, window.__xss3]") == [None] * 3
    assert page.locator("img[src=x]").count() == 0
    assert page.errors == [] and page.failed == []


def test_offline_screenshot_shows_land_borders_and_lake_baikal(offline_page, map_file):
    page = offline_page
    open_map(page, map_file)
    page.evaluate("window.journey.map.setView([53.2, 107.5], 6, {animate: false})")
    # Controls carry grey text that would pass for borders; the basemap is what counts.
    page.add_style_tag(content=".leaflet-control-container { display: none }")
    shot = page.locator("#journey-map").screenshot()
    # Chromium decodes its own PNG; count pixels of the basemap's land, lake and border
    # colours (see journey.js), allowing for anti-aliasing.
    counts = page.evaluate("""async (b64) => {
      const img = new Image(); img.src = 'data:image/png;base64,' + b64; await img.decode();
      const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
      const g = c.getContext('2d'); g.drawImage(img, 0, 0);
      const d = g.getImageData(0, 0, c.width, c.height).data;
      const near = (i, r, gg, b) => Math.abs(d[i]-r) + Math.abs(d[i+1]-gg) + Math.abs(d[i+2]-b) < 24;
      let land = 0, lake = 0, border = 0, n = d.length / 4;
      for (let i = 0; i < d.length; i += 4) {
        if (near(i, 0xef, 0xea, 0xdf)) land++;
        else if (near(i, 0xbc, 0xd6, 0xe8)) lake++;
        // border lines: greyish brown, darker than land (anti-aliased, so by shape)
        else if (d[i] < 215 && Math.abs(d[i] - d[i+1]) < 16 && d[i+1] - d[i+2] >= 0 &&
                 d[i+1] - d[i+2] < 32) border++;
      }
      return {land: land / n, lake: lake / n, border: border};
    }""", base64.b64encode(shot).decode())
    assert counts["land"] > 0.4, counts
    assert counts["lake"] > 0.02, counts  # Lake Baikal fills part of this view
    assert counts["border"] > 300, counts  # the Russia-Mongolia border crosses it
    assert page.errors == [] and page.failed == []


def test_whole_rail_line_is_drawn_faint_and_labelled(offline_page, tmp_path):
    route = build().route
    names = [line.name for line in route.context]
    assert "Trans-Siberian Railway" in names
    html = render_html(route, title="With context")
    path = tmp_path / "context.html"
    path.write_text(html, "utf-8")
    page = offline_page
    open_map(page, path)
    lines = [l for l in page.evaluate("journey.labels()") if l["kind"] == "line"]
    assert "Trans-Siberian Railway" in [l["text"] for l in lines]
    assert {l["text"] for l in lines} <= set(names)
    markers = page.evaluate(MARKER_BOXES)
    assert not [(l["text"], m) for l in lines for m in markers if overlaps(l, m)]
    assert "Trans-Siberian Railway" in page.locator(".journey-legend").inner_text()
    opacity = page.evaluate("""Object.values(window.journey.map._layers)
        .filter(l => l instanceof L.Polyline && l.options.color === '#6b6b6b')
        .map(l => l.options.opacity)""")
    assert opacity == [0.25] * len(names)
    assert page.errors == [] and page.failed == []


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def local_site(tmp_path):
    """A host page with the map in a 600x400 iframe, served from 127.0.0.1."""
    (tmp_path / "map.html").write_text(build_map(tiles="none"), "utf-8")
    (tmp_path / "host.html").write_text(
        "<!DOCTYPE html><html><body style='margin:0'><h1>A story</h1>"
        "<iframe id=f src='map.html' width=600 height=400 style='border:0'></iframe>"
        "<div style='height:3000px'>more story</div></body></html>", "utf-8")
    handler = functools.partial(_Quiet, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


def test_embedded_map_fills_its_frame_and_leaves_the_wheel_to_the_page(browser, local_site):
    ctx = browser.new_context(viewport={"width": 1000, "height": 700})
    outside, errors = [], []
    # The network is off except for the local server: anything else is recorded.
    ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith(local_site)
              else (outside.append(r.request.url), r.abort()))
    page = ctx.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(f"{local_site}/host.html")
        frame = page.frame_locator("#f")
        frame.locator(".leaflet-marker-icon").first.wait_for()
        inner = page.frames[1]
        size = inner.evaluate("""() => {
          const m = document.getElementById('journey-map').getBoundingClientRect();
          const d = document.documentElement;
          return {w: d.clientWidth, h: d.clientHeight, sh: d.scrollHeight,
                  mw: m.width, mh: m.height};
        }""")
        assert (size["w"], size["h"]) == (600, 400) and size["sh"] <= 400, size
        assert size["mw"] >= 0.55 * 600 and size["mh"] >= 0.7 * 400, size
        box = page.locator("#f").bounding_box()
        zoom = inner.evaluate("window.journey.map.getZoom()")
        page.mouse.move(box["x"] + 150, box["y"] + 200)
        page.mouse.wheel(0, 400)
        page.wait_for_function("window.scrollY > 0")
        assert inner.evaluate("window.journey.map.getZoom()") == zoom
        page.evaluate("window.scrollTo(0, 0)")
        page.wait_for_function("window.scrollY === 0")
        # Ctrl + wheel (also a trackpad pinch) zooms the map without a click.
        page.mouse.move(box["x"] + 150, box["y"] + 200)
        page.keyboard.down("Control")
        page.mouse.wheel(0, -300)
        page.keyboard.up("Control")
        inner.wait_for_function(f"window.journey.map.getZoom() > {zoom}")
        zoom = inner.evaluate("window.journey.map.getZoom()")
        assert page.evaluate("window.scrollY") == 0
        # A host page drives a (possibly sandboxed) frame by message.
        page.evaluate("document.getElementById('f').contentWindow.postMessage("
                      "{journey: 'openStop', args: [1]}, '*')")
        inner.wait_for_function("document.querySelector('.leaflet-popup-content') && "
                                "document.querySelector('.leaflet-popup-content')"
                                ".innerText.includes('2. Omsk')")
        inner.evaluate("window.journey.map.closePopup()")
        # After a click the reader has engaged the map: the wheel zooms it.
        page.mouse.click(box["x"] + 150, box["y"] + 170)  # on the map, above the time line
        page.mouse.wheel(0, -300)
        inner.wait_for_function(f"window.journey.map.getZoom() > {zoom}")
        assert outside == [] and errors == []
    finally:
        ctx.close()
