"""The time line in a real Chromium with the network off: the train, the slider, the days."""
import json
import math
import re
from datetime import datetime
from pathlib import Path

import pytest

from journey.pipeline import build_map

UNDATED = "name,role\nPyongyang,origin\nOmsk,stop\nMoscow,destination\n"


@pytest.fixture(scope="module")
def map_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("timeline") / "map.html"
    path.write_text(build_map(), "utf-8")
    return path


def page_data(page) -> dict:
    return page.evaluate("window.journeyData")


def drawn_legs(page) -> list[list[list[float]]]:
    """The legs' vertices as drawn (decoded by the page, whatever the data's encoding)."""
    return page.evaluate("journey._legs.map(l => l.layer.getLatLngs().map(p => [p.lat, p.lng]))")


def distance_to_route_km(lat: float, lon: float, legs: list[list[list[float]]]) -> float:
    """Shortest distance from a point to the drawn route, on a local flat projection."""
    kx = 111.32 * math.cos(math.radians(lat))
    best = math.inf
    for leg in legs:
        pts = [((b - lon) * kx, (a - lat) * 110.57) for a, b in leg]
        for (x1, y1), (x2, y2) in zip(pts, pts[1:]):
            dx, dy = x2 - x1, y2 - y1
            seg = dx * dx + dy * dy
            u = 0.0 if seg == 0 else max(0.0, min(1.0, -(x1 * dx + y1 * dy) / seg))
            best = min(best, math.hypot(x1 + u * dx, y1 + u * dy))
    return best


def when(text: str) -> datetime:
    return datetime.fromisoformat(text if "T" in text else text + "T12:00")


def open_map(page, path: Path):
    page.goto(path.as_uri())
    page.wait_for_function("window.journey && typeof window.journey.play === 'function'")


def test_play_moves_the_train_along_the_rails(offline_page, map_file):
    page = offline_page
    open_map(page, map_file)
    legs = drawn_legs(page)
    start = page.evaluate("journey.position()")
    page.get_by_role("button", name="Play the journey").click()
    seen = []
    for _ in range(6):
        page.wait_for_timeout(300)
        seen.append(page.evaluate("journey.position()"))
    page.evaluate("journey.pause()")
    kms = [p["km"] for p in seen]
    assert kms[0] > start["km"] and kms == sorted(kms) and kms[-1] > kms[0] + 50, kms
    for p in seen:
        assert distance_to_route_km(p["lat"], p["lon"], legs) < 10, p
    # The drawn train marker is where position() says, to the pixel.
    offset = page.evaluate("""() => {
        const p = journey.position(), m = document.querySelector('.journey-train');
        const box = m.getBoundingClientRect();
        const map = journey.map.getContainer().getBoundingClientRect();
        const want = journey.map.latLngToContainerPoint([p.lat, p.lon]);
        return Math.hypot(box.left + box.width / 2 - map.left - want.x,
                          box.top + box.height / 2 - map.top - want.y); }""")
    assert offset < 2, offset
    paused = page.evaluate("journey.position()")
    page.wait_for_timeout(400)
    assert page.evaluate("journey.position()")["km"] == paused["km"]
    assert page.errors == [] and page.failed == []


def test_positions_stay_on_the_route_over_the_whole_journey(offline_page, map_file):
    page = offline_page
    open_map(page, map_file)
    legs = drawn_legs(page)
    positions = page.evaluate("[...Array(41).keys()].map(i => (journey.seek(i / 40),"
                              " journey.position()))")
    for p in positions:
        assert distance_to_route_km(p["lat"], p["lon"], legs) < 10, p
    assert positions[-1]["km"] == pytest.approx(page_data(page)["total_km"], abs=1)


