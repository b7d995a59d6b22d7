"""The page as a reader meets it (issue 12), in a real Chromium with the network off: names
on the map, phones and small frames, every mode, print and the still image, faults."""
from __future__ import annotations

import functools
import http.server
import re
import threading
from pathlib import Path

import pytest

from boxes import boxes_js, overlaps
from journey.pipeline import build, build_map

MARKERS = boxes_js(".leaflet-marker-icon:not(.journey-train)")
# Everything laid over the map that is not the map itself, in map-container pixels.
CONTROLS = boxes_js(".leaflet-control, .journey-timeline, .journey-drawer-toggle, "
                    ".journey-title, .journey-credits, .journey-drawer", "n.className",
                    visible_only=True)
AIR_ARTICLE = ("Pope flies from Rome to Buenos Aires\n\nThe pope flew from Rome to Lisbon, "
               "then on to Buenos Aires and finally to Lima.\n")
AIR_STOPS = "name,mode\nRome,\nLisbon,air\nBuenos Aires,air\nLima,air\n"


def write(tmp_path: Path, html: str, name: str = "map.html") -> Path:
    path = tmp_path / name
    path.write_text(html, "utf-8")
    return path


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    return write(tmp_path_factory.mktemp("page"), build_map())


def page_at(browser, width: int, height: int, **kw):
    ctx = browser.new_context(viewport={"width": width, "height": height}, offline=True, **kw)
    page = ctx.new_page()
    page.errors = []  # type: ignore[attr-defined]
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    return ctx, page


def open_map(page, path: Path) -> None:
    page.goto(path.as_uri())
    # Published last: the labels are placed by then.
    page.wait_for_function("window.journey !== undefined")


# --- 1. Labels --------------------------------------------------------------------------

def test_example_at_1280_names_stops_and_countries_without_overlap(offline_page, example):
    page = offline_page
    open_map(page, example)
    labels = page.evaluate("journey.labels()")
    texts = [label["text"] for label in labels]
    assert len(labels) >= 10, texts
    assert {"Pyongyang", "Omsk", "Moscow", "St Petersburg"} <= set(texts)
    assert len([label for label in labels if label["kind"] == "country"]) >= 3, texts
    clashes = [(a["text"], b["text"]) for i, a in enumerate(labels) for b in labels[i + 1:]
               if overlaps(a, b)]
    assert clashes == []
    markers = page.evaluate(MARKERS)
    assert len(markers) == 4
    assert [(label["text"], m["text"]) for label in labels for m in markers
            if overlaps(label, m)] == []
    size = page.evaluate("[journey.map.getSize().x, journey.map.getSize().y]")
    for label in labels:  # inside the map, so none is cut at an edge
        assert 0 <= label["x"] and label["x"] + label["w"] <= size[0], label
        assert 0 <= label["y"] and label["y"] + label["h"] <= size[1], label
    # The labels are drawn (a halo for legibility), not just reported.
    shadow = page.evaluate("getComputedStyle(document.querySelector('.map-label-stop')).textShadow")
    assert "255, 255, 255" in shadow
    assert page.errors == []


def test_labels_are_placed_again_at_every_zoom(offline_page, example):
    page = offline_page
    open_map(page, example)
    page.evaluate("journey.map.setView([55.75, 37.62], 7, {animate: false})")
    page.wait_for_timeout(100)
    labels = page.evaluate("journey.labels()")
    assert "Moscow" in [label["text"] for label in labels]
    assert not [(a["text"], b["text"]) for i, a in enumerate(labels) for b in labels[i + 1:]
                if overlaps(a, b)]
    # Zoomed in, smaller cities come in; the stops that are out of view still have a name
    # (placed off screen), so every stop's name is always drawn.
    assert len([label for label in labels if label["kind"] == "stop"]) == 4


# --- 2. The map first, on every screen ----------------------------------------------------

