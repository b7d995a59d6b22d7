"""Malformed --rail files: one `Error:` line naming the file and line (or feature), exit 1,
never a traceback (issue 13, faults 5, 11 and 12)."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journey import railcache, railnet
from journey.cli import cli
from journey.errors import InputError
from journey.pipeline import example_path

STOPS = str(example_path("stops.csv"))
LINE = [[37.6, 55.7], [38.0, 56.0]]


def feature_collection(*features) -> str:
    return json.dumps({"type": "FeatureCollection", "features": list(features)})


def feature(geometry, properties=None) -> dict:
    return {"type": "Feature", "geometry": geometry, "properties": properties or {}}


BAD_GEOJSON = [
    ("a feature that is a string", feature_collection("oops"), "feature 0: a feature must"),
    ("a feature that is a number", feature_collection(feature({"type": "LineString",
                                                               "coordinates": LINE}), 7),
     "feature 1: a feature must"),
    ("geometry a string", feature_collection({"type": "Feature", "geometry": "LineString"}),
     "feature 0: geometry must be a JSON object"),
    ("properties a string", feature_collection(
        {"type": "Feature", "geometry": {"type": "LineString", "coordinates": LINE},
         "properties": "Moscow line"}), "feature 0: properties must be"),
    ("MultiLineString coordinates a number", feature_collection(
        feature({"type": "MultiLineString", "coordinates": 5})),
     r"feature 0: MultiLineString coordinates must be \[\[\["),
    ("MultiLineString parts numbers", feature_collection(
        feature({"type": "MultiLineString", "coordinates": [1, 2]})),
     "feature 0: MultiLineString coordinates must be"),
    ("LineString coordinates a string", feature_collection(
        feature({"type": "LineString", "coordinates": "37.6,55.7"})),
     r"feature 0: LineString coordinates must be \[\[lon"),
    ("coordinates as objects", feature_collection(
        feature({"type": "LineString", "coordinates": [{"lon": 37.6, "lat": 55.7},
                                                       {"lon": 38, "lat": 56}]})),
     "feature 0: coordinate 0 is not a"),
    ("coordinates as strings", feature_collection(
        feature({"type": "LineString", "coordinates": [["37.6", "55.7"], [38, 56]]})),
     "feature 0: coordinate 0 is not a"),
    ("a coordinate of booleans", feature_collection(
        feature({"type": "LineString", "coordinates": [[True, False], [38, 56]]})),
     "feature 0: coordinate 0 is not a"),
    ("a coordinate off the globe", feature_collection(
        feature({"type": "LineString", "coordinates": [[37.6, 55.7], [38, 96]]})),
     "feature 0: coordinate 1 is not a"),
    ("deeply nested arrays", "[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ("deeply nested objects", '{"a":' * 100_000 + "1" + "}" * 100_000, "nested too deeply"),
    ("an integer of 5,000 digits", "[" + "1" * 5000 + "]", "bad.geojson: not valid JSON"),
    ("an integer too big for a float", feature_collection(
        feature({"type": "LineString", "coordinates": [[1, 2], [3, 10 ** 400]]})),
     "feature 0: coordinate 1 is not a"),
    ("NaN in a coordinate", feature_collection(
        feature({"type": "LineString", "coordinates": [[1, 2], [3, float("nan")]]})),
     "feature 0: coordinate 1 is not a"),
    ("broken JSON", '{"type": "FeatureCollection",\n "features": [,]}',
     r"bad.geojson:2: not valid JSON"),
]

BAD_CSV = [
    ("a row with an extra value", "name,lat,lon\nA,55.7,37.6\nB,56.0,38.0,9\n",
     "bad.csv:3: 4 values but the header has 3 columns"),
    ("a field over the csv limit", "name,lat,lon\nA,55.7,37.6\n" + "x" * 140_000 + ",1,2\n",
     "bad.csv:3: a field longer than 131,072 characters"),
    ("an unclosed quote", 'name,lat,lon\nA,55.7,37.6\n"B,56.0,38.0\nC,57,39\n',
     "bad.csv:3: a quote .* opened here is never closed"),
    ("a stray quote", 'name,lat,lon\nA,55.7,37.6\n"B"x,56.0,38.0\n', "bad.csv:3: not valid CSV"),
    ("a NUL byte", "name,lat,lon\nA,55.7,37.6\nB\0,56.0,38.0\n", "bad.csv:3: a NUL byte"),
    ("underscores in a number", "name,lat,lon\nA,5_5.7,37.6\nB,56.0,38.0\n",
     "bad.csv:2: lat '5_5.7' is not a number; give decimal degrees"),
    ("a non-ASCII digit", "name,lat,lon\nA,55.7,37.6\nB,٥٦,38.0\n",
     "bad.csv:3: lat '٥٦' is not a number"),
    ("nan", "name,lat,lon\nA,nan,37.6\nB,56.0,38.0\n", "bad.csv:2: lat 'nan' is not a number"),
    ("a bad km post", "name,lat,lon,km\nA,55.7,37.6,0\nB,56.0,38.0,nine\n",
     "bad.csv:3: km 'nine' is not a number; give the km post as a number like 9288"),
]


@pytest.mark.parametrize("what, text, message", BAD_GEOJSON, ids=[c[0] for c in BAD_GEOJSON])
def test_a_malformed_rail_geojson_is_one_error_naming_the_feature(tmp_path, what, text,
                                                                  message):
    (tmp_path / "bad.geojson").write_text(text)
    with pytest.raises(InputError, match=message):
        railcache.load_network([tmp_path / "bad.geojson"], use_cache=False)


@pytest.mark.parametrize("what, text, message", BAD_CSV, ids=[c[0] for c in BAD_CSV])
def test_a_malformed_rail_csv_is_one_error_naming_the_line(tmp_path, what, text, message):
    (tmp_path / "bad.csv").write_text(text)
    with pytest.raises(InputError, match=message):
        railcache.load_network([tmp_path / "bad.csv"], use_cache=False)


def test_a_km_error_does_not_ask_for_degrees():
    with pytest.raises(InputError) as err:
        railnet.parse_station_csv("name,lat,lon,km\nA,1,2,x\nB,1,3,4\n", "k.csv")
    assert "degrees" not in str(err.value)


def test_good_numbers_still_parse():
    text = "name,lat,lon,km\nA,+55.5,-37.,1e1\nB,.5,37,12.5\n"
    (line,) = railnet.parse_station_csv(text, "ok.csv")
    assert line.lonlat == ((-37.0, 55.5), (37.0, 0.5)) and line.km == (10.0, 12.5)
    # A height in a GeoJSON position is allowed; a feature without geometry is skipped.
    doc = feature_collection({"type": "Feature", "geometry": None, "properties": None},
                             feature({"type": "LineString",
                                      "coordinates": [[37.6, 55.7, 140], [38, 56, 150.5]]},
                                     {"name": 12}))
    (line,) = railnet.parse_geojson(doc, "ok.geojson")
    assert line.lonlat == ((37.6, 55.7), (38.0, 56.0)) and line.name == "12"


@pytest.mark.parametrize("name, text", [("bad.csv", BAD_CSV[0][1]),
                                        ("bad.csv", BAD_CSV[1][1]),
                                        ("bad.geojson", BAD_GEOJSON[0][1]),
                                        ("bad.geojson", BAD_GEOJSON[11][1])])
def test_the_cli_prints_one_error_line_and_exits_1(tmp_path, name, text):
    bad, out = tmp_path / name, tmp_path / "map.html"
    bad.write_text(text)
    result = CliRunner().invoke(cli, ["build", "--stops", STOPS, "--rail", str(bad), "-o",
                                      str(out), "--tiles", "none"])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and str(bad) in lines[0], lines
    assert not out.exists()


# -- property tests: whatever the bytes, an InputError or lines, never anything else -------

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8)
    | st.sampled_from([10 ** 400, -(10 ** 400), 180, -90, 90.0000001]),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from(["type", "features", "geometry", "properties",
                                       "coordinates", "name", "ref"]) | st.text(max_size=4),
                      inner, max_size=4),
    max_leaves=30)
_geometry = st.fixed_dictionaries({
    "type": st.sampled_from(["LineString", "MultiLineString", "Point", "Feature"]),
    "coordinates": _json})
_feature = st.fixed_dictionaries({"type": st.just("Feature"),
                                  "geometry": _geometry | _json, "properties": _json})
_doc = st.one_of(_json, _geometry,
                 st.fixed_dictionaries({"type": st.just("FeatureCollection"),
                                        "features": st.lists(_feature | _json, max_size=4)}))
PROPERTY = settings(max_examples=200, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def _parse_or_refuse(parse, text: str, source: str) -> None:
    try:
        lines = parse(text, source)
    except InputError as exc:
        assert str(exc).startswith(source) and "\n" not in str(exc)
        return
    assert lines and all(len(ln.lonlat) >= 2 for ln in lines)


@PROPERTY
@given(_doc)
def test_any_json_structure_gives_lines_or_one_error(doc):
    _parse_or_refuse(railnet.parse_geojson, json.dumps(doc), "r.geojson")


@PROPERTY
@given(st.binary(max_size=300))
def test_any_bytes_give_lines_or_one_error(data):
    text = data.decode("utf-8", "replace")
    _parse_or_refuse(railnet.parse_geojson, text, "r.geojson")
    _parse_or_refuse(railnet.parse_station_csv, text, "r.csv")
    _parse_or_refuse(railnet.parse_station_csv, "name,lat,lon,km,line\n" + text, "r.csv")


@PROPERTY
@given(st.lists(st.lists(st.sampled_from(["A", "55.7", "37", "", '"', ",", "x_1", "\n",
                                          "1e400", "-", "9", "\r"]), max_size=6),
                max_size=6))
def test_csv_made_of_tricky_pieces_gives_lines_or_one_error(rows):
    text = "name,lat,lon,km\n" + "\n".join(",".join(r) for r in rows)
    _parse_or_refuse(railnet.parse_station_csv, text, "r.csv")