def test_seek_half_is_the_middle_of_the_journey_in_time(offline_page, map_file):
    page = offline_page
    open_map(page, map_file)
    data = page_data(page)
    first, last, mid = page.evaluate(
        "[0, 1, 0.5].map(f => (journey.seek(f), journey.position()))")
    t0, t1, tm = when(first["date"]), when(last["date"]), when(mid["date"])
    assert abs((tm - (t0 + (t1 - t0) / 2)).total_seconds()) <= 60
    assert t0 == when(data["stops"][0]["date"])
    # At that moment the train is where the stop dates put it: between the dated stops
    # around it, at the km their times give.
    dated = [(when(s["date"]), s["km"]) for s in data["stops"] if s["date"]]
    (ta, ka), (tb, kb) = next((a, b) for a, b in zip(dated, dated[1:]) if a[0] <= tm <= b[0])
    expected_km = ka + (kb - ka) * (tm - ta) / (tb - ta)
    assert mid["km"] == pytest.approx(expected_km, abs=5)


def test_day_counter_matches_the_stop_dates(offline_page, map_file):
    page = offline_page
    open_map(page, map_file)
    stops = page_data(page)["stops"]
    day1 = when(stops[0]["date"]).date()
    page.locator("#journey-tl-range").focus()
    counters = {}
    for i in range(1, len(stops)):
        page.get_by_role("button", name="Next stop").press("Enter")
        counters[i] = page.locator(".journey-tl-day").inner_text()
        assert page.evaluate("journey.position()")["km"] == pytest.approx(stops[i]["km"], abs=1)
    for i, s in enumerate(stops):
        if s["date"] and i:
            d = when(s["date"]).date()
            day = (d - day1).days + 1
            assert re.match(rf"Day {day} of \d+ · {d.day} {d:%b %Y}", counters[i]), counters[i]
    # The article's nine-day trip: Moscow is reached on day 9.
    assert counters[2].startswith("Day 9 of ")


def test_reached_stop_is_highlighted_and_its_date_source_shown(offline_page, map_file):
    page = offline_page
    open_map(page, map_file)
    page.evaluate("journey.seek(journey.timeline.stopFractions[3])")
    status = page.locator(".journey-tl-status").inner_text()
    assert status.startswith("Reached 4. St Petersburg · 6 Aug 2001, 10:00")
    assert "\u2014 Date not in the article: Petersburg City news" in status
    current = page.locator(".leaflet-marker-icon.journey-current")
    assert current.count() == 1 and current.get_attribute("title") == "Stop 4: St Petersburg"
    assert page.locator(".leaflet-marker-icon.journey-ahead").count() == 1
    # Legs behind are drawn full, legs ahead faint; planned legs stay dashed.
    styles = page.evaluate("journey._legs.map(l => [l.layer.options.opacity,"
                           " l.layer.options.dashArray])")
    assert styles[0][0] >= 0.9 and styles[3][0] < 0.5
    assert styles[3][1] and not styles[0][1]


def test_keyboard_drives_the_slider(offline_page, map_file):
    page = offline_page
    open_map(page, map_file)
    slider = page.get_by_label("Time line", exact=True)
    slider.focus()
    slider.press("End")
    assert page.evaluate("journey.position().fraction") == 1
    slider.press("Home")
    slider.press("PageUp")  # a page is a stop
    fractions = page.evaluate("journey.timeline.stopFractions")
    assert page.evaluate("journey.position().fraction") == pytest.approx(fractions[1])
    assert "Day" in slider.get_attribute("aria-valuetext")
    slider.press(" ")
    page.wait_for_timeout(300)
    assert page.evaluate("journey.position().fraction") > fractions[1]
    page.evaluate("journey.pause()")


def test_no_autoplay_and_plain_route_until_used(browser, map_file):
    ctx = browser.new_context(offline=True, reduced_motion="reduce")
    page = ctx.new_page()
    open_map(page, map_file)
    page.wait_for_timeout(600)
    assert page.evaluate("journey.position().fraction") == 0
    assert page.locator(".journey-train").count() == 0
    # Reduced motion: play steps from stop to stop instead of gliding.
    page.evaluate("journey.play()")
    page.wait_for_timeout(1800)
    fractions = page.evaluate("journey.timeline.stopFractions")
    assert page.evaluate("journey.position().fraction") == pytest.approx(fractions[1])
    page.evaluate("journey.pause()")
    ctx.close()