def test_phone_map_takes_the_screen_and_no_control_covers_a_marker(browser, example):
    ctx, page = page_at(browser, 390, 844, is_mobile=True, has_touch=True)
    try:
        open_map(page, example)
        box = page.locator("#journey-map").bounding_box()
        assert box["height"] >= 0.55 * 844, box
        markers = page.evaluate(MARKERS)
        controls = page.evaluate(CONTROLS)
        assert [(m["text"], c["text"]) for m in markers for c in controls if overlaps(m, c)] == []
        # The stop list is behind a button, over the map.
        assert not page.locator(".journey-stops").is_visible()
        page.get_by_role("button", name="Stops and legend").click()
        page.locator(".journey-stops").get_by_role("button", name="Stop 2: Omsk").click()
        # The stop opens as a panel at the foot of the map, not a popup filling it.
        panel = page.locator(".journey-panel")
        panel.wait_for()
        assert "2. Omsk" in panel.inner_text()
        assert page.locator(".leaflet-popup").count() == 0
        pbox = panel.bounding_box()
        assert pbox["height"] <= 0.5 * box["height"] + 1
        assert not page.locator(".journey-stops").is_visible()  # the drawer closed
        assert page.errors == []
    finally:
        ctx.close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def framed(tmp_path):
    write(tmp_path, build_map(tiles="none"))
    write(tmp_path, "<!DOCTYPE html><html><body style='margin:0'><iframe id=f src='map.html' "
          "width=600 height=400 style='border:0'></iframe></body></html>", "host.html")
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/host.html"
    server.shutdown()


def test_small_frame_map_fills_it_with_the_list_behind_a_button(browser, framed):
    ctx = browser.new_context(viewport={"width": 800, "height": 600})
    errors = []
    page = ctx.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(framed)
        page.frame_locator("#f").locator(".leaflet-marker-icon").first.wait_for()
        inner = page.frames[1]
        inner.wait_for_function("window.journey !== undefined")
        box = inner.evaluate("(() => { const b = document.getElementById('journey-map')"
                             ".getBoundingClientRect(); return [b.width, b.height]; })()")
        assert box[0] >= 590 and box[1] >= 390, box
        assert not inner.locator(".journey-stops").is_visible()
        markers = inner.evaluate(MARKERS)
        controls = inner.evaluate(CONTROLS)
        assert [(m["text"], c["text"]) for m in markers for c in controls if overlaps(m, c)] == []
        inner.get_by_role("button", name="Stops and legend").click()
        assert inner.locator(".journey-stops").is_visible()
        assert errors == []
    finally:
        ctx.close()


def test_popup_fits_inside_the_map_and_scrolls(offline_page, tmp_path):
    # A stop with a long note and many quotes: the popup stays inside the map.
    note = "A very long note. " * 80
    stops = f'name,note\nPyongyang,"{note}"\nOmsk,\nMoscow,\n'
    page = offline_page
    page.set_viewport_size({"width": 1000, "height": 500})
    open_map(page, write(tmp_path, build_map(None, stops)))
    page.evaluate("journey.openStop(0)")
    popup = page.locator(".leaflet-popup-content-wrapper")
    popup.wait_for()
    page.wait_for_timeout(400)  # the auto-pan
    pbox = popup.bounding_box()
    mbox = page.locator("#journey-map").bounding_box()
    assert pbox["y"] >= mbox["y"] - 1 and pbox["y"] + pbox["height"] <= mbox["y"] + mbox["height"] + 1
    scroll = page.evaluate("(() => { const c = document.querySelector('.leaflet-popup-content');"
                           " return [c.scrollHeight, c.clientHeight]; })()")
    assert scroll[0] > scroll[1]  # it scrolls inside


# --- 3. Every mode --------------------------------------------------------------------------

def test_all_air_journey_never_says_rail_and_moves_a_plane(offline_page, tmp_path):
    page = offline_page
    open_map(page, write(tmp_path, build_map(AIR_ARTICLE, AIR_STOPS)))
    header = page.locator(".journey-title").inner_text()
    assert "by air" in header and "rail" not in header.lower(), header
    for i in range(4):
        page.evaluate(f"journey.openStop({i})")
        page.locator(".leaflet-popup-content", has_text=f"{i + 1}. ").first.wait_for()
        text = " ".join(page.locator(".leaflet-popup-content").all_inner_texts())
        assert "rail" not in text.lower(), text
    assert "rail" not in page.locator(".journey-legend").inner_text().lower()
    page.evaluate("journey.seek(0.3)")
    mover = page.locator(".journey-train")
    assert mover.get_attribute("data-mode") == "air"
    assert mover.get_attribute("title") == "Plane"
    assert mover.locator("svg path").count() == 1  # an inline icon, no font, no request
    assert page.errors == []


