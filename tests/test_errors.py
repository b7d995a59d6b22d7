"""Every mistake a user can make: one exact `Error:` line, the right exit code, no
traceback, and the map that was there before left untouched (no temp files either)."""
from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from journey.cli import cli
from journey.pipeline import example_path

OLD = "<p>the map from before</p>"
ARTICLE = example_path("article.txt").read_text("utf-8")
STOPS = example_path("stops.csv").read_text("utf-8")


@pytest.fixture
def ws(tmp_path: Path):
    """A folder with an existing map that no failed build may change."""
    (tmp_path / "map.html").write_text(OLD)
    return tmp_path


def build(ws: Path, *args: str):
    result = CliRunner().invoke(cli, ["build", *args, "-o", str(ws / "map.html")])
    assert "Traceback" not in result.output + result.stderr
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit), result.exception
    return result


def fails(ws: Path, *args: str, exit_code: int = 1) -> str:
    """Run a build that must fail; return its one stderr line after checking the rest."""
    result = build(ws, *args)
    assert result.exit_code == exit_code, result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert (ws / "map.html").read_text() == OLD
    assert sorted(p.name for p in ws.iterdir() if p.name.startswith(".")) == []
    return lines[0]


def write(ws: Path, name: str, content: str | bytes) -> str:
    path = ws / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return str(path)


# --- files that cannot be read ------------------------------------------------------------

def test_missing_article(ws):
    stops = write(ws, "s.csv", STOPS)
    missing = ws / "nope.txt"
    assert fails(ws, str(missing), "--stops", stops) == (
        f"Error: {missing}: no such file; check the path")


def test_missing_stop_file(ws):
    missing = ws / "nope.csv"
    assert fails(ws, "--stops", str(missing)) == f"Error: {missing}: no such file; check the path"


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux /proc")
def test_unreadable_file(ws):
    # /proc/self/mem opens but fails on read even for root, unlike a chmod 000 file.
    assert fails(ws, "--stops", "/proc/self/mem") == (
        "Error: /proc/self/mem: cannot read (Input/output error); check its permissions")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_file_without_read_permission(ws):
    stops = write(ws, "s.csv", STOPS)
    os.chmod(stops, 0)
    assert fails(ws, "--stops", stops) == (
        f"Error: {stops}: cannot read (Permission denied); check its permissions")


def test_empty_article(ws):
    article = write(ws, "a.txt", " \n\n ")
    stops = write(ws, "s.csv", STOPS)
    assert fails(ws, article, "--stops", stops) == (
        f"Error: {article}: the article is empty; give a text file with the story")


