"""The built map in a real Chromium with the network off, as a reader sees it."""
from pathlib import Path

import pytest

from journey.pipeline import build_map


@pytest.fixture(scope="module")
def map_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("map") / "map.html"
    path.write_text(build_map(), "utf-8")
    return path


def test_offline_map_loads_without_errors_or_requests(offline_page, map_file):
    page = offline_page
    page.goto(map_file.as_uri())
    page.wait_for_function("window.journey && window.journey.stops.length > 0")
    assert page.evaluate("typeof L") == "object"
    # Pyongyang is both stop 1 and stop 5: one marker carries both numbers.
    assert page.locator(".leaflet-marker-icon").count() == 4
    assert page.locator('[aria-label="Stops 1 and 5: Pyongyang"]').count() == 1
    assert page.evaluate("window.journey._markers.length") == 5
    assert page.errors == [] and page.failed == []


def test_clicking_the_omsk_marker_shows_the_article_quote(offline_page, map_file):
    page = offline_page
    page.goto(map_file.as_uri())
    page.locator('.leaflet-marker-icon[aria-label="Stop 2: Omsk"]').click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    assert "Omsk" in text
    assert "inspected a tank plant and meat processing facilities" in text