def test_without_dates_the_train_goes_evenly_by_distance(offline_page, tmp_path):
    path = tmp_path / "undated.html"
    path.write_text(build_map(None, UNDATED), "utf-8")
    page = offline_page
    open_map(page, path)
    total = page_data(page)["total_km"]
    page.evaluate("journey.seek(0.5)")
    pos = page.evaluate("journey.position()")
    assert pos["km"] == pytest.approx(total / 2, abs=1) and pos["date"] is None
    # Halfway by km is before Omsk (km 6,717 of 9,308): the last stop reached is the first.
    day = page.locator(".journey-tl-day").inner_text()
    assert re.fullmatch(r"Stop 1 of 3 · [\d,]+ km", day), day
    assert abs(int(day.split("· ")[1][:-3].replace(",", "")) - total / 2) <= 1


def test_static_mode_labels_every_stop(offline_page, map_file):
    page = offline_page
    page.goto(map_file.as_uri() + "#static")
    page.wait_for_function("document.documentElement.dataset.journeyStatic === 'ready'")
    labels = [l["text"] for l in page.evaluate("journey.labels()") if l["kind"] == "stop"]
    assert sorted(labels) == ["Moscow", "Omsk", "Pyongyang", "St Petersburg"]
    assert not page.locator(".journey-timeline").is_visible()


def test_arrive_and_depart_hold_the_train_at_the_stop(offline_page, tmp_path):
    # Page data as the renderer gives it, plus arrive/depart on a stop (the contract's
    # optional fields): Moscow from Friday 22:00 to Sunday 20:00, St Petersburg undated.
    html = build_map()
    start = html.index("window.journeyData = ") + len("window.journeyData = ")
    end = html.index(";</script>", start)
    data = json.loads(html[start:end])
    data["stops"][2].update(arrive="2001-08-03T22:00", depart="2001-08-05T20:00")
    data["stops"][3]["date"] = ""
    data["stops"][4]["date"] = "2001-08-18"
    path = tmp_path / "dwell.html"
    path.write_text(html[:start] + json.dumps(data).replace("<", "\\u003c") + html[end:], "utf-8")
    page = offline_page
    open_map(page, path)
    t0, t1 = datetime(2001, 7, 26, 12), datetime(2001, 8, 18, 12)
    for moment in (datetime(2001, 8, 4, 12), datetime(2001, 8, 5, 19)):
        f = (moment - t0) / (t1 - t0)
        pos = page.evaluate(f"(journey.seek({f}), journey.position())")
        assert pos["km"] == pytest.approx(data["stops"][2]["km"], abs=1), moment
    # After leaving, St Petersburg is placed by km between the Moscow departure and the
    # dated return home.
    fractions = page.evaluate("journey.timeline.stopFractions")
    dep = (datetime(2001, 8, 5, 20) - t0) / (t1 - t0)
    km = [s["km"] for s in data["stops"]]
    expected = dep + (1 - dep) * (km[3] - km[2]) / (km[4] - km[2])
    # Page km are rounded per stop and per leg, so allow for the rounding.
    assert fractions[3] == pytest.approx(expected, abs=1e-4)
    assert page.locator(".journey-tl-day").inner_text().startswith("Day ")
    assert page.errors == []


def test_a_date_from_outside_the_article_shows_its_source_in_the_popup(offline_page, map_file):
    page = offline_page
    open_map(page, map_file)
    page.evaluate("journey.openStop(0)")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    assert "2001-07-26" in text or "26 Jul" in text
    assert "Railway Gazette" in text and "not in the article" in text