def test_binary_article(ws):
    article = write(ws, "a.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    stops = write(ws, "s.csv", STOPS)
    assert fails(ws, article, "--stops", stops) == (
        f"Error: {article}: looks like a binary file, not text (it has NUL bytes); give a UTF-8 "
        "text file")


def test_utf16_without_bom_is_named(ws):
    article = write(ws, "a.txt", ARTICLE[:500].encode("utf-16-le"))
    stops = write(ws, "s.csv", STOPS)
    assert fails(ws, article, "--stops", stops).endswith(
        "if it is UTF-16 text, pass --encoding utf-16-le (or utf-16-be)")


def test_utf16_with_bom_is_read(ws):
    article = write(ws, "a.txt", ARTICLE.encode("utf-16"))
    stops = write(ws, "s.csv", STOPS)
    result = build(ws, article, "--stops", stops)
    assert result.exit_code == 0, result.output
    assert f"Warning: {article} is not UTF-8; read it as utf-16" in result.stderr


RUSSIAN = ("Бронепоезд Ким Чен Ира прибыл в Москву на Ярославский вокзал в пятницу вечером. "
           "По пути поезд долго стоял в Омске.\n")


def test_cyrillic_legacy_encoding_names_the_encoding_to_pass(ws):
    article = write(ws, "a.txt", ("Moscow.\n" + RUSSIAN).encode("cp1251"))
    stops = write(ws, "s.csv", STOPS)
    assert fails(ws, article, "--stops", stops) == (
        f"Error: {article}:2:1: not UTF-8 text (byte 0xc1); save it as UTF-8 or pass "
        "--encoding cp1251")
    result = build(ws, article, "--stops", stops, "--encoding", "cp1251")
    assert result.exit_code == 0, result.output


def test_koi8_is_told_apart_from_cp1251(ws):
    article = write(ws, "a.txt", RUSSIAN.encode("koi8-r"))
    stops = write(ws, "s.csv", STOPS)
    assert fails(ws, article, "--stops", stops).endswith("pass --encoding koi8-r")


def test_wrong_explicit_encoding(ws):
    article = write(ws, "a.txt", "Omsk “quoted” – Moscow.\n".encode("utf-8"))
    stops = write(ws, "s.csv", STOPS)
    assert fails(ws, article, "--stops", stops, "--encoding", "ascii") == (
        f"Error: {article}:1:6: not valid ascii text (byte 0xe2); check which encoding it was "
        "saved in")


def test_western_legacy_text_is_read_as_cp1252_with_a_warning(ws):
    text = (ARTICLE.replace("'", "\u2019").replace("Moscow", "Moscow\u2026")
            + "\nCaf\u00e9 Z\u00fcrich.\n")
    article = write(ws, "a.txt", text.encode("cp1252"))
    stops = write(ws, "s.csv", STOPS)
    result = build(ws, article, "--stops", stops)
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == (
        f"Warning: {article} is not UTF-8; read it as cp1252 (pass --encoding to choose another)")
    assert "Journey\u2019s end for Kim Jong Il" in (ws / "map.html").read_text()


def test_unknown_encoding_is_a_usage_error(ws):
    result = build(ws, "--encoding", "klingon")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines()[-1] == (
        "Error: Invalid value for --encoding: unknown encoding 'klingon'; try utf-8, cp1252, "
        "cp1251 or latin-1")
    assert (ws / "map.html").read_text() == OLD


# --- the stop file ------------------------------------------------------------------------

def test_unknown_stop_suggests_the_nearest_names(ws):
    stops = write(ws, "s.csv", "name\nMoscow\nOmks\n")
    line = fails(ws, "--stops", stops)
    assert line.startswith(f"Error: unknown place 'Omks' in {stops}:3; did you mean 'Omsk'")
    assert line.endswith("? Fix the spelling or give lat and lon columns for it.")


@pytest.mark.parametrize("csv_text, where, message", [
    ('name,note\nPyongyang,"a note\nMoscow,x\n', "2:11",
     'this quote is never closed; add the closing " (a quote inside a quoted value is written "")'),
    ('name,note\nPyongyang,"a" note\nMoscow,x\n', "2:14",
     'text after a closing quote; put the whole value in quotes and write a quote inside it as '
     'two ("")'),
    ("name,note\nPyongyang,stops here, briefly\nMoscow,x\n", "2:22",
     "3 values but the header has 2 (name,note); a comma inside a value? put that value in "
     "double quotes"),
])
def test_malformed_csv_names_line_and_column(ws, csv_text, where, message):
    stops = write(ws, "s.csv", csv_text)
    assert fails(ws, "--stops", stops) == f"Error: {stops}:{where}: {message}"


def test_empty_stop_file(ws):
    stops = write(ws, "s.csv", "")
    assert fails(ws, "--stops", stops) == (
        f"Error: {stops}: the stop file is empty; the first line must name the columns, e.g. "
        "name,role,date, then one stop per line")


def test_latitude_out_of_range(ws):
    stops = write(ws, "s.csv", "name,lat,lon\nMy Halt,95.5,140\nMoscow,,\n")
    assert fails(ws, "--stops", stops) == (
        f"Error: {stops}:2: 'My Halt' lat 95.5 / lon 140.0 out of range; lat must be -90..90 and "
        "lon -180..180")


def test_latitude_over_90_with_a_small_longitude_is_called_swapped(ws):
    stops = write(ws, "s.csv", "name,lat,lon\nMy Halt,120.5,55.1\nMoscow,,\n")
    assert fails(ws, "--stops", stops) == (
        f"Error: {stops}:2: 'My Halt' lat 120.5 / lon 55.1 out of range (lat and lon look "
        "swapped); lat must be -90..90 and lon -180..180")


def test_swapped_coordinates_of_a_known_place(ws):
    # Omsk is at 54.99 N, 73.37 E; both numbers are in range, so only the gazetteer can tell.
    stops = write(ws, "s.csv", "name,lat,lon\nOmsk,73.37,54.99\nMoscow,,\n")
    line = fails(ws, "--stops", stops)
    assert line.startswith(f"Error: {stops}:2: lat 73.37 / lon 54.99 of 'Omsk' look swapped: "
                           "Omsk is at lat 54.99")
    assert line.endswith("; swap the two values")


def test_a_deliberate_override_far_from_the_gazetteer_is_accepted(ws):
    stops = write(ws, "s.csv", "name,lat,lon\nOmsk,55.5,70.0\nMoscow,,\n")
    result = build(ws, "--stops", stops)
    assert result.exit_code == 0, result.output


def test_duplicate_order(ws):
    stops = write(ws, "s.csv", "name,order\nPyongyang,1\nOmsk,2\nMoscow,2\n")
    assert fails(ws, "--stops", stops) == (
        f"Error: {stops}:4: order 2 of 'Moscow' is also the order of 'Omsk' on line 3; give each "
        "stop its own order")


def test_non_numeric_order(ws):
    stops = write(ws, "s.csv", "name,order\nPyongyang,1\nOmsk,second\n")
    assert fails(ws, "--stops", stops) == (
        f"Error: {stops}:3: order 'second' of 'Omsk' is not a number; use 1, 2, 3 ... (2.5 slots "
        "a stop between 2 and 3)")


def test_missing_order(ws):
    stops = write(ws, "s.csv", "name,order\nPyongyang,1\nOmsk,\n")
    assert fails(ws, "--stops", stops) == (
        f"Error: {stops}:3: 'Omsk' has no order; give every stop an order (1, 2, 3 ...) or delete "
        "the order column")


def test_order_column_sorts_the_stops(ws):
    stops = write(ws, "s.csv", "name,order\nMoscow,3\nPyongyang,1\nOmsk,2.5\n")
    result = build(ws, "--stops", stops)
    assert result.exit_code == 0, result.output
    html = (ws / "map.html").read_text()
    assert html.index('"name": "Pyongyang"') < html.index('"name": "Omsk"') < html.index(
        '"name": "Moscow"')


def test_bad_date(ws):
    stops = write(ws, "s.csv", "name,date\nPyongyang,26/07/2001\nMoscow,\n")
    assert fails(ws, "--stops", stops) == (
        f"Error: {stops}:2: date: '26/07/2001' is not an ISO 8601 date (day/month order is "
        "ambiguous); write YYYY-MM-DD or YYYY-MM-DDTHH:MM, e.g. 2001-08-03T22:00")


def test_a_single_stop(ws):
    stops = write(ws, "s.csv", "name\nOmsk\n")
    assert fails(ws, "--stops", stops) == (
        f"Error: {stops}: only one stop ('Omsk'); a journey needs at least two: add where it "
        "starts and where it goes")


def test_one_stop_twice_is_still_a_single_stop(ws):
    stops = write(ws, "s.csv", "name\nOmsk\nomsk\n")
    assert fails(ws, "--stops", stops).startswith(f"Error: {stops}: only one stop ('Omsk')")


def test_header_only(ws):
    stops = write(ws, "s.csv", "name,role\n")
    assert fails(ws, "--stops", stops) == (
        f"Error: {stops}: no stops; add one line per stop under the header")


# --- the output ---------------------------------------------------------------------------

def test_output_directory_missing(ws):
    out = ws / "nope" / "map.html"
    result = CliRunner().invoke(cli, ["build", "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"Error: {out}: directory {out.parent} does not exist; create it or pick another -o path")
    assert not out.parent.exists()


@pytest.mark.skipif(not Path("/sys").is_dir(), reason="needs Linux /sys")
def test_output_directory_not_writable():
    # /sys refuses new files even to root (a chmod'ed folder would not).
    result = CliRunner().invoke(cli, ["build", "-o", "/sys/map.html"])
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "Error: /sys/map.html: cannot write in /sys (Permission denied)")


def test_output_is_a_directory_is_a_usage_error(ws):
    (ws / "out").mkdir()
    result = CliRunner().invoke(cli, ["build", "-o", str(ws / "out")])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines()[-1] == (
        f"Error: Invalid value for '-o' / '--output': File '{ws / 'out'}' is a directory.")
    assert [p.name for p in ws.iterdir() if p.name.startswith(".")] == []


# --- what a user may mean: warn and build -------------------------------------------------

def test_consecutive_identical_stops_are_merged_with_a_warning(ws):
    stops = write(ws, "s.csv", "name,date\nPyongyang,2001-07-26\nOmsk,2001-07-31\n"
                               "Omsk,2001-08-01\nMoscow,2001-08-03\n")
    result = build(ws, "--stops", stops)
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == (
        f"Warning: {stops}:4: 'Omsk' repeats the stop on line 3; merged the two (delete one line "
        "to silence this)")
    assert "3 stops" in result.stdout


def test_stops_the_article_never_names_warn_no_quotes(ws):
    article = write(ws, "a.txt", "A short story about nothing in particular. It rained.\n")
    stops = write(ws, "s.csv", STOPS)
    result = build(ws, article, "--stops", stops)
    assert result.exit_code == 0, result.output
    assert (f"Warning: the article mentions none of the stops in {stops}, so the popups have no "
            "quotes; is it the right article?") in result.stderr.splitlines()


# --- the file system's edges (issue 13) ---------------------------------------------------

def device_node(tmp_path: Path, name: str) -> str:
    """A private copy of /dev/null or /dev/full (as root), so that a regression replaces
    only the copy, never the machine's device; the real one for other users."""
    real = f"/dev/{name}"
    if os.geteuid() != 0:
        return real
    node = tmp_path / name
    os.mknod(node, 0o666 | stat.S_IFCHR, os.stat(real).st_rdev)
    return str(node)


@pytest.mark.parametrize("name", ["null", "full"])
def test_output_to_a_device_is_refused_and_the_device_kept(tmp_path, name):
    device = device_node(tmp_path, name)
    before = os.stat(device)
    result = CliRunner().invoke(cli, ["build", "-o", device])
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"Error: {device}: is not a regular file (a device, pipe or socket); journey only "
        "replaces files, pick another -o path")
    after = os.stat(device)
    assert (after.st_mode, after.st_rdev) == (before.st_mode, before.st_rdev)


def test_draft_output_to_a_device_is_refused(ws, tmp_path):
    article = write(ws, "a.txt", ARTICLE)
    device = device_node(tmp_path, "full")
    result = CliRunner().invoke(cli, ["draft", article, "-o", device])
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"Error: {device}: is not a regular file (a device, pipe or socket); journey only "
        "replaces files, pick another -o path")
    assert stat.S_ISCHR(os.stat(device).st_mode)


