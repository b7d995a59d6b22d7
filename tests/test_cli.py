from pathlib import Path

from click.testing import CliRunner

from journey.cli import cli


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_build_default_writes_the_example(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("build")
    assert result.exit_code == 0, result.output
    html = (tmp_path / "output" / "map.html").read_text("utf-8")
    assert "Omsk" in html
    assert "5 stops" in result.output


def test_bad_stop_name_is_one_error_line_and_keeps_the_old_map(tmp_path: Path):
    out = tmp_path / "map.html"
    out.write_text("old map")
    stops = tmp_path / "stops.csv"
    stops.write_text("name\nMoscow\nOmks\n")
    result = CliRunner().invoke(cli, ["build", "--stops", str(stops), "-o", str(out)])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"Error: unknown place 'Omks' in {stops}:3")
    assert "'Omsk'" in lines[0]
    assert out.read_text() == "old map"


def test_missing_output_directory_is_an_error(tmp_path: Path):
    result = CliRunner().invoke(cli, ["build", "-o", str(tmp_path / "nope" / "map.html")])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and "does not exist" in result.stderr


def test_every_command_has_help_with_an_example():
    for name, command in cli.commands.items():
        result = run(name, "--help")
        assert result.exit_code == 0
        assert "Example" in result.output, name


def test_written_map_gets_the_usual_file_mode_not_owner_only(tmp_path: Path):
    import os
    import stat

    out = tmp_path / "map.html"
    old = os.umask(0o022)
    try:
        result = CliRunner().invoke(cli, ["build", "-o", str(out), "--tiles", "none"])
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o644  # readable by a web server
    out.chmod(0o640)
    assert CliRunner().invoke(cli, ["build", "-o", str(out), "--tiles", "none"]).exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o640  # a replaced file keeps its mode


def test_credit_option_and_credit_file(tmp_path: Path):
    import json as _json
    import re as _re

    article = tmp_path / "story.txt"
    article.write_text("Train to Moscow\n\nThe train left Omsk for Moscow on Friday.\n")
    stops = tmp_path / "stops.csv"
    stops.write_text("name\nOmsk\nMoscow\n")
    out = tmp_path / "map.html"

    def credit_of(*extra: str) -> str:
        result = run("build", str(article), "--stops", str(stops), "-o", str(out),
                     "--tiles", "none", *extra)
        assert result.exit_code == 0, result.output
        html = out.read_text("utf-8")
        data = _json.loads(_re.search(r"window.journeyData = (.*?);</script>", html).group(1))
        return data["credit"]

    assert credit_of() == ""
    (tmp_path / "credit.txt").write_text("\nThe Daily Example, 2024\n")
    assert credit_of() == "The Daily Example, 2024"
    assert credit_of("--credit", "Other Paper, 1999") == "Other Paper, 1999"
    assert "Article: Other Paper, 1999" in out.read_text("utf-8")


def test_hide_drops_an_also_mentioned_place(tmp_path: Path):
    out = tmp_path / "map.html"
    result = run("build", "-o", str(out), "--tiles", "none", "--hide", "Yaroslavsky station")
    assert result.exit_code == 0, result.output
    html = out.read_text("utf-8")
    assert '"name": "Yaroslavsky station"' not in html
    assert '"name": "Tomb of the Unknown Soldier"' in html
    assert "--hide" not in result.stderr
    result = CliRunner().invoke(cli, ["build", "-o", str(out), "--tiles", "none",
                                      "--hide", "Yaroslavl station"])
    assert ("Warning: --hide 'Yaroslavl station' matches none of the places also mentioned "
            "(Yaroslavsky station, Tomb of the Unknown Soldier, ") in result.stderr


def test_dates_going_backwards_warn_naming_the_rows(tmp_path: Path):
    stops = tmp_path / "stops.csv"
    stops.write_text("name,date\nPyongyang,2001-07-26\nOmsk,2001-08-10\nMoscow,2001-08-03\n")
    result = CliRunner().invoke(cli, ["build", "--stops", str(stops), "-o",
                                      str(tmp_path / "m.html"), "--tiles", "none"])
    assert result.exit_code == 0, result.output
    assert f"Warning: {stops}:4: 'Moscow' is dated 2001-08-03, before 'Omsk'" in result.stderr


def test_png_gets_the_usual_file_mode(tmp_path: Path):
    import os
    import stat

    import pytest

    pytest.importorskip("playwright")
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("no Chromium")
    png = tmp_path / "map.png"
    old = os.umask(0o022)
    try:
        result = CliRunner().invoke(cli, ["build", "-o", str(tmp_path / "m.html"),
                                          "--tiles", "none", "--png", str(png)])
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(png.stat().st_mode) == 0o644


def test_namesakes_in_a_stop_file_resolve_as_one_journey_and_doubt_is_a_warning(tmp_path: Path):
    # issue 11: "Crete" between Catania and Ashdod is the island, without a word; a lone
    # "Springfield" is built, with one Warning line naming the row, the alternatives and
    # what to write.
    voyage = tmp_path / "voyage.csv"
    voyage.write_text("name\nCatania\nCrete\nAshdod\n")
    result = CliRunner().invoke(cli, ["build", "--stops", str(voyage), "-o",
                                      str(tmp_path / "v.html"), "--tiles", "none"])
    assert result.exit_code == 0, result.output
    assert "was put at" not in result.stderr  # (the rail-less legs still warn)
    assert "3 stops" in result.output
    lone = tmp_path / "lone.csv"
    lone.write_text('name\nChicago\n"Springfield"\nSt. Louis\nSpringfield\n')
    result = CliRunner().invoke(cli, ["build", "--stops", str(lone), "-o",
                                      str(tmp_path / "l.html"), "--tiles", "none"])
    assert result.exit_code == 0, result.output
    doubts = [line for line in result.stderr.splitlines() if "was put at" in line]
    assert doubts and all(line.startswith(f"Warning: {lone}:") for line in doubts), result.stderr
    assert any("write 'Springfield, " in line and "it may also be Springfield (" in line
               for line in doubts)


def test_a_stop_file_alone_quotes_no_article_and_credits_none(tmp_path: Path):
    # Without ARTICLE the stop file is the whole story: not the shipped example's article,
    # its quotes or its "CNN, 2001" credit, and no warning that "the article" misses it.
    stops = tmp_path / "stops.csv"
    stops.write_text("name,mode\nCatania,sea\nCrete,sea\nAshdod,sea\n")
    out = tmp_path / "map.html"
    result = run("build", "--stops", str(stops), "-o", str(out))
    assert result.exit_code == 0, result.output
    html = out.read_text("utf-8")
    assert "CNN" not in html and "Kim Jong Il" not in html
    assert "<title>Catania to Ashdod</title>" in html
    assert "mentions none of the stops" not in result.stderr
