import json
from pathlib import Path

import shapely

from journey.basemap import BUDGET_BYTES, basemap_layers, padded_box
from journey.polyline import decode

EXAMPLE_BOX = padded_box([(30.3, 39.0), (125.8, 59.9)])  # St Petersburg .. Pyongyang


def polygons(layer, precision):
    return [shapely.Polygon(decode(rings[0], precision)) for rings in layer]


def test_box_has_a_margin_and_is_square_as_mercator_draws_it():
    w, s, e, n = EXAMPLE_BOX
    assert w < 30.3 - 3 and e > 125.8 + 3 and s < 39 - 3 and n > 59.9 + 3
    assert -85 <= s and n <= 85 and -180 <= w and e <= 180


def test_example_basemap_has_land_borders_and_lake_baikal_within_budget():
    bm = basemap_layers(EXAMPLE_BOX)
    assert len(json.dumps({k: bm[k] for k in ("land", "lakes", "borders")})) <= BUDGET_BYTES
    lakes = polygons(bm["lakes"], bm["precision"])  # (lat, lon) order as the page uses
    baikal = shapely.Point(53.5, 108.2)  # the middle of the lake
    assert any(p.contains(baikal) for p in lakes)
    land = polygons(bm["land"], bm["precision"])
    assert any(p.contains(shapely.Point(55.0, 73.4)) for p in land)  # Omsk is on land
    assert len(bm["borders"]) > 20
    # Nothing outside the box (plus rounding).
    w, s, e, n = EXAMPLE_BOX
    for p in land:
        x0, y0, x1, y1 = p.bounds  # lat, lon
        assert s - 0.01 <= x0 and x1 <= n + 0.01 and w - 0.01 <= y0 and y1 <= e + 0.01


def test_a_tight_budget_simplifies_more_and_is_met():
    small = basemap_layers(EXAMPLE_BOX, budget_bytes=30_000)
    big = basemap_layers(EXAMPLE_BOX)
    assert small["tolerance_deg"] > big["tolerance_deg"]
    assert len(json.dumps({k: small[k] for k in ("land", "lakes", "borders")})) <= 30_000


def test_elsewhere_in_the_world_too():
    bm = basemap_layers(padded_box([(-74.0, 40.7), (-118.2, 34.1)]))  # New York -> LA
    land = polygons(bm["land"], bm["precision"])
    assert any(p.contains(shapely.Point(39.0, -100.0)) for p in land)
    assert basemap_layers(EXAMPLE_BOX) == basemap_layers(EXAMPLE_BOX)  # deterministic


def test_shipped_world_file_is_what_its_builder_makes():
    # data/basemap/world.npz is derived from the two GeoJSON files by compile_world()
    # (tools/derive_basemap.py); a changed source or builder must be followed by a rebuild.
    import numpy as np

    from journey.assets import data_path
    from journey.basemap import WORLD
    from tools.derive_basemap import compile_world

    built = compile_world()
    with np.load(data_path("basemap", WORLD), allow_pickle=False) as shipped:
        assert sorted(shipped.files) == sorted(built)
        for key, array in built.items():
            assert shipped[key].dtype == array.dtype, key
            assert np.array_equal(shipped[key], array), key


def test_borders_are_not_the_clip_box_edges():
    bm = basemap_layers(EXAMPLE_BOX)
    w, s, e, n = EXAMPLE_BOX
    for line in bm["borders"]:
        pts = decode(line, bm["precision"])
        on_edge = all(abs(lat - s) < 6e-4 or abs(lat - n) < 6e-4 or abs(lon - w) < 6e-4
                      or abs(lon - e) < 6e-4 for lat, lon in pts)
        # A bit of coast that dips into the box may simplify to a short chord on its edge;
        # a long line along the edge would be the box itself drawn as a border.
        span = max(max(p[0] for p in pts) - min(p[0] for p in pts),
                   max(p[1] for p in pts) - min(p[1] for p in pts))
        assert not (on_edge and span > 2), pts[:3]


def test_shipped_labels_are_what_the_tool_writes(tmp_path, monkeypatch):
    # data/basemap/labels.tsv (the map's place names) is derived by tools/derive_labels.py.
    import importlib
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    tool = importlib.import_module("tools.derive_labels")
    rows = tool.rows(tool.MARINE)
    shipped = (Path(__file__).resolve().parents[1] / "data/basemap/labels.tsv").read_text("utf-8")
    assert shipped.splitlines()[1:] == [f"{k}\t{n}\t{a:.3f}\t{o:.3f}\t{r}" for k, n, a, o, r in rows]
    kinds = {k for k, *_ in rows}
    assert kinds == {"country", "city", "sea"}
