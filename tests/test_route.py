import csv
import json
import math
from pathlib import Path

import numpy as np
import pytest

from journey import railcache, railnet
from journey.assets import data_path
from journey.errors import InputError, RouteError
from journey.geo import haversine_km
from journey.geo import great_circle, km_at, position_at, simplify_lonlat, tolerance_deg, unwrap
from journey.route import BASIS_ARC, BASIS_POSTS, SNAP_KM, build_route
from journey.stops import read_stops


def route_of(names: str, **kwargs):
    return build_route(read_stops("name\n" + "\n".join(names.split(",")) + "\n", "t.csv", GAZ),
                       **kwargs)


def route_csv(text: str, **kwargs):
    return build_route(read_stops(text, "t.csv", GAZ), **kwargs)


def longest_segment_km(coords) -> float:
    return max(haversine_km(a[1], a[0], b[1], b[0]) for a, b in zip(coords, coords[1:]))


# Published rail distances (km posts from Moscow Yaroslavsky / Leningradsky).
@pytest.mark.parametrize("names, published", [
    ("Moscow,Omsk", 2712),
    ("Moscow,Novosibirsk", 3343),
    ("Moscow,St Petersburg", 650),
    ("Ussuriysk,Moscow", 9177),
])
def test_rail_distances_are_within_5_percent_of_published(names, published):
    leg = route_of(names).legs[0]
    assert leg.on_rail
    assert abs(leg.distance_km - published) <= 0.05 * published, leg.distance_km
    assert leg.distance_basis == BASIS_POSTS


def test_moscow_to_omsk_follows_the_line_not_the_crow():
    leg = route_of("Moscow,Omsk").legs[0]
    assert leg.on_rail and len(leg.coords_lonlat) > 100
    crow = haversine_km(55.75, 37.62, 54.99, 73.37)
    assert leg.distance_km > 1.05 * crow
    assert leg.line_name == "Trans-Siberian Railway"


def _track_lines() -> list[list[tuple[float, float]]]:
    """The raw line files, read independently of the graph."""
    out = []
    for p in sorted(data_path("rail", "lines").glob("*.csv")):
        with p.open(encoding="utf-8") as fh:
            out.append([(float(r["lon"]), float(r["lat"])) for r in csv.DictReader(fh)])
    return out


def _km_to_track(lon: float, lat: float, lines) -> float:
    """Distance from a point to the track polylines, in a local tangent plane (km)."""
    kx, ky = 111.32 * math.cos(math.radians(lat)), 110.57
    best = math.inf
    for pts in lines:
        p = (np.asarray(pts) - (lon, lat)) * (kx, ky)
        a, b = p[:-1], p[1:]
        ab = b - a
        t = np.clip(-(a * ab).sum(1) / np.maximum((ab * ab).sum(1), 1e-12), 0, 1)
        best = min(best, float(np.hypot(*(a + t[:, None] * ab).T).min()))
    return best


def test_every_vertex_of_the_example_is_on_the_track_and_no_long_chords():
    from journey.pipeline import build
    lines = _track_lines()
    route = build().route
    for leg in route.legs:
        assert leg.on_rail
        assert longest_segment_km(leg.coords_lonlat) <= 60
        worst = max(_km_to_track(x, y, lines) for x, y in leg.coords_lonlat)
        assert worst <= 10, (leg.start, worst)


def test_the_journey_crosses_at_khasan_and_goes_round_baikal_not_across_mongolia():
    leg = route_of("Pyongyang,Omsk").legs[0]
    pts = leg.coords_lonlat
    assert min(haversine_km(y, x, 42.43, 130.645) for x, y in pts) < 1  # Khasan
    assert min(haversine_km(y, x, 51.658, 103.724) for x, y in pts) < 1  # Slyudyanka
    assert all(y > 49.5 for x, y in pts if 100 < x < 120)  # north of Mongolia
    assert leg.approximate  # the North Korean stretch is between town centres
    assert 300 < leg.approximate_km < 900
    assert leg.approximate_lines == ("Pyongyang–Tumangang (Pyongra and Hongui lines)",)
    assert "approximate" in route_of("Pyongyang,Omsk").warnings[0]
    assert not route_of("Khasan,Omsk").legs[0].approximate  # Russia: all on track data


def test_reverse_order_routes_the_same_way_back():
    there = route_of("Omsk,Moscow").legs[0]
    back = route_of("Moscow,Omsk").legs[0]
    assert abs(there.distance_km - back.distance_km) < 1
    assert there.coords_lonlat == tuple(reversed(back.coords_lonlat))


