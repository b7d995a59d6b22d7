"""`journey build --png`: a real screenshot whose pixels show the route."""
import struct
import sys
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from journey.cli import cli
from journey.errors import RenderError
from journey.png import parse_size, render_png


def decode_png(raw: bytes) -> tuple[int, int, list[bytes], int]:
    """Width, height, unfiltered rows and bytes per pixel of an 8-bit RGB(A) PNG."""
    assert raw[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", None
    while pos < len(raw):
        length, kind = struct.unpack(">I4s", raw[pos:pos + 8])
        body = raw[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0, header
    bpp = 3 if colour == 2 else 4
    data = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        ftype, line = data[y * (stride + 1)], bytearray(data[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b, c = prev[x], prev[x - bpp] if x >= bpp else 0
            if ftype == 1:
                line[x] = (line[x] + a) & 255
            elif ftype == 2:
                line[x] = (line[x] + b) & 255
            elif ftype == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, rows, bpp


def route_colours(browser, html_path: Path) -> set[tuple[int, int, int]]:
    """The stroke colours the page gives its legs, as the browser resolves them."""
    page = browser.new_page()
    page.goto(html_path.as_uri())
    hexes = page.evaluate("journey._legs.map(l => l.layer.options.color)")
    page.close()
    return {tuple(int(h[i:i + 2], 16) for i in (1, 3, 5)) for h in hexes}


def test_build_png_shows_the_route(browser, tmp_path: Path):
    html, png = tmp_path / "map.html", tmp_path / "map.png"
    result = CliRunner().invoke(cli, ["build", "-o", str(html), "--png", str(png),
                                      "--size", "900x600"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert f"Wrote {png} (900x600)" in result.output
    width, height, rows, bpp = decode_png(png.read_bytes())
    assert (width, height) == (900, 600)
    colours = route_colours(browser, html)
    near = 0
    for row in rows:
        for x in range(0, width * bpp, bpp):
            r, g, b = row[x], row[x + 1], row[x + 2]
            if any(abs(r - cr) + abs(g - cg) + abs(b - cb) < 60 for cr, cg, cb in colours):
                near += 1
    # A 3-pixel line across most of a 900-pixel-wide map: thousands of pixels. A blank or
    # route-less map has none of the route's colour.
    assert near > 2000, near
    # Not one flat colour either: the page drew a map, labels and text.
    assert len({row[x:x + 3] for row in rows[::10] for x in range(0, width * bpp, bpp * 10)}) > 20


def test_missing_browser_is_one_clear_error_and_no_file(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("JOURNEY_CHROMIUM", str(tmp_path / "no-such-chromium"))
    png = tmp_path / "map.png"
    result = CliRunner().invoke(cli, ["build", "-o", str(tmp_path / "m.html"), "--png", str(png)])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: JOURNEY_CHROMIUM=")
    assert "point it at a Chromium" in lines[0]
    assert not png.exists()


def test_missing_playwright_says_how_to_install_it(tmp_path: Path, monkeypatch):
    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)  # import now fails
    with pytest.raises(RenderError, match=r"pip install 'journey\[png\]'"):
        render_png("<html></html>", tmp_path / "x.png")


@pytest.mark.parametrize("text, message", [
    ("1200", "WIDTHxHEIGHT"), ("12x8", "WIDTHxHEIGHT"), ("100x800", "200 to 8000"),
])
def test_bad_size_is_a_clear_error(text, message):
    with pytest.raises(RenderError, match=message):
        parse_size(text)
    assert parse_size(" 1200 x 675 ") == (1200, 675)


def test_bad_size_on_the_command_line_writes_nothing(tmp_path: Path):
    out = tmp_path / "m.html"
    result = CliRunner().invoke(cli, ["build", "-o", str(out), "--png", str(tmp_path / "m.png"),
                                      "--size", "huge"])
    assert result.exit_code == 1 and result.stderr.startswith("Error: --size 'huge'")
    assert not out.exists()


def test_size_without_png_is_a_usage_error(tmp_path: Path):
    result = CliRunner().invoke(cli, ["build", "-o", str(tmp_path / "m.html"), "--size", "800x600"])
    assert result.exit_code == 2 and "give --png PATH too" in result.stderr


def test_a_program_that_is_not_a_browser_is_one_clear_error(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("JOURNEY_CHROMIUM", "/bin/true")
    png = tmp_path / "map.png"
    with pytest.raises(RenderError) as info:
        render_png("<!DOCTYPE html><title>x</title>", png, (400, 300))
    message = str(info.value)
    assert message.startswith("--png: cannot start a browser (/bin/true: ")
    assert "\n" not in message and "apt-get install chromium" in message
    assert not png.exists() and list(tmp_path.iterdir()) == []
