"""The shape of the code (STYLE.md, issue 13): stages side by side, one gazetteer passed in."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from journey.extract import extract_mentions
from journey.gazetteer import Gazetteer
from journey.models import Place
from journey.pipeline import build

PACKAGE = Path(__file__).resolve().parent.parent / "journey"
STAGES = {"extract", "draft", "stops", "route", "render"}
# What a stage may stand on: the layers beneath it and the bottom floor.
BENEATH = {"gazetteer", "namesakes", "railnet", "railcache", "railregions", "basemap",
           "dates", "times", "numbers", "itinerary", "polyline", "assets", "models", "errors",
           "geo", "files"}
BENEATH |= {"cues"}  # the drafter's movement words of other languages (data)
BENEATH |= {"qualifiers", "ocr", "words"}  # qualifiers, OCR noise, common words


def _imports(module: str) -> set[str]:
    """Every journey module ``module`` imports, at the top or inside a function."""
    tree = ast.parse((PACKAGE / f"{module}.py").read_text("utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("journey."):
            out.add(node.module.split(".")[1])
        elif isinstance(node, ast.ImportFrom) and node.module == "journey":
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.Import):
            out.update(a.name.split(".")[1] for a in node.names
                       if a.name.startswith("journey."))
    return out - {module}


@pytest.mark.parametrize("stage", sorted(STAGES))
def test_a_stage_imports_no_other_stage_only_what_lies_beneath(stage):
    assert _imports(stage) <= BENEATH, _imports(stage) - BENEATH


@pytest.mark.parametrize("layer", sorted(m for m in BENEATH if (PACKAGE / f"{m}.py").exists()))
def test_the_layers_beneath_import_no_stage(layer):
    assert not _imports(layer) & (STAGES | {"pipeline", "cli", "formats"})


def _modules() -> list[Path]:
    return sorted(PACKAGE.glob("*.py"))


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.name)
def test_no_module_falls_back_to_a_shared_gazetteer(path):
    tree = ast.parse(path.read_text("utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "default" and \
                isinstance(node.value, ast.Name) and node.value.id == "Gazetteer":
            pytest.fail(f"{path.name}:{node.lineno}: Gazetteer.default")


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.name)
def test_no_module_level_cache_is_keyed_by_a_gazetteer(path):
    """A cache of what a gazetteer derives lives on the gazetteer (``derived``), so a new
    gazetteer (an edited stations.csv) never meets the old one's answers."""
    tree = ast.parse(path.read_text("utf-8"))
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef):
            continue
        cached = any("cache" in ast.unparse(d) for d in node.decorator_list)
        typed = [a for a in node.args.args if a.annotation is not None
                 and "Gazetteer" in ast.unparse(a.annotation)]
        assert not (cached and typed), f"{path.name}:{node.lineno}: {node.name}"


class CountingGeocoder:
    def __init__(self):
        self.asked: list[str] = []

    def lookup(self, name: str) -> Place | None:
        self.asked.append(name)
        return Place(name=name, lat=50.0, lon=60.0, kind="city", source="test:1")


ARTICLE = "The train left Moscow and arrived in Qwzxkovo on Monday."


def test_extraction_asks_an_online_layer_only_when_passed_one():
    online = CountingGeocoder()
    gaz = Gazetteer.load().with_geocoder(online)
    offline = extract_mentions(ARTICLE, gaz)
    assert online.asked == [] and [m.place for m in offline if m.text == "Qwzxkovo"] == [None]
    found = extract_mentions(ARTICLE, gaz, online=online)
    assert online.asked == ["Qwzxkovo"]
    assert [m.place.source for m in found if m.text == "Qwzxkovo"] == ["test:1"]


def test_a_build_with_an_online_gazetteer_still_asks_it():
    """The CLI's --geocoder nominatim: the pipeline passes the gazetteer's layer on."""
    online = CountingGeocoder()
    build(ARTICLE, "name\nMoscow\nOmsk\n", gazetteer=Gazetteer.load().with_geocoder(online),
          tiles=None)
    assert "Qwzxkovo" in online.asked


def test_each_gazetteer_keeps_its_own_derived_state():
    a, b = Gazetteer.load(), Gazetteer.load()
    extract_mentions("He stopped in Omsk.", a)
    assert a.derived and not b.derived
    assert a.with_geocoder(CountingGeocoder()).derived is a.derived  # same offline data