def test_stops_added_by_hand_or_removed_keep_the_distance():
    whole = route_of("Moscow,Irkutsk").total_km
    split = route_of("Moscow,Omsk,Novosibirsk,Krasnoyarsk,Irkutsk")
    assert all(leg.on_rail for leg in split.legs)
    assert abs(split.total_km - whole) < 0.005 * whole


def test_stops_in_any_order_route_on_rail():
    route = route_of("St Petersburg,Irkutsk,Moscow,Khabarovsk,Omsk")
    assert all(leg.on_rail for leg in route.legs) and not route.warnings
    # St Petersburg -> Irkutsk passes Moscow, so it is the sum of the two
    spb_msk = route_of("St Petersburg,Moscow").total_km
    msk_irk = route_of("Moscow,Irkutsk").total_km
    assert abs(route.legs[0].distance_km - (spb_msk + msk_irk)) < 5


def test_a_leg_with_no_rail_gets_an_arc_and_a_warning():
    route = route_of("Moscow,Lisbon")
    leg = route.legs[0]
    assert not leg.on_rail and leg.distance_basis == BASIS_ARC
    assert "Lisbon" in route.warnings[0] and "leg 1" in route.warnings[0]
    assert longest_segment_km(leg.coords_lonlat) <= 30
    assert abs(leg.distance_km - haversine_km(55.75, 37.62, 38.72, -9.14)) < 15


def test_road_and_sea_legs_are_arcs_with_a_warning_air_legs_without():
    route = route_csv("name,mode\nMoscow\nOmsk,road\nNovosibirsk,air\nIrkutsk,sea\n")
    assert [leg.on_rail for leg in route.legs] == [False, False, False]
    assert len(route.warnings) == 2
    assert "road" in route.warnings[0] and "Omsk" in route.warnings[0]


def test_an_arc_across_the_180th_meridian_does_not_wrap_the_world():
    route = route_csv("name,lat,lon,mode\nAnadyr,64.73,177.51,\nNome,64.50,-165.41,air\n")
    pts = route.legs[0].coords_lonlat
    assert all(abs(b[0] - a[0]) < 5 for a, b in zip(pts, pts[1:]))
    assert pts[-1][0] == pytest.approx(-165.41 + 360)
    assert unwrap([(179.0, 0), (-179.0, 0), (-178.0, 0)]) == ((179, 0), (181, 0), (182, 0))
    assert len(great_circle((0, 0), (90, 0))) > 100


def test_a_stop_far_from_any_line_is_named_in_the_warning():
    route = route_csv("name,lat,lon\nMoscow,55.75,37.62\nSomewhere,60.0,90.0\n")
    assert not route.legs[0].on_rail
    assert "Somewhere" in route.warnings[0] and "km from the nearest rail line" in route.warnings[0]
    assert SNAP_KM == 30


def test_one_stop_is_not_a_journey():
    with pytest.raises(RouteError, match="at least two stops"):
        route_of("Moscow")


def test_days_when_both_ends_are_dated():
    route = route_csv("name,date,arrive\nMoscow,2001-08-04,\nSt Petersburg,,2001-08-05T12:00\n"
                      "Omsk,,\n")
    assert route.legs[0].days == 1.5
    assert route.legs[1].days is None


def test_context_is_the_whole_named_line_simplified():
    route = route_of("Moscow,Omsk")
    (ts,) = route.context
    assert ts.name == "Trans-Siberian Railway"
    ends = {ts.coords_lonlat[0], ts.coords_lonlat[-1]}
    assert any(haversine_km(y, x, 55.78, 37.66) < 2 for x, y in ends)  # Moscow
    assert any(haversine_km(y, x, 43.11, 131.88) < 2 for x, y in ends)  # Vladivostok
    assert 200 < len(ts.coords_lonlat) < 1000


def test_positions_and_km_along_the_route_round_trip():
    route = route_of("Moscow,Omsk,Novosibirsk")
    lat, lon, leg = position_at(route, 0)
    assert haversine_km(lat, lon, 55.778, 37.657) < 1 and leg == 0
    for km in (100.0, 2712.0, 3000.0):
        lat, lon, _ = position_at(route, km)
        assert abs(km_at(route, lat, lon) - km) < 2
    lat, lon, leg = position_at(route, 1e9)
    assert leg == 1 and abs(km_at(route, lat, lon) - route.total_km) < 1


