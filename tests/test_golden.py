"""Golden files: what the shipped example's page carries, stop by stop.

Run `pytest --update-golden` after an intended change and review the diff.
"""
import json
import re
from pathlib import Path

from journey.pipeline import build_map
from journey.polyline import decode

GOLDEN = Path(__file__).parent / "golden"


def page_data(html: str) -> dict:
    data = json.loads(re.search(r"window.journeyData = (.*?);</script>", html).group(1))
    for leg in data["legs"]:  # the geometry is pinned by tests/test_route.py, not here
        leg["line"] = len(decode(leg["line"]))
    data.pop("basemap")  # pinned by tests/test_basemap.py
    data.pop("world")
    data["labels"] = [row[1] for row in data["labels"]]  # names only: which the map may show
    return data


def test_example_page_data_matches_golden(update_golden):
    expected_path = GOLDEN / "example" / "page-data.json"
    actual = page_data(build_map())
    if update_golden or not expected_path.exists():
        expected_path.write_text(json.dumps(actual, indent=1, ensure_ascii=False) + "\n", "utf-8")
    expected = json.loads(expected_path.read_text("utf-8"))
    assert actual == expected