def test_mixed_modes_are_summed_per_mode_and_the_marker_changes(offline_page, tmp_path):
    stops = "name,mode\nRome,\nLisbon,sea\nBuenos Aires,air\n"
    route = build(AIR_ARTICLE, stops).route
    page = offline_page
    open_map(page, write(tmp_path, build_map(AIR_ARTICLE, stops)))
    header = page.locator(".journey-facts").inner_text()
    sea, air = (round(leg.distance_km) for leg in route.legs)
    assert f"{sea + air:,} km: {sea:,} by sea, {air:,} by air" in header, header
    page.evaluate("journey.seek(0.05)")
    assert page.locator(".journey-train").get_attribute("title") == "Ship"
    page.evaluate("journey.seek(0.95)")
    assert page.locator(".journey-train").get_attribute("title") == "Plane"
    page.evaluate("journey.openStop(1)")
    text = page.locator(".leaflet-popup-content").inner_text()
    assert f"{sea:,} km by sea (straight line) from Rome" in text, text


def test_one_day_count_in_header_and_time_line(offline_page, example):
    page = offline_page
    open_map(page, example)
    header = page.locator(".journey-facts").inner_text()
    days = int(re.search(r"(\d+) days?", header).group(1))
    assert page.locator(".journey-tl-day").inner_text().startswith(f"Day 1 of {days} ")


# --- 4. Reader-facing words ------------------------------------------------------------------

def test_popups_carry_sources_and_notes_in_plain_words(offline_page, example):
    page = offline_page
    open_map(page, example)
    page.evaluate("journey.openStop(0)")
    popup = page.locator(".leaflet-popup-content")
    text = popup.inner_text()
    assert "Sources and notes" in text and "Source:" not in text
    assert "Railway Gazette" in popup.locator(".sources").inner_text()


# --- 7. Framing -----------------------------------------------------------------------------

def test_route_across_the_180th_meridian_opens_on_its_stops(offline_page, tmp_path):
    stops = "name,mode,lat,lon\nAnadyr,air,,\nUelen,air,66.16,-169.81\nNome,air,64.5011,-165.4064\n"
    article = "Across the strait\n\nThe flight went from Anadyr to Uelen and then to Nome.\n"
    page = offline_page
    open_map(page, write(tmp_path, build_map(article, stops)))
    assert page.evaluate("journey.map.getZoom()") >= 4
    size = page.evaluate("[journey.map.getSize().x, journey.map.getSize().y]")
    markers = page.evaluate(MARKERS)
    assert len(markers) == 3
    xs = [m["x"] + m["w"] / 2 for m in markers]
    assert all(40 < x < size[0] - 40 for x in xs), (xs, size)
    assert max(xs) - min(xs) > size[0] / 4  # spread over the view, not at one edge
    assert page.errors == []


def test_zoomed_out_the_world_has_land_beyond_the_journeys_box(offline_page, example):
    page = offline_page
    open_map(page, example)
    # Brazil, far outside the example's clip: land is drawn there (the coarse world).
    covering = page.evaluate("""Object.values(journey.map._layers).filter(l =>
        l instanceof L.Polygon && l.options.pane === 'basemap' &&
        l.getLatLngs().some(p => L.polygon(p).getBounds().contains([-10, -55]))).length""")
    assert covering >= 1


# --- 8. Print ---------------------------------------------------------------------------------

def test_print_hides_controls_keeps_colours_and_lists_the_stops(offline_page, example):
    page = offline_page
    open_map(page, example)
    page.emulate_media(media="print")
    assert not page.locator(".leaflet-control-zoom").is_visible()
    assert not page.locator(".journey-timeline").is_visible()
    table = page.locator(".journey-print-stops")
    assert table.is_visible() and "St Petersburg" in table.inner_text()
    adjust = page.evaluate("getComputedStyle(document.querySelector('.stop-icon'))"
                           ".printColorAdjust")
    assert adjust == "exact"
    # The whole route fits the printed map.
    page.wait_for_timeout(200)
    size = page.evaluate("[journey.map.getSize().x, journey.map.getSize().y]")
    for m in page.evaluate(MARKERS):
        assert 0 <= m["x"] and m["x"] + m["w"] <= size[0] and 0 <= m["y"] and m["y"] + m["h"] <= size[1], m