def test_simplification_tolerance_shrinks_with_zoom():
    leg = route_of("Moscow,Omsk").legs[0]
    sizes = [len(simplify_lonlat(leg.coords_lonlat, z)) for z in (3, 6, 9, 12)]
    assert sizes == sorted(sizes) and sizes[0] < sizes[-1] <= len(leg.coords_lonlat)
    assert tolerance_deg(4) == pytest.approx(2 * tolerance_deg(5))


# -- the user's own lines --------------------------------------------------------------------

ASTANA = "name,lat,lon\nOmsk,54.99244,73.36859\nAstana,51.17,71.45\n"


def test_a_users_geojson_line_joins_the_network(tmp_path, monkeypatch):
    monkeypatch.setenv("JOURNEY_CACHE_DIR", str(tmp_path / "cache"))
    assert not route_csv(ASTANA).legs[0].on_rail
    omsk = railcache.load_network().snap(54.99244, 73.36859)[0]
    start = tuple(railcache.load_network().node_lonlat[omsk])
    corners = [start, (73.1, 54.2), (72.6, 53.3), (71.9, 52.2), (71.45, 51.17)]
    line = [p for a, b in zip(corners, corners[1:]) for p in great_circle(a, b, 5)[:-1]]
    line.append(corners[-1])
    (tmp_path / "omsk_astana.geojson").write_text(json.dumps({
        "type": "FeatureCollection", "features": [{
            "type": "Feature", "properties": {"name": "Omsk–Astana"},
            "geometry": {"type": "LineString", "coordinates": line}}]}))
    route = route_csv(ASTANA, rail=[tmp_path])
    leg = route.legs[0]
    assert leg.on_rail and leg.line_name == "Omsk–Astana" and not route.warnings
    expected = sum(haversine_km(a[1], a[0], b[1], b[0]) for a, b in zip(line, line[1:]))
    assert abs(leg.distance_km - expected) < 0.01 * expected
    assert [c.name for c in route.context] == ["Omsk–Astana"]


def test_a_users_station_csv_with_km_posts(tmp_path, monkeypatch):
    monkeypatch.setenv("JOURNEY_CACHE_DIR", str(tmp_path / "cache"))
    f = tmp_path / "mine.csv"
    f.write_text("name,lat,lon,km\nOmsk,54.99244,73.36859,0\nX,54.2,73.1,\n"
                 "Y,53.3,72.6,\nAstana,51.17,71.45,470\n")
    leg = route_csv(ASTANA, rail=[f]).legs[0]
    assert leg.on_rail and leg.distance_km == pytest.approx(470)
    assert leg.distance_basis == BASIS_POSTS


@pytest.mark.parametrize("name, text, message", [
    ("bad.csv", "name,lat\nA,1\n", "needs columns lat and lon"),
    ("bad.csv", "name,lat,lon\nA,1,x\nB,2,2\n", "bad.csv:2: lon 'x' is not a number"),
    ("bad.geojson", "{nope", "not valid JSON"),
    ("bad.geojson", '{"type": "FeatureCollection", "features": []}', "no LineString"),
])
def test_bad_rail_files_say_what_and_where(tmp_path, name, text, message):
    (tmp_path / name).write_text(text)
    with pytest.raises(InputError, match=message):
        railcache.load_network([tmp_path / name], use_cache=False)


def test_compiled_network_is_cached_and_not_reparsed(tmp_path, monkeypatch):
    # The shipped regions are precompiled; what is cached is a user's lines merged in.
    monkeypatch.setenv("JOURNEY_CACHE_DIR", str(tmp_path))
    mine = tmp_path / "mine.csv"
    mine.write_text("name,lat,lon\nOmsk,54.99244,73.36859\nAstana,51.17,71.45\n")
    railcache.clear_memo()
    first = railcache.load_network([mine], near=[(55.0, 73.4)])
    assert len(list(tmp_path.glob("rail-*.npz"))) == 1
    railcache.clear_memo()

    def no_parse(*a, **k):
        raise AssertionError("re-parsed despite the cache")
    monkeypatch.setattr(railcache, "parse_file", no_parse)
    second = railcache.load_network([mine], near=[(55.0, 73.4)])
    assert (second.node_lonlat == first.node_lonlat).all()
    assert (second.edge_km == first.edge_km).all()
    assert second.line_names == first.line_names
    railcache.clear_memo()


def test_shipped_lines_meet_at_their_junctions():
    net = railcache.load_network(near=[(55.75, 37.62)])  # the Russian region only
    import networkx as nx
    assert nx.is_connected(net.graph)
    assert set(net.line_names) >= {"Trans-Siberian Railway", "Moscow–Saint Petersburg Railway"}


