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


# --- render (issue 5) --------------------------------------------------------------
import dataclasses  # noqa: E402

import folium  # noqa: E402
import pytest  # noqa: E402

from journey.errors import RenderError  # noqa: E402
from journey.geo import to_latlon  # noqa: E402
from journey.models import Mention, Place  # noqa: E402
from journey.polyline import decode  # noqa: E402
from journey.render import (context_places, embed_snippet, encode_line,  # noqa: E402
                            journey_days, marker_groups, page_data, render_html, tile_layer)


def _data(html: str) -> dict:
    return json.loads(re.search(r"window.journeyData = (.*?);</script>", html).group(1))


def test_route_geometry_is_at_most_35_percent_of_folium_polyline():
    route = build().route
    ours = theirs = 0
    for leg in route.legs:
        m = folium.Map()
        folium.PolyLine(to_latlon(leg.coords_lonlat)).add_to(m)
        html = m.get_root().render()
        theirs += len(re.search(r"L\.polyline\(\s*(\[\[.*?\]\])", html, re.S).group(1))
        ours += len(json.dumps(encode_line(leg.coords_lonlat, 0)))  # same vertices
    assert ours <= 0.35 * theirs, (ours, theirs)


def test_simplified_legs_stay_on_the_line_and_keep_their_ends():
    route = build().route
    for leg, page_leg in zip(route.legs, _data(build_map())["legs"]):
        pts = decode(page_leg["line"])
        assert pts[0] == pytest.approx(to_latlon(leg.coords_lonlat)[0], abs=1e-5)
        assert pts[-1] == pytest.approx(to_latlon(leg.coords_lonlat)[-1], abs=1e-5)
        assert 10 < len(pts) <= len(leg.coords_lonlat)


def test_default_map_is_under_600_kb_with_everything_inline():
    assert len(build_map().encode()) <= 600 * 1024


def test_page_data_tells_the_story():
    result = build()
    data = _data(result.html)
    omsk = data["stops"][1]
    assert omsk["km_prev"] == omsk["km"] == data["legs"][0]["km"]
    assert "Omsk" in omsk["highlight"]
    assert data["credit"] == "CNN, 2001" and data["days"] == 12  # 26 Jul to 6 Aug 2001
    assert [s["marker"] for s in data["stops"]] == [0, 1, 2, 3, 0]  # return = origin
    moscow_terms = data["stops"][2]["highlight"]
    assert "MOSCOW" in moscow_terms  # as the dateline writes it
    assert "the Kremlin" not in moscow_terms
    texts = " · ".join(c["text"] for c in data["credits"])
    for credit in ("GeoNames", "OpenStreetMap contributors", "Natural Earth", "Tiles"):
        assert credit in texts
    assert "Yaroslavsky station" in [p["name"] for p in data["context_places"]]


def test_context_places_skip_stops_and_countries():
    route = build().route
    omsk = Place("Omsk", 54.99244, 73.36859)
    russia = Place("Russia", 60.0, 90.0, kind="country")
    tomb = Place("Tomb of the Unknown Soldier", 55.7548, 37.6161, kind="landmark")
    ms = [Mention(p.name, 0, 1, f"About {p.name}.", p) for p in (omsk, russia, tomb, tomb)]
    assert [p["name"] for p in context_places(route, ms)] == [tomb.name]


def test_other_articles_are_not_credited_to_cnn():
    html = build_map("A headline for this story\n\nThe train left Omsk for Moscow.\n",
                     "name\nOmsk\nMoscow\n")
    assert _data(html)["credit"] == "" and "CNN" not in html


def test_tile_settings_are_looked_up_once_then_read_back(tmp_path, monkeypatch):
    import journey.render as render

    monkeypatch.setenv("JOURNEY_CACHE_DIR", str(tmp_path))
    first = tile_layer("OpenStreetMap.Mapnik")
    assert len(list((tmp_path / "tiles").glob("*.json"))) == 1
    monkeypatch.setattr(render, "_provider_tiles",
                        lambda name: pytest.fail(f"{name} looked up again"))
    assert tile_layer("OpenStreetMap.Mapnik") == first
    monkeypatch.undo()
    monkeypatch.setenv("JOURNEY_CACHE_DIR", str(tmp_path))
    with pytest.raises(RenderError, match="unknown tile provider"):
        tile_layer("Nope.Map")  # an error is raised every time, never stored
    assert len(list((tmp_path / "tiles").glob("*.json"))) == 1


def test_tiles_option():
    assert tile_layer("none") is None
    osm = tile_layer("OpenStreetMap.Mapnik")
    assert osm["url"] == "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    with pytest.raises(RenderError, match="unknown tile provider 'Nope.Map'"):
        tile_layer("Nope.Map")
    route = build().route
    assert _data(render_html(route, tiles="none"))["tiles"] is None
    assert "tile.openstreetmap.org" not in render_html(route, tiles="none")


def test_days_and_marker_groups_without_dates():
    route = build().route
    undated = dataclasses.replace(route, stops=tuple(
        dataclasses.replace(s, date="") for s in route.stops))
    assert journey_days(undated) == 0
    assert marker_groups(route) == [0, 1, 2, 3, 0]


def test_embed_snippet_is_escaped_and_sandboxed():
    html = embed_snippet('map "x".html', 'A <b>"title"</b>')
    assert html.startswith('<iframe src="map &#34;x&#34;.html" title="A &lt;b&gt;')
    assert 'sandbox="allow-scripts' in html and "allow-same-origin" not in html