def test_still_image_has_names_legend_title_credits_and_no_controls(offline_page, example):
    page = offline_page
    page.goto(example.as_uri() + "#static")
    page.wait_for_function("document.documentElement.dataset.journeyStatic === 'ready'")
    assert page.locator(".journey-title h1").is_visible()
    assert page.locator(".journey-legend").is_visible()
    assert "CNN, 2001" in page.locator(".journey-credits").inner_text()
    visible = page.evaluate("""Array.from(document.querySelectorAll(
        'button, input, .leaflet-control-zoom, .journey-timeline, .journey-stops'))
        .filter(n => n.getClientRects().length > 0).map(n => n.outerHTML.slice(0, 60))""")
    assert visible == []
    kinds = {label["kind"] for label in page.evaluate("journey.labels()")}
    assert {"stop", "country"} <= kinds
    # The legend over the map's corner covers no marker.
    legend = page.evaluate("""(() => { const m = document.getElementById('journey-map')
        .getBoundingClientRect(); const b = document.querySelector('.journey-side')
        .getBoundingClientRect(); return {x: b.left - m.left, y: b.top - m.top, w: b.width,
        h: b.height}; })()""")
    assert not [m for m in page.evaluate(MARKERS) if overlaps(m, legend)]


# --- 9. Robustness ------------------------------------------------------------------------------

def test_stops_at_identical_coordinates_draw_a_map(offline_page, tmp_path):
    stops = "name,lat,lon\nA,55.75,37.62\nB,55.75,37.62\n"
    page = offline_page
    # No tiles: nothing caps the zoom that fitting a single point asks for.
    page.goto(write(tmp_path, build_map(None, stops, tiles="none")).as_uri())
    page.wait_for_function("window.journey !== undefined")
    assert page.evaluate("isFinite(journey.map.getZoom())")
    assert page.errors == []


def test_rapid_clicks_and_repeated_fly_to_raise_nothing(offline_page, example):
    page = offline_page
    open_map(page, example)
    for i in (1, 2, 3, 0, 2):
        page.locator(f"[data-stop='{i}']").click()
        page.wait_for_timeout(100)
    page.evaluate("for (const i of [0, 1, 2, 3, 4]) journey.flyTo(i)")
    page.wait_for_timeout(1500)
    assert page.locator(".leaflet-popup-content").inner_text().startswith("5. Pyongyang")
    assert page.errors == []


def test_play_button_stays_put(offline_page, example):
    page = offline_page
    open_map(page, example)
    button = page.locator(".journey-tl-play")
    before = button.bounding_box()
    button.click()
    page.wait_for_timeout(600)
    after = button.bounding_box()
    assert (after["x"], after["y"]) == (before["x"], before["y"])
    button.click()  # the second click lands on Pause
    assert button.get_attribute("aria-label") == "Play the journey"


def test_years_before_100_stay_themselves(offline_page, tmp_path):
    stops = "name,date\nRome,0001-01-01\nNaples,0001-01-05\n"
    page = offline_page
    open_map(page, write(tmp_path, build_map(None, stops)))
    page.evaluate("journey.openStop(0)")
    assert "1 Jan 1 " in page.locator(".leaflet-popup-content").inner_text() + " "
    assert "1 Jan 1 " in page.locator(".journey-tl-day").inner_text()
    assert "1901" not in page.locator(".journey-tl-day").inner_text()


# --- 10. Keyboard order ----------------------------------------------------------------------------

def test_tab_order_is_title_map_markers_time_line_list(offline_page, example):
    page = offline_page
    open_map(page, example)
    order = []
    for _ in range(14):
        page.keyboard.press("Tab")
        order.append(page.evaluate("""(() => { const a = document.activeElement;
          if (a.id === 'journey-map') return 'map';
          if (a.closest('.leaflet-control-zoom')) return 'zoom';
          if (a.classList.contains('stop-icon')) return 'marker:' + a.title;
          if (a.closest('.journey-timeline')) return 'timeline';
          if (a.closest('.journey-stops')) return 'list';
          return a.tagName + '.' + a.className; })()"""))
    first = {kind: next(i for i, o in enumerate(order) if o.startswith(kind))
             for kind in ("map", "zoom", "marker", "timeline", "list")}
    assert first["map"] < first["marker"] and first["zoom"] < first["marker"], order
    assert first["marker"] < first["timeline"] < first["list"], order
    markers = [o for o in order if o.startswith("marker:")]
    assert markers == ["marker:Stops 1 and 5: Pyongyang", "marker:Stop 2: Omsk",
                       "marker:Stop 3: Moscow", "marker:Stop 4: St Petersburg"], order
    # Nothing else (route lines, places also mentioned) comes before the markers.
    assert all(o in ("map", "zoom") for o in order[:first["marker"]]), order