@pytest.mark.parametrize("which", ["article", "stops"])
def test_output_that_is_an_input_is_a_usage_error(ws, which):
    article, stops = write(ws, "a.txt", ARTICLE), write(ws, "s.csv", STOPS)
    target = article if which == "article" else stops
    result = CliRunner().invoke(cli, ["build", article, "--stops", stops, "-o", target])
    label = "the article" if which == "article" else "the --stops file"
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"Error: {target}: -o is the same file as {label}; writing it would replace that "
        "file, give another -o path")
    assert Path(article).read_text("utf-8") == ARTICLE and Path(stops).read_text() == STOPS


def test_geojson_that_is_the_map_is_a_usage_error(ws):
    out = ws / "map.html"
    result = CliRunner().invoke(cli, ["build", "-o", str(out), "--geojson", str(out)])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"Error: {out}: --geojson is the same file as the -o output; writing it would replace "
        "that file, give another --geojson path")
    assert out.read_text() == OLD and result.stdout == ""


def test_empty_output_is_a_usage_error(ws):
    result = CliRunner().invoke(cli, ["build", "-o", ""])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "Error: -o is empty; give a file name such as output/map.html")


def test_output_under_a_file_says_so(ws):
    result = CliRunner().invoke(cli, ["build", "-o", str(ws / "map.html" / "x.html")])
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"Error: {ws / 'map.html' / 'x.html'}: {ws / 'map.html'} is a file, not a folder; "
        "pick another -o path")
    assert (ws / "map.html").read_text() == OLD


