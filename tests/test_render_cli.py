"""CLI options of the renderer: --tiles and --embed."""
from pathlib import Path

from click.testing import CliRunner

from journey.cli import cli


def test_embed_writes_an_iframe_snippet_next_to_the_map(tmp_path: Path):
    out = tmp_path / "story.html"
    result = CliRunner().invoke(cli, ["build", "-o", str(out), "--embed", "--tiles", "none"])
    assert result.exit_code == 0, result.output
    snippet = (tmp_path / "story.iframe.html").read_text("utf-8")
    assert snippet.startswith('<iframe src="story.html" title="Journey&#39;s end for Kim')
    assert "tile.openstreetmap.org" not in out.read_text("utf-8")


def test_unknown_tiles_is_one_error_line_and_no_output(tmp_path: Path):
    out = tmp_path / "map.html"
    result = CliRunner().invoke(cli, ["build", "-o", str(out), "--tiles", "Nope.Map"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: unknown tile provider 'Nope.Map'; give an "
                                    "xyzservices name")
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_misspelt_tiles_name_gets_suggestions(tmp_path: Path):
    result = CliRunner().invoke(cli, ["build", "-o", str(tmp_path / "m.html"),
                                      "--tiles", "OpenStretMap.Mapnik"])
    assert result.exit_code == 1
    assert "(did you mean OpenStreetMap.Mapnik" in result.stderr
