"""--template-dir: a missing folder, a template that fails and an empty page are one clear
error, never a traceback or a 0-byte map (issue 13, fault 6)."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from journey.cli import cli
from journey.errors import RenderError
from journey.pipeline import build
from journey.render import render_html

ROUTE = build().route

BROKEN = [
    ("division by zero", "<html>\n{{ 1/0 }}\n</html>",
     r"map.html.j2:2: ZeroDivisionError: division by zero"),
    ("a recursive macro", "{% macro f() %}{{ f() }}{% endmacro %}\n{{ f() }}\n",
     r"map.html.j2:1: it calls itself without end"),
    ("extends itself", '{% extends "map.html.j2" %}', r"map.html.j2:1: it calls itself"),
    ("a syntax error", "<p>\n\n{% if %}\n", r"map.html.j2:3: Expected an expression"),
    ("an undefined name", "<p>\n{{ nope }}\n", r"map.html.j2:2: 'nope' is undefined"),
    ("a missing include", '{% include "gone.j2" %}', r"map.html.j2:1: gone.j2"),
]


@pytest.mark.parametrize("what, source, message", BROKEN, ids=[b[0] for b in BROKEN])
def test_a_failing_template_is_one_error_naming_the_template_and_line(tmp_path, what, source,
                                                                      message):
    (tmp_path / "map.html.j2").write_text(source)
    with pytest.raises(RenderError, match=message) as err:
        render_html(ROUTE, template_dir=tmp_path)
    text = str(err.value)
    assert str(tmp_path / "map.html.j2") in text or "map.html.j2" in text
    assert "\n" not in text and len(text) < 500


def test_a_non_utf8_template_names_the_file(tmp_path):
    (tmp_path / "map.html.j2").write_bytes(b"caf\xe9 {{ title }}")
    with pytest.raises(RenderError, match=r"map.html.j2: not UTF-8 text \(byte 3\)"):
        render_html(ROUTE, template_dir=tmp_path)
    (tmp_path / "map.html.j2").unlink()
    (tmp_path / "map.css").write_bytes(b"\xff\xfe")  # an included file, too
    with pytest.raises(RenderError, match=r"map.css: not UTF-8 text"):
        render_html(ROUTE, template_dir=tmp_path)


@pytest.mark.parametrize("source", ["", "  \n\n", "{# only a comment #}"])
def test_an_empty_page_is_refused(tmp_path, source):
    (tmp_path / "map.html.j2").write_text(source)
    with pytest.raises(RenderError, match="rendered an empty page"):
        render_html(ROUTE, template_dir=tmp_path)


def test_a_missing_template_folder_is_refused(tmp_path):
    with pytest.raises(RenderError, match="no such template folder"):
        render_html(ROUTE, template_dir=tmp_path / "nope")
    (tmp_path / "file").write_text("x")
    with pytest.raises(RenderError, match="no such template folder"):
        render_html(ROUTE, template_dir=tmp_path / "file")


def cli_build(tmp_path: Path, *args: str):
    out = tmp_path / "map.html"
    result = CliRunner().invoke(cli, ["build", "-o", str(out), "--tiles", "none", *args])
    return result, out


def test_the_cli_missing_folder_is_a_usage_error(tmp_path):
    result, out = cli_build(tmp_path, "--template-dir", str(tmp_path / "nope"))
    assert result.exit_code == 2 and "does not exist" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize("source", [BROKEN[0][1], BROKEN[1][1], b"\xe9", ""])
def test_the_cli_prints_one_error_line_exits_1_and_writes_nothing(tmp_path, source):
    tdir = tmp_path / "t"
    tdir.mkdir()
    f = tdir / "map.html.j2"
    f.write_bytes(source) if isinstance(source, bytes) else f.write_text(source)
    result, out = cli_build(tmp_path, "--template-dir", str(tdir))
    assert result.exit_code == 1, result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception,
                                                                     SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: template") and "map.html.j2" in \
        lines[0], lines
    assert not out.exists()
