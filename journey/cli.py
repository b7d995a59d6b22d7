"""The `journey` command line: parses options, calls the pipeline, writes files."""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import click

from journey.errors import JourneyError, RenderError
from journey.pipeline import build, read_text
from journey.png import parse_size, render_png


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
@click.option("--png", "png_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write a static PNG of the map (needs the 'png' extra and Chromium).")
@click.option("--size", "png_size", help="PNG size in pixels, WIDTHxHEIGHT (default 1200x800).")
def build_cmd(article: Path | None, stops_path: Path | None, output: Path, title: str | None,
              template_dir: Path | None, encoding: str | None, png_path: Path | None,
              png_size: str | None) -> None:
    """Build the map HTML.

    \b
    Examples:
      journey build                                   # the shipped example
      journey build story.txt --stops stops.csv -o output/story.html
      journey build --png output/map.png --size 1200x675
    """
    if png_size is not None and png_path is None:
        raise click.UsageError("--size is the size of the --png image; give --png PATH too")
    png_size = png_size or "1200x800"
    size = parse_size(png_size) if png_path else None
    article_text = read_text(article, encoding) if article else None
    stops_text = read_text(stops_path, encoding) if stops_path else None
    if article is not None and stops_path is None:
        raise click.UsageError("drafting stops from an article is not built yet; pass --stops")
    if output.parent == Path("output") and not output.parent.exists() and article is None \
            and stops_path is None:
        output.parent.mkdir()
    result = build(article_text, stops_text, stops_origin=str(stops_path or "stops.csv"),
                   title=title, template_dir=template_dir)
    write_atomic(output, result.html)
    if png_path is not None and size is not None:
        render_png(result.html, png_path, size)
    for warning in result.route.warnings:
        click.echo(f"Warning: {warning}", err=True)
    r = result.route
    click.echo(f"Wrote {output} ({len(result.html.encode()) // 1024} KB): "
               f"{len(r.stops)} stops, {r.total_km:,.0f} km")
    if png_path is not None:
        click.echo(f"Wrote {png_path} ({png_size})")


def main() -> None:
    cli(prog_name="journey")
