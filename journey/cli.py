"""The `journey` command line: parses options, calls the pipeline, writes files."""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import click

from journey.draft import draft_output, places_output
from journey.errors import InputError, JourneyError, RenderError
from journey.gazetteer import Gazetteer
from journey.pipeline import build, read_text


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` via a temp file and rename: never a half-written file."""
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise RenderError(f"{path}: directory {parent} does not exist; create it or pick "
                          "another -o path")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent)
    except OSError as exc:
        raise RenderError(f"{path}: cannot write in {parent} ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        os.unlink(tmp)
        raise RenderError(f"{path}: cannot write ({exc.strerror})") from None


GEOCODER = click.option(
    "--geocoder", type=click.Choice(["none", "nominatim"]), default="none", show_default=True,
    help="Online look-up for names the offline gazetteer lacks (nominatim: OpenStreetMap, "
         "1 request/s, answers cached on disk).")


def _gazetteer(geocoder: str) -> Gazetteer:
    gaz = Gazetteer.default()
    if geocoder == "nominatim":
        from journey.geocode import NominatimGeocoder

        gaz = gaz.with_geocoder(NominatimGeocoder())
    return gaz


def _article(path: Path, encoding: str | None) -> str:
    text = read_text(path, encoding)
    if not text.strip():
        raise InputError(f"{path}: the article is empty; give a text file with the story")
    return text


class JourneyGroup(click.Group):
    """Turns JourneyError into one `Error:` line on stderr and its exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except JourneyError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(exc.exit_code)


@click.group(cls=JourneyGroup)
@click.version_option(package_name="journey")
def cli() -> None:
    """Turn a news article about a journey into an interactive route map.

    \b
    Example:
      journey build            # the shipped example -> output/map.html
    """


@cli.command("build")
@click.argument("article", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--stops", "stops_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Stop list CSV (default: the shipped example's, or drafted from ARTICLE).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("output/map.html"), show_default=True, help="HTML file to write.")
@click.option("--title", help="Map title (default: the article's headline).")
@click.option("--template-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder of templates that override the shipped ones.")
@click.option("--encoding", help="Text encoding of ARTICLE and the stop file (default UTF-8).")
@GEOCODER
def build_cmd(article: Path | None, stops_path: Path | None, output: Path, title: str | None,
              template_dir: Path | None, encoding: str | None, geocoder: str) -> None:
    """Build the map HTML.

    \b
    Examples:
      journey build                                   # the shipped example
      journey build story.txt --stops stops.csv -o output/story.html
      journey build story.txt -o output/story.html    # stops drafted from the story
    """
    article_text = read_text(article, encoding) if article else None
    stops_text = read_text(stops_path, encoding) if stops_path else None
    if output.parent == Path("output") and not output.parent.exists() and article is None \
            and stops_path is None:
        output.parent.mkdir()
    result = build(article_text, stops_text, stops_origin=str(stops_path or "stops.csv"),
                   title=title, template_dir=template_dir, gazetteer=_gazetteer(geocoder))
    write_atomic(output, result.html)
    for warning in result.route.warnings:
        click.echo(f"Warning: {warning}", err=True)
    r = result.route
    click.echo(f"Wrote {output} ({len(result.html.encode()) // 1024} KB): "
               f"{len(r.stops)} stops, {r.total_km:,.0f} km")


@cli.command("places")
@click.argument("article", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True, help="Output format.")
@click.option("--encoding", help="Text encoding of ARTICLE (default UTF-8).")
@GEOCODER
def places_cmd(article: Path, fmt: str, encoding: str | None, geocoder: str) -> None:
    """List every place the article names: where, what it resolves to, stop or context.

    \b
    Example:
      journey places story.txt
      journey places story.txt --format json > places.json
    """
    text = _article(article, encoding)
    click.echo(places_output(text, fmt, _gazetteer(geocoder)), nl=False)


@cli.command("draft")
@click.argument("article", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv",
              show_default=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (default: standard output).")
@click.option("--encoding", help="Text encoding of ARTICLE (default UTF-8).")
@GEOCODER
def draft_cmd(article: Path, fmt: str, output: Path | None, encoding: str | None,
              geocoder: str) -> None:
    """Draft the ordered, editable stop list from an article.

    \b
    Example:
      journey draft story.txt -o stops.csv     # edit stops.csv, then:
      journey build story.txt --stops stops.csv
    """
    text = _article(article, encoding)
    out = draft_output(text, fmt, _gazetteer(geocoder))
    if output is None:
        click.echo(out, nl=False)
    else:
        write_atomic(output, out)
        click.echo(f"Wrote {output}", err=True)


def main() -> None:
    cli(prog_name="journey")
