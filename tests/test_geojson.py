import json
from pathlib import Path

from click.testing import CliRunner

from journey.cli import cli
from journey.geojson import dumps, route_geojson
from journey.route import build_route
from journey.stops import read_stops
from journey.gazetteer import Gazetteer

GAZ = Gazetteer.load()  # one gazetteer for the module, as the CLI makes one


def test_build_writes_geojson_with_stops_and_legs(tmp_path: Path):
    out, gj = tmp_path / "map.html", tmp_path / "route.geojson"
    result = CliRunner().invoke(cli, ["build", "-o", str(out), "--geojson", str(gj)])
    assert result.exit_code == 0, result.output
    doc = json.loads(gj.read_text("utf-8"))
    assert doc["type"] == "FeatureCollection"
    points = [f for f in doc["features"] if f["geometry"]["type"] == "Point"]
    lines = [f for f in doc["features"] if f["geometry"]["type"] == "LineString"]
    assert [p["properties"]["name"] for p in points] == [
        "Pyongyang", "Omsk", "Moscow", "St Petersburg", "Pyongyang"]
    assert [p["properties"]["order"] for p in points] == [1, 2, 3, 4, 5]
    assert points[0]["properties"]["km_from_start"] == 0
    assert points[0]["properties"]["role"] == "origin"
    assert points[0]["properties"]["date"] == "2001-07-26"
    omsk_moscow = lines[1]["properties"]
    assert omsk_moscow["from"] == "Omsk" and omsk_moscow["to"] == "Moscow"
    assert abs(omsk_moscow["distance_km"] - 2712) < 0.05 * 2712
    assert omsk_moscow["distance_basis"] == "km posts" and omsk_moscow["mode"] == "rail"
    assert [f["properties"]["planned"] for f in lines] == [False, False, True, True]
    # GeoJSON order is (lon, lat): Moscow is at lon ~37.6, lat ~55.8
    assert 37 < points[2]["geometry"]["coordinates"][0] < 38
    assert 55 < lines[1]["geometry"]["coordinates"][-1][1] < 56


def test_geojson_is_deterministic_and_escapes_nothing_it_should_not():
    stops = read_stops('name,lat,lon,note\n"<b>A</b>",55.78,37.66,x\nOmsk,,,\n', "t.csv", GAZ)
    route = build_route(stops)
    assert dumps(route) == dumps(route)
    doc = json.loads(dumps(route))
    assert doc["features"][0]["properties"]["name"] == "<b>A</b>"
    assert route_geojson(route)["features"][-1]["properties"]["on_rail"] is True


def test_geojson_into_a_missing_folder_is_an_error_before_anything_is_written(tmp_path: Path):
    out = tmp_path / "map.html"
    result = CliRunner().invoke(cli, ["build", "-o", str(out), "--geojson",
                                      str(tmp_path / "nope" / "r.geojson")])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and "does not exist" in result.stderr
    assert not out.exists()


def test_rail_option_adds_a_users_line(tmp_path: Path):
    rail = tmp_path / "line.csv"
    rows = [(54.99244 - i * 0.2, 73.36859 - i * 0.1) for i in range(20)] + [(51.17, 71.45)]
    rail.write_text("name,lat,lon\n" + "".join(f"s{i},{a:.4f},{b:.4f}\n"
                                                for i, (a, b) in enumerate(rows)))
    stops = tmp_path / "stops.csv"
    stops.write_text("name,lat,lon\nOmsk,54.99244,73.36859\nAstana,51.17,71.45\n")
    args = ["build", "--stops", str(stops), "-o", str(tmp_path / "m.html")]
    without = CliRunner().invoke(cli, args)
    assert without.exit_code == 0 and "no rail route" in without.stderr
    with_rail = CliRunner().invoke(cli, args + ["--rail", str(rail)])
    assert with_rail.exit_code == 0, with_rail.output
    assert "Warning" not in with_rail.stderr