def test_a_codec_that_is_not_a_text_encoding_is_a_usage_error(ws):
    result = build(ws, "--encoding", "rot13")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines()[-1] == (
        "Error: Invalid value for --encoding: 'rot13' is not a text encoding (it is a bytes "
        "or text transform); try utf-8, cp1252, cp1251 or latin-1")
    assert (ws / "map.html").read_text() == OLD


def test_utf16_article_with_a_utf8_stop_file_builds(ws):
    article = write(ws, "a.txt", ARTICLE.encode("utf-16-le"))  # no BOM: needs --encoding
    stops = write(ws, "s.csv", STOPS)
    result = build(ws, article, "--stops", stops, "--encoding", "utf-16-le",
                   "--stops-encoding", "utf-8")
    assert result.exit_code == 0, result.output
    assert ": 5 stops, " in result.stdout and "Error" not in result.stderr
    html = (ws / "map.html").read_text()
    assert html != OLD and "Journey&#39;s end for Kim Jong Il" in html


def test_a_device_as_input_is_refused_at_once(ws):
    assert fails(ws, "/dev/zero") == (
        "Error: /dev/zero: is not a regular file (a device, pipe or socket); give a text file")


def test_a_fifo_as_input_does_not_hang(ws):
    fifo = ws / "in.txt"
    os.mkfifo(fifo)
    result = build(ws, str(fifo))
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"Error: {fifo}: is not a regular file (a device, pipe or socket); give a text file")
    fifo.unlink()