def test_template_dir_overrides_and_template_errors_are_clear(tmp_path):
    (tmp_path / "map.css").write_text("body { background: #123456; }")
    route = build().route
    assert "#123456" in render_html(route, template_dir=tmp_path)
    (tmp_path / "map.html.j2").write_text("{{ nope }}")
    with pytest.raises(RenderError, match="template error"):
        render_html(route, template_dir=tmp_path)


def test_page_data_is_json_only():
    data = page_data(build().route, "T")
    assert json.loads(json.dumps(data)) == data


# --- the page a reader understands (issue 12) -----------------------------------------
from journey.models import Stop  # noqa: E402
from journey.render import (distance_summary, place_labels, reader_notes,  # noqa: E402
                            timeline_warnings, unwrap_lonlat)

AIR = "name,mode\nRome,\nLisbon,air\nBuenos Aires,air\n"
AIR_ARTICLE = "Pope flies\n\nThe pope flew from Rome to Lisbon and on to Buenos Aires.\n"


def test_distance_summary_speaks_each_mode():
    assert distance_summary(build().route).endswith(" km by rail")
    air = build(AIR_ARTICLE, AIR).route
    assert distance_summary(air) == f"{round(air.total_km):,} km by air"
    mixed = build(AIR_ARTICLE, "name,mode\nRome,\nLisbon,sea\nBuenos Aires,air\n").route
    sea, fly = (round(leg.distance_km) for leg in mixed.legs)
    assert distance_summary(mixed) == f"{round(mixed.total_km):,} km: {sea:,} by sea, {fly:,} by air"
    road = build(AIR_ARTICLE, "name,mode\nRome,\nNaples,road\n").route
    assert distance_summary(road).endswith("by road, straight line")


def test_header_never_says_rail_for_a_flight_and_counts_right():
    html = build_map(AIR_ARTICLE, AIR)
    header = html[html.index("<header"):html.index("</header>")]
    assert "by air" in header and "rail" not in header
    one_day = build_map(AIR_ARTICLE, "name,date\nRome,2001-01-01\nNaples,2001-01-01\n")
    assert "· 1 day<" in one_day or "· 1 day</p>" in one_day


def test_internal_tags_become_plain_words():
    stop = Stop("Pyongyang", 39.0, 125.7, role="origin",
                source="inferred: the article implies this stop (Pyongyang, capital of KP, "
                       "or where the journey began); date from the article ('Friday') "
                       "counted from its dateline 2001-08-06")
    inferred, notes = reader_notes(stop)
    assert inferred
    assert notes == ["Date: the article's \u201cFriday\u201d, counted from the day it was "
                     "published (6 August 2001)"]


def test_inferred_stop_quotes_nothing_and_says_why():
    route = build().route
    first = dataclasses.replace(route.stops[0], inferred=True, quote="",
                                sentences=("Missiles were tested near Pyongyang.",))
    route = dataclasses.replace(route, stops=(first,) + route.stops[1:])
    data = page_data(route, "T")
    assert data["stops"][0]["quotes"] == []
    assert data["stops"][0]["inferred"] == ("Not named in the article; the journey's "
                                            "likely start")
    html = render_html(route)
    assert "inferred:" not in html and "Missiles were tested" not in html


def test_dates_that_go_backwards_are_named_at_build_time():
    stops = "name,date\nPyongyang,2001-07-26\nOmsk,2001-08-10\nMoscow,2001-08-03\n"
    result = build(None, stops, stops_origin="stops.csv")
    warnings = [w for w in result.route.warnings if "before" in w]
    assert warnings == [timeline_warnings(result.route, "stops.csv")[0]]
    assert warnings[0].startswith("stops.csv:4: 'Moscow' is dated 2001-08-03, before 'Omsk'")


def test_also_mentioned_drops_weekdays_and_hidden_names():
    moscow = build().route.stops[2]
    def m(text, name):
        return Mention(text, 0, len(text), "s", Place(name, moscow.lat + 1, moscow.lon + 1,
                                                      "city", "RU"))
    mentions = [m("Mon", "Mons"), m("Wed", "Wedi"), m("Tver", "Tver"), m("Klin", "Klin")]
    route = build().route
    assert [p["name"] for p in context_places(route, mentions)] == ["Tver", "Klin"]
    assert [p["name"] for p in context_places(route, mentions, hidden=["klin"])] == ["Tver"]


def test_labels_are_the_view_s_countries_seas_and_cities_not_the_stops():
    route = build().route
    rows = place_labels((20.0, 30.0, 140.0, 65.0), route)
    names = {kind: [r[1] for r in rows if r[0] == kind] for kind in ("country", "sea", "city")}
    assert {"Russia", "Mongolia", "China", "Kazakhstan"} <= set(names["country"])
    assert "Caspian Sea" in names["sea"]
    assert "Moscow" not in names["city"] and "Omsk" not in names["city"]
    assert names["city"] and all(r[4] >= 500_000 for r in rows if r[0] == "city")


def test_route_across_the_180th_meridian_stays_one_piece():
    assert unwrap_lonlat([(177.5, 64.7), (-169.8, 66.2), (-165.4, 64.5)]) == [
        (177.5, 64.7), (190.2, 66.2), (194.6, 64.5)]
    stops = "name,mode,lat,lon\nAnadyr,air,,\nUelen,air,66.16,-169.81\nNome,air,64.5011,-165.4064\n"
    data = page_data(build(AIR_ARTICLE, stops).route, "T")
    lons = [s["lon"] for s in data["stops"]]
    assert max(lons) - min(lons) < 30  # not 340 degrees apart
    # The detailed basemap is clipped on both sides, the far part drawn shifted.
    assert [b["lon_shift"] for b in [data["basemap"], *data["basemap_more"]]] == [0, 360]


def test_default_page_stays_within_its_budget():
    assert len(build_map().encode()) <= 400 * 1024
