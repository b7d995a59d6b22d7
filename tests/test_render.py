import json
import re

from journey.pipeline import build, build_map
from journey.render import to_folium

NASTY = '<script>alert(1)</script> "><img src=x onerror=alert(2)> </script>'


def test_page_is_standalone_and_inlines_leaflet():
    html = build_map()
    assert html.startswith("<!DOCTYPE html>")
    assert "L.map(" in html and "leaflet-container" in html  # Leaflet's own JS and CSS
    assert not re.search(r"<(script|link)[^>]+(src|href)=\"?https?:", html)


def test_same_input_same_bytes():
    assert build_map() == build_map()


def test_untrusted_text_is_escaped_everywhere():
    article = f"Headline here for us\n\nThe train reached Omsk. {NASTY} in Omsk.\n"
    stops = f'name,note\nOmsk,"{NASTY.replace(chr(34), chr(34) * 2)}"\nMoscow,\n'
    html = build_map(article, stops)
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    data = re.search(r"window.journeyData = (.*?);</script>", html).group(1)
    assert json.loads(data)["stops"][0]["note"] == NASTY


def test_folium_view_of_the_route():
    m = to_folium(build().route)
    assert "PolyLine" in "".join(type(c).__name__ for c in m._children.values())