def test_nul_bytes_after_8_kb_are_binary(ws):
    article = write(ws, "a.txt", ARTICLE.encode() * 3 + b"\x00tail")
    line = ARTICLE.encode().count(b"\n") * 3 + 1
    col = len((ARTICLE * 3).rsplit("\n", 1)[-1]) + 1
    assert fails(ws, article, "--stops", write(ws, "s.csv", STOPS)) == (
        f"Error: {article}:{line}:{col}: looks like a binary file, not text (it has a NUL "
        "byte); give a text file, or the --encoding it was saved in")


def test_a_killed_builds_temp_file_is_cleaned_by_the_next(ws):
    import time

    stale = ws / ".map.html.x7y8z9q0.tmp"
    stale.write_text("<html>half a map")
    past = time.time() - 3600
    os.utime(stale, (past, past))
    result = build(ws)
    assert result.exit_code == 0
    assert sorted(p.name for p in ws.iterdir()) == ["map.html"]
# --- issue 11: every bad row at once; spreadsheet dialects; points that belong to a name ----

def test_three_unknown_names_are_reported_in_one_run(ws):
    stops = write(ws, "s.csv", "name\nPyongyang\nOmks\nMoscw\nXqzzyville\n")
    result = build(ws, "--stops", stops)
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert [line.split(";")[0] for line in lines] == [
        f"Error: unknown place 'Omks' in {stops}:3",
        f"Error: unknown place 'Moscw' in {stops}:4",
        f"Error: unknown place 'Xqzzyville' in {stops}:5. Fix the spelling or give lat and lon "
        "columns for it."]
    assert (ws / "map.html").read_text() == OLD


def test_different_row_errors_and_a_csv_syntax_error_come_together(ws):
    stops = write(ws, "s.csv", 'name,role,lat,lon\nOmsk,boss,,\nMoscow,,95,10\nTver,,,\n'
                               'Klin,"never closed\n')
    result = build(ws, "--stops", stops)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert [line[:len(f"Error: {stops}:3")] for line in lines] == [
        f"Error: {stops}:2", f"Error: {stops}:3", f"Error: {stops}:5"]
    assert "role 'boss'" in lines[0] and "out of range" in lines[1]
    assert "this quote is never closed" in lines[2]


def test_more_than_twenty_bad_rows_end_with_a_count(ws):
    stops = write(ws, "s.csv", "name,mode\n" + "".join(f"Omsk,canoe{i}\n" for i in range(25)))
    result = build(ws, "--stops", stops)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 21 and all(line.startswith("Error: ") for line in lines)
    assert lines[-1] == (f"Error: {stops}: 5 more bad rows not shown; fix the ones above and "
                         "build again")
    assert (ws / "map.html").read_text() == OLD


def test_a_semicolon_file_with_decimal_commas_builds_the_comma_twins_bytes(ws):
    comma = "name,lat,lon,note\nPyongyang,,,\nMy Halt,54.99244,73.36859,\"a, b\"\nMoscow,,,\n"
    semi = "name;lat;lon;note\nPyongyang;;;\nMy Halt;54,99244;73,36859;a, b\nMoscow;;;\n"
    maps = []
    for text in (comma, semi):
        (ws / "s.csv").write_text(text)
        result = build(ws, "--stops", str(ws / "s.csv"))
        assert result.exit_code == 0, result.output
        maps.append((ws / "map.html").read_bytes())
    assert maps[0] == maps[1]


def test_a_tab_separated_file_is_read(ws):
    stops = write(ws, "s.tsv", "name\trole\tlat\tlon\nPyongyang\torigin\t\t\n"
                               "My Halt\tstop\t54,9\t73,3\nMoscow\tdestination\t\t\n")
    result = build(ws, "--stops", stops)
    assert result.exit_code == 0, result.output
    assert "3 stops" in result.stdout