def test_lines_data_files_have_credits():
    for p in Path(data_path("rail", "lines")).glob("*.csv"):
        with p.open(encoding="utf-8") as fh:
            assert all(r["source"] for r in csv.DictReader(fh)), p


@pytest.mark.parametrize("seed", [7, 11, 23, 42])
def test_junction_routing_matches_plain_dijkstra_on_a_network_with_loops(seed):
    import random

    import networkx as nx

    rng = random.Random(seed)
    grid = [(30 + 0.1 * i, 50 + 0.1 * j) for i in range(8) for j in range(8)]
    lines = []
    for n in range(12):  # random walks over a grid: crossings, loops, parallel stretches
        k = rng.randrange(len(grid))
        pts = [grid[k]]
        for _ in range(rng.randint(3, 12)):
            i, j = divmod(k, 8)
            i = min(7, max(0, i + rng.choice((-1, 0, 1))))
            j = min(7, max(0, j + rng.choice((-1, 0, 1))))
            if i * 8 + j != k:
                k = i * 8 + j
                pts.append(grid[k])
        if len(pts) >= 2:
            lines.append(railnet.RailLineData(f"l{n}", "t", tuple(pts), (None,) * len(pts),
                                              (False,) * len(pts)))
    net = railnet.compile_network(lines)
    for _ in range(300):
        a, b = rng.sample(range(len(net.node_lonlat)), 2)
        got = net.shortest_path(a, b)
        try:
            want = nx.dijkstra_path_length(net.graph, a, b, weight="weight")
        except nx.NetworkXNoPath:
            assert got is None
            continue
        nodes, edges = got
        assert nodes[0] == a and nodes[-1] == b and len(edges) == len(nodes) - 1
        assert float(net.edge_km[edges].sum()) == pytest.approx(want)
        for u, v, e in zip(nodes, nodes[1:], edges):
            assert {u, v} == set(net.edges[e].tolist())


# -- properties of the geometry helpers -------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from journey.gazetteer import Gazetteer

GAZ = Gazetteer.load()  # one gazetteer for the module, as the CLI makes one

lons = st.floats(-180, 180, allow_nan=False)
lats = st.floats(-85, 85, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(lons, lats, lons, lats)
def test_great_circle_ends_exactly_steps_evenly_and_never_jumps(x1, y1, x2, y2):
    pts = great_circle((x1, y1), (x2, y2), 25)
    assert pts[0] == (x1, y1)
    dlon = (pts[-1][0] - x2) % 360
    assert pts[-1][1] == y2 and min(dlon, 360 - dlon) < 1e-9  # b itself, maybe unwrapped
    assert all(abs(b[0] - a[0]) <= 180 for a, b in zip(pts, pts[1:]))
    if len(pts) > 2:
        assert longest_segment_km(pts) <= 25.5


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(lats, lons), min_size=2, max_size=30))
def test_any_station_csv_parses_into_one_line_in_order(rows):
    text = "name,lat,lon\n" + "".join(f"s{i},{a!r},{b!r}\n" for i, (a, b) in enumerate(rows))
    (line,) = railnet.parse_station_csv(text, "x.csv")
    assert line.lonlat == tuple((b, a) for a, b in rows)
    assert line.name == "x"


def test_the_train_from_omsk_arrives_at_yaroslavsky_station_not_leningradsky():
    route = route_of("Omsk,Moscow,St Petersburg")
    lon, lat = route.legs[0].coords_lonlat[-1]
    assert haversine_km(lat, lon, 55.778404, 37.656761) < 0.05  # Yaroslavsky (OSM node)
    # The next leg leaves from Leningradsky, joined to the arrival by the short step
    # across Komsomolskaya Square so the drawn route does not break at Moscow.
    assert route.legs[1].coords_lonlat[0] == route.legs[0].coords_lonlat[-1]
    lon, lat = route.legs[1].coords_lonlat[1]
    assert haversine_km(lat, lon, 55.778835, 37.653721) < 0.05  # Leningradsky


def test_the_cache_folder_keeps_only_the_recent_networks(tmp_path, monkeypatch):
    monkeypatch.setenv("JOURNEY_CACHE_DIR", str(tmp_path / "cache"))
    for i in range(railcache.CACHE_KEEP + 3):
        f = tmp_path / f"l{i}.csv"
        f.write_text(f"name,lat,lon\nA,{10 + i},10\nB,{10 + i},10.1\n")
        railcache.load_network([f])
    assert len(list((tmp_path / "cache").glob("rail-*.npz"))) == railcache.CACHE_KEEP
    railcache.clear_memo()