def test_a_header_without_name_says_which_separator_it_saw(ws):
    semi = write(ws, "s.csv", "naam;plaats\nOmsk;x\n")
    assert fails(ws, "--stops", semi) == (
        f"Error: {semi}:1: the header has no 'name' column (read as semicolon-separated, its "
        "columns are 'naam', 'plaats'); the first line must name the columns, e.g. "
        "name,role,date")
    piped = write(ws, "p.csv", "name|lat|lon\nOmsk|1|2\n")
    assert fails(ws, "--stops", piped) == (
        f"Error: {piped}:1: the header has no 'name' column (read as one column "
        "'name|lat|lon': the header has no comma, semicolon or tab between its column names); "
        "the first line must name the columns, e.g. name,role,date")


def test_a_ragged_semicolon_row_blames_a_semicolon(ws):
    stops = write(ws, "s.csv", "name;note\nOmsk;a;b\nMoscow;\n")
    assert fails(ws, "--stops", stops) == (
        f"Error: {stops}:2:8: 3 values but the header has 2 (name;note); a semicolon inside a "
        "value? put that value in double quotes")


def test_a_renamed_drafted_row_moves_to_its_new_name_with_a_warning(ws):
    drafted = CliRunner().invoke(cli, ["draft", str(example_path("article.txt"))])
    assert drafted.exit_code == 0, drafted.output
    lines = drafted.stdout.splitlines()
    assert "place" in lines[0].split(",") and lines[2].startswith("Omsk,54.99244,73.36859")
    lines[2] = "Rome" + lines[2][len("Omsk"):]  # renamed; Omsk's lat/lon and place kept
    stops = write(ws, "s.csv", "\n".join(lines) + "\n")
    result = build(ws, "--stops", stops, "--geojson", str(ws / "r.geojson"))
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0].startswith(
        f"Warning: {stops}:3: 'Rome' had the lat/lon of stations.csv:18 (its place column), "
        "another place; put it at Rome (geonames:3169070, 41.8919, 12.5113) instead")
    import json

    rome = json.loads((ws / "r.geojson").read_text())["features"][1]["geometry"]["coordinates"]
    assert abs(rome[0] - 12.51) < 0.01 and abs(rome[1] - 41.89) < 0.01


def test_a_row_whose_name_still_names_its_place_keeps_its_nudged_point(ws):
    stops = write(ws, "s.csv", "name,lat,lon,place\nPyongyang,,,\n"
                               "Omsk,55.2,73.0,stations.csv:18\nMoscow,,,\n")
    result = build(ws, "--stops", stops, "--geojson", str(ws / "r.geojson"))
    assert result.exit_code == 0, result.output
    assert "lat/lon of" not in result.stderr
    import json

    omsk = json.loads((ws / "r.geojson").read_text())["features"][1]["geometry"]["coordinates"]
    assert omsk == [73.0, 55.2]


def test_a_renamed_row_whose_new_name_is_unknown_says_whose_point_it_has(ws):
    stops = write(ws, "s.csv", "name,lat,lon,place\nPyongyang,,,\n"
                               "Omks,54.99244,73.36859,stations.csv:18\nMoscow,,,\n")
    assert fails(ws, "--stops", stops) == (
        f"Error: {stops}:3: unknown place 'Omks', and the lat/lon in its row are those of "
        "stations.csv:18 (its place column), which is not Omks; did you mean 'Omsk', 'Homs', "
        "'Worms'? Fix the spelling, or empty the place column to keep the lat/lon as given")


def test_a_thousand_repeated_rows_give_one_warning(ws):
    stops = write(ws, "s.csv", "name\nPyongyang\n" + "Moscow\n" * 1000)
    result = build(ws, "--stops", stops)
    assert result.exit_code == 0, result.output
    repeats = [line for line in result.stderr.splitlines() if "repeat 'Moscow'" in line]
    assert repeats == [
        f"Warning: {stops}:4: 999 rows repeat 'Moscow' (lines 4-1002 after line 3); merged "
        "into one stop (delete the repeated lines to silence this)"]
    assert "2 stops" in result.stdout
    # The repeats are 0 km "legs": they must not make the one real leg an outlier.
    assert "median leg" not in result.stderr
